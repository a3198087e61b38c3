import type { Batch } from "./generate.ts";

// The tables a synthetic council fills, in foreign-key order, with the columns written.
// Generated columns (the phonetic keys) and defaults (version, merged_into) are left to
// the database.

export type TableKey = Exclude<keyof Batch, "truth">;

interface TableSpec<K extends TableKey> {
	name: string;
	columns: readonly (keyof Batch[K][number] & string)[];
}

export const TABLES: { [K in TableKey]: TableSpec<K> } = {
	persons: {
		name: "person",
		columns: [
			"id",
			"la_person_id",
			"given_name",
			"middle_names",
			"family_name",
			"sex",
			"date_of_birth",
			"expected_birth_date",
			"death_date",
			"ethnicity",
			"nhs_number",
			"upn",
			"former_upn",
			"upn_unknown",
			"created_at",
			"updated_at",
		],
	},
	names: {
		name: "person_name",
		columns: [
			"id",
			"person_id",
			"kind",
			"given_name",
			"family_name",
			"given_norm",
			"family_norm",
			"given_canonical",
			"recorded_at",
		],
	},
	addresses: {
		name: "person_address",
		columns: [
			"id",
			"person_id",
			"lines",
			"postcode",
			"no_fixed_abode",
			"abroad",
			"start_date",
			"end_date",
			"recorded_at",
		],
	},
	disabilities: { name: "person_disability", columns: ["person_id", "code"] },
	relationships: {
		name: "relationship",
		columns: [
			"id",
			"person_id",
			"related_person_id",
			"kind",
			"parental_responsibility",
			"start_date",
			"end_date",
			"recorded_at",
		],
	},
};

export const LOAD_ORDER: readonly TableKey[] = ["persons", "names", "addresses", "disabilities", "relationships"];

/** A row's values in column order; jsonb columns as JSON text. */
export function valuesOf(key: TableKey, row: object): unknown[] {
	const record = row as Record<string, unknown>;
	return TABLES[key].columns.map((c) => {
		const v = record[c];
		return v !== null && typeof v === "object" ? JSON.stringify(v) : v;
	});
}

// COPY's text format: backslash escapes for the characters that delimit it, \N for null.
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPE = /[\\\t\n\r]/g;
const ESCAPED: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function copyField(v: unknown): string {
	if (v === null || v === undefined) return "\\N";
	if (typeof v === "boolean") return v ? "t" : "f";
	const text = typeof v === "object" ? JSON.stringify(v) : String(v);
	return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE, (c) => ESCAPED[c]) : text;
}

/** Rows as one block of COPY text (a line per row, tab between fields). */
export function copyText(key: TableKey, rows: readonly object[]): string {
	const columns = TABLES[key].columns;
	const last = columns.length - 1;
	let out = "";
	for (const row of rows) {
		const record = row as Record<string, unknown>;
		for (let c = 0; c <= last; c++) out += copyField(record[columns[c]]) + (c === last ? "\n" : "\t");
	}
	return out;
}

export function copyStatement(key: TableKey): string {
	const t = TABLES[key];
	return `COPY ${t.name} (${t.columns.join(", ")}) FROM STDIN`;
}

/** One multi-row INSERT with numbered parameters. */
export function insertStatement(key: TableKey, rowCount: number): string {
	const t = TABLES[key];
	const width = t.columns.length;
	const tuples: string[] = [];
	for (let r = 0; r < rowCount; r++) {
		tuples.push(`(${t.columns.map((_, c) => `$${r * width + c + 1}`).join(", ")})`);
	}
	return `INSERT INTO ${t.name} (${t.columns.join(", ")}) VALUES ${tuples.join(", ")}`;
}
