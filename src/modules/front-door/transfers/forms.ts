import { field, form } from "../../../platform/forms.ts";

const ANSWER = { yes: "Accept", no: "Reject and return to the front door" } as const;

/** The receiving team's answer: accepted, or rejected with the reason the front door will read. */
export const ANSWER_FORM = form(
	{
		accept: field.choice(ANSWER, "Say whether your team accepts the child"),
		reason: field.optionalText("The reason", 4000),
	},
	(v) => (v.accept === "no" && v.reason === null ? { reason: "Say why the transfer is rejected" } : undefined),
);

/** When early help first reached the family: a moment that has happened. */
export function firstContactForm(now: Date) {
	return form(
		{
			contacted: field.dateTime(
				"When early help first contacted the family",
				"Enter when early help first contacted the family",
			),
		},
		(v) =>
			v.contacted && v.contacted > now ? { "contacted-day": "First contact cannot be in the future" } : undefined,
	);
}
