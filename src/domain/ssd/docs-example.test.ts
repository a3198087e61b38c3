import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { readSsdCsvText } from "./read-csv.ts";
import { SSD_SPEC, ssdTable } from "./spec.ts";

// docs/ssd-csv.md shows an example extract; it must read as the page says it does.
const page = readFileSync(new URL("../../../docs/ssd-csv.md", import.meta.url), "utf8");
const extracts = [...page.matchAll(/^`(ssd_\w+)\.csv`.*\n\n```csv\n([\s\S]*?)```/gm)].map((m) => ({
	table: m[1],
	text: m[2],
}));

describe("the example extract in docs/ssd-csv.md", () => {
	it("is there, for two tables", () => {
		assert.deepEqual(
			extracts.map((e) => e.table),
			["ssd_person", "ssd_cin_episodes"],
		);
	});

	it("reads without a problem, as the page says", async () => {
		const [person, episodes] = await Promise.all(
			extracts.map((e) =>
				readSsdCsvText(e.text, { spec: SSD_SPEC, table: ssdTable(e.table)!, file: `${e.table}.csv` }),
			),
		);
		assert.deepEqual([...person.problems, ...episodes.problems], []);
		assert.deepEqual(
			person.rows.map((r) => [r.values.pers_dob, r.values.pers_surname, r.values.pers_upn, r.values.pers_is_mother]),
			[
				["2016-04-09", "Marsh", "A123456789012", "N"],
				["2019-11-09", "O'Neill, junior", null, "N"],
			],
		);
		assert.deepEqual(
			episodes.rows.map((r) => [
				r.values.cine_referral_id,
				r.values.cine_cin_primary_need_code,
				r.values.cine_referral_source_code,
				r.values.cine_close_reason,
				r.values.cine_referral_nfa,
			]),
			[
				["R-20001", "N1", "6", null, "N"],
				["R-20002", "N4", "5A", "RC8", "Y"],
			],
		);
	});
});
