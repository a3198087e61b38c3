import { field, form } from "../../../platform/forms.ts";
import { FEEDBACK_METHOD } from "./service.ts";

const FEEDBACK_FIELDS = {
	given: field.dateTime("When the referrer was told", "Enter when the referrer was told"),
	method: field.choice(FEEDBACK_METHOD, "Select how the referrer was told"),
	summary: field.sentence(
		"What the referrer was told",
		4000,
		"Enter what the referrer was told",
		"Say in a sentence what the referrer was told",
	),
};

const notInFuture = (now: Date) => (v: { given?: Date | null }) =>
	v.given && v.given > now ? { "given-day": "Feedback cannot be given in the future" } : undefined;

/** Feedback to the referrer on the outcome: when, how, and what they were told. */
export function feedbackForm(now: Date) {
	return form(FEEDBACK_FIELDS, notInFuture(now));
}

/** A correction of recorded feedback: the same fields, why, and the version it corrects. */
export function feedbackCorrectionForm(now: Date) {
	return form(
		{
			version: field.version(),
			...FEEDBACK_FIELDS,
			reason: field.sentence(
				"Why it is being corrected",
				2000,
				"Say why the feedback is being corrected",
				"Say in a sentence why the feedback is being corrected",
			),
		},
		notInFuture(now),
	);
}
