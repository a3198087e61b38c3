import { earlyHelpProblems } from "./decision.ts";
import type { ThresholdFramework } from "./thresholds.ts";
import { STRATEGY_NEXT_STEPS, type StrategyNextStep } from "./workflow.ts";

export interface StrategyInput {
	heldAt: Date | null;
	attendees: { agency: string; name: string }[];
	nextStep: StrategyNextStep | null;
	rationale: string;
	actions: { action: string; owner: string; dueOn: string | null }[];
	receivingTeamId: string | null;
	/** Only when the discussion steps the child down to early help. */
	earlyHelpTier: string | null;
	familyAgreed: boolean | null;
}

/** A strategy discussion as far as it was given: a part left out (undefined) is not judged. */
export type StrategyDraft = Partial<Omit<StrategyInput, "attendees" | "actions">> & {
	attendees?: Partial<StrategyInput["attendees"][number]>[];
	actions?: Partial<StrategyInput["actions"][number]>[];
};

/**
 * What a strategy discussion must record, keyed by form field, in the form's order so the
 * error summary reads down the page; empty when it can be saved. Whether the receiving
 * team takes this kind of work needs the database: `hold` checks that.
 */
export function strategyProblems(
	input: StrategyDraft,
	now: Date,
	framework: ThresholdFramework,
): Record<string, string> {
	const p: Record<string, string> = {};
	if (input.heldAt === null) p["held-day"] = "Enter when the strategy discussion was held";
	else if (input.heldAt && input.heldAt > now) p["held-day"] = "The strategy discussion cannot be in the future";
	if (input.attendees) {
		if (input.attendees.length < 2) p["attendee-0-agency"] = "Record at least two agencies that attended";
		input.attendees.forEach((a, i) => {
			if (a.agency !== undefined && !a.agency.trim())
				p[`attendee-${i}-agency`] = `Enter the agency of attendee ${i + 1}`;
		});
	}
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
