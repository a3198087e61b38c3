import { field, form } from "../../../platform/forms.ts";

/** Matching the child to a person: the person chosen, at the version of the child the page showed. */
export const MATCH_FORM = form({
	version: field.version(),
	personId: field.id("Choose the person to match to this child"),
});
