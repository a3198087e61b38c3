import { field, form } from "../../platform/forms.ts";

/** Giving a team's task to one of its workers. */
export const ALLOCATE_FORM = form({
	version: field.version(),
	worker: field.id("Select who will do it"),
});
