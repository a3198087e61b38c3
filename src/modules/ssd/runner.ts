/**
 * Runs queued imports one at a time in the app process (ADR 34). Each runs the import
 * service's one transaction, whose last statements record the job's outcome and problems,
 * so a job is done exactly when its import committed. Progress is kept in memory as the
 * import reports it and written to the job every so often, never from inside the import:
 * on PGlite the import's transaction holds the only connection.
 */
import { setImmediate as yieldToOthers } from "node:timers/promises";
import type { Kysely, Transaction } from "kysely";
import type { DB } from "../../db/schema.ts";
import { secondsLeft } from "../../domain/ssd/progress.ts";
import { Refused } from "../../platform/errors.ts";
import { analystById } from "./access.ts";
import { type ImportProgress, type ImportSummary, type SsdImportService, startingProgress } from "./import.ts";
import { type SsdImportJobs, storeProblems } from "./jobs.ts";
import type { SsdLinker } from "./linking.ts";

export interface RunnerOptions {
	now?: () => Date;
	/** How often an idle runner looks for a queued job. */
	pollMs?: number;
	/** How often a running job's progress is written: its heartbeat. */
	heartbeatMs?: number;
	/**
	 * A running job whose progress has not been written for this long belongs to a process
	 * that stopped. At start-up, a runner that knows it is the only process (PGlite's data
	 * directory is locked to one) passes 0 and interrupts every running job at once.
	 */
	abandonedAfterMs?: number;
	log?: RunnerLog;
}

export interface RunnerLog {
	error(obj: object, msg: string): void;
	info(obj: object, msg: string): void;
}

export const INTERRUPTED_REASON =
	"The app stopped while this import was running. Its transaction was rolled back, so nothing from it was loaded and the source keeps what it held before.";
const FAILED_REASON =
	"Something went wrong while importing, so the import was rolled back and nothing from it was loaded. Run it again; if it fails again, ask your administrator to look at the app's log.";

export class SsdImportRunner {
	readonly #now: () => Date;
	readonly #pollMs: number;
	readonly #heartbeatMs: number;
	readonly #abandonedAfterMs: number;
	#stopping = false;
	#loop: Promise<void> | null = null;
	#wake: (() => void) | null = null;
	#log: RunnerLog | undefined;
	#busy = false;

	constructor(
		private readonly db: Kysely<DB>,
		private readonly jobs: SsdImportJobs,
		private readonly importer: SsdImportService,
		private readonly linker: SsdLinker,
		options: RunnerOptions = {},
	) {
		this.#now = options.now ?? (() => new Date());
		this.#pollMs = options.pollMs ?? 1000;
		this.#heartbeatMs = options.heartbeatMs ?? 1000;
		this.#abandonedAfterMs = options.abandonedAfterMs ?? 60_000;
		this.#log = options.log;
	}

	/** Marks what a stopped process left running as interrupted, then works through the queue until stopped. */
	async start(options: { onlyProcess: boolean; log?: RunnerLog }): Promise<void> {
		this.#log = options.log ?? this.#log;
		await this.interruptAbandoned(options.onlyProcess ? 0 : this.#abandonedAfterMs);
		this.#loop = this.#run();
	}

	/**
	 * Takes no more jobs. An idle runner is waited for; a job in hand is not (an import can
	 * outlast any grace period a process is given to stop): the process ends under it, its
	 * transaction is rolled back, and the next start marks it interrupted.
	 */
	async stop(): Promise<void> {
		this.#stopping = true;
		this.#wake?.();
		if (!this.#busy) await this.#loop;
	}

	/** Tells an idle runner there is work now, rather than at its next look. */
	nudge(): void {
		this.#wake?.();
	}

	async #run(): Promise<void> {
		while (!this.#stopping) {
			try {
				if (await this.runNext()) continue;
				await this.interruptAbandoned(this.#abandonedAfterMs);
			} catch (err) {
				this.#log?.error({ err }, "SSD import runner could not read its queue");
			}
			if (this.#stopping) return;
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, this.#pollMs);
				this.#wake = () => {
					clearTimeout(timer);
					resolve();
				};
			});
			this.#wake = null;
		}
	}

	/**
	 * Running jobs whose last progress is older than `afterMs` become interrupted, and their
	 * linking, if it was under way, waits to be run again (it commits as it goes, so it
	 * carries on from where it stopped); how many imports were interrupted.
	 */
	async interruptAbandoned(afterMs: number): Promise<number> {
		const now = this.#now();
		await this.db
			.updateTable("extract_import_job")
			.set({ link_state: "waiting", updated_at: now })
			.where("link_state", "=", "linking")
			.where("updated_at", "<=", new Date(now.getTime() - afterMs))
			.execute();
		const result = await this.db
			.updateTable("extract_import_job")
			.set({ state: "interrupted", finished_at: now, updated_at: now, seconds_left: null, reason: INTERRUPTED_REASON })
			.where("state", "=", "running")
			.where("updated_at", "<=", new Date(now.getTime() - afterMs))
			.executeTakeFirst();
		const n = Number(result.numUpdatedRows);
		if (n) this.#log?.info({ jobs: n }, "SSD imports left running by a stopped process marked interrupted");
		return n;
	}

	/**
	 * Links the people of the oldest import waiting for it, else claims the oldest queued
	 * job and runs it to its end; false when nothing was waiting.
	 */
	async runNext(): Promise<boolean> {
		const now = this.#now();
		const linking = await this.db
			.updateTable("extract_import_job")
			.set({ link_state: "linking", updated_at: now })
			.where("id", "=", (eb) =>
				eb
					.selectFrom("extract_import_job")
					.select("id")
					.where("link_state", "=", "waiting")
					.orderBy("queued_at")
					.limit(1)
					.forUpdate()
					.skipLocked(),
			)
			.where("link_state", "=", "waiting")
			.returning(["id", "ssd_source", "requested_by"])
			.executeTakeFirst();
		if (linking) {
			this.#busy = true;
			try {
				await this.#link(linking.id, linking);
			} finally {
				this.#busy = false;
			}
			return true;
		}
		const claimed = await this.db
			.updateTable("extract_import_job")
			.set({ state: "running", started_at: now, updated_at: now })
			.where("id", "=", (eb) =>
				eb
					.selectFrom("extract_import_job")
					.select("id")
					.where("state", "=", "queued")
					.orderBy("queued_at")
					.limit(1)
					.forUpdate()
					.skipLocked(),
			)
			.where("state", "=", "queued")
			.returning(["id", "ssd_source", "requested_by", "valid_only", "bytes_total", "started_at"])
			.executeTakeFirst();
		if (!claimed) return false;
		this.#busy = true;
		try {
			await this.#runJob(claimed.id, claimed);
		} finally {
			this.#busy = false;
		}
		return true;
	}

	async #runJob(
		id: string,
		job: { ssd_source: string; requested_by: string; valid_only: boolean; bytes_total: number },
	): Promise<void> {
		const startedAt = this.#now();
		const progress: ImportProgress & { bytesRead: number } = { ...startingProgress(), bytesRead: 0 };
		// One write at a time, never awaited by the import: on PostgreSQL it runs beside the
		// import's transaction; on PGlite it waits for the connection until the import is over,
		// and then finds the job no longer running and changes nothing.
		let writing: Promise<void> = Promise.resolve();
		const writeProgress = () => {
			writing = writing.then(async () => {
				const now = this.#now();
				const left = secondsLeft({ ...progress, bytesTotal: job.bytes_total }, now.getTime() - startedAt.getTime());
				await this.db
					.updateTable("extract_import_job")
					.set({
						updated_at: now,
						files_read: progress.filesRead,
						bytes_read: progress.bytesRead,
						rows_read: progress.rowsRead,
						rows_valid: progress.rowsValid,
						seconds_left: left,
					})
					.where("id", "=", id)
					.where("state", "=", "running")
					.execute()
					.catch((err) => this.#log?.error({ err, job: id }, "could not write an SSD import's progress"));
			});
		};
		const heartbeat = setInterval(writeProgress, this.#heartbeatMs);
		try {
			const actor = await analystById(this.db, job.requested_by, this.#now());
			const files = await this.jobs.files(id, async (bytes) => {
				progress.bytesRead += bytes;
				// Between pieces of a file, other requests get their turn.
				await yieldToOthers();
			});
			await this.importer.run(
				{
					source: job.ssd_source,
					files,
					validOnly: job.valid_only,
					onProgress: (p) => Object.assign(progress, p),
					alsoInTransaction: (trx, summary) => this.#finish(trx, id, summary, progress.rowsValid),
				},
				actor,
			);
		} catch (err) {
			if (this.#stopping) return; // the process is ending: the next start interrupts the job
			if (err instanceof Refused) {
				await this.#end(id, "refused", err.message);
			} else {
				this.#log?.error({ err, job: id }, "SSD import failed");
				await this.#end(id, "failed", FAILED_REASON);
			}
		} finally {
			clearInterval(heartbeat);
			await writing;
		}
	}

	/**
	 * The linking phase (ADR 36): its chunks commit as they go, so its progress is written
	 * after each, between transactions, where PGlite's one connection is free.
	 */
	async #link(id: string, job: { ssd_source: string; requested_by: string }): Promise<void> {
		try {
			const actor = await analystById(this.db, job.requested_by, this.#now());
			const summary = await this.linker.link(
				{
					source: job.ssd_source,
					onProgress: async (p) => {
						await this.db
							.updateTable("extract_import_job")
							.set({ link_to_match: p.toMatch, link_matched: p.matched, updated_at: this.#now() })
							.where("id", "=", id)
							.where("link_state", "=", "linking")
							.execute();
						await yieldToOthers();
					},
				},
				actor,
			);
			await this.db
				.updateTable("extract_import_job")
				.set({ link_state: "linked", link_summary: JSON.stringify(summary), updated_at: this.#now() })
				.where("id", "=", id)
				.execute();
		} catch (err) {
			if (this.#stopping) return; // the next start sets it waiting again
			this.#log?.error({ err, job: id }, "SSD linking failed");
			await this.db
				.updateTable("extract_import_job")
				.set({ link_state: "failed", updated_at: this.#now() })
				.where("id", "=", id)
				.execute();
		}
	}

	/** In the import's transaction: the job's outcome, its problems, and its files let go once no run needs them. */
	async #finish(trx: Transaction<DB>, id: string, summary: ImportSummary, rowsValid: number): Promise<void> {
		const now = this.#now();
		await storeProblems(trx, id, summary.problems);
		const rowsRead = summary.files.reduce((n, f) => n + f.rowsRead, 0);
		await trx
			.updateTable("extract_import_job")
			.set({
				state: summary.outcome === "loaded" ? "done" : "refused",
				updated_at: now,
				finished_at: now,
				files_read: summary.files.length,
				rows_read: rowsRead,
				rows_valid: rowsValid,
				rows_loaded: summary.rowsLoaded,
				errors: summary.errors,
				warnings: summary.warnings,
				seconds_left: null,
				files: JSON.stringify(summary.files),
				import_id: summary.importId,
				// The people are linked next, once the import has committed.
				link_state: summary.outcome === "loaded" ? "waiting" : null,
			})
			.where("id", "=", id)
			.execute();
		await trx.deleteFrom("extract_import_job_chunk").where("job_id", "=", id).execute();
	}

	/** A job that ended without its import committing: refused before reading (its files let go), or failed (kept for a rerun). */
	async #end(id: string, state: "refused" | "failed", reason: string): Promise<void> {
		const now = this.#now();
		await this.db.transaction().execute(async (trx) => {
			await trx
				.updateTable("extract_import_job")
				.set({ state, reason, updated_at: now, finished_at: now, seconds_left: null })
				.where("id", "=", id)
				.execute();
			if (state === "refused") await trx.deleteFrom("extract_import_job_chunk").where("job_id", "=", id).execute();
		});
	}
}
