// Background imports on the test database of either engine: a queued job runs and loads,
// a refused one keeps its problems, one a stopped process left running is interrupted at
// start-up with nothing loaded and can be run again, one that fails rolls back whole, and
// progress is written while a job runs. Expected figures are counted by hand from
// test/support/ssd-extract.ts.
import assert from "node:assert/strict";
import { text } from "node:stream/consumers";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { createTestDatabase, type TestDatabase } from "../../../test/support/db.ts";
import { EXTRACT, LOADED, rowCounts, TABLES } from "../../../test/support/ssd-extract.ts";
import { AccessLog } from "../../platform/access-log.ts";
import { Tasks } from "../../platform/tasks.ts";
import { SettingsService } from "../settings/index.ts";
import { analystByEmail, type SsdActor, SsdImportService, SsdLinker } from "./index.ts";
import { SsdImportJobs, type UploadedFile } from "./jobs.ts";
import { SsdImportRunner } from "./runner.ts";

const upload = (changes: Record<string, string> = {}): UploadedFile[] =>
	Object.entries({ ...EXTRACT, ...changes }).map(([name, content]) => ({
		name,
		content: new TextEncoder().encode(content),
	}));

describe("SSD import jobs", () => {
	let t: TestDatabase;
	let jobs: SsdImportJobs;
	let importer: SsdImportService;
	let linker: SsdLinker;
	let analyst: SsdActor;
	const now = () => new Date();

	const counts = (source: string) => rowCounts(t.db.kysely, source);
	const nothing = Object.fromEntries(TABLES.map((table) => [table, 0]));
	const chunks = async (jobId: string) =>
		(
			await t.db.kysely
				.selectFrom("extract_import_job_chunk")
				.select((eb) => eb.fn.countAll<number>().as("n"))
				.where("job_id", "=", jobId)
				.executeTakeFirstOrThrow()
		).n;

	before(async () => {
		t = await createTestDatabase();
		const log = new AccessLog(t.db.kysely);
		jobs = new SsdImportJobs(t.db.kysely, log, now);
		importer = new SsdImportService(t.db.kysely, log, now, { rowsPerStatement: 2 });
		linker = new SsdLinker(
			t.db.kysely,
			log,
			now,
			new Tasks(t.db.kysely, log, now),
			new SettingsService(t.db.kysely, log, now),
		);
		analyst = await analystByEmail(t.db.kysely, "analyst@demo.example", now());
	});
	after(async () => t.close());

	test("a queued job runs, loads the extract, records its outcome and lets its files go", async () => {
		const id = await jobs.queue({ source: "liquidlogic", validOnly: false, files: upload() }, analyst, "req-9");
		const queued = await jobs.get(id);
		assert.equal(queued.state, "queued");
		assert.equal(queued.files_total, 8);
		assert.equal(queued.requestedByName, "Ana Analyst");
		assert.ok(Number(await chunks(id)) >= 8, "each file's bytes are kept");

		const runner = new SsdImportRunner(t.db.kysely, jobs, importer, linker);
		assert.equal(await runner.runNext(), true);
		assert.equal((await jobs.get(id)).link_state, "waiting", "its people are linked once it has committed");
		assert.equal(await runner.runNext(), true, "then links them");
		assert.equal(await runner.runNext(), false, "nothing else waits");

		const done = await jobs.get(id);
		assert.equal(done.state, "done");
		assert.equal(done.rows_read, 15);
		assert.equal(done.rows_valid, 15);
		assert.equal(done.rows_loaded, 15);
		assert.equal(done.files_read, 8);
		assert.equal(done.errors, 0);
		assert.equal(done.warnings, 1); // W9, a worker not in ssd_professionals.csv
		assert.ok(done.started_at && done.finished_at && done.import_id);
		assert.deepEqual(
			(done.files as { file: string; rowsLoaded: number }[]).find((f) => f.file === "ssd_cin_episodes.csv"),
			{
				file: "ssd_cin_episodes.csv",
				table: "ssd_cin_episodes",
				rowsRead: 3,
				rowsLoaded: 3,
				rowsRejected: 0,
				replaced: true,
			},
		);
		assert.deepEqual(await counts("liquidlogic"), LOADED);
		assert.equal(Number(await chunks(id)), 0);
		const imported = await t.db.kysely
			.selectFrom("extract_import")
			.select(["imported_by", "outcome"])
			.where("id", "=", done.import_id)
			.executeTakeFirstOrThrow();
		assert.deepEqual(imported, { imported_by: analyst.id, outcome: "loaded" });
		const logged = await t.db.kysely
			.selectFrom("access_log")
			.select(["user_id", "request_id"])
			.where("record_type", "=", "ssd-import-job")
			.where("record_id", "=", id)
			.execute();
		assert.deepEqual(logged, [{ user_id: analyst.id, request_id: "req-9" }]);
	});

	test("a refused job loads nothing and keeps its problems, in order, for the page and the CSV", async () => {
		const badDate = EXTRACT["ssd_person.csv"].replace("2012-02-29", "31/02/2024");
		const id = await jobs.queue(
			{ source: "refused-source", validOnly: false, files: upload({ "ssd_person.csv": badDate }) },
			analyst,
		);
		await new SsdImportRunner(t.db.kysely, jobs, importer, linker).runNext();

		const refused = await jobs.get(id);
		assert.equal(refused.state, "refused");
		assert.equal(refused.rows_loaded, 0);
		assert.equal(refused.errors, 4); // the date, and P3's referral and two care episodes hanging from it
		assert.equal(refused.warnings, 1);
		assert.deepEqual(await counts("refused-source"), nothing);
		assert.deepEqual(await jobs.problems(id, 2), [
			{
				file: "ssd_cin_episodes.csv",
				row: 3,
				column: "cine_referral_worker_id",
				severity: "warning",
				reason:
					"cine_referral_worker_id 'W9' is not in ssd_professionals.csv; the row is loaded, with the worker unknown",
			},
			{
				file: "ssd_cin_episodes.csv",
				row: 4,
				column: "cine_person_id",
				severity: "error",
				reason: "cine_person_id 'P3' is on row 4 of ssd_person.csv, which is not loaded, so this row is not either",
			},
		]);
		const csv = await text(jobs.problemsCsv(id));
		const lines = csv.split("\r\n");
		assert.equal(lines[0], "file,row,column,severity,reason");
		assert.equal(lines[5], "ssd_person.csv,4,pers_dob,error,Date '31/02/2024' is not a real date");
		assert.equal(lines.length, 7, "five problems and the header, ending in CRLF");
		assert.equal(Number(await chunks(id)), 0);
	});

	test("a job with no SSD file is refused in words, before anything is read, and lets its files go", async () => {
		const id = await jobs.queue(
			{
				source: "notes-only",
				validOnly: false,
				files: [{ name: "notes.csv", content: new TextEncoder().encode("a,b\n1,2") }],
			},
			analyst,
		);
		await new SsdImportRunner(t.db.kysely, jobs, importer, linker).runNext();
		const refused = await jobs.get(id);
		assert.equal(refused.state, "refused");
		assert.equal(
			refused.reason,
			"None of the files is named after an SSD table (ssd_person.csv, ssd_cin_episodes.csv …), so there is nothing to import",
		);
		assert.equal(refused.import_id, null);
		assert.equal(Number(await chunks(id)), 0);
	});

	test("a job a stopped process left running is interrupted at start-up, nothing loaded, and can be run again once", async () => {
		const id = await jobs.queue({ source: "crashed", validOnly: false, files: upload() }, analyst);
		// What a crash leaves: claimed and running, its transaction gone with the process.
		await t.db.kysely
			.updateTable("extract_import_job")
			.set({ state: "running", started_at: now(), updated_at: now(), rows_read: 7 })
			.where("id", "=", id)
			.execute();

		const runner = new SsdImportRunner(t.db.kysely, jobs, importer, linker, { pollMs: 60_000 });
		// Another process on PostgreSQL could still be running it: only its silence gives it away.
		assert.equal(await runner.interruptAbandoned(60_000), 0);
		await runner.start({ onlyProcess: true });
		await runner.stop();
		const interrupted = await jobs.get(id);
		assert.equal(interrupted.state, "interrupted");
		assert.match(interrupted.reason ?? "", /nothing from it was loaded/);
		assert.deepEqual(await counts("crashed"), nothing);
		assert.ok(Number(await chunks(id)) > 0, "its files are kept to run it again");

		const again = await jobs.rerun(id, analyst);
		assert.equal(await jobs.rerun(id, analyst), again, "a second click finds the same rerun");
		assert.equal(await jobs.rerunOf(id), again);
		assert.equal(Number(await chunks(id)), 0);
		await runner.runNext();
		await runner.runNext(); // and its people linked, so the next test's job is the next one run
		assert.equal((await jobs.get(again)).state, "done");
		assert.equal((await jobs.get(again)).link_state, "linked");
		assert.equal((await jobs.get(again)).rerun_of, id);
		assert.deepEqual(await counts("crashed"), LOADED);
		await assert.rejects(jobs.rerun(again, analyst), /Only an import that was interrupted or failed/);
	});

	test("a job whose import fails part-way is rolled back whole and marked failed", async () => {
		const id = await jobs.queue({ source: "failing", validOnly: false, files: upload() }, analyst);
		// Every table written, then the last statement of the transaction fails.
		const failing = Object.create(importer) as SsdImportService;
		failing.run = (request, actor) =>
			importer.run(
				{
					...request,
					alsoInTransaction: async (trx) => {
						await sql`SELECT 1/0`.execute(trx);
					},
				},
				actor,
			);
		await new SsdImportRunner(t.db.kysely, jobs, failing, linker, { log: { error() {}, info() {} } }).runNext();
		const failed = await jobs.get(id);
		assert.equal(failed.state, "failed");
		assert.match(failed.reason ?? "", /rolled back and nothing from it was loaded/);
		assert.deepEqual(await counts("failing"), nothing);
		assert.equal(failed.import_id, null);
	});

	test("progress is written while the job runs: rows read grow, and the job ends with every row", async () => {
		const rows = 20_000;
		const people = [
			"pers_person_id,pers_forename,pers_surname,pers_dob",
			...Array.from({ length: rows }, (_, i) => `Q${i},Forename${i},Surname${i},2015-01-01`),
		].join("\n");
		const id = await jobs.queue(
			{
				source: "progress",
				validOnly: false,
				files: [{ name: "ssd_person.csv", content: new TextEncoder().encode(people) }],
			},
			analyst,
		);
		assert.ok(
			(await jobs.get(id)).bytes_total > 256 * 1024,
			"more than one stored piece, so the reader yields between them",
		);
		const runner = new SsdImportRunner(
			t.db.kysely,
			jobs,
			new SsdImportService(t.db.kysely, new AccessLog(t.db.kysely), now),
			linker,
			{
				heartbeatMs: 1,
			},
		);
		const seen: number[] = [];
		const running = runner.runNext();
		let finished = false;
		void running.then(() => {
			finished = true;
		});
		while (!finished) {
			const job = await t.db.kysely
				.selectFrom("extract_import_job")
				.select(["state", "rows_read"])
				.where("id", "=", id)
				.executeTakeFirstOrThrow();
			if (job.state === "running") seen.push(job.rows_read);
			await new Promise((resolve) => setTimeout(resolve, 1));
		}
		await running;
		const during = seen.filter((n) => n > 0 && n < rows);
		assert.ok(during.length >= 1, `rows read seen part-way while running: ${seen.join(", ")}`);
		assert.deepEqual(
			seen,
			[...seen].sort((a, b) => a - b),
			"never going back",
		);
		const done = await jobs.get(id);
		assert.equal(done.state, "done");
		assert.equal(done.rows_read, rows);
		assert.equal(done.rows_loaded, rows);
	});
});
