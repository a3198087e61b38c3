import { answerProblems, conversationProblems, enquiryProblems } from "../../../domain/front-door/enquiries.ts";
import { URGENCY, type Urgency } from "../../../domain/front-door/triage.ts";
import { field, form, MAX_LENGTH } from "../../../platform/forms.ts";

// The enquiries page's three forms (ADR 17): an enquiry to an agency, the agency's
// answer, and speaking to a parent or carer. Each form's fields are in page order; its
// rules are the service's, which also judge whether a time is in the future.

/** An enquiry to an agency, and when its answer is needed. */
export const enquiryForm = (now: Date) =>
	form(
		{
			agency: field.text("The agency", MAX_LENGTH.name, "Enter the agency asked"),
			requested: field.dateTime("When the enquiry was made", "Enter when the enquiry was made"),
			urgency: field.choice(Object.keys(URGENCY) as Urgency[], "Choose when the answer is needed"),
		},
		(v) => enquiryProblems({ agency: v.agency, requestedAt: v.requested, urgency: v.urgency }, now),
	);

/** What an agency said, and when: its fields are named for the enquiry, as each open enquiry has its own form. */
export function answerForm(enquiryId: string, now: Date) {
	const response = `response-${enquiryId}`;
	const answered = `answered-${enquiryId}`;
	return form(
		{
			[response]: field.text("What the agency said", MAX_LENGTH.concern, "Enter what the agency said"),
			[answered]: field.dateTime("When the agency answered", "Enter when the agency answered"),
		},
		(v) =>
			answerProblems(
				enquiryId,
				{ response: v[response] as string | undefined, answeredAt: v[answered] as Date | null | undefined },
				now,
			),
	);
}

/** Speaking to a parent or carer: with whom, when, and what was said. */
export const conversationForm = (now: Date) =>
	form(
		{
			withWhom: field.text("Who you spoke to", MAX_LENGTH.name, "Enter who you spoke to"),
			spoke: field.dateTime("When you spoke to them", "Enter when you spoke to them"),
			summary: field.text("What was said", MAX_LENGTH.concern, "Enter what was said"),
		},
		(v) => conversationProblems({ withWhom: v.withWhom, spokeAt: v.spoke, summary: v.summary }, now),
	);
