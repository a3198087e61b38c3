import { isSentence } from "../text.ts";
import { outcomeFitsLevel, type ThresholdFramework } from "./thresholds.ts";
import { OUTCOMES, type Outcome } from "./workflow.ts";

// The review of the triage recommendation, the decision on a child and its sign-off:
// what each must record before it can be saved. Keys are the form fields to point at.

export type Problems = Record<string, string>;

export interface ReviewInput {
	confirmed: boolean | null;
	recommendation: Outcome | null;
	reason: string;
	/** Why the answers still awaited are not needed to confirm the recommendation. */
	unansweredReason: string;
}

/** What a review is judged against: the triage's recommendation and the agencies that have not answered. */
export interface ReviewContext {
	triageRecommendation: Outcome;
	/** The agency of each enquiry without an answer, in the order they were asked. */
	unanswered: string[];
}

const said = (o: Outcome) => `"${OUTCOMES[o]}"`;

/** "Kent Police", "Kent Police and the GP", "Kent Police, the GP and the school". */
function listed(names: string[]): string {
	return names.length < 2 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/**
 * Confirming keeps the triage recommendation, and is refused while an agency has not
 * answered unless the practitioner says why the answer is not needed; changing it needs
 * the new one and why. Answers that contradict each other are refused, never read as
 * one of them. Without `context` (a form read before the record), only what the answers
 * alone show is judged.
 */
export function reviewProblems(input: ReviewInput, context?: ReviewContext): Problems {
	const p: Problems = {};
	if (input.confirmed === null) p.confirmed = "Say whether the enquiries confirm the triage recommendation";
	if (input.confirmed === true) {
		const triage = context?.triageRecommendation;
		if (input.recommendation && triage && input.recommendation !== triage) {
			p.recommendation = `You confirmed the triage recommendation, ${said(triage)}, but chose ${said(input.recommendation)} as your recommendation now: choose "No, change it" to recommend ${said(input.recommendation)}, or choose ${said(triage)} here to confirm it`;
		}
		if (input.reason.trim()) {
			p.reason =
				'You confirmed the recommendation, so it has no reason to change: clear this box, or choose "No, change it"';
		}
		const waiting = context?.unanswered ?? [];
		if (waiting.length && !isSentence(input.unansweredReason)) {
			const who = `${listed(waiting)} ${waiting.length === 1 ? "has" : "have"} not answered yet`;
			p.unansweredReason = input.unansweredReason.trim()
				? `${who}: explain in a sentence why the answer is not needed to confirm the recommendation`
				: `${who}: record the answer before you confirm the recommendation, or explain why it is not needed`;
		}
	}
	if (input.confirmed === false) {
		if (!input.recommendation) p.recommendation = "Select the recommendation you now make";
		else if (context && input.recommendation === context.triageRecommendation) {
			p.recommendation = `The triage already recommends ${said(input.recommendation)}: choose "Yes, confirm it", or choose the recommendation you now make`;
		}
		if (!input.reason.trim()) p.reason = "Explain why the enquiries change the recommendation";
		else if (!isSentence(input.reason)) {
			p.reason = "Explain in a sentence why the enquiries change the recommendation";
		}
	}
	return p;
}

export interface DecisionInput {
	outcome: Outcome | null;
	thresholdLevel: string | null;
	levelReason: string;
	rationale: string;
	earlyHelpTier: string | null;
	familyAgreed: boolean | null;
	receivingTeamId: string | null;
	/** For "passed to the allocated worker": who that is. */
	allocatedWorkerId: string | null;
	/** For "passed to another council": its DfE code, or OUTSIDE_ENGLAND with its name. */
	otherCouncil: string | null;
	otherCouncilName: string;
	/** Why the outcome is not the one the review recommended, when it is not. */
	departureReason: string;
}

/** How a referral was sent to another council. */
export const SENT_HOW = {
	"secure-email": "Secure email",
	"online-form": "The council's online referral form",
	"phone-then-writing": "Phone, followed in writing",
	post: "Post",
} as const;
export type SentHow = keyof typeof SENT_HOW;

/** A council outside England (Wales, Scotland, Northern Ireland) has no DfE code: it is named. */
export const OUTSIDE_ENGLAND = "outside-england";

/**
 * What a decision must record. `reviewed` is the recommendation the review left (unknown
 * to a form read before the record): an outcome other than it needs a reason in a sentence.
 */
export function decisionProblems(input: DecisionInput, framework: ThresholdFramework, reviewed?: Outcome): Problems {
	const p: Problems = {};
	if (!input.outcome || !(input.outcome in OUTCOMES)) p.outcome = "Select the outcome";
	if (!input.thresholdLevel || !framework.levels.some((l) => l.id === input.thresholdLevel)) {
		p.thresholdLevel = "Select the level of need the decision rests on";
	}
	if (!input.rationale.trim()) p.rationale = "Explain the decision";
	if (
		input.outcome &&
		input.thresholdLevel &&
		!p.thresholdLevel &&
		!outcomeFitsLevel(framework, input.thresholdLevel, input.outcome) &&
		!isSentence(input.levelReason)
	) {
		p.levelReason = input.levelReason.trim()
			? "This outcome does not usually follow from this level of need: explain in a sentence why it is right here"
			: "This outcome does not usually follow from this level of need: explain why it is right here";
	}
	if (input.outcome && reviewed && input.outcome !== reviewed && !isSentence(input.departureReason)) {
		p.departureReason = input.departureReason.trim()
			? `The review recommended ${said(reviewed)}: explain in a sentence why the decision is different`
			: `The review recommended ${said(reviewed)}: explain why the decision is different, or choose that outcome`;
	}
	if (input.outcome === "early-help") Object.assign(p, earlyHelpProblems(input, framework));
	if ((input.outcome === "early-help" || input.outcome === "assessment") && !input.receivingTeamId) {
		p.receivingTeamId = "Select the team the child goes to";
	}
	if (input.outcome === "allocated-worker" && !input.allocatedWorkerId) {
		p.allocatedWorkerId = "Select the child's allocated worker";
	}
	if (input.outcome === "other-council") {
		if (!input.otherCouncil) p.otherCouncil = "Select the council the child is passed to";
		else if (input.otherCouncil === OUTSIDE_ENGLAND && !input.otherCouncilName.trim()) {
			p.otherCouncilName = "Enter the name of the council outside England";
		}
	}
	return p;
}

/** Stepping down to early help, by a decision or a strategy discussion: a tier, and the family's agreement. */
export function earlyHelpProblems(
	input: { earlyHelpTier: string | null; familyAgreed: boolean | null },
	framework: ThresholdFramework,
): Problems {
	const p: Problems = {};
	if (!input.earlyHelpTier || !framework.earlyHelpTiers.some((t) => t.id === input.earlyHelpTier)) {
		p.earlyHelpTier = "Select the early-help tier";
	}
	if (input.familyAgreed !== true) {
		p.familyAgreed = "Early help is voluntary: record the family's agreement, or choose another outcome";
	}
	return p;
}

export const LAWFUL_BASIS = {
	consent: "Consent (UK GDPR article 6(1)(a))",
	"legal-obligation": "Legal obligation (article 6(1)(c))",
	"vital-interests": "Vital interests (article 6(1)(d))",
	"public-task": "Public task (article 6(1)(e)), with the safeguarding condition in the Data Protection Act 2018",
} as const;
export type LawfulBasis = keyof typeof LAWFUL_BASIS;

export const AGREEMENT = {
	"not-sought": "Not sought",
	"sought-given": "Sought and given",
	"sought-refused": "Sought and refused",
} as const;
export type Agreement = keyof typeof AGREEMENT;

export interface SharingInput {
	personName: string;
	agreement: Agreement | null;
	informationShared: boolean | null;
	rationale: string;
	authorisedBy: string | null;
	lawfulBasis: LawfulBasis | null;
}

/** Sharing without agreement needs a rationale and a registered social worker or manager who authorised it. */
export function sharingProblems(input: SharingInput): Problems {
	const p: Problems = {};
	if (!input.personName.trim()) p.personName = "Choose or name the person with parental responsibility";
	if (!input.agreement) p.agreement = "Select whether agreement to share was sought";
	if (input.informationShared === null) p.informationShared = "Say whether information was shared";
	if (!input.lawfulBasis) p.lawfulBasis = "Select the lawful basis for sharing";
	const withoutAgreement = input.informationShared === true && input.agreement && input.agreement !== "sought-given";
	if (withoutAgreement) {
		if (!isSentence(input.rationale)) {
			p.rationale =
				input.agreement === "not-sought"
					? "Explain why agreement was not sought before sharing"
					: "Explain why information was shared despite the refusal";
			if (input.rationale.trim()) p.rationale += ", in a sentence";
		}
		if (!input.authorisedBy) p.authorisedBy = "Select the registered social worker or manager who authorised sharing";
	}
	if (input.lawfulBasis === "consent" && input.agreement !== "sought-given") {
		p.lawfulBasis = "Consent cannot be the lawful basis when agreement was not given";
	}
	return p;
}
