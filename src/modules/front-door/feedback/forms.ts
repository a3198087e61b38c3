import { field, form } from "../../../platform/forms.ts";
import { FEEDBACK_METHOD } from "./service.ts";

/** Feedback to the referrer on the outcome: when, how, and what they were told. */
export function feedbackForm(now: Date) {
	return form(
		{
			given: field.dateTime("When the referrer was told", "Enter when the referrer was told"),
			method: field.choice(FEEDBACK_METHOD, "Select how the referrer was told"),
			summary: field.sentence(
				"What the referrer was told",
				4000,
				"Enter what the referrer was told",
				"Say in a sentence what the referrer was told",
			),
		},
		(v) => (v.given && v.given > now ? { "given-day": "Feedback cannot be given in the future" } : undefined),
	);
}
