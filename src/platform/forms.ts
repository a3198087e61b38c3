import { TZDate } from "@date-fns/tz";
import type { z } from "zod";
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

/** Parses a form body with a zod schema; the first message per field is shown. */
export function parseForm<S extends z.ZodType>(
	schema: S,
	body: unknown,
): { ok: true; value: z.infer<S> } | { ok: false; errors: FormErrors } {
	const result = schema.safeParse(body ?? {});
	if (result.success) return { ok: true, value: result.data };
	const errors = noErrors();
	for (const issue of result.error.issues) {
		fieldError(String(issue.path[0] ?? "form"), issue.message, errors);
	}
	return { ok: false, errors };
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

/** A text field as typed, trimmed; absent is empty. */
export const str = (body: Record<string, unknown>, name: string): string => String(body[name] ?? "").trim();

/** A date-time field's value, or null with its message added to `errors`. */
export function readWhen(body: Record<string, unknown>, name: string, label: string, errors: FormErrors): Date | null {
	const parsed = parseDateTimeInput(body, name, label);
	if (!parsed.ok) {
		fieldError(`${name}-day`, parsed.message, errors);
		return null;
	}
	return parsed.value;
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

/** Adds "… must be N characters or fewer" to `errors` when `value` is longer than `max`. */
export function checkLength(errors: FormErrors, field: string, label: string, value: string, max: number): void {
	if (value.length <= max) return;
	const n = (x: number) => x.toLocaleString("en-GB");
	fieldError(field, `${label} must be ${n(max)} characters or fewer (you entered ${n(value.length)})`, errors);
}
