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

export const MAX_LEVELS = 6;
export const MAX_TIERS = 4;

/** What is wrong with a framework a council wants to save, keyed by form field. */
export function frameworkProblems(framework: ThresholdFramework, outcomes: readonly string[]): Record<string, string> {
	const p: Record<string, string> = {};
	if (framework.levels.length < 2) p["level-0-label"] = "A threshold framework needs at least two levels of need";
	framework.levels.forEach((l, i) => {
		if (!l.label.trim()) p[`level-${i}-label`] = `Name level ${i + 1}`;
		if (!l.descriptor.trim()) p[`level-${i}-descriptor`] = `Describe level ${i + 1}`;
		if (l.fits.length === 0 || l.fits.some((o) => !outcomes.includes(o))) {
			p[`level-${i}-fits`] = `Choose the outcomes level ${i + 1} usually leads to`;
		}
	});
	if (framework.earlyHelpTiers.length === 0) p["tier-0-label"] = "Name at least one early-help tier";
	const ids = framework.earlyHelpTiers.map((t) => t.id);
	framework.earlyHelpTiers.forEach((t, i) => {
		if (!t.label.trim()) p[`tier-${i}-label`] = `Name early-help tier ${i + 1}`;
		if (ids.indexOf(t.id) !== i) p[`tier-${i}-label`] = `Early-help tier ${i + 1} has the same name as another`;
	});
	return p;
}
