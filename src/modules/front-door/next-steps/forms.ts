import { field, form } from "../../../platform/forms.ts";

/** Recording a next step done: what was done, in words someone can read later. */
export const DONE_FORM = form({
	note: field.sentence(
		"What was done",
		4000,
		"Say what was done",
		"Say what was done in a sentence: who was contacted and what they said",
	),
});

/** A manager cancelling a next step no longer needed. */
export const CANCEL_FORM = form({
	reason: field.sentence(
		"The reason",
		4000,
		"Say why this next step is no longer needed",
		"Say why this next step is no longer needed, in a sentence",
	),
});
