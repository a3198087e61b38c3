// The data-quality pages in-process, on either engine: analysts only (403 for the roles
// nearest them), the counts linking to their rows, the source filter, paging with its
// "showing" line, the empty state, and a check's CSV with its cells escaped. Expected text
// is written by hand from test/support/ssd-quality-extract.ts.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { type Client, createTestApp, type TestApp } from "../../../test/support/app.ts";
import { extract } from "../../../test/support/ssd-extract.ts";
import { FAULTY } from "../../../test/support/ssd-quality-extract.ts";
import { AccessLog } from "../../platform/access-log.ts";
import { analystByEmail, type SsdFile, SsdImportService } from "./index.ts";

const only = (files: Record<string, string>): SsdFile[] =>
	Object.entries(files).map(([name, content]) => ({
		name,
		content: (async function* () {
			yield new TextEncoder().encode(content);
		})(),
	}));

/** The page's text without tags, spaces run together. */
const textOf = (html: string) =>
	html
		.replace(/<[^>]+>/g, " ")
		.replace(/&ndash;/g, "–")
		.replace(/\s+/g, " ");

describe("SSD data-quality pages", () => {
	let t: TestApp;
	let analyst: Client;

	before(async () => {
		t = await createTestApp();
		analyst = await t.as("analyst");
		const db = t.testDb.db.kysely;
		const importer = new SsdImportService(db, new AccessLog(db), () => new Date());
		const actor = await analystByEmail(db, "analyst@demo.example", new Date());
		assert.equal((await importer.run({ source: "clean", files: extract() }, actor)).outcome, "loaded");
		// Two more children sharing a UPN a spreadsheet would run as a formula.
		const faulty = {
			...FAULTY,
			"ssd_person.csv": `${FAULTY["ssd_person.csv"]}\r\nP7,Ann,Lee,F,02,WBRI,2015-01-01,,,=1+2,,,,,,\r\nP8,Ann,Lee,F,02,WBRI,2015-01-01,,,=1+2,,,,,,`,
		};
		const loaded = await importer.run({ source: "dirty", files: only(faulty) }, actor);
		assert.equal(loaded.outcome, "loaded", JSON.stringify(loaded.problems));
		// 104 more orphaned family rows, for paging: 105 in all with none of the planted ones.
		const values = Array.from(
			{ length: 104 },
			(_, i) => `('G${String(i).padStart(3, "0")}', 'FAM9', 'NOBODY', 'dirty')`,
		);
		await sql
			.raw(
				`INSERT INTO ssd_family (fami_table_id, fami_family_id, fami_person_id, ssd_source) VALUES ${values.join(", ")}`,
			)
			.execute(db);
	});
	after(async () => t.close());

	test("only analysts reach the pages; the roles nearest them are refused with 403", async () => {
		for (const role of ["administrator", "senior-leader", "auditor", "team-manager"] as const) {
			const client = await t.as(role);
			for (const url of ["/ssd/quality", "/ssd/quality/rows?check=orphan", "/ssd/quality/rows.csv?check=orphan"]) {
				assert.equal((await client.get(url)).statusCode, 403, `${role} GET ${url}`);
			}
		}
		assert.equal((await analyst.get("/ssd/quality")).statusCode, 200);
		assert.equal((await analyst.get("/ssd/quality/rows?check=nonsense")).statusCode, 404);
	});

	test("the Imports page leads to the data-quality page", async () => {
		assert.match(
			(await analyst.get("/ssd/imports")).body,
			/<a class="govuk-link" href="\/ssd\/quality">Check data quality<\/a>/,
		);
	});

	test("counts per check and table, each linking to its rows, filtered by source", async () => {
		const page = (await analyst.get("/ssd/quality?source=dirty")).body;
		const links = [...page.matchAll(/<a class="govuk-link" href="([^"]+)">(\d+)</g)].map((m) => [
			m[1].replaceAll("&amp;", "&"),
			m[2],
		]);
		assert.deepEqual(links, [
			["/ssd/quality/rows?check=end-before-start&source=dirty&table=ssd_cin_assessments", "1"],
			["/ssd/quality/rows?check=born-after&source=dirty&table=ssd_cin_episodes", "1"],
			["/ssd/quality/rows?check=cin-overlap&source=dirty&table=ssd_cin_episodes", "2"],
			["/ssd/quality/rows?check=orphan&source=dirty&table=ssd_family", "104"],
			["/ssd/quality/rows?check=same-child&source=dirty&table=ssd_person", "3"],
		]);
		assert.match(page, /<option value="dirty" selected>dirty<\/option>/);
		assert.match(page, /href="\/ssd\/quality\/rows.csv\?check=orphan&amp;source=dirty"/);
		assert.doesNotMatch(page, /No problems found/);

		const clean = (await analyst.get("/ssd/quality?source=clean")).body;
		assert.match(clean, /No problems found/);
		assert.doesNotMatch(clean, /Download as CSV/);
	});

	test("rows come 100 a page, saying which of how many", async () => {
		const first = await analyst.get("/ssd/quality/rows?check=orphan&source=dirty&table=ssd_family");
		assert.equal(first.statusCode, 200);
		assert.match(textOf(first.body), /Showing 1–100 of 104\./);
		assert.equal([...first.body.matchAll(/<td class="govuk-table__cell">ssd_family<\/td>/g)].length, 100);
		assert.match(
			first.body,
			/href="\/ssd\/quality\/rows\?check=orphan&amp;source=dirty&amp;table=ssd_family&amp;page=2"/,
		);
		const second = (await analyst.get("/ssd/quality/rows?check=orphan&source=dirty&table=ssd_family&page=2")).body;
		assert.match(textOf(second), /Showing 101–104 of 104\./);
		assert.match(
			textOf(second),
			/ssd_family dirty G103 NOBODY fami_person_id NOBODY fami_person_id NOBODY is not in ssd_person for this source/,
		);
	});

	test("a check's CSV holds every row, the cells a spreadsheet would run escaped", async () => {
		const res = await analyst.get("/ssd/quality/rows.csv?check=same-child&source=dirty");
		assert.equal(res.statusCode, 200);
		assert.match(String(res.headers["content-type"]), /^text\/csv/);
		assert.match(String(res.headers["content-disposition"]), /filename="ssd-quality-same-child-dirty.csv"/);
		assert.equal(
			res.body,
			[
				"check,table,source,key,person_id,column,value,problem",
				'same-child,ssd_person,dirty,P1,P1,pers_upn,A123456789012,"UPN A123456789012 is also held by person P5: one child under two ids, or a mistyped identifier"',
				'same-child,ssd_person,dirty,P3,P3,pers_common_child_id,4010232137,"NHS number / common child id 4010232137 is also held by person P6: one child under two ids, or a mistyped identifier"',
				'same-child,ssd_person,dirty,P7,P7,pers_upn,\'=1+2,"UPN =1+2 is also held by person P8: one child under two ids, or a mistyped identifier"',
				"",
			].join("\r\n"),
		);
	});
});
