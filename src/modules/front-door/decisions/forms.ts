import { z } from "zod";
import {
	type DecisionInput,
	decisionProblems,
	type ReviewContext,
	type ReviewInput,
	reviewProblems,
	SENT_HOW,
} from "../../../domain/front-door/decision.ts";
import type { ThresholdFramework } from "../../../domain/front-door/thresholds.ts";
import { OUTCOMES, type Outcome } from "../../../domain/front-door/workflow.ts";
import { type FormSchema, type FormValues, field, form, MAX_LENGTH } from "../../../platform/forms.ts";
import { isUuid } from "../../../platform/requests.ts";

// The review of the triage recommendation, the decision and its sign-off (ADR 17): one
// form each, its fields in page order, its rules the domain's.

/** A posted field as one trimmed string (a field sent twice is read as its first value). */
const oneText = (v: unknown) => String((Array.isArray(v) ? v[0] : v) ?? "").trim();

/** Yes/No radios: true or false, or null when neither is chosen. */
export const yesNo = (message: string) =>
	field.optionalChoice(["yes", "no"], message).transform((v) => (v === null ? null : v === "yes"));

/** A record chosen from a select (a team, a worker, a person): its id, or null when none is chosen. */
export const optionalId = (message: string) =>
	z
		.preprocess(
			oneText,
			z.string().refine((v) => v === "" || isUuid(v), message),
		)
		.transform((v) => v || null);

type Parsed<S extends Record<string, z.ZodType>> = Partial<FormValues<FormSchema<S>>>;

const REVIEW_FIELDS = {
	version: field.version(),
	confirmed: yesNo("Say whether the enquiries confirm the triage recommendation"),
	unansweredReason: field.optionalText("Why the answers not yet given are not needed", MAX_LENGTH.reason),
	recommendation: field.optionalChoice(OUTCOMES, "Select the recommendation you now make"),
	reason: field.optionalText("The reason", MAX_LENGTH.reason),
};

/** The review as the domain sees it; a field that did not parse is left for its own message. */
export const reviewInput = (v: Parsed<typeof REVIEW_FIELDS>): ReviewInput => ({
	confirmed: v.confirmed ?? null,
	recommendation: v.recommendation ?? null,
	reason: v.reason ?? "",
	unansweredReason: v.unansweredReason ?? "",
});

/** The review form, judged against the record as the page showed it (the service judges it again as it saves). */
export const reviewForm = (context?: ReviewContext) =>
	form(REVIEW_FIELDS, (v) => reviewProblems(reviewInput(v), context));

function decisionFields(framework: ThresholdFramework) {
	return {
		version: field.version(),
		thresholdLevel: field.choice(
			framework.levels.map((l) => l.id),
			"Select the level of need the decision rests on",
		),
		outcome: field.choice(OUTCOMES, "Select the outcome"),
		earlyHelpTier: field.optionalChoice(
			framework.earlyHelpTiers.map((t) => t.id),
			"Select the early-help tier",
		),
		familyAgreed: yesNo("Select yes or no for whether the family has agreed to early help"),
		receivingTeamId: optionalId("Select the team the child goes to"),
		allocatedWorkerId: optionalId("Select the child's allocated worker"),
		// Which councils exist depends on the day: the service checks the code against the list in force.
		otherCouncil: field.optionalText("The council", 20),
		otherCouncilName: field.optionalText("The name of the council outside England", 200),
		rationale: field.sentence(
			"The rationale",
			MAX_LENGTH.reason,
			"Explain the decision",
			"Explain the decision in a sentence: what the enquiries found and why this outcome",
		),
		levelReason: field.optionalText("The reason the outcome is right here", MAX_LENGTH.reason),
		departureReason: field.optionalText("Why the decision differs from the review", MAX_LENGTH.reason),
		aloneOnDuty: field.ticked(),
	};
}

/** The decision as the domain sees it; a field that did not parse is left for its own message. */
export const decisionInput = (
	v: Parsed<ReturnType<typeof decisionFields>>,
): DecisionInput & { aloneOnDuty: boolean } => ({
	outcome: v.outcome ?? null,
	thresholdLevel: v.thresholdLevel ?? null,
	levelReason: v.levelReason ?? "",
	rationale: v.rationale ?? "",
	earlyHelpTier: v.earlyHelpTier ?? null,
	familyAgreed: v.familyAgreed ?? null,
	receivingTeamId: v.receivingTeamId ?? null,
	allocatedWorkerId: v.allocatedWorkerId ?? null,
	otherCouncil: v.otherCouncil || null,
	otherCouncilName: v.otherCouncilName ?? "",
	departureReason: v.departureReason ?? "",
	aloneOnDuty: v.aloneOnDuty ?? false,
});

/**
 * The decision form for the council's threshold framework, judged against the
 * recommendation the review left. Whether the team takes this work needs the database: the service says.
 */
export const decisionForm = (framework: ThresholdFramework, reviewed?: Outcome) =>
	form(decisionFields(framework), (v) => decisionProblems(decisionInput(v), framework, reviewed));

/** Sign-off's two answers: agree, or return the decision to the one who made it. */
export const SIGN_OFF_ANSWERS = { agree: "Yes, sign it off", return: "No, return it to be decided again" } as const;

export const signOffForm = form({
	version: field.version(),
	answer: field.choice(SIGN_OFF_ANSWERS, "Say whether you agree with the decision"),
	comment: field.sentence(
		"The sign-off comment",
		MAX_LENGTH.note,
		"Add a sign-off comment",
		"Say in a sentence what you checked, or what must change: it is the record of management oversight",
	),
});

/** When, how and to whom the referral went to the other council. */
export const SENT_FORM = form({
	sent: field.dateTime("When it was sent", "Enter when the referral was sent"),
	how: field.choice(SENT_HOW, "Select how the referral was sent"),
	to: field.optionalText("Who it was sent to", 200),
});
