// A page that needs a record's many parts reads them in one statement, each part a JSON
// sub-select. PostgreSQL writes timestamptz into JSON as ISO text, where a column read
// directly arrives as a Date; reviving them here keeps one shape for both routes.
// Every timestamptz column is named `at`, `…_at` or listed below (migrate.test.ts holds
// the schema to that), so free text that happens to look like a date is never touched.

const TIMESTAMP_NAMED = new Set(["at", "referral_date"]);
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::\d{2})?)$/;

export function isTimestampColumn(name: string): boolean {
	return TIMESTAMP_NAMED.has(name) || name.endsWith("_at");
}

type TimestampKey = "at" | "referral_date" | `${string}_at`;

/** A row as read from JSON, with its timestamp columns typed as the Dates they are revived to. */
export type Revived<R> = {
	[K in keyof R]: K extends TimestampKey
		? R[K] extends string
			? Date
			: R[K] extends string | null
				? Date | null
				: R[K]
		: R[K];
};

/**
 * The row, or each row of a list, with its timestamp columns' text turned back into Dates,
 * in place. Only the rows' own columns: a jsonb column inside keeps the shape it is stored in.
 */
export function reviveTimestamps<R extends object>(rows: R[]): Revived<R>[];
export function reviveTimestamps<R extends object>(row: R | null): Revived<R> | null;
export function reviveTimestamps(rows: object[] | object | null): unknown {
	if (rows === null) return rows;
	for (const row of (Array.isArray(rows) ? rows : [rows]) as Record<string, unknown>[]) {
		for (const [key, field] of Object.entries(row)) {
			if (typeof field === "string" && isTimestampColumn(key) && TIMESTAMP_TEXT.test(field)) row[key] = new Date(field);
		}
	}
	return rows;
}
