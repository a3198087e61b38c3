import type { WorkingCalendar } from "../calendar/working-calendar.ts";
import { dueAt, type Timescale, timescaleById } from "../clocks/timescales.ts";
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

export interface FactorInput {
	code: string;
	status: FactorStatus;
	reason: string | null;
}

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
	factors: FactorInput[];
	nextSteps: NextStepInput[];
}

export type Problems = Record<string, string>;

/**
 * What is missing or contradictory in a triage, keyed by the form field to point at.
 * Empty when the triage can be saved.
 */
export function triageProblems(input: TriageInput, levels: readonly string[]): Problems {
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
	if (input.factors.length === 0) {
		problems.factors = "Consider at least one risk factor: mark it present, not known or ruled out";
	}
	for (const f of input.factors) {
		if (f.status === "ruled-out" && !f.reason?.trim()) {
			problems[`factor-${f.code}-reason`] = "Say why this risk factor was ruled out";
		}
	}
	if (input.nextSteps.length === 0) problems["step-0-action"] = "Add at least one next step";
	input.nextSteps.forEach((s, i) => {
		if (!s.action.trim()) problems[`step-${i}-action`] = `Describe next step ${i + 1}`;
		if (!s.urgency) problems[`step-${i}-urgency`] = `Choose how urgent next step ${i + 1} is`;
		if (!s.allocatedTo) problems[`step-${i}-allocatedTo`] = `Allocate next step ${i + 1} to a worker`;
	});
	return problems;
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
