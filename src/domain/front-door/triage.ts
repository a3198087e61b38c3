import type { WorkingCalendar } from "../calendar/working-calendar.ts";
import { dueAt, type Timescale, timescaleById } from "../clocks/timescales.ts";
import { isSentence } from "../text.ts";
import { highRiskBecause, type NotificationRisk } from "./domestic-abuse.ts";
import { OUTCOMES, type Outcome } from "./workflow.ts";

// Triage: what a manager must record so that risks are comprehensively considered and
// next steps carry a commensurate urgency (the Ofsted letter's first improvement point).

export const RAG = { red: "Red", amber: "Amber", green: "Green" } as const;
export type Rag = keyof typeof RAG;
export const URGENCY_RANK: Record<Rag | "none", number> = { red: 0, amber: 1, none: 2, green: 3 };

export const FACTOR_STATUS = {
	present: "Present",
	"not-known": "Not known",
	"ruled-out": "Ruled out",
} as const;
export type FactorStatus = keyof typeof FACTOR_STATUS;

export const URGENCY = {
	"within-4-hours": { label: "Within 4 hours", timescale: "urgency-immediate" },
	"same-day": { label: "Same working day", timescale: "urgency-same-working-day" },
	"one-working-day": { label: "Within 1 working day", timescale: "urgency-one-working-day" },
	"three-working-days": { label: "Within 3 working days", timescale: "urgency-three-working-days" },
} as const;
export type Urgency = keyof typeof URGENCY;

/** Urgencies that answer a Red rating or a high-risk notification: a step taken today (ADR 26). */
export const PROMPT_URGENCIES: readonly Urgency[] = ["within-4-hours", "same-day"];

/** One risk factor's answer; a factor ruled out says why, in a sentence. */
export interface FactorInput {
	code: string;
	status: FactorStatus;
	reason: string | null;
}

/** A risk factor every triage answers (the council's active list, ADR 24). */
export interface RiskFactor {
	code: string;
	label: string;
}

/** The CIN census code for "no factors identified": only ever on its own. */
export const NO_FACTORS_IDENTIFIED = "21";

export interface NextStepInput {
	action: string;
	urgency: Urgency | null;
	allocatedTo: string | null;
}

export interface TriageInput {
	thresholdLevel: string | null;
	rag: Rag | null;
	recommendation: Outcome | null;
	immediateStrategyDiscussion: boolean;
	rationale: string;
	/** Every factor answered once, unless no factors were identified. */
	factors: FactorInput[];
	/** No factors identified (census 21): no factor is present or not known. */
	noFactorsIdentified: boolean;
	nextSteps: NextStepInput[];
	/**
	 * Why the rating or urgency does not follow the risk (ADR 26): only when a Red child, or
	 * a high-risk domestic-abuse notification, has no step within 4 hours or the same
	 * working day, or a high-risk notification is rated Green.
	 */
	urgencyReason?: string | null;
}

export type Problems = Record<string, string>;

/**
 * What is missing or contradictory in a triage, keyed by the form field to point at
 * (`factor-<code>` for a factor's answer, `factor-<code>-reason` for why it was ruled
 * out). Empty when the triage can be saved. `factors` is the list every triage answers;
 * `notification` is what the police said of the risk when the contact is a domestic-abuse
 * notification.
 */
export function triageProblems(
	input: TriageInput,
	levels: readonly string[],
	factors: readonly RiskFactor[],
	notification: NotificationRisk | null = null,
): Problems {
	const problems: Problems = {};
	if (!input.thresholdLevel || !levels.includes(input.thresholdLevel)) {
		problems.thresholdLevel = "Select the level of need";
	}
	if (!input.rag) problems.rag = "Select a RAG rating";
	if (!input.recommendation || !(input.recommendation in OUTCOMES)) {
		problems.recommendation = "Select the recommended next step for this child";
	}
	if (input.immediateStrategyDiscussion && input.rag !== "red") {
		problems.immediateStrategyDiscussion = "An immediate strategy discussion is for a child rated Red";
	}
	if (!input.rationale.trim()) problems.rationale = "Explain the triage decision";
	Object.assign(problems, factorProblems(input.factors, input.noFactorsIdentified, factors));
	if (input.nextSteps.length === 0) problems["step-0-action"] = "Add at least one next step";
	input.nextSteps.forEach((s, i) => {
		if (!s.action.trim()) problems[`step-${i}-action`] = `Describe next step ${i + 1}`;
		if (!s.urgency) problems[`step-${i}-urgency`] = `Choose how urgent next step ${i + 1} is`;
		if (!s.allocatedTo) problems[`step-${i}-allocatedTo`] = `Allocate next step ${i + 1} to a worker`;
	});
	Object.assign(problems, urgencyProblems(input, notification));
	return problems;
}

/**
 * Urgency follows the risk (ADR 26): a child rated Red, or a police notification the
 * police judged high risk (or referred to MARAC), has a next step within 4 hours or the
 * same working day, and a high-risk notification is not rated Green, unless the manager
 * says why in a sentence (`urgencyReason`). A reason where nothing departs from the risk
 * is refused rather than kept.
 */
export function urgencyProblems(
	input: Pick<TriageInput, "rag" | "nextSteps" | "urgencyReason">,
	notification: NotificationRisk | null,
): Problems {
	const highRisk = notification ? highRiskBecause(notification) : null;
	const prompt = input.nextSteps.some((s) => s.urgency !== null && PROMPT_URGENCIES.includes(s.urgency));
	const green = highRisk !== null && input.rag === "green";
	const slow = !prompt && (input.rag === "red" || highRisk !== null);
	const reason = input.urgencyReason?.trim() ?? "";
	if (!green && !slow) {
		return reason
			? {
					urgencyReason:
						"Only a triage whose rating or urgency does not follow the risk takes this reason: clear it, or change the rating or next steps it explains",
				}
			: {};
	}
	if (isSentence(reason)) return {};
	const because = highRisk ?? "This child is rated Red";
	const step = "give a next step within 4 hours or the same working day";
	const change =
		green && slow ? `rate the child Amber or Red and ${step}` : green ? "rate the child Amber or Red" : step;
	return {
		urgencyReason: reason
			? `${because}: ${change}, or say in a sentence why not: what makes it safe to wait`
			: `${because}: ${change}, or say why not`,
	};
}

/**
 * The risk factors' part of a triage: every factor answered (present, not known, or ruled
 * out with a reason in a sentence) once, or "no factors identified" with no factor
 * present or not known.
 */
export function factorProblems(
	answers: readonly FactorInput[],
	noFactorsIdentified: boolean,
	factors: readonly RiskFactor[],
): Problems {
	const problems: Problems = {};
	const byCode = new Map(factors.map((f) => [f.code, f]));
	const seen = new Set<string>();
	for (const a of answers) {
		const factor = byCode.get(a.code);
		if (!factor) {
			problems.factors = `"${a.code}" is not a risk factor on the council's list`;
			continue;
		}
		if (seen.has(a.code)) problems[`factor-${a.code}`] = `${factor.label} is answered more than once`;
		seen.add(a.code);
		if (a.status === "ruled-out") {
			if (!a.reason?.trim()) problems[`factor-${a.code}-reason`] = `Say why ${factor.label} was ruled out`;
			else if (!isSentence(a.reason)) {
				problems[`factor-${a.code}-reason`] =
					`Say in a sentence why ${factor.label} was ruled out: what you checked or know`;
			}
		} else if (a.reason?.trim()) {
			problems[`factor-${a.code}-reason`] = `Only a factor ruled out takes a reason: ${factor.label} is not`;
		}
	}
	if (noFactorsIdentified) {
		const identified = answers.filter((a) => a.status !== "ruled-out" && byCode.has(a.code));
		if (identified.length) {
			const names = identified.slice(0, 3).map((a) => byCode.get(a.code)!.label);
			const more = identified.length > 3 ? ` and ${identified.length - 3} more` : "";
			problems.noFactorsIdentified = `"No factors identified" cannot be recorded with a factor present or not known: untick it, or change ${names.join(", ")}${more}`;
		}
		return problems;
	}
	const unanswered = factors.filter((f) => !seen.has(f.code));
	if (unanswered.length > 0 && unanswered.length === factors.length) {
		problems.factors =
			'Answer every risk factor (present, not known, or ruled out with a reason), or tick "No factors identified"';
	} else {
		for (const f of unanswered) {
			problems[`factor-${f.code}`] = `Say whether ${f.label} is present, not known or ruled out`;
		}
	}
	return problems;
}

/**
 * Every factor on the list answered: those given as given, each other one with `rest`
 * (for what creates triages in bulk: the demo council, the bench).
 */
export function answerEvery(
	factors: readonly RiskFactor[],
	given: readonly FactorInput[],
	rest: { status: "not-known" } | { status: "ruled-out"; reason: string },
): FactorInput[] {
	const answered = new Map(given.map((f) => [f.code, f]));
	return factors.map(
		(f) =>
			answered.get(f.code) ?? {
				code: f.code,
				status: rest.status,
				reason: rest.status === "ruled-out" ? rest.reason : null,
			},
	);
}

/** When a next step is due, from the moment triage sets it. */
export function nextStepDue(
	urgency: Urgency,
	from: Date,
	calendar: WorkingCalendar,
	timescales?: readonly Timescale[],
): Date {
	return dueAt(timescaleById(URGENCY[urgency].timescale, timescales), from, calendar);
}

/** A contact or referral for the child in the 12 months before this one makes it a repeat. */
export function isRepeatContact(receivedAt: Date, earlier: readonly Date[]): boolean {
	const yearBefore = new Date(receivedAt);
	yearBefore.setUTCFullYear(yearBefore.getUTCFullYear() - 1);
	return earlier.some((d) => d < receivedAt && d >= yearBefore);
}
