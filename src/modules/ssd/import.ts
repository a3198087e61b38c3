/**
 * Importing an SSD extract (issue 17, ADR 33): every file read and checked, references
 * checked across the files and against what the source already holds, then, in one
 * transaction, each table read replaced for that source, and the import recorded.
 */
import type { Kysely, Transaction } from "kysely";
import type { DB } from "../../db/schema.ts";
import { tableForFileName } from "../../domain/ssd/header.ts";
import { isError, type SsdProblem } from "../../domain/ssd/problems.ts";
import { readSsdCsv } from "../../domain/ssd/read-csv.ts";
import { checkReferences, type ImportedTable, storedLookups } from "../../domain/ssd/references.ts";
import { SSD_SPEC, type SsdSpec, ssdTable } from "../../domain/ssd/spec.ts";
import type { AccessLog } from "../../platform/access-log.ts";
import { Refused } from "../../platform/errors.ts";
import { assertAnalyst, type SsdActor } from "./access.ts";
import type { SsdFile } from "./files.ts";
import { lockSource, ROWS_PER_STATEMENT, replaceRows, storedValues } from "./store.ts";

export interface ImportRequest {
	/** The extract's source: a case system, or an older one a council migrated from (ADR 32). */
	source: string;
	files: readonly SsdFile[];
	/** Load the rows without errors and leave the rest out, rather than refuse the whole import. */
	validOnly?: boolean;
	/**
	 * Told how far the import has gone, after each row read and each batch written. It must
	 * not touch the database: while the import's transaction holds PGlite's one connection,
	 * a query would wait for it, and the import would wait for the query.
	 */
	onProgress?: (progress: ImportProgress) => void;
	/**
	 * Runs in the import's transaction once it is recorded, so what the caller keeps of it
	 * (a background job's outcome) commits or rolls back with the import itself.
	 */
	alsoInTransaction?: (trx: Transaction<DB>, summary: ImportSummary) => Promise<void>;
}

export interface ImportProgress {
	/** reading the files; checking references and looking up stored rows; writing the tables. */
	phase: "reading" | "checking" | "writing";
	filesRead: number;
	rowsRead: number;
	/** Rows read without errors of their own (references are checked later). */
	rowsValid: number;
	rowsWritten: number;
	/** Known once checked: the rows that will be written. */
	rowsToWrite: number;
}

/** Where every import starts, for the service and for a job that watches it. */
export const startingProgress = (): ImportProgress => ({
	phase: "reading",
	filesRead: 0,
	rowsRead: 0,
	rowsValid: 0,
	rowsWritten: 0,
	rowsToWrite: 0,
});

export interface ImportedFileSummary {
	file: string;
	/** The table it holds; null for a file not named after one (not read). */
	table: string | null;
	rowsRead: number;
	rowsLoaded: number;
	rowsRejected: number;
	/** Whether the source's rows of the table were replaced by this file's. */
	replaced: boolean;
}

export interface ImportSummary {
	importId: string;
	source: string;
	/** loaded: the tables read were replaced; rejected: nothing was written but the record of the attempt. */
	outcome: "loaded" | "rejected";
	validOnly: boolean;
	startedAt: Date;
	finishedAt: Date;
	files: ImportedFileSummary[];
	rowsLoaded: number;
	rowsRejected: number;
	errors: number;
	warnings: number;
	problems: SsdProblem[];
}

export const SOURCE_MAX = 100;
/** The journey views' name for Threshold's own records (ADR 37): no extract may take it. */
export const THRESHOLD_SOURCE = "threshold";

export const RESERVED_SOURCE_MESSAGE =
	"The source cannot be 'threshold', which names Threshold's own records: enter the case system the extract came from";

export function checkSource(source: string): string {
	const name = source.trim();
	if (!name) throw new Refused("ssd-no-source", "Name the extract's source (the case system it came from)");
	if ([...name].length > SOURCE_MAX) {
		throw new Refused("ssd-source-too-long", `A source's name is at most ${SOURCE_MAX} characters`);
	}
	if (name.toLowerCase() === THRESHOLD_SOURCE) {
		throw new Refused("ssd-source-reserved", RESERVED_SOURCE_MESSAGE);
	}
	return name;
}

/** One file read whole: its rows with their own errors, and every problem in it. */
async function readFile(
	spec: SsdSpec,
	file: SsdFile,
	table: string,
	onRow: (valid: boolean) => void,
): Promise<{ read: ImportedTable; problems: SsdProblem[] }> {
	const tableSpec = ssdTable(table)!;
	const read: ImportedTable = { table, file: file.name, complete: true, headerNames: {}, rows: [] };
	const problems: SsdProblem[] = [];
	const byRow = new Map<number, ImportedTable["rows"][number]>();
	for await (const event of readSsdCsv(file.content, { spec, table: tableSpec, file: file.name })) {
		if (event.type === "header") {
			const names: Record<string, string> = {};
			event.columns.forEach((column, i) => {
				if (column) names[column] ??= event.names[i];
			});
			read.headerNames = names;
		} else if (event.type === "row") {
			const row = { row: event.row, values: event.values, ownErrors: event.problems.some(isError) };
			read.rows.push(row);
			byRow.set(event.row, row);
			problems.push(...event.problems);
			onRow(!row.ownErrors);
		} else {
			problems.push(event.problem);
			if (!isError(event.problem)) continue;
			// A problem about a row already read is a key that row shares with a later one;
			// any other error is about the file, which was not read to its end.
			const earlier = event.problem.row === null ? undefined : byRow.get(event.problem.row);
			if (earlier) earlier.ownErrors = true;
			else read.complete = false;
		}
	}
	return { read, problems };
}

export interface ImportOptions {
	/** Rows per INSERT; small in tests, so a small extract takes several statements. */
	rowsPerStatement?: number;
	spec?: SsdSpec;
}

export class SsdImportService {
	private readonly spec: SsdSpec;
	private readonly rowsPerStatement: number;

	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
		options: ImportOptions = {},
	) {
		this.spec = options.spec ?? SSD_SPEC;
		this.rowsPerStatement = options.rowsPerStatement ?? ROWS_PER_STATEMENT;
	}

	async run(request: ImportRequest, actor: SsdActor, requestId: string | null = null): Promise<ImportSummary> {
		assertAnalyst(actor);
		const source = checkSource(request.source);
		const validOnly = request.validOnly ?? false;
		const startedAt = this.now();
		const progress = startingProgress();
		const report = (change: Partial<ImportProgress>) => {
			Object.assign(progress, change);
			request.onProgress?.({ ...progress });
		};

		// Reading: each file once, in full, before anything is written.
		const problems: SsdProblem[] = [];
		const tables: ImportedTable[] = [];
		const files: ImportedFileSummary[] = [];
		for (const file of request.files) {
			const table = tableForFileName(this.spec, file.name);
			const seen = table && tables.find((t) => t.table === table.name);
			if (!table || seen) {
				problems.push({
					file: file.name,
					row: null,
					column: null,
					severity: seen ? "error" : "warning",
					reason: seen
						? `${seen.file} already holds ${table.name}: one file per table, so this one is not read`
						: `The file is not named after one of the SSD tables Threshold holds (ssd_person.csv, ssd_cin_episodes.csv …), so it is not read`,
				});
				files.push({
					file: file.name,
					table: table?.name ?? null,
					rowsRead: 0,
					rowsLoaded: 0,
					rowsRejected: 0,
					replaced: false,
				});
				continue;
			}
			const { read, problems: found } = await readFile(this.spec, file, table.name, (valid) =>
				report({ rowsRead: progress.rowsRead + 1, rowsValid: progress.rowsValid + (valid ? 1 : 0) }),
			);
			tables.push(read);
			problems.push(...found);
			report({ filesRead: progress.filesRead + 1 });
		}

		if (tables.length === 0) {
			throw new Refused(
				"ssd-no-tables",
				"None of the files is named after an SSD table (ssd_person.csv, ssd_cin_episodes.csv …), so there is nothing to import",
			);
		}

		report({ phase: "checking" });
		return this.db.transaction().execute(async (trx) => {
			await lockSource(trx, source);
			const stored = new Map<string, Set<string>>();
			for (const lookup of storedLookups(this.spec, tables, validOnly)) {
				stored.set(
					`${lookup.table}.${lookup.column}`,
					await storedValues(trx, source, lookup.table, lookup.column, lookup.values),
				);
			}
			const references = checkReferences(this.spec, { source, tables, validOnly, stored });
			problems.push(...references.problems);
			// In the order the analyst will work through them: file by file, top to bottom.
			problems.sort((a, b) => a.file.localeCompare(b.file) || (a.row ?? 0) - (b.row ?? 0));
			const errors = problems.filter(isError).length;
			const outcome = errors > 0 && !validOnly ? "rejected" : "loaded";

			for (const t of tables) {
				const loadable = references.loadable.get(t.table)!;
				const replaced = outcome === "loaded" && (t.complete || !validOnly);
				const rowsLoaded = replaced ? loadable.size : 0;
				files.push({
					file: t.file,
					table: t.table,
					rowsRead: t.rows.length,
					rowsLoaded,
					rowsRejected: t.rows.length - rowsLoaded,
					replaced,
				});
				if (!replaced) continue;
				await replaceRows(
					trx,
					source,
					ssdTable(t.table)!,
					t.rows.filter((r) => loadable.has(r.row)).map((r) => r.values),
					this.rowsPerStatement,
					(rows) => report({ rowsWritten: progress.rowsWritten + rows }),
				);
			}
			files.sort((a, b) => a.file.localeCompare(b.file));

			const finishedAt = this.now();
			const rowsLoaded = files.reduce((n, f) => n + f.rowsLoaded, 0);
			const rowsRejected = files.reduce((n, f) => n + f.rowsRejected, 0);
			const warnings = problems.length - errors;
			const { id } = await trx
				.insertInto("extract_import")
				.values({
					ssd_source: source,
					imported_by: actor.id,
					started_at: startedAt,
					finished_at: finishedAt,
					outcome,
					valid_only: validOnly,
					spec_version: this.spec.version,
					files: JSON.stringify(files),
					rows_loaded: rowsLoaded,
					rows_rejected: rowsRejected,
					errors,
					warnings,
				})
				.returning("id")
				.executeTakeFirstOrThrow();
			await this.accessLog.change(trx, {
				userId: actor.id,
				role: actor.roles.join(","),
				action: "create",
				recordType: "ssd-import",
				recordId: id,
				requestId,
				before: null,
				after: { source, outcome, validOnly, rowsLoaded, rowsRejected, errors, warnings },
			});
			const summary: ImportSummary = {
				importId: id,
				source,
				outcome,
				validOnly,
				startedAt,
				finishedAt,
				files,
				rowsLoaded,
				rowsRejected,
				errors,
				warnings,
				problems,
			};
			await request.alsoInTransaction?.(trx, summary);
			return summary;
		});
	}
}
