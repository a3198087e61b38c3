import { z } from "zod";
import {
	type DecisionToHold,
	REQUIRED_AGENCIES,
	type RequiredAgency,
	STRATEGY_AGENCIES,
	type StrategyDraft,
	type StrategyInput,
	strategyProblems,
} from "../../../domain/front-door/strategy.ts";
import type { ThresholdFramework } from "../../../domain/front-door/thresholds.ts";
import { STRATEGY_NEXT_STEPS } from "../../../domain/front-door/workflow.ts";
import {
	type FormErrors,
	type FormSchema,
	type FormValues,
	field,
	form,
	MAX_LENGTH,
	noErrors,
	parseForm,
} from "../../../platform/forms.ts";
import { optionalId, yesNo } from "../decisions/forms.ts";

// The strategy discussion form (ADR 17, ADR 29): its fields in page order, rows of
// attendees (agency from a code list, name, role), why a required agency could not take
// part, rows of protective actions, and the discussion's rules. A row left empty is ignored; the
// rules number the rows entered, and their problems are pointed back at the form's rows.

export const ATTENDEE_ROWS = 6;
export const ACTION_ROWS = 4;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function strategyFields(framework: ThresholdFramework) {
	const attendees: Record<string, z.ZodType> = {};
	for (const i of range(ATTENDEE_ROWS)) {
		attendees[`attendee-${i}-agency`] = field.optionalChoice(
			STRATEGY_AGENCIES,
			`Select the agency of attendee ${i + 1} from the list`,
		);
		attendees[`attendee-${i}-name`] = field.optionalText(`The name of attendee ${i + 1}`, MAX_LENGTH.name);
		attendees[`attendee-${i}-role`] = field.optionalText(`The role of attendee ${i + 1}`, MAX_LENGTH.name);
	}
	const absences: Record<string, z.ZodType> = {};
	for (const [code, name] of Object.entries(REQUIRED_AGENCIES)) {
		absences[`absent-${code}`] = field.optionalText(`Why ${name} could not take part`, MAX_LENGTH.reason);
	}
	const actions: Record<string, z.ZodType> = {};
	for (const i of range(ACTION_ROWS)) {
		actions[`action-${i}-action`] = field.optionalText(`Action ${i + 1}`, MAX_LENGTH.note);
		actions[`action-${i}-owner`] = field.optionalText(`The owner of action ${i + 1}`, MAX_LENGTH.name);
		actions[`action-${i}-due`] = field.date(`The due date of action ${i + 1}`);
	}
	return {
		version: field.version(),
		held: field.dateTime("When it was held", "Enter when the strategy discussion was held"),
		// Nothing is posted as "attendees": it places the rule on the rows as a whole ("at least
		// two agencies") in the error summary, before the rows.
		attendees: z.unknown(),
		...attendees,
		...absences,
		nextStep: field.optionalChoice(STRATEGY_NEXT_STEPS, "Select what the discussion decided"),
		receivingTeamId: optionalId("Select the team that takes the child on"),
		earlyHelpTier: field.optionalChoice(
			framework.earlyHelpTiers.map((t) => t.id),
			"Select the early-help tier",
		),
		familyAgreed: yesNo("Select yes or no for whether the family has agreed to early help"),
		// The discussion's record of why: narrative, so the longer limit.
		rationale: field.sentence(
			"The reasons",
			MAX_LENGTH.concern,
			"Record the reasons for the decision",
			"Record the reasons for the decision in a sentence: what the agencies shared and concluded",
		),
		...actions,
	};
}

type Fields = ReturnType<typeof strategyFields>;
type Parsed = Partial<FormValues<FormSchema<Fields>>> & Record<string, unknown>;

/**
 * The rows entered, each with the form row it came from. A part that did not parse is
 * undefined (the row counts as entered, and the rules leave that part to its own message).
 */
function rows<T extends Record<string, unknown>>(
	v: Parsed,
	count: number,
	prefix: string,
	parts: (keyof T & string)[],
) {
	const entered: { row: number; value: Partial<T> }[] = [];
	for (const i of range(count)) {
		const value: Record<string, unknown> = {};
		let given = false;
		for (const part of parts) {
			const name = `${prefix}-${i}-${part === "dueOn" ? "due" : part}`;
			const parsed = v[name];
			if (!(name in v) || (parsed !== null && parsed !== "")) given = true;
			value[part] = name in v ? (parsed ?? (part === "dueOn" ? null : "")) : undefined;
		}
		if (given) entered.push({ row: i, value: value as Partial<T> });
	}
	return entered;
}

function draft(v: Parsed) {
	const attendees = rows<StrategyInput["attendees"][number]>(v, ATTENDEE_ROWS, "attendee", ["agency", "name", "role"]);
	// A reason that did not parse (too long) is undefined: the rule leaves it to its own message.
	const absences: Partial<Record<RequiredAgency, string | null>> = {};
	for (const code of Object.keys(REQUIRED_AGENCIES) as RequiredAgency[]) {
		const name = `absent-${code}`;
		absences[code] = name in v ? ((v[name] as string | null) ?? "") : undefined;
	}
	const actions = rows<StrategyInput["actions"][number]>(v, ACTION_ROWS, "action", ["action", "owner", "dueOn"]);
	const input: StrategyDraft = {
		heldAt: v.held,
		attendees: attendees.map((a) => a.value),
		absences: Object.values(absences).some((r) => r === undefined) ? undefined : absences,
		nextStep: v.nextStep,
		rationale: v.rationale,
		actions: actions.map((a) => a.value),
		receivingTeamId: v.receivingTeamId,
		earlyHelpTier: v.earlyHelpTier,
		familyAgreed: v.familyAgreed,
	};
	/** Points a problem about the n-th row entered at the form row it came from. */
	const toRow = (id: string) => {
		const m = /^(attendee|action)-(\d+)-(.+)$/.exec(id);
		if (!m) return id;
		const entered = m[1] === "attendee" ? attendees : actions;
		return `${m[1]}-${entered[Number(m[2])]?.row ?? 0}-${m[3]}`;
	};
	return { input, toRow };
}

/** The discussion's rules on the fields that parsed, pointed at the form's rows. */
function problems(v: Parsed, now: Date, framework: ThresholdFramework, decided: DecisionToHold | null) {
	const { input, toRow } = draft(v);
	return Object.fromEntries(
		Object.entries(strategyProblems(input, now, framework, decided)).map(([id, m]) => [toRow(id), m]),
	);
}

/**
 * Reads the strategy discussion form. `toRow` points the service's problems (keyed by the
 * rows entered) at the form's rows. `decided` is the decision to hold the discussion.
 */
export function readStrategyForm(
	body: Record<string, unknown>,
	framework: ThresholdFramework,
	now: Date,
	decided: DecisionToHold | null,
):
	| { ok: true; input: StrategyInput; version: number; errors: FormErrors; toRow: (id: string) => string }
	| { ok: false; errors: FormErrors } {
	const parsed = parseForm(
		form(strategyFields(framework), (v) => problems(v as Parsed, now, framework, decided)),
		body,
	);
	if (!parsed.ok) return { ok: false, errors: parsed.errors };
	const { input, toRow } = draft(parsed.value as Parsed);
	return {
		ok: true,
		input: { ...input, absences: input.absences ?? {} } as StrategyInput,
		version: parsed.value.version,
		errors: noErrors(),
		toRow,
	};
}

/** Recording that no child protection conference is needed after section 47 enquiries, with why. */
export const conferenceNotRequiredForm = (discussionId: string) =>
	form({
		[`reason-${discussionId}`]: field.sentence(
			"The reason",
			MAX_LENGTH.reason,
			"Say why a conference is not required",
			"Say in a sentence why a conference is not required: what the enquiries found",
		),
	});

/** A manager's answer when someone else has recorded that no conference is needed. */
export const NO_CONFERENCE_ANSWERS = {
	agree: "Yes, no conference is needed",
	refuse: "No, the conference is still needed",
} as const;

export const noConferenceAnswerForm = (discussionId: string) =>
	form({
		[`answer-${discussionId}`]: field.choice(NO_CONFERENCE_ANSWERS, "Say whether a conference is needed"),
		[`note-${discussionId}`]: field.sentence(
			"Your reasons",
			MAX_LENGTH.reason,
			"Give your reasons",
			"Give your reasons in a sentence: what you read before answering",
		),
	});
