/**
 * The SQL of an import: what is stored for a source, and replacing a table's rows for it.
 * Table and column names come from the pinned spec, never from a file, so they are safe
 * to place in the statement.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { DB } from "../../db/schema.ts";
import type { FieldKind, SsdTable } from "../../domain/ssd/spec.ts";
import type { SsdValue } from "../../domain/ssd/values.ts";

// Each statement sends one array per column, so its size is set by memory, not by
// PostgreSQL's 65,535 parameters: a few thousand rows keep each statement small.
export const ROWS_PER_STATEMENT = 5000;

const ARRAY_TYPE: Record<FieldKind, string> = {
	text: "text[]",
	code: "text[]",
	json: "text[]",
	flag: "text[]",
	date: "date[]",
	integer: "integer[]",
	decimal: "double precision[]",
};

/** Serialises imports of one source, so two analysts loading it at once cannot interleave deletes and inserts. */
export async function lockSource(trx: Transaction<DB>, source: string): Promise<void> {
	await sql`SELECT pg_advisory_xact_lock(hashtext('ssd-import'), hashtext(${source}))`.execute(trx);
}

/** Which of `values` the source holds in `table.column`. */
export async function storedValues(
	db: Kysely<DB> | Transaction<DB>,
	source: string,
	table: string,
	column: string,
	values: readonly string[],
): Promise<Set<string>> {
	const { rows } = await sql<{ v: string }>`
		SELECT DISTINCT ${sql.ref(column)}::text AS v
		  FROM ${sql.table(table)}
		 WHERE ssd_source = ${source}
		   AND ${sql.ref(column)}::text = ANY(${[...values]}::text[])`.execute(db);
	return new Set(rows.map((r) => r.v));
}

/**
 * Replaces a source's rows of a table: the old ones deleted, the new ones inserted a
 * batch at a time. Inside the caller's transaction, so a failure leaves the old rows.
 */
export async function replaceRows(
	trx: Transaction<DB>,
	source: string,
	table: SsdTable,
	rows: readonly Record<string, SsdValue>[],
	rowsPerStatement = ROWS_PER_STATEMENT,
	onBatch: (rows: number) => void = () => undefined,
): Promise<{ deleted: number }> {
	const deleted = await sql`DELETE FROM ${sql.table(table.name)} WHERE ssd_source = ${source}`.execute(trx);
	const columns = sql.join([sql.ref("ssd_source"), ...table.fields.map((f) => sql.ref(f.name))]);
	for (let start = 0; start < rows.length; start += rowsPerStatement) {
		const batch = rows.slice(start, start + rowsPerStatement);
		const arrays: RawBuilder<unknown>[] = table.fields.map(
			(f) => sql`${batch.map((r) => r[f.name])}::${sql.raw(ARRAY_TYPE[f.kind])}`,
		);
		await sql`INSERT INTO ${sql.table(table.name)} (${columns})
			SELECT ${source}::text, u.* FROM unnest(${sql.join(arrays)}) AS u`.execute(trx);
		onBatch(batch.length);
	}
	return { deleted: Number(deleted.numAffectedRows ?? 0) };
}
