import {
	FACTOR_STATUS,
	type FactorStatus,
	RAG,
	type TriageInput,
	URGENCY,
	type Urgency,
} from "../../../domain/front-door/triage.ts";
import { OUTCOMES, type Outcome } from "../../../domain/front-door/workflow.ts";
import { str } from "../../../platform/forms.ts";

type Body = Record<string, unknown>;
export const STEP_ROWS = 4;

const oneOf = <T extends string>(codes: Record<string, unknown>, v: string): T | null =>
	Object.hasOwn(codes, v) ? (v as T) : null;

/** Reads the triage form. A factor left unanswered was not considered; a step row left empty is ignored. */
export function readTriageForm(
	body: Body,
	factorCodes: readonly string[],
): { input: TriageInput; version: number; stepRows: number[] } {
	const factors = factorCodes.flatMap((code) => {
		const status = oneOf<FactorStatus>(FACTOR_STATUS, str(body, `factor-${code}`));
		return status ? [{ code, status, reason: str(body, `factor-${code}-reason`) || null }] : [];
	});
	const nextSteps = [];
	const stepRows: number[] = [];
	for (let i = 0; i < STEP_ROWS; i++) {
		const action = str(body, `step-${i}-action`);
		const urgency = oneOf<Urgency>(URGENCY, str(body, `step-${i}-urgency`));
		const allocatedTo = str(body, `step-${i}-allocatedTo`) || null;
		if (action || urgency || allocatedTo) {
			nextSteps.push({ action, urgency, allocatedTo });
			stepRows.push(i);
		}
	}
	return {
		version: Number(str(body, "version")) || 0,
		stepRows,
		input: {
			thresholdLevel: str(body, "thresholdLevel") || null,
			rag: oneOf(RAG, str(body, "rag")),
			recommendation: oneOf<Outcome>(OUTCOMES, str(body, "recommendation")),
			immediateStrategyDiscussion: str(body, "immediateStrategyDiscussion") === "yes",
			rationale: str(body, "rationale"),
			factors,
			nextSteps,
		},
	};
}

/** Points a problem about the n-th step entered at the form row it came from. */
export function stepField(field: string, stepRows: readonly number[]): string {
	const m = /^step-(\d+)-(.+)$/.exec(field);
	return m ? `step-${stepRows[Number(m[1])] ?? 0}-${m[2]}` : field;
}
