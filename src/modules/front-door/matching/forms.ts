import { field, form } from "../../../platform/forms.ts";

/** Matching the child to a person: the person chosen, at the version of the child the page showed. */
export const MATCH_FORM = form({
	version: field.version(),
	personId: field.id("Choose the person to match to this child"),
	/** Asked for only when the agency's details and the record differ markedly. */
	reason: field.optionalText("Why this is the same child", 2000),
});
