import type { Outcome } from "./workflow.ts";

// The council's threshold framework: levels of need with descriptors, and the outcomes
// each level ordinarily leads to. A decision that does not fit its level needs a reason,
// which is what "front door keeping and implementation of thresholds" asks to see.

export interface ThresholdLevel {
	id: string;
	label: string;
	descriptor: string;
	fits: Outcome[];
}

export interface EarlyHelpTier {
	id: string;
	label: string;
}

export interface ThresholdFramework {
	levels: ThresholdLevel[];
	earlyHelpTiers: EarlyHelpTier[];
}

// A four-level continuum of need, as many councils publish, and two early-help tiers.
export const DEFAULT_FRAMEWORK: ThresholdFramework = {
	levels: [
		{
			id: "1",
			label: "Level 1: universal",
			descriptor: "Needs are met by universal services such as schools, GPs and health visitors.",
			fits: ["nfa", "information-advice"],
		},
		{
			id: "2",
			label: "Level 2: additional needs",
			descriptor: "Needs that a single agency or targeted early help can meet, with the family's agreement.",
			fits: ["information-advice", "early-help"],
		},
		{
			id: "3",
			label: "Level 3: intensive needs",
			descriptor:
				"Multiple or complex needs that call for a coordinated, intensive early-help response or an assessment.",
			fits: ["early-help", "assessment", "allocated-worker"],
		},
		{
			id: "4",
			label: "Level 4: specialist (child in need or at risk of significant harm)",
			descriptor: "Needs that call for a statutory social-work response under section 17 or section 47.",
			fits: ["assessment", "strategy-discussion", "allocated-worker"],
		},
	],
	earlyHelpTiers: [
		{ id: "targeted", label: "Targeted early help" },
		{ id: "intensive", label: "Intensive early help" },
	],
};

/** Whether an outcome fits a level; passing a child to another council fits every level. */
export function outcomeFitsLevel(framework: ThresholdFramework, levelId: string, outcome: Outcome): boolean {
	if (outcome === "other-council") return true;
	const level = framework.levels.find((l) => l.id === levelId);
	return level ? level.fits.includes(outcome) : false;
}

export function levelLabel(framework: ThresholdFramework, levelId: string | null): string {
	return framework.levels.find((l) => l.id === levelId)?.label ?? levelId ?? "";
}
