/**
 * Exporting an SSD table for a source in the layout we read (docs/ssd-csv.md): the spec's
 * column names in its order, dates as YYYY-MM-DD, empty for no value, text that a
 * spreadsheet would run as a formula escaped. Rows are read a page at a time by key, so a
 * table of any size streams with memory held flat. Each export is logged before its first
 * row leaves (ADR 33). Source 'threshold' is Threshold's own front door, read from the views
 * that present it in the SSD's shape (ADR 37), for the two tables it holds.
 */
import { Readable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/schema.ts";
import { escapeFormula } from "../../domain/ssd/formula.ts";
import { SSD_SPEC, type SsdField, type SsdSpec, type SsdTable, ssdTable } from "../../domain/ssd/spec.ts";
import type { AccessLog } from "../../platform/access-log.ts";
import { Refused } from "../../platform/errors.ts";
import { assertAnalyst, type SsdActor } from "./access.ts";
import { THRESHOLD_SOURCE } from "./import.ts";

/** The views (migrations/0047) that present Threshold's own records as SSD tables. */
const THRESHOLD_VIEWS: Record<string, string> = {
	ssd_contacts: "threshold_contacts",
	ssd_cin_episodes: "threshold_cin_episodes",
};

export interface ExportOptions {
	/** Rows read per query; small in tests, to page through a small table. */
	rowsPerPage?: number;
	spec?: SsdSpec;
}

export interface ExportRequest {
	table: string;
	source: string;
}

export interface ExportResult {
	table: string;
	source: string;
	rows: number;
	/** Distinct children the rows are about; 0 for the tables of workers and teams. */
	children: number;
	/** The CSV, UTF-8 without a byte order mark, CRLF line ends. */
	csv: Readable;
}

/** A stored value as the layout writes it. */
export function cellOf(field: SsdField, value: unknown): string {
	if (value === null || value === undefined) return "";
	switch (field.kind) {
		case "text":
		case "code":
			return escapeFormula(String(value));
		default:
			// Dates arrive as YYYY-MM-DD on both engines (src/db/engine.ts); numbers, flags and JSON as stored.
			return String(value);
	}
}

const personFieldOf = (table: SsdTable) => table.fields.find((f) => f.name.endsWith("_person_id"));

/**
 * How the children a table's rows are about are counted: its own person id, or, for a
 * table that has none (assessment factors, CLA reviews), its owner's, one link up.
 */
function childrenQuery(spec: SsdSpec, table: SsdTable, source: string, relation: string) {
	const own = personFieldOf(table);
	if (own) {
		return sql<{ n: number }>`SELECT count(DISTINCT ${sql.ref(own.name)})::int AS n
			FROM ${sql.table(relation)} WHERE ssd_source = ${source}`;
	}
	for (const link of table.fields.filter((f) => f.required && f.foreignKey)) {
		const [target, targetColumn] = link.foreignKey!.split(".");
		const owner = spec.tables.find((t) => t.name === target);
		const person = owner && personFieldOf(owner);
		if (!person) continue;
		return sql<{ n: number }>`SELECT count(DISTINCT ${sql.ref(person.name)})::int AS n
			FROM ${sql.table(target)}
			WHERE ssd_source = ${source}
			  AND ${sql.ref(targetColumn)} IN (SELECT ${sql.ref(link.name)} FROM ${sql.table(table.name)} WHERE ssd_source = ${source})`;
	}
	return null;
}

export class SsdExportService {
	private readonly spec: SsdSpec;
	private readonly rowsPerPage: number;

	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		options: ExportOptions = {},
	) {
		this.spec = options.spec ?? SSD_SPEC;
		this.rowsPerPage = options.rowsPerPage ?? 5000;
	}

	async open(request: ExportRequest, actor: SsdActor, requestId: string | null = null): Promise<ExportResult> {
		assertAnalyst(actor);
		const table = ssdTable(request.table.trim().toLowerCase());
		if (!table) {
			throw new Refused(
				"ssd-unknown-table",
				`There is no SSD table called '${request.table}'; the tables are ${this.spec.tables.map((t) => t.name).join(", ")}`,
			);
		}
		const source = request.source.trim();
		const relation = source === THRESHOLD_SOURCE ? THRESHOLD_VIEWS[table.name] : table.name;
		if (!relation) {
			throw new Refused(
				"ssd-not-held",
				`Threshold's own records export as ${Object.keys(THRESHOLD_VIEWS).join(" and ")} only; ${table.name} is held by the case system`,
			);
		}
		const { rows } = (
			await sql<{
				rows: number;
			}>`SELECT count(*)::int AS rows FROM ${sql.table(relation)} WHERE ssd_source = ${source}`.execute(this.db)
		).rows[0];
		const children = (await childrenQuery(this.spec, table, source, relation)?.execute(this.db))?.rows[0].n ?? 0;
		// Logged before the first row is written: an export that fails half-way was still made.
		await this.accessLog.change(this.db, {
			userId: actor.id,
			role: actor.roles.join(","),
			action: "export",
			recordType: "ssd-table",
			recordId: table.name,
			requestId,
			detail: { table: table.name, source, rows, children },
			before: null,
			after: null,
		});
		return { table: table.name, source, rows, children, csv: Readable.from(this.#pages(table, source, relation)) };
	}

	async *#pages(table: SsdTable, source: string, relation: string): AsyncGenerator<string> {
		const options = { record_delimiter: "windows" } as const;
		yield stringify([table.fields.map((f) => f.name)], options);
		const key = sql.ref(table.primaryKey);
		let after: string | null = null;
		for (;;) {
			const page: Record<string, unknown>[] = (
				await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(relation)}
					WHERE ssd_source = ${source} ${after === null ? sql`` : sql`AND ${key} > ${after}`}
					ORDER BY ${key} LIMIT ${this.rowsPerPage}`.execute(this.db)
			).rows;
			if (page.length === 0) return;
			yield stringify(
				page.map((row) => table.fields.map((f) => cellOf(f, row[f.name]))),
				options,
			);
			if (page.length < this.rowsPerPage) return;
			after = String(page[page.length - 1][table.primaryKey]);
		}
	}
}
