import type { z } from "zod";
import type { NotificationRisk } from "../../../domain/front-door/domestic-abuse.ts";
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

// The triage form (ADR 17): the level of need and RAG, every risk factor answered (or
// "no factors identified"), the recommendation, and rows of next steps, then the
// domain's rules. Factors come in groups; one reason per group says why the group's
// factors ruled out were ruled out (ADR 24), and is kept with each of them. A step row
// left empty is ignored. Whether a step's worker is a front-door worker needs the
// database: the service says.

export const STEP_ROWS = 4;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** A risk factor offered on the form, in its group. */
export interface Factor {
	code: string;
	label: string;
	group_code: string;
}

/** A group of risk factors, answered together with one reason for those ruled out. */
export interface FactorGroup {
	code: string;
	label: string;
}

/** The risk factors every triage answers, in the order the form shows them. */
export interface FactorList {
	factors: readonly Factor[];
	groups: readonly FactorGroup[];
}

/** The field for why a group's factors were ruled out. */
export const groupReasonField = (group: string) => `factors-${group}-reason`;

function triageFields({ factors, groups }: FactorList, levels: readonly string[]) {
	const factorFields: Record<string, z.ZodType> = { noFactorsIdentified: field.ticked() };
	for (const g of groups) {
		for (const f of factors.filter((f) => f.group_code === g.code)) {
			factorFields[`factor-${f.code}`] = field.optionalChoice(
				FACTOR_STATUS,
				`Select whether ${f.label} is present, not known or ruled out`,
			);
		}
		factorFields[groupReasonField(g.code)] = field.optionalText(
			`Why factors in ${g.label} were ruled out`,
			MAX_LENGTH.reason,
		);
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
		urgencyReason: field.optionalText("Why the rating or urgency does not follow the risk", MAX_LENGTH.reason),
	};
}

type Parsed = Partial<FormValues<FormSchema<ReturnType<typeof triageFields>>>> & Record<string, unknown>;

/**
 * The triage as the domain sees it, and the form row each next step entered came from.
 * A part that did not parse is left for its own message: its step row still counts.
 */
function draft(v: Parsed, { factors }: FactorList): { input: TriageInput; stepRows: number[] } {
	const factorInputs: FactorInput[] = factors.flatMap((f) => {
		const status = v[`factor-${f.code}`] as FactorStatus | null | undefined;
		const reason = status === "ruled-out" ? ((v[groupReasonField(f.group_code)] as string | null) ?? null) : null;
		return status ? [{ code: f.code, status, reason }] : [];
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
			noFactorsIdentified: v.noFactorsIdentified === true,
			nextSteps,
			urgencyReason: (v.urgencyReason as string | null | undefined) ?? null,
		},
	};
}

/** Points a problem about the n-th step entered at the form row it came from. */
export function stepField(field: string, stepRows: readonly number[]): string {
	const m = /^step-(\d+)-(.+)$/.exec(field);
	return m ? `step-${stepRows[Number(m[1])] ?? 0}-${m[2]}` : field;
}

/**
 * Points the domain's problem about why one factor was ruled out at its group's reason,
 * in the group's words; a reason given for a group with nothing ruled out is refused, not
 * dropped.
 */
function groupReasonProblems(problems: Record<string, string>, v: Parsed, list: FactorList): Record<string, string> {
	const out: Record<string, string> = {};
	const groupOf = new Map(list.factors.map((f) => [f.code, f.group_code]));
	const labelOf = new Map(list.groups.map((g) => [g.code, g.label]));
	for (const [id, message] of Object.entries(problems)) {
		const m = /^factor-(.+)-reason$/.exec(id);
		const group = m ? groupOf.get(m[1]) : undefined;
		if (!group) {
			out[id] = message;
			continue;
		}
		const field = groupReasonField(group);
		out[field] ??= v[field]
			? `Say in a sentence why you ruled out factors in ${labelOf.get(group)}: what you checked or know`
			: `Say why you ruled out factors in ${labelOf.get(group)}`;
	}
	for (const g of list.groups) {
		const field = groupReasonField(g.code);
		const ruledOut = list.factors.some((f) => f.group_code === g.code && v[`factor-${f.code}`] === "ruled-out");
		if (v[field] && !ruledOut) {
			out[field] ??= `You ruled out no factor in ${g.label}: rule one out, or clear the reason`;
		}
	}
	return out;
}

/**
 * The triage form for these risk factors and the council's levels of need, with the
 * domain's rules (for a domestic-abuse notification, what the police said of the risk).
 */
function triageForm(list: FactorList, levels: readonly string[], notification: NotificationRisk | null) {
	return form(triageFields(list, levels), (values) => {
		const { input, stepRows } = draft(values as Parsed, list);
		const problems = groupReasonProblems(
			triageProblems(input, levels, list.factors, notification),
			values as Parsed,
			list,
		);
		return Object.fromEntries(Object.entries(problems).map(([id, message]) => [stepField(id, stepRows), message]));
	});
}

/** Reads the triage form: every field's problem and the domain's rules' in one round. */
export function readTriageForm(
	body: Record<string, unknown>,
	list: FactorList,
	levels: readonly string[],
	notification: NotificationRisk | null = null,
): { ok: true; input: TriageInput; version: number; stepRows: number[] } | { ok: false; errors: FormErrors } {
	const parsed = parseForm(triageForm(list, levels, notification), body);
	if (!parsed.ok) return { ok: false, errors: parsed.errors };
	return { ok: true, version: parsed.value.version, ...draft(parsed.value as Parsed, list) };
}
