import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import { isSentence, SENTENCE_WORDS } from "../domain/text.ts";
import { Refused, StepInvalid } from "./errors.ts";
import { RuleViolation } from "./rules.ts";

const LONDON = "Europe/London";

// Errors shaped for the GOV.UK error summary (links to fields) and field messages.
export interface FormErrors {
	summary: { text: string; href: string }[];
	fields: Record<string, { text: string }>;
}

export const noErrors = (): FormErrors => ({ summary: [], fields: {} });

export function fieldError(field: string, text: string, errors = noErrors()): FormErrors {
	if (!errors.fields[field]) {
		errors.fields[field] = { text };
		errors.summary.push({ text, href: `#${field}` });
	}
	return errors;
}

export function hasErrors(errors: FormErrors): boolean {
	return errors.summary.length > 0;
}

/** Form fields arrive as strings, or arrays of strings for checkboxes. */
export function asList(value: unknown): string[] {
	if (value === undefined || value === null || value === "") return [];
	return (Array.isArray(value) ? value : [value]).map(String);
}

/**
 * A GOV.UK date input (`<name>-day`, `-month`, `-year`) as "YYYY-MM-DD", null when all
 * three are empty, or the message to show.
 */
export function parseDateInput(
	body: Record<string, unknown>,
	name: string,
	label: string,
): { ok: true; value: string | null } | { ok: false; message: string } {
	const part = (p: string) => String(body[`${name}-${p}`] ?? "").trim();
	const [day, month, year] = [part("day"), part("month"), part("year")];
	if (!day && !month && !year) return { ok: true, value: null };
	const missing = [!day && "day", !month && "month", !year && "year"].filter(Boolean);
	if (missing.length) return { ok: false, message: `${label} must include a ${missing.join(" and ")}` };
	if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
		return { ok: false, message: `${label} must be a real date` };
	}
	const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
	const date = new Date(`${iso}T00:00:00Z`);
	if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
		return { ok: false, message: `${label} must be a real date` };
	}
	return { ok: true, value: iso };
}

export function dateInputValues(iso: string | null | undefined) {
	const [year, month, day] = iso ? iso.split("-") : ["", "", ""];
	return { day: day?.replace(/^0/, "") ?? "", month: month?.replace(/^0/, "") ?? "", year: year ?? "" };
}

/**
 * A GOV.UK date input plus a `<name>-time` text input ("14:30" or "2:30pm") as an
 * instant in England's time, null when all are empty, or the message to show.
 */
export function parseDateTimeInput(
	body: Record<string, unknown>,
	name: string,
	label: string,
): { ok: true; value: Date | null } | { ok: false; message: string } {
	const date = parseDateInput(body, name, label);
	const time = String(body[`${name}-time`] ?? "")
		.trim()
		.toLowerCase()
		.replace(/\s+/g, "");
	if (!date.ok) return date;
	if (date.value === null)
		return time ? { ok: false, message: `${label} must include a date` } : { ok: true, value: null };
	if (!time) return { ok: false, message: `${label} must include a time` };
	const m = /^(\d{1,2})[:.](\d{2})(am|pm)?$/.exec(time);
	let hour = m ? Number(m[1]) : Number.NaN;
	const minute = m ? Number(m[2]) : Number.NaN;
	if (m?.[3]) {
		if (hour < 1 || hour > 12) hour = Number.NaN;
		else hour = (hour % 12) + (m[3] === "pm" ? 12 : 0);
	}
	if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59)) {
		return { ok: false, message: `${label} must include a real time, like 14:30` };
	}
	const [y, mo, d] = date.value.split("-").map(Number);
	return { ok: true, value: new Date(new TZDate(y, mo - 1, d, hour, minute, 0, LONDON).getTime()) };
}

export function dateTimeInputValues(at: Date | null | undefined) {
	if (!at) return { day: "", month: "", year: "", time: "" };
	const local = new TZDate(at.getTime(), LONDON);
	return {
		day: String(local.getDate()),
		month: String(local.getMonth() + 1),
		year: String(local.getFullYear()),
		time: `${String(local.getHours()).padStart(2, "0")}:${String(local.getMinutes()).padStart(2, "0")}`,
	};
}

/** Turns what a service refused into form errors; anything else is not ours to handle. */
export function refusalErrors(error: unknown): FormErrors | null {
	if (error instanceof StepInvalid) {
		const errors = noErrors();
		for (const [field, message] of Object.entries(error.problems)) fieldError(field, message, errors);
		return errors;
	}
	// Refused by the record's state (or changed by someone else), or by a rule: shown at the top of the form.
	if (error instanceof Refused || error instanceof RuleViolation) return fieldError("version", error.message);
	return null;
}

/** 403 for a rule, 409 for the record's state, 400 for what was typed. */
export function refusalStatus(error: unknown): 400 | 403 | 409 {
	return error instanceof RuleViolation ? 403 : error instanceof Refused ? 409 : 400;
}

/**
 * Runs a form's service call when the form itself had no errors. Answers null when it
 * was saved; otherwise the status to answer with, any refusal added to `errors`.
 */
export async function attempt(errors: FormErrors, work: () => Promise<void>): Promise<400 | 403 | 409 | null> {
	if (errors.summary.length) return 400;
	try {
		await work();
		return null;
	} catch (error) {
		const refused = refusalErrors(error);
		if (!refused) throw error;
		for (const s of refused.summary) fieldError(s.href.slice(1), s.text, errors);
		return refusalStatus(error);
	}
}

/** The longest answer each kind of free-text field takes. Going over is a field error, never a cut. */
export const MAX_LENGTH = { name: 200, reason: 4000, note: 4000, concern: 20000 } as const;

// ---------------------------------------------------------------------------------------
// One way to read a form (ADR 17): a form is a zod schema per field, in page order, and
// the form's own rules, which see every field that parsed. parseForm reads each field on
// its own, so one bad field never hides another's message, then runs the rules: every
// problem of a form is reported in one round.

type Body = Record<string, unknown>;
type Shape = Record<string, z.ZodType>;
type Values<S extends Shape> = { [K in keyof S]: z.output<S[K]> };
/** What a form's rules return: field id → message. */
export type Problems = Record<string, string>;

export interface FormSchema<S extends Shape> {
	fields: S;
	/** Rules across fields (often the domain's). A field that did not parse is absent, so rules skip what they cannot judge. */
	rules?: (values: Partial<Values<S>>) => Problems | undefined;
}

export function form<S extends Shape>(fields: S, rules?: FormSchema<S>["rules"]): FormSchema<S> {
	return { fields, rules };
}

export type FormValues<F> = F extends FormSchema<infer S> ? Values<S> : never;

// GOV.UK date inputs post `<name>-day`, `-month`, `-year` (and our time input `-time`);
// they are read as one field, `<name>`, whose errors link to `<name>-day`.
const DATE_PART = /^(.+)-(day|month|year|time)$/;

function grouped(body: Body): Body {
	const out: Body = { ...body };
	for (const [key, value] of Object.entries(body)) {
		const m = DATE_PART.exec(key);
		if (!m) continue;
		if (out[m[1]] === undefined) out[m[1]] = {};
		const parts = out[m[1]];
		if (parts && typeof parts === "object") (parts as Body)[m[2]] = value;
	}
	return out;
}

/** A field's id on the page from a problem's path: `received` + `day` is `received-day`; list indexes are dropped. */
const fieldId = (path: readonly PropertyKey[]) =>
	path
		.filter((p) => typeof p !== "number")
		.map(String)
		.join("-") || "form";

/** Reads a form body: the values when every field and rule is satisfied, otherwise every problem at once. */
export function parseForm<S extends Shape>(
	schema: FormSchema<S>,
	body: unknown,
): { ok: true; value: Values<S> } | { ok: false; errors: FormErrors; partial: Partial<Values<S>> } {
	const input = grouped((body ?? {}) as Body);
	const errors = noErrors();
	const values: Partial<Values<S>> = {};
	for (const [name, fieldSchema] of Object.entries(schema.fields) as [keyof S & string, z.ZodType][]) {
		const result = fieldSchema.safeParse(input[name]);
		if (result.success) values[name] = result.data as Values<S>[typeof name];
		else for (const issue of result.error.issues) fieldError(fieldId([name, ...issue.path]), issue.message, errors);
	}
	for (const [id, message] of Object.entries(schema.rules?.(values) ?? {})) fieldError(id, message, errors);
	inPageOrder(errors, Object.keys(schema.fields));
	return hasErrors(errors) ? { ok: false, errors, partial: values } : { ok: true, value: values as Values<S> };
}

/** Puts the error summary in the order of the fields on the page, the rules' problems beside their fields. */
function inPageOrder(errors: FormErrors, fields: string[]) {
	const rank = (href: string) => {
		const id = href.slice(1);
		const i = fields.findIndex((f) => id === f || id.startsWith(`${f}-`));
		return i === -1 ? fields.length : i;
	};
	// Array.prototype.sort is stable: problems of one field keep their order.
	errors.summary.sort((a, b) => rank(a.href) - rank(b.href));
}

/** A posted field as one trimmed string: a field sent twice is read as its first value. */
const oneText = (v: unknown) => String((Array.isArray(v) ? v[0] : v) ?? "").trim();

const lengthRule = (label: string, max: number) =>
	z.string().max(max, {
		error: (issue) =>
			`${label} must be ${max.toLocaleString("en-GB")} characters or fewer (you entered ${String(issue.input).length.toLocaleString("en-GB")})`,
	});

// Code lists are arrays of codes or records keyed by code (the value a label or a description).
type Codes<T extends string> = Record<T, unknown> | readonly T[];
const keysOf = <T extends string>(codes: Codes<T>) =>
	(Array.isArray(codes) ? codes : Object.keys(codes)) as [T, ...T[]];

/** Field schemas for GOV.UK components. Every free-text field states its maximum. */
export const field = {
	/** Required free text, trimmed. */
	text: (label: string, max: number, required: string) =>
		z.preprocess(oneText, lengthRule(label, max).min(1, required)),
	/**
	 * A reason, note or rationale that is kept and read later: required, and at least
	 * `words` words, because "x" or "done" explains nothing.
	 */
	sentence: (label: string, max: number, required: string, tooShort: string, words = SENTENCE_WORDS) =>
		z.preprocess(
			oneText,
			lengthRule(label, max)
				.min(1, required)
				.refine((v) => v === "" || isSentence(v, words), tooShort),
		),
	/** Optional free text, trimmed; empty is null. */
	optionalText: (label: string, max: number) =>
		z.preprocess(oneText, lengthRule(label, max)).transform((v) => (v === "" ? null : v)),
	/** One of a list of codes (radios, a select). */
	choice: <T extends string>(codes: Codes<T>, message: string) =>
		z.preprocess(oneText, z.enum(keysOf(codes), { error: message })),
	/** One of a list of codes, or nothing chosen (null). */
	optionalChoice: <T extends string>(codes: Codes<T>, message: string) =>
		z
			.preprocess((v) => oneText(v) || undefined, z.enum(keysOf(codes), { error: message }).optional())
			.transform((v) => v ?? null),
	/** Checkboxes: the codes ticked, each from the list. */
	checkboxes: <T extends string>(codes: Codes<T>, message: string) =>
		z.preprocess(asList, z.array(z.enum(keysOf(codes), { error: message }))),
	/** A single checkbox: ticked or not. */
	ticked: () => z.preprocess((v) => v !== undefined && v !== "", z.boolean()),
	/** A record's id in a hidden field or a choice of records. */
	id: (message: string) => z.preprocess(oneText, z.string().regex(UUID, message)),
	/** The version a form was loaded at, to detect someone else's save in between. */
	version: () =>
		z.preprocess(
			oneText,
			z
				.string()
				.regex(/^\d{1,9}$/, "This form is out of date: go back to the record, reload it and try again")
				.transform(Number),
		),
	/** A GOV.UK date input as "YYYY-MM-DD"; null when left empty unless `required` says what to enter. */
	date: (label: string, required?: string) =>
		z.unknown().transform((parts, ctx): string | null => {
			const read = parseDateInput(prefixed(parts, "d"), "d", label);
			if (read.ok && (read.value !== null || !required)) return read.value;
			ctx.addIssue({ code: "custom", message: read.ok ? (required as string) : read.message, path: ["day"] });
			return z.NEVER;
		}),
	/** A date input with a time, as an instant in England's time; null when empty unless `required`. */
	dateTime: (label: string, required?: string) =>
		z.unknown().transform((parts, ctx): Date | null => {
			const read = parseDateTimeInput(prefixed(parts, "d"), "d", label);
			if (read.ok && (read.value !== null || !required)) return read.value;
			ctx.addIssue({ code: "custom", message: read.ok ? (required as string) : read.message, path: ["day"] });
			return z.NEVER;
		}),
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function prefixed(parts: unknown, name: string): Body {
	const out: Body = {};
	if (parts && typeof parts === "object") for (const [k, v] of Object.entries(parts)) out[`${name}-${k}`] = oneText(v);
	return out;
}
