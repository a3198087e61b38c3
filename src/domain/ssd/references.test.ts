import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkReferences, type ImportedTable, referencesOf, storedLookups } from "./references.ts";
import { SSD_SPEC, ssdTable } from "./spec.ts";

/** A table of the import with rows given as column values; `bad` rows have errors of their own. */
function table(name: string, rows: Record<string, string>[], bad: number[] = [], complete = true): ImportedTable {
	return {
		table: name,
		file: `${name}.csv`,
		complete,
		headerNames: {},
		// As the reader gives them: every column of the table, null where the file has nothing.
		rows: rows.map((given, i) => ({
			row: i + 2,
			values: { ...Object.fromEntries(ssdTable(name)!.fields.map((f) => [f.name, null])), ...given },
			ownErrors: bad.includes(i + 2),
		})),
	};
}

const loadable = (result: ReturnType<typeof checkReferences>, name: string) => [...(result.loadable.get(name) ?? [])];

describe("references between an import's tables", () => {
	test("workers and teams are warned of; people, referrals and periods of care are required", () => {
		const find = (column: string) => referencesOf(SSD_SPEC).find((r) => r.column === column);
		assert.deepEqual(find("cine_referral_worker_id"), {
			table: "ssd_cin_episodes",
			column: "cine_referral_worker_id",
			target: "ssd_professionals",
			targetColumn: "prof_professional_id",
			severity: "warning",
		});
		assert.equal(find("cina_assessment_team")?.severity, "warning");
		assert.equal(find("dept_team_parent_id")?.severity, "warning");
		// A key that points at a column other than the parent's key: visits by person with a CIN episode.
		assert.deepEqual(find("cinv_person_id"), {
			table: "ssd_cin_visits",
			column: "cinv_person_id",
			target: "ssd_cin_episodes",
			targetColumn: "cine_person_id",
			severity: "error",
		});
		assert.equal(find("clap_cla_id")?.targetColumn, "clae_cla_id");
		assert.equal(find("cinf_assessment_id")?.severity, "error");
	});

	test("a row whose parent has errors is left out, and so are the rows below it", () => {
		const result = checkReferences(SSD_SPEC, {
			source: "s",
			validOnly: true,
			stored: new Map(),
			tables: [
				table("ssd_person", [{ pers_person_id: "P1" }, { pers_person_id: "P2" }], [2]),
				table("ssd_cin_episodes", [
					{ cine_referral_id: "R1", cine_person_id: "P1" },
					{ cine_referral_id: "R2", cine_person_id: "P2" },
				]),
				table("ssd_cin_assessments", [{ cina_assessment_id: "A1", cina_person_id: "P2", cina_referral_id: "R1" }]),
				table("ssd_assessment_factors", [{ cinf_table_id: "F1", cinf_assessment_id: "A1" }]),
			],
		});
		assert.deepEqual(loadable(result, "ssd_person"), [3]);
		assert.deepEqual(loadable(result, "ssd_cin_episodes"), [3]);
		assert.deepEqual(loadable(result, "ssd_cin_assessments"), []);
		assert.deepEqual(loadable(result, "ssd_assessment_factors"), []);
		// P1's referral goes with P1, that referral's assessment with it, and the assessment's factors.
		assert.deepEqual(
			result.problems
				.map((p) => [p.file, p.row, p.column, p.reason])
				.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
			[
				[
					"ssd_assessment_factors.csv",
					2,
					"cinf_assessment_id",
					"cinf_assessment_id 'A1' is on row 2 of ssd_cin_assessments.csv, which is not loaded, so this row is not either",
				],
				[
					"ssd_cin_assessments.csv",
					2,
					"cina_referral_id",
					"cina_referral_id 'R1' is on row 2 of ssd_cin_episodes.csv, which is not loaded, so this row is not either",
				],
				[
					"ssd_cin_episodes.csv",
					2,
					"cine_person_id",
					"cine_person_id 'P1' is on row 2 of ssd_person.csv, which is not loaded, so this row is not either",
				],
			],
		);
	});

	test("parents not in the import are looked up among the stored rows, only those referred to", () => {
		const tables = [
			table("ssd_cin_episodes", [
				{ cine_referral_id: "R1", cine_person_id: "P1", cine_referral_worker_id: "W1" },
				{ cine_referral_id: "R2", cine_person_id: "P2" },
				{ cine_referral_id: "R3", cine_person_id: "P1" },
			]),
		];
		assert.deepEqual(storedLookups(SSD_SPEC, tables, false), [
			{ table: "ssd_person", column: "pers_person_id", values: ["P1", "P2"] },
			{ table: "ssd_professionals", column: "prof_professional_id", values: ["W1"] },
		]);
		const result = checkReferences(SSD_SPEC, {
			source: "mosaic",
			validOnly: false,
			tables,
			stored: new Map([
				["ssd_person.pers_person_id", new Set(["P1"])],
				["ssd_professionals.prof_professional_id", new Set(["W1"])],
			]),
		});
		assert.deepEqual(loadable(result, "ssd_cin_episodes"), [2, 4]);
		assert.deepEqual(
			result.problems.map((p) => [p.row, p.severity, p.reason]),
			[
				[
					3,
					"error",
					"cine_person_id 'P2' is not in ssd_person: this import has no ssd_person file and source 'mosaic' holds no such row",
				],
			],
		);
	});

	test("with valid rows only, a file not read to its end is not loaded and its children are checked against what is stored", () => {
		const tables = [
			table("ssd_person", [{ pers_person_id: "P1" }, { pers_person_id: "P2" }], [], false),
			table("ssd_cin_episodes", [
				{ cine_referral_id: "R1", cine_person_id: "P1" },
				{ cine_referral_id: "R2", cine_person_id: "P2" },
			]),
		];
		assert.deepEqual(storedLookups(SSD_SPEC, tables, true), [
			{ table: "ssd_person", column: "pers_person_id", values: ["P1", "P2"] },
		]);
		// Refusing the whole import, the rows read so far are what children are checked against.
		assert.deepEqual(storedLookups(SSD_SPEC, tables, false), []);
		const result = checkReferences(SSD_SPEC, {
			source: "s",
			validOnly: true,
			tables,
			stored: new Map([["ssd_person.pers_person_id", new Set(["P1"])]]),
		});
		assert.deepEqual(loadable(result, "ssd_person"), []);
		assert.deepEqual(loadable(result, "ssd_cin_episodes"), [2]);
		assert.deepEqual(
			result.problems.map((p) => p.reason),
			[
				"cine_person_id 'P2' is not stored for source 's', and ssd_person.csv is not loaded because it could not be read to its end",
			],
		);
	});

	test("a team whose parent team is missing is only a warning, and loads", () => {
		const result = checkReferences(SSD_SPEC, {
			source: "s",
			validOnly: false,
			stored: new Map(),
			tables: [
				table("ssd_department", [
					{ dept_team_id: "T1", dept_team_parent_id: "T0" },
					{ dept_team_id: "T2", dept_team_parent_id: "T1" },
				]),
			],
		});
		assert.deepEqual(loadable(result, "ssd_department"), [2, 3]);
		assert.deepEqual(
			result.problems.map((p) => [p.row, p.severity, p.reason]),
			[
				[
					2,
					"warning",
					"dept_team_parent_id 'T0' is not in ssd_department.csv; the row is loaded, with the team unknown",
				],
			],
		);
	});
});
