/**
 * Background imports (ADR 34): an upload is kept with its job in one transaction, then
 * read back a piece at a time by the runner (runner.ts). This file is the jobs' storage and
 * what the pages ask of it; the runner decides what happens to a job.
 */
import type { Readable } from "node:stream";
import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { DB, ExtractImportJob } from "../../db/schema.ts";
import type { SsdProblem } from "../../domain/ssd/problems.ts";
import type { AccessLog } from "../../platform/access-log.ts";
import { NotFound, Refused } from "../../platform/errors.ts";
import { assertAnalyst, type SsdActor } from "./access.ts";
import type { SsdFile } from "./files.ts";
import { checkSource, type ImportedFileSummary } from "./import.ts";
import { problemsCsv } from "./problems-csv.ts";

/** Bytes per stored piece of a file: small enough to read back without holding the file. */
export const CHUNK_BYTES = 256 * 1024;
const PROBLEMS_PER_STATEMENT = 5000;

export type JobState = ExtractImportJob["state"];
export type Job = Selectable<ExtractImportJob> & { requestedByName: string };

export interface UploadedFile {
	name: string;
	content: Uint8Array;
}

export interface QueueRequest {
	source: string;
	validOnly: boolean;
	files: readonly UploadedFile[];
}

/** A job that has ended can only be looked at; one interrupted or failed can be run again, once. */
export const FINISHED: readonly JobState[] = ["done", "refused", "failed", "interrupted"];
export const RERUNNABLE: readonly JobState[] = ["failed", "interrupted"];

export class SsdImportJobs {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
	) {}

	/** Keeps the files and queues their import; the runner picks it up. */
	async queue(request: QueueRequest, actor: SsdActor, requestId: string | null = null): Promise<string> {
		assertAnalyst(actor);
		const source = checkSource(request.source);
		if (request.files.length === 0) throw new Refused("ssd-no-files", "Choose the extract's CSV files");
		const at = this.now();
		return this.db.transaction().execute(async (trx) => {
			const { id } = await trx
				.insertInto("extract_import_job")
				.values({
					ssd_source: source,
					requested_by: actor.id,
					valid_only: request.validOnly,
					state: "queued",
					queued_at: at,
					updated_at: at,
					files_total: request.files.length,
					bytes_total: request.files.reduce((n, f) => n + f.content.byteLength, 0),
				})
				.returning("id")
				.executeTakeFirstOrThrow();
			for (const [fileNo, file] of request.files.entries()) {
				await trx
					.insertInto("extract_import_job_file")
					.values({ job_id: id, file_no: fileNo, name: file.name, bytes: file.content.byteLength })
					.execute();
				for (let start = 0, chunkNo = 0; start < file.content.byteLength; start += CHUNK_BYTES, chunkNo++) {
					await trx
						.insertInto("extract_import_job_chunk")
						.values({
							job_id: id,
							file_no: fileNo,
							chunk_no: chunkNo,
							content: Buffer.from(file.content.subarray(start, start + CHUNK_BYTES)),
						})
						.execute();
				}
			}
			await this.#logged(trx, actor, id, requestId, { source, validOnly: request.validOnly });
			return id;
		});
	}

	/**
	 * Queues an interrupted or failed job again as a new job, which takes over its files: the
	 * old one keeps its record of what happened. Its transaction was rolled back, so the new
	 * job starts from the beginning (ADR 34: rerun, not resume).
	 */
	async rerun(id: string, actor: SsdActor, requestId: string | null = null): Promise<string> {
		assertAnalyst(actor);
		const at = this.now();
		return this.db.transaction().execute(async (trx) => {
			const old = await trx
				.selectFrom("extract_import_job")
				.selectAll()
				.where("id", "=", id)
				.forUpdate()
				.executeTakeFirst();
			if (!old) throw new NotFound("Import");
			const already = await trx
				.selectFrom("extract_import_job")
				.select("id")
				.where("rerun_of", "=", id)
				.executeTakeFirst();
			if (already) return already.id;
			if (!RERUNNABLE.includes(old.state)) {
				throw new Refused("ssd-job-not-rerunnable", "Only an import that was interrupted or failed can be run again");
			}
			const { id: newId } = await trx
				.insertInto("extract_import_job")
				.values({
					ssd_source: old.ssd_source,
					requested_by: actor.id,
					valid_only: old.valid_only,
					state: "queued",
					queued_at: at,
					updated_at: at,
					files_total: old.files_total,
					bytes_total: old.bytes_total,
					rerun_of: old.id,
				})
				.returning("id")
				.executeTakeFirstOrThrow();
			await sql`INSERT INTO extract_import_job_file (job_id, file_no, name, bytes)
				SELECT ${newId}::uuid, file_no, name, bytes FROM extract_import_job_file WHERE job_id = ${id}`.execute(trx);
			await trx.updateTable("extract_import_job_chunk").set({ job_id: newId }).where("job_id", "=", id).execute();
			await this.#logged(trx, actor, newId, requestId, {
				source: old.ssd_source,
				validOnly: old.valid_only,
				rerunOf: id,
			});
			return newId;
		});
	}

	async get(id: string): Promise<Job> {
		const job = await this.#jobs().where("j.id", "=", id).executeTakeFirst();
		if (!job) throw new NotFound("Import");
		return job;
	}

	/** The most recent jobs, newest first. */
	async recent(limit = 50): Promise<Job[]> {
		return this.#jobs().orderBy("j.queued_at", "desc").limit(limit).execute();
	}

	/** The job that runs this one again, when there is one. */
	async rerunOf(id: string): Promise<string | null> {
		const row = await this.db
			.selectFrom("extract_import_job")
			.select("id")
			.where("rerun_of", "=", id)
			.executeTakeFirst();
		return row?.id ?? null;
	}

	async problems(id: string, limit: number): Promise<SsdProblem[]> {
		return (await this.#problemPage(id, -1, limit)).map(problemOf);
	}

	/** Every problem as the CSV the command writes, read from the database a page at a time. */
	problemsCsv(id: string): Readable {
		const page = (after: number) => this.#problemPage(id, after, PROBLEMS_PER_STATEMENT);
		async function* all(): AsyncGenerator<SsdProblem[]> {
			for (let after = -1; ; ) {
				const rows = await page(after);
				if (rows.length === 0) return;
				yield rows.map(problemOf);
				after = rows[rows.length - 1].seq;
			}
		}
		return problemsCsv(all());
	}

	/** The stored files as the import service reads them, a piece at a time. */
	async files(id: string, onChunk: (bytes: number) => Promise<void>): Promise<SsdFile[]> {
		const files = await this.db
			.selectFrom("extract_import_job_file")
			.select(["file_no", "name"])
			.where("job_id", "=", id)
			.orderBy("file_no")
			.execute();
		const db = this.db;
		return files.map((f) => ({
			name: f.name,
			content: (async function* () {
				for (let chunkNo = 0; ; chunkNo++) {
					const chunk = await db
						.selectFrom("extract_import_job_chunk")
						.select("content")
						.where("job_id", "=", id)
						.where("file_no", "=", f.file_no)
						.where("chunk_no", "=", chunkNo)
						.executeTakeFirst();
					if (!chunk) return;
					yield chunk.content;
					await onChunk(chunk.content.byteLength);
				}
			})(),
		}));
	}

	#jobs() {
		return this.db
			.selectFrom("extract_import_job as j")
			.innerJoin("app_user as u", "u.id", "j.requested_by")
			.selectAll("j")
			.select("u.display_name as requestedByName");
	}

	#problemPage(id: string, after: number, limit: number) {
		return this.db
			.selectFrom("extract_import_job_problem")
			.selectAll()
			.where("job_id", "=", id)
			.where("seq", ">", after)
			.orderBy("seq")
			.limit(limit)
			.execute();
	}

	async #logged(trx: Transaction<DB>, actor: SsdActor, id: string, requestId: string | null, after: object) {
		await this.accessLog.change(trx, {
			userId: actor.id,
			role: actor.roles.join(","),
			action: "create",
			recordType: "ssd-import-job",
			recordId: id,
			requestId,
			before: null,
			after,
		});
	}
}

function problemOf(row: {
	file: string;
	row_no: number | null;
	column_name: string | null;
	severity: string;
	reason: string;
}): SsdProblem {
	return {
		file: row.file,
		row: row.row_no,
		column: row.column_name,
		severity: row.severity === "error" ? "error" : "warning",
		reason: row.reason,
	};
}

/** Keeps an import's problems with its job, in the import's order, a batch per statement. */
export async function storeProblems(trx: Transaction<DB>, jobId: string, problems: readonly SsdProblem[]) {
	for (let start = 0; start < problems.length; start += PROBLEMS_PER_STATEMENT) {
		const batch = problems.slice(start, start + PROBLEMS_PER_STATEMENT);
		await sql`INSERT INTO extract_import_job_problem (job_id, seq, file, row_no, column_name, severity, reason)
			SELECT ${jobId}::uuid, u.* FROM unnest(
				${batch.map((_, i) => start + i)}::int[],
				${batch.map((p) => p.file)}::text[],
				${batch.map((p) => p.row)}::int[],
				${batch.map((p) => p.column)}::text[],
				${batch.map((p) => p.severity)}::text[],
				${batch.map((p) => p.reason)}::text[]
			) AS u`.execute(trx);
	}
}

/** What a finished job keeps of its import's files: per file, as extract_import records it. */
export type JobFiles = ImportedFileSummary[];
