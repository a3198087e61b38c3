import { URGENCY } from "./triage.ts";

// What an enquiry, an agency's answer and a conversation with a parent must record: the
// same for the forms and the service.

type Problems = Record<string, string>;

export interface EnquiryInput {
	agency: string;
	urgency: string;
	requestedAt: Date | null;
}

export interface AnswerInput {
	response: string;
	answeredAt: Date | null;
}

export interface ConversationInput {
	withWhom: string;
	summary: string;
	spokeAt: Date | null;
}

// What each record needs, keyed by form field in the form's order; a part not given
// (undefined) is not judged, so a form can ask about the fields that parsed.

export function enquiryProblems(input: Partial<EnquiryInput>, now: Date): Problems {
	const p: Problems = {};
	if (input.agency !== undefined && !input.agency.trim()) p.agency = "Enter the agency asked";
	if (input.requestedAt === null) p["requested-day"] = "Enter when the enquiry was made";
	else if (input.requestedAt && input.requestedAt > now)
		p["requested-day"] = "The enquiry cannot be made in the future";
	if (input.urgency !== undefined && !Object.hasOwn(URGENCY, input.urgency)) {
		p.urgency = "Choose when the answer is needed";
	}
	return p;
}

export function answerProblems(enquiryId: string, input: Partial<AnswerInput>, now: Date): Problems {
	const p: Problems = {};
	if (input.response !== undefined && !input.response.trim()) p[`response-${enquiryId}`] = "Enter what the agency said";
	if (input.answeredAt === null) p[`answered-${enquiryId}-day`] = "Enter when the agency answered";
	else if (input.answeredAt && input.answeredAt > now) {
		p[`answered-${enquiryId}-day`] = "The answer cannot be in the future";
	}
	return p;
}

export function conversationProblems(input: Partial<ConversationInput>, now: Date): Problems {
	const p: Problems = {};
	if (input.withWhom !== undefined && !input.withWhom.trim()) p.withWhom = "Enter who you spoke to";
	if (input.spokeAt === null) p["spoke-day"] = "Enter when you spoke to them";
	else if (input.spokeAt && input.spokeAt > now) p["spoke-day"] = "The conversation cannot be in the future";
	if (input.summary !== undefined && !input.summary.trim()) p.summary = "Enter what was said";
	return p;
}
