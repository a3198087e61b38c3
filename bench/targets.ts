import type { Figures } from "./measure.ts";
import type { BaselineName } from "./measurements.ts";

/**
 * What the bench holds the app to, as ratios to a baseline page measured in the same run,
 * so that a target means the same on a laptop and on a loaded CI runner. The bench exits
 * non-zero when any of these is missed.
 */
export interface Target {
	measurement: string;
	metric: "medianMs" | "p95Ms";
	baseline: BaselineName;
	/** The measurement may take at most this many times the baseline's figure. */
	maxRatio: number;
	why: string;
}

export const TARGETS: Target[] = [
	{
		measurement: "access-log-by-person",
		metric: "p95Ms",
		baseline: "pk",
		maxRatio: 3,
		why: "who viewed a child must answer like an ordinary page, even with years of log behind it",
	},
	{
		measurement: "access-log-by-user",
		metric: "p95Ms",
		baseline: "pk",
		maxRatio: 3,
		why: "what a user did must answer like an ordinary page, even with years of log behind it",
	},
];

export interface TargetResult extends Target {
	ratio: number;
	met: boolean;
}

/** Targets whose measurement ran; a skipped measurement (--only) is neither met nor missed. */
export function checkTargets(
	figures: ReadonlyMap<string, Figures>,
	baselines: Record<BaselineName, Figures>,
): TargetResult[] {
	return TARGETS.filter((t) => figures.has(t.measurement)).map((t) => {
		const measured = figures.get(t.measurement)![t.metric];
		const ratio = measured / baselines[t.baseline][t.metric];
		return { ...t, ratio, met: ratio <= t.maxRatio };
	});
}
