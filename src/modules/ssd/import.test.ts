// Importing a small synthetic SSD extract (test/support/ssd-extract.ts) on the test
// database of either engine. Every expected figure and problem is written out by hand from
// the files, never taken from the code under test.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../../test/support/db.ts";
import { EXTRACT, extract, LOADED, rowCounts } from "../../../test/support/ssd-extract.ts";
import { AccessLog } from "../../platform/access-log.ts";
import {
	analystByEmail,
	filesInDirectory,
	problemsCsv,
	type SsdActor,
	type SsdFile,
	SsdImportService,
} from "./index.ts";

describe("SSD import", () => {
	let t: TestDatabase;
	let importer: SsdImportService;
	let analyst: SsdActor;
	const now = () => new Date();

	const counts = (source: string) => rowCounts(t.db.kysely, source);

	before(async () => {
		t = await createTestDatabase();
		// Two rows a statement, so a table of three takes two.
		importer = new SsdImportService(t.db.kysely, new AccessLog(t.db.kysely), now, { rowsPerStatement: 2 });
		analyst = await analystByEmail(t.db.kysely, "analyst@demo.example", now());
	});
	after(async () => t.close());

	test("an extract loads whole: every row, the unknown worker only a warning, the import recorded and logged", async () => {
		const summary = await importer.run({ source: "liquidlogic", files: extract() }, analyst, "req-1");
		assert.equal(summary.outcome, "loaded");
		assert.deepEqual(summary.problems, [
			{
				file: "ssd_cin_episodes.csv",
				row: 3,
				column: "cine_referral_worker_id",
				severity: "warning",
				reason:
					"cine_referral_worker_id 'W9' is not in ssd_professionals.csv; the row is loaded, with the worker unknown",
			},
		]);
		assert.equal(summary.rowsLoaded, 15);
		assert.equal(summary.rowsRejected, 0);
		assert.deepEqual(await counts("liquidlogic"), LOADED);

		const recorded = await t.db.kysely
			.selectFrom("extract_import")
			.selectAll()
			.where("id", "=", summary.importId)
			.executeTakeFirstOrThrow();
		assert.equal(recorded.imported_by, analyst.id);
		assert.equal(recorded.ssd_source, "liquidlogic");
		assert.equal(recorded.outcome, "loaded");
		assert.equal(recorded.rows_loaded, 15);
		assert.equal(recorded.warnings, 1);
		const files = recorded.files as { file: string; rowsLoaded: number }[];
		assert.deepEqual(
			files.find((f) => f.file === "ssd_person.csv"),
			{ file: "ssd_person.csv", table: "ssd_person", rowsRead: 3, rowsLoaded: 3, rowsRejected: 0, replaced: true },
		);
		const logged = await t.db.kysely
			.selectFrom("access_log")
			.select(["user_id", "action", "request_id"])
			.where("record_type", "=", "ssd-import")
			.where("record_id", "=", summary.importId)
			.execute();
		assert.deepEqual(logged, [{ user_id: analyst.id, action: "create", request_id: "req-1" }]);
	});

	test("re-importing a source replaces its rows: none doubled, those gone at source gone, other sources untouched", async () => {
		await importer.run({ source: "mosaic-2019", files: extract() }, analyst);
		const oneEpisode = EXTRACT["ssd_cla_episodes.csv"].split("\n").slice(0, 2).join("\n");
		const summary = await importer.run(
			{ source: "liquidlogic", files: extract({ "ssd_cla_episodes.csv": oneEpisode }) },
			analyst,
		);
		assert.equal(summary.outcome, "loaded");
		assert.deepEqual(await counts("liquidlogic"), { ...LOADED, ssd_cla_episodes: 1 });
		assert.deepEqual(await counts("mosaic-2019"), LOADED);
	});

	test("one bad date rejects the whole import and writes nothing; loading only valid rows leaves out its row and those hanging from it", async () => {
		const badDate = EXTRACT["ssd_person.csv"].replace("2012-02-29", "31/02/2024");
		const beforeCounts = await counts("liquidlogic");
		const rejected = await importer.run(
			{ source: "liquidlogic", files: extract({ "ssd_person.csv": badDate }) },
			analyst,
		);
		assert.equal(rejected.outcome, "rejected");
		assert.deepEqual(await counts("liquidlogic"), beforeCounts);
		assert.deepEqual(
			rejected.problems.filter((p) => p.severity === "error"),
			[
				{
					file: "ssd_cin_episodes.csv",
					row: 4,
					column: "cine_person_id",
					severity: "error",
					reason: "cine_person_id 'P3' is on row 4 of ssd_person.csv, which is not loaded, so this row is not either",
				},
				{
					file: "ssd_cla_episodes.csv",
					row: 2,
					column: "clae_person_id",
					severity: "error",
					reason: "clae_person_id 'P3' is on row 4 of ssd_person.csv, which is not loaded, so this row is not either",
				},
				{
					file: "ssd_cla_episodes.csv",
					row: 3,
					column: "clae_person_id",
					severity: "error",
					reason: "clae_person_id 'P3' is on row 4 of ssd_person.csv, which is not loaded, so this row is not either",
				},
				{
					file: "ssd_person.csv",
					row: 4,
					column: "pers_dob",
					severity: "error",
					reason: "Date '31/02/2024' is not a real date",
				},
			],
		);
		const record = await t.db.kysely
			.selectFrom("extract_import")
			.select(["outcome", "rows_loaded", "errors"])
			.where("id", "=", rejected.importId)
			.executeTakeFirstOrThrow();
		assert.deepEqual(record, { outcome: "rejected", rows_loaded: 0, errors: 4 });

		const valid = await importer.run(
			{ source: "liquidlogic", files: extract({ "ssd_person.csv": badDate }), validOnly: true },
			analyst,
		);
		assert.equal(valid.outcome, "loaded");
		// Left out: P3, P3's referral R3, and P3's care episodes E1 and E2.
		assert.equal(valid.rowsRejected, 4);
		assert.equal(valid.rowsLoaded, 11);
		assert.deepEqual(await counts("liquidlogic"), {
			...LOADED,
			ssd_person: 2,
			ssd_cin_episodes: 2,
			ssd_cla_episodes: 0,
		});
	});

	test("loading only valid rows, a file that cannot be read leaves its table as stored, and the rest is checked against that", async () => {
		// After the test above the source holds P1 and P2; this person file has no pers_person_id column.
		const headless = "pers_forename,pers_surname\nEllie,Marsh\n";
		const summary = await importer.run(
			{ source: "liquidlogic", files: extract({ "ssd_person.csv": headless }), validOnly: true },
			analyst,
		);
		assert.equal(summary.outcome, "loaded");
		assert.deepEqual(
			summary.files.find((f) => f.file === "ssd_person.csv"),
			{ file: "ssd_person.csv", table: "ssd_person", rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, replaced: false },
		);
		// R3 and both care episodes are Amir Khan's (P3), whom the source no longer holds.
		assert.deepEqual(await counts("liquidlogic"), {
			...LOADED,
			ssd_person: 2,
			ssd_cin_episodes: 2,
			ssd_cla_episodes: 0,
		});
		assert.ok(
			summary.problems.some(
				(p) =>
					p.file === "ssd_cin_episodes.csv" &&
					p.row === 4 &&
					p.reason ===
						"cine_person_id 'P3' is not stored for source 'liquidlogic', and ssd_person.csv is not loaded because it could not be read to its end",
			),
		);
	});

	test("a referral for a person nowhere in the source is an error; one for a person stored earlier loads", async () => {
		const episodes = [
			EXTRACT["ssd_cin_episodes.csv"].split("\n")[0],
			"R9,P404,2025-02-01,N1,6,,,N,,,,",
			"R8,P1,2025-02-02,N1,6,,,N,,,,",
		].join("\n");
		const only = (name: string, content: string): SsdFile[] =>
			extract(Object.fromEntries(Object.keys(EXTRACT).map((k) => [k, k === name ? content : null])));
		const summary = await importer.run(
			{ source: "mosaic-2019", files: only("ssd_cin_episodes.csv", episodes) },
			analyst,
		);
		assert.equal(summary.outcome, "rejected");
		assert.deepEqual(summary.problems, [
			{
				file: "ssd_cin_episodes.csv",
				row: 2,
				column: "cine_person_id",
				severity: "error",
				reason:
					"cine_person_id 'P404' is not in ssd_person: this import has no ssd_person file and source 'mosaic-2019' holds no such row",
			},
		]);
		assert.equal((await counts("mosaic-2019")).ssd_cin_episodes, 3);
	});

	test("two files for one table, and a CSV named after no table, are reported", async () => {
		const dir = await mkdtemp(join(tmpdir(), "ssd-"));
		try {
			for (const [name, content] of Object.entries(EXTRACT)) await writeFile(join(dir, name), content);
			await writeFile(join(dir, "SSD_PERSON.csv"), EXTRACT["ssd_person.csv"]);
			await writeFile(join(dir, "notes.csv"), "a,b\n1,2\n");
			await writeFile(join(dir, "README.txt"), "not an extract");
			await mkdir(join(dir, "old.csv"));
			const files = await filesInDirectory(dir);
			assert.deepEqual(
				files.map((f) => f.name),
				[
					"SSD_PERSON.csv",
					"notes.csv",
					"ssd_cin_assessments.csv",
					"ssd_cin_episodes.csv",
					"ssd_cla_episodes.csv",
					"ssd_cp_plans.csv",
					"ssd_department.csv",
					"ssd_person.csv",
					"ssd_professionals.csv",
					"ssd_s47_enquiry.csv",
				],
			);
			const summary = await importer.run({ source: "dir-test", files }, analyst);
			assert.equal(summary.outcome, "rejected");
			assert.deepEqual(
				summary.problems.filter((p) => p.row === null),
				[
					{
						file: "notes.csv",
						row: null,
						column: null,
						severity: "warning",
						reason:
							"The file is not named after one of the SSD tables Threshold holds (ssd_person.csv, ssd_cin_episodes.csv …), so it is not read",
					},
					{
						file: "ssd_person.csv",
						row: null,
						column: null,
						severity: "error",
						reason: "SSD_PERSON.csv already holds ssd_person: one file per table, so this one is not read",
					},
				],
			);
			await assert.rejects(filesInDirectory(join(dir, "missing")), /There is no directory .*missing/);
			const notes = (await filesInDirectory(dir)).filter((f) => f.name === "notes.csv");
			await assert.rejects(
				importer.run({ source: "dir-test", files: notes }, analyst),
				/None of the files is named after an SSD table/,
			);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});

	test("only analysts import", async () => {
		await assert.rejects(
			analystByEmail(t.db.kysely, "contact.officer@demo.example", now()),
			/contact.officer@demo.example is not an analyst: only analysts may import or export SSD extracts/,
		);
		await assert.rejects(
			analystByEmail(t.db.kysely, "nobody@demo.example", now()),
			/No user has the email address nobody@demo.example/,
		);
		const officer: SsdActor = { id: analyst.id, roles: ["contact-officer", "administrator"] };
		const before = await counts("refused");
		await assert.rejects(importer.run({ source: "refused", files: extract() }, officer), /Only an analyst/);
		assert.deepEqual(await counts("refused"), before);
	});

	test("problems download as CSV with the same escaping", async () => {
		const csv = await text(
			problemsCsv([
				{
					file: "ssd_person.csv",
					row: 4,
					column: "pers_dob",
					severity: "error",
					reason: "Date '31/02/2024' is not a real date",
				},
				{ file: "=evil.csv", row: null, column: null, severity: "warning", reason: "Not read, as it says" },
			]),
		);
		assert.equal(
			csv,
			"file,row,column,severity,reason\r\n" +
				"ssd_person.csv,4,pers_dob,error,Date '31/02/2024' is not a real date\r\n" +
				'\'=evil.csv,,,warning,"Not read, as it says"\r\n',
		);
	});
});
