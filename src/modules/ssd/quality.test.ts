// The data-quality checks over an imported extract on either engine: a clean extract finds
// nothing, and one with a planted fault of each kind (test/support/ssd-quality-extract.ts)
// finds exactly the planted rows. Every expected row is written out by hand from the files.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { createTestDatabase, type TestDatabase } from "../../../test/support/db.ts";
import { extract } from "../../../test/support/ssd-extract.ts";
import { FAULTY, PEOPLE_WITHOUT_P2 } from "../../../test/support/ssd-quality-extract.ts";
import { AccessLog } from "../../platform/access-log.ts";
import { analystByEmail, type SsdFile, SsdImportService } from "./index.ts";
import { type QualityRow, SsdQuality } from "./quality.ts";

const only = (files: Record<string, string>): SsdFile[] =>
	Object.entries(files).map(([name, content]) => ({
		name,
		content: (async function* () {
			yield new TextEncoder().encode(content);
		})(),
	}));

describe("SSD data quality", () => {
	let t: TestDatabase;
	let quality: SsdQuality;

	before(async () => {
		t = await createTestDatabase();
		const now = () => new Date();
		const importer = new SsdImportService(t.db.kysely, new AccessLog(t.db.kysely), now);
		const analyst = await analystByEmail(t.db.kysely, "analyst@demo.example", now());
		const loaded = async (source: string, files: SsdFile[]) => {
			const summary = await importer.run({ source, files }, analyst);
			assert.equal(summary.outcome, "loaded", JSON.stringify(summary.problems));
		};
		await loaded("clean", extract());
		await loaded("dirty", only(FAULTY));
		await loaded("dirty", only(PEOPLE_WITHOUT_P2));
		// The importer never stores an empty mandatory value; rows from another path could hold a blank one.
		// (The app may only insert and delete these rows, so the row is written again, blank.)
		await sql`DELETE FROM ssd_family WHERE ssd_source = 'dirty' AND fami_table_id = 'F2'`.execute(t.db.kysely);
		await sql`INSERT INTO ssd_family (fami_table_id, fami_family_id, fami_person_id, ssd_source)
			VALUES ('F2', ' ', 'P2', 'dirty')`.execute(t.db.kysely);
		quality = new SsdQuality(t.db.kysely);
	});
	after(async () => t.close());

	const row = (r: Omit<QualityRow, "source" | "message">): Omit<QualityRow, "message"> => ({ ...r, source: "dirty" });
	const found = async (check: QualityRow["check"], source = "dirty") =>
		(await quality.rows({ check, source })).rows.map(({ message: _, ...r }) => r);

	test("a clean extract has no problems", async () => {
		assert.deepEqual(await quality.counts("clean"), []);
	});

	test("counts per check and table give each planted fault, and nothing else", async () => {
		const expected = [
			{ check: "missing", table: "ssd_family", count: 1 },
			{ check: "end-before-start", table: "ssd_cin_assessments", count: 1 },
			{ check: "born-after", table: "ssd_cin_episodes", count: 1 },
			{ check: "cin-overlap", table: "ssd_cin_episodes", count: 2 },
			{ check: "orphan", table: "ssd_cin_assessments", count: 1 },
			{ check: "orphan", table: "ssd_cin_episodes", count: 1 },
			{ check: "orphan", table: "ssd_family", count: 1 },
			{ check: "same-child", table: "ssd_person", count: 2 },
		];
		assert.deepEqual(await quality.counts("dirty"), expected);
		// Every source at once: the clean one adds nothing.
		assert.deepEqual(await quality.counts(), expected);
	});

	test("a mandatory field left blank", async () => {
		assert.deepEqual(await found("missing"), [
			row({ check: "missing", table: "ssd_family", key: "F2", personId: "P2", column: "fami_family_id", value: " " }),
		]);
	});

	test("an assessment completed before it started", async () => {
		assert.deepEqual(await found("end-before-start"), [
			row({
				check: "end-before-start",
				table: "ssd_cin_assessments",
				key: "A2",
				personId: "P2",
				column: "cina_assessment_auth_date",
				value: "2025-01-02",
			}),
		]);
		const { rows } = await quality.rows({ check: "end-before-start", source: "dirty" });
		assert.equal(
			rows[0].message,
			"cina_assessment_auth_date 2025-01-02 is before cina_assessment_start_date 2025-01-04: one of the dates of the assessment (completed before it started) is wrong",
		);
	});

	test("a child born after their referral", async () => {
		assert.deepEqual(await found("born-after"), [
			row({
				check: "born-after",
				table: "ssd_cin_episodes",
				key: "R4",
				personId: "P4",
				column: "cine_referral_date",
				value: "2024-05-20",
			}),
		]);
	});

	test("CIN episodes both open, and overlapping; one referred the day another closed is not listed", async () => {
		const rows = (await quality.rows({ check: "cin-overlap", source: "dirty" })).rows;
		assert.deepEqual(
			rows.map(({ message: _, ...r }) => r),
			[
				row({
					check: "cin-overlap",
					table: "ssd_cin_episodes",
					key: "R1",
					personId: "P1",
					column: "cine_close_date",
					value: null,
				}),
				row({
					check: "cin-overlap",
					table: "ssd_cin_episodes",
					key: "R3",
					personId: "P3",
					column: "cine_close_date",
					value: "2023-09-30",
				}),
			],
		);
		assert.match(rows[0].message, /^Open at the same time as referral R5 of the same child/);
		assert.match(rows[1].message, /^Overlaps referral R6 of the same child \(2023-09-01 to 2023-10-15\)/);
	});

	test("rows of a child no longer stored are orphans", async () => {
		assert.deepEqual(await found("orphan"), [
			row({
				check: "orphan",
				table: "ssd_cin_assessments",
				key: "A2",
				personId: "P2",
				column: "cina_person_id",
				value: "P2",
			}),
			row({
				check: "orphan",
				table: "ssd_cin_episodes",
				key: "R2",
				personId: "P2",
				column: "cine_person_id",
				value: "P2",
			}),
			row({ check: "orphan", table: "ssd_family", key: "F2", personId: "P2", column: "fami_person_id", value: "P2" }),
		]);
	});

	test("one child under two person ids, by UPN and by common child id", async () => {
		assert.deepEqual(await found("same-child"), [
			row({
				check: "same-child",
				table: "ssd_person",
				key: "P1",
				personId: "P1",
				column: "pers_upn",
				value: "A123456789012",
			}),
			row({
				check: "same-child",
				table: "ssd_person",
				key: "P3",
				personId: "P3",
				column: "pers_common_child_id",
				value: "4010232137",
			}),
		]);
	});

	test("rows come a page at a time with the total, filtered by table", async () => {
		const first = await quality.rows({ check: "orphan", source: "dirty", rowsPerPage: 2 });
		assert.deepEqual([first.total, first.page, first.pages, first.rows.map((r) => r.key)], [3, 1, 2, ["A2", "R2"]]);
		const second = await quality.rows({ check: "orphan", source: "dirty", rowsPerPage: 2, page: 2 });
		assert.deepEqual(
			second.rows.map((r) => r.key),
			["F2"],
		);
		const family = await quality.rows({ check: "orphan", source: "dirty", table: "ssd_family" });
		assert.deepEqual([family.total, family.rows.map((r) => r.key)], [1, ["F2"]]);
		const all: string[] = [];
		for await (const r of quality.allRows("orphan", "dirty", 1)) all.push(r.key);
		assert.deepEqual(all, ["A2", "R2", "F2"]);
	});
});
