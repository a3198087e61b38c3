/**
 * One cell of an SSD file read as its column's kind: empty, a value in the form Threshold
 * stores, or the reason it cannot be read, in words an analyst can act on. Pure.
 */
import { isExists } from "date-fns";
import type { SsdField, SsdSpec } from "./spec.ts";

export type SsdValue = string | number | null;
export type CellResult = { value: SsdValue } | { problem: string };

/** Case systems write an absent value as nothing or, from SQL Server, as the word NULL. */
export function isEmptyCell(raw: string): boolean {
	const trimmed = raw.trim();
	return trimmed === "" || trimmed.toUpperCase() === "NULL";
}

// ISO day with an optional time (SQL Server writes "2024-12-10 00:00:00.000"), or a UK day.
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?)?$/;
const UK_DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * A day as YYYY-MM-DD. The spec's datetimes are held as days (ADR 32), so a time of day is
 * read, checked and not kept.
 */
export function readDate(raw: string): CellResult {
	let y: number;
	let m: number;
	let d: number;
	const iso = ISO_DAY.exec(raw);
	const uk = iso ? null : UK_DAY.exec(raw);
	if (iso) {
		[y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
		const [h, min, s] = [Number(iso[4] ?? 0), Number(iso[5] ?? 0), Number(iso[6] ?? 0)];
		if (h > 23 || min > 59 || s > 59) return { problem: `Date '${raw}' has a time of day that does not exist` };
	} else if (uk) {
		[d, m, y] = [Number(uk[1]), Number(uk[2]), Number(uk[3])];
	} else {
		return { problem: `'${raw}' is not a date we can read: write it as 2024-12-10 or 10/12/2024` };
	}
	if (!isExists(y, m - 1, d)) return { problem: `Date '${raw}' is not a real date` };
	const pad = (n: number, width: number) => String(n).padStart(width, "0");
	return { value: `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}` };
}

export function readFlag(raw: string): CellResult {
	const upper = raw.toUpperCase();
	return upper === "Y" || upper === "N" ? { value: upper } : { problem: `'${raw}' is not Y or N` };
}

// PostgreSQL's integer, which the tables use for counts.
const INT_MAX = 2_147_483_647;

export function readInteger(raw: string): CellResult {
	if (!/^[+-]?\d+$/.test(raw)) return { problem: `'${raw}' is not a whole number` };
	const n = Number(raw);
	return Math.abs(n) > INT_MAX ? { problem: `${raw} is too large a number` } : { value: n };
}

export function readDecimal(raw: string): CellResult {
	if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(raw)) return { problem: `'${raw}' is not a number` };
	return { value: Number(raw) };
}

/** Outcome columns hold JSON documents; they are kept as written, once known to be JSON. */
export function readJson(raw: string): CellResult {
	try {
		JSON.parse(raw);
		return { value: raw };
	} catch {
		return { problem: "This is not valid JSON (check its brackets, quotes and commas)" };
	}
}

/** A known code in the spec's case ("rc1" is RC1); a code the spec does not list is kept as given. */
export function readCode(raw: string, codes: readonly string[] | undefined): string {
	const upper = raw.toUpperCase();
	return codes?.find((c) => c.toUpperCase() === upper) ?? raw;
}

function withinLength(value: string, field: SsdField): CellResult {
	const length = [...value].length;
	if (field.maxLength !== undefined && length > field.maxLength) {
		return { problem: `This is ${length} characters long; ${field.name} holds at most ${field.maxLength}` };
	}
	return { value };
}

/** The cell read as its column's kind; empty cells are null here, and the caller decides whether that is allowed. */
export function readCell(raw: string, field: SsdField, spec: Pick<SsdSpec, "codeSets">): CellResult {
	if (isEmptyCell(raw)) return { value: null };
	const value = raw.trim();
	switch (field.kind) {
		case "date":
			return readDate(value);
		case "flag":
			return readFlag(value);
		case "integer":
			return readInteger(value);
		case "decimal":
			return readDecimal(value);
		case "json":
			return readJson(value);
		case "code":
			return withinLength(readCode(value, field.codeSet ? spec.codeSets[field.codeSet] : undefined), field);
		case "text":
			return withinLength(value, field);
	}
}
