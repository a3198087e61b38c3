import type { z } from "zod";
import {
	FACTOR_STATUS,
	type FactorInput,
	type FactorStatus,
	type NextStepInput,
	RAG,
	type TriageInput,
	triageProblems,
	URGENCY,
	type Urgency,
} from "../../../domain/front-door/triage.ts";
import { OUTCOMES } from "../../../domain/front-door/workflow.ts";
import {
	type FormErrors,
	type FormSchema,
	type FormValues,
	field,
	form,
	MAX_LENGTH,
	parseForm,
} from "../../../platform/forms.ts";
import { optionalId } from "../decisions/forms.ts";

// The triage form (ADR 17): the level of need and RAG, each risk factor's status and the
// reason one was ruled out, the recommendation, and rows of next steps, then the
// domain's rules. A factor left unanswered was not considered; a step row left empty is
// ignored. Whether a step's worker is a front-door worker needs the database: the
// service says.

export const STEP_ROWS = 4;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** A risk factor offered on the form. */
export interface Factor {
	code: string;
	label: string;
}

function triageFields(factors: readonly Factor[], levels: readonly string[]) {
	const factorFields: Record<string, z.ZodType> = {};
	for (const f of factors) {
		factorFields[`factor-${f.code}`] = field.optionalChoice(
			FACTOR_STATUS,
			`Select whether ${f.label} is present, not known or ruled out`,
		);
		factorFields[`factor-${f.code}-reason`] = field.optionalText(`Why ${f.label} was ruled out`, MAX_LENGTH.reason);
	}
	const stepFields: Record<string, z.ZodType> = {};
	for (const i of range(STEP_ROWS)) {
		stepFields[`step-${i}-action`] = field.optionalText(`Next step ${i + 1}`, MAX_LENGTH.note);
		stepFields[`step-${i}-urgency`] = field.optionalChoice(
			Object.keys(URGENCY) as Urgency[],
			`Choose how urgent next step ${i + 1} is`,
		);
		stepFields[`step-${i}-allocatedTo`] = optionalId(`Allocate next step ${i + 1} to a front-door worker`);
	}
	return {
		version: field.version(),
		thresholdLevel: field.choice(levels, "Select the level of need"),
		rag: field.choice(RAG, "Select a RAG rating"),
		...factorFields,
		recommendation: field.choice(OUTCOMES, "Select the recommended next step for this child"),
		immediateStrategyDiscussion: field.ticked(),
		rationale: field.sentence(
			"The rationale",
			MAX_LENGTH.reason,
			"Explain the triage decision",
			"Explain the triage decision in a sentence: what in the contact led to it",
		),
		...stepFields,
	};
}

type Parsed = Partial<FormValues<FormSchema<ReturnType<typeof triageFields>>>> & Record<string, unknown>;

/**
 * The triage as the domain sees it, and the form row each next step entered came from.
 * A part that did not parse is left for its own message: its step row still counts.
 */
function draft(v: Parsed, factors: readonly Factor[]): { input: TriageInput; stepRows: number[] } {
	const factorInputs: FactorInput[] = factors.flatMap((f) => {
		const status = v[`factor-${f.code}`] as FactorStatus | null | undefined;
		return status ? [{ code: f.code, status, reason: (v[`factor-${f.code}-reason`] as string | null) ?? null }] : [];
	});
	const nextSteps: NextStepInput[] = [];
	const stepRows: number[] = [];
	for (const i of range(STEP_ROWS)) {
		const names = ["action", "urgency", "allocatedTo"].map((part) => `step-${i}-${part}`);
		if (!names.some((name) => !(name in v) || v[name] !== null)) continue;
		nextSteps.push({
			action: (v[names[0]] as string | null | undefined) ?? "",
			urgency: (v[names[1]] as Urgency | null | undefined) ?? null,
			allocatedTo: (v[names[2]] as string | null | undefined) ?? null,
		});
		stepRows.push(i);
	}
	return {
		stepRows,
		input: {
			thresholdLevel: v.thresholdLevel ?? null,
			rag: v.rag ?? null,
			recommendation: v.recommendation ?? null,
			immediateStrategyDiscussion: v.immediateStrategyDiscussion ?? false,
			rationale: v.rationale ?? "",
			factors: factorInputs,
			nextSteps,
		},
	};
}

/** Points a problem about the n-th step entered at the form row it came from. */
export function stepField(field: string, stepRows: readonly number[]): string {
	const m = /^step-(\d+)-(.+)$/.exec(field);
	return m ? `step-${stepRows[Number(m[1])] ?? 0}-${m[2]}` : field;
}

/** The triage form for these risk factors and the council's levels of need, with the domain's rules. */
function triageForm(factors: readonly Factor[], levels: readonly string[]) {
	return form(triageFields(factors, levels), (values) => {
		const { input, stepRows } = draft(values as Parsed, factors);
		return Object.fromEntries(
			Object.entries(triageProblems(input, levels)).map(([id, message]) => [stepField(id, stepRows), message]),
		);
	});
}

/** Reads the triage form: every field's problem and the domain's rules' in one round. */
export function readTriageForm(
	body: Record<string, unknown>,
	factors: readonly Factor[],
	levels: readonly string[],
): { ok: true; input: TriageInput; version: number; stepRows: number[] } | { ok: false; errors: FormErrors } {
	const parsed = parseForm(triageForm(factors, levels), body);
	if (!parsed.ok) return { ok: false, errors: parsed.errors };
	return { ok: true, version: parsed.value.version, ...draft(parsed.value as Parsed, factors) };
}
