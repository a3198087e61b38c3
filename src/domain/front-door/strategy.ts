import { isSentence } from "../text.ts";
import { earlyHelpProblems } from "./decision.ts";
import type { ThresholdFramework } from "./thresholds.ts";
import { STRATEGY_NEXT_STEPS, type StrategyNextStep } from "./workflow.ts";

/**
 * The agencies a strategy discussion's attendees come from (ADR 29). Health is several
 * services, each its own code so the record says which; all count as health.
 */
export const STRATEGY_AGENCIES = {
	csc: "Children's social care",
	police: "Police",
	"health-gp": "Health: GP",
	"health-visitor": "Health: health visitor",
	"health-school-nurse": "Health: school nurse",
	"health-hospital": "Health: hospital",
	"health-other": "Health: other (midwife, mental health, community health)",
	education: "Education",
	probation: "Probation",
	other: "Other",
} as const;
export type StrategyAgency = keyof typeof STRATEGY_AGENCIES;

/** Working Together 2023: children's social care, the police and health take part in every strategy discussion. */
export const REQUIRED_AGENCIES = {
	csc: "children's social care",
	police: "the police",
	health: "health",
} as const;
export type RequiredAgency = keyof typeof REQUIRED_AGENCIES;

/** The agency an attendee speaks for, as the rule counts them: any health service is health. */
export function agencyGroup(agency: string): string {
	return agency.startsWith("health-") ? "health" : agency;
}

/** An attendee's agency as read: its label, or for a discussion recorded before the code list, what was typed. */
export function agencyLabel(attendee: { agency: string; recordedAs?: string | null }): string {
	const label = (STRATEGY_AGENCIES as Record<string, string>)[attendee.agency];
	if (!label) return attendee.recordedAs || attendee.agency;
	return attendee.agency === "other" && attendee.recordedAs ? attendee.recordedAs : label;
}

export interface StrategyInput {
	heldAt: Date | null;
	attendees: { agency: StrategyAgency; name: string; role: string }[];
	/** Why a required agency could not take part; only for one nobody from it attended. */
	absences: Partial<Record<RequiredAgency, string>>;
	nextStep: StrategyNextStep | null;
	rationale: string;
	actions: { action: string; owner: string; dueOn: string | null }[];
	receivingTeamId: string | null;
	/** Only when the discussion steps the child down to early help. */
	earlyHelpTier: string | null;
	familyAgreed: boolean | null;
}

/** A strategy discussion as far as it was given: a part left out (undefined) is not judged. */
export type StrategyDraft = Partial<Omit<StrategyInput, "attendees" | "actions" | "absences">> & {
	/** An agency left unchosen on a row entered is "". */
	attendees?: (Partial<Omit<StrategyInput["attendees"][number], "agency">> & { agency?: StrategyAgency | "" })[];
	absences?: Partial<Record<RequiredAgency, string | null>>;
	actions?: Partial<StrategyInput["actions"][number]>[];
};

/** The decision to hold the discussion: when it was taken, and that time as the page reads it. */
export interface DecisionToHold {
	at: Date;
	when: string;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Who took part: each row whole, and children's social care, the police and health there or their absence explained. */
function attendanceProblems(input: StrategyDraft, p: Record<string, string>) {
	const attendees = input.attendees;
	if (!attendees) return;
	const missing = (part: string | null | undefined) => part !== undefined && !part?.trim();
	attendees.forEach((a, i) => {
		const n = i + 1;
		if (missing(a.agency)) p[`attendee-${n - 1}-agency`] = `Select the agency of attendee ${n}`;
		if (missing(a.name)) p[`attendee-${n - 1}-name`] = `Enter the name of attendee ${n}`;
		if (missing(a.role)) p[`attendee-${n - 1}-role`] = `Enter the role of attendee ${n}`;
	});
	const present = new Set(attendees.filter((a) => a.agency).map((a) => agencyGroup(a.agency as string)));
	if (present.size < 2)
		p.attendees = "Record at least two agencies that took part: a strategy discussion is between agencies";
	if (!input.absences) return;
	for (const [code, name] of Object.entries(REQUIRED_AGENCIES) as [RequiredAgency, string][]) {
		const reason = input.absences[code]?.trim() ?? "";
		const id = `absent-${code}`;
		if (present.has(code)) {
			if (reason) p[id] = `Remove why ${name} could not take part: an attendee from ${name} is recorded`;
		} else if (!reason) {
			p[id] = `Record who took part from ${name}, or say why ${name} could not take part`;
		} else if (!isSentence(reason)) {
			p[id] = `Say in a sentence why ${name} could not take part: who was asked and what they said`;
		}
	}
}

/**
 * What a strategy discussion must record, keyed by form field, in the form's order so the
 * error summary reads down the page; empty when it can be saved. `decided` is the decision
 * to hold it, when known: the discussion cannot come before it. Whether the receiving
 * team takes this kind of work needs the database: `hold` checks that.
 */
export function strategyProblems(
	input: StrategyDraft,
	now: Date,
	framework: ThresholdFramework,
	decided: DecisionToHold | null = null,
): Record<string, string> {
	const p: Record<string, string> = {};
	if (input.heldAt === null) p["held-day"] = "Enter when the strategy discussion was held";
	else if (input.heldAt && input.heldAt > now) p["held-day"] = "When it was held must be in the past";
	else if (input.heldAt && decided && input.heldAt < decided.at) {
		p["held-day"] = `When it was held cannot be before the decision to hold it, ${decided.when}`;
	}
	attendanceProblems(input, p);
	if (input.nextStep === null || (input.nextStep && !(input.nextStep in STRATEGY_NEXT_STEPS))) {
		p.nextStep = "Select what the discussion decided";
	}
	if (input.nextStep && input.nextStep !== "nfa" && input.receivingTeamId === null) {
		p.receivingTeamId = "Select the team that takes the child on";
	}
	if (input.nextStep === "early-help") {
		Object.assign(
			p,
			earlyHelpProblems(
				{ earlyHelpTier: input.earlyHelpTier ?? null, familyAgreed: input.familyAgreed ?? null },
				framework,
			),
		);
	}
	if (input.rationale !== undefined && !input.rationale.trim()) p.rationale = "Record the reasons for the decision";
	input.actions?.forEach((a, i) => {
		const missing = (part: string | null | undefined) => part !== undefined && !part?.trim();
		if (missing(a.action) || missing(a.owner) || missing(a.dueOn)) {
			p[`action-${i}-action`] = `Give action ${i + 1} an owner and a due date`;
		}
	});
	if (input.nextStep === "s47" && input.actions?.length === 0) {
		p["action-0-action"] = "Record the actions to protect the child";
	}
	return p;
}

/** The reasons recorded for the required agencies that could not take part, in the order the rule names them. */
export function absencesOf(input: Pick<StrategyInput, "absences">): { agency: RequiredAgency; reason: string }[] {
	return (Object.keys(REQUIRED_AGENCIES) as RequiredAgency[]).flatMap((agency) => {
		const reason = input.absences[agency]?.trim();
		return reason ? [{ agency, reason }] : [];
	});
}

/** "The police could not take part: …", as the record reads each absence. */
export function absenceText(absence: { agency: string; reason: string }): string {
	const name = (REQUIRED_AGENCIES as Record<string, string>)[absence.agency] ?? absence.agency;
	return `${capital(name)} could not take part: ${absence.reason}`;
}
