import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SSD_SPEC, ssdTable } from "./spec.ts";

const field = (table: string, name: string) => ssdTable(table)?.fields.find((f) => f.name === name);
const required = (table: string) =>
	ssdTable(table)
		?.fields.filter((f) => f.required)
		.map((f) => f.name)
		.sort();

describe("the pinned SSD spec", () => {
	it("names every column once, each with an item ref no other column has", () => {
		const names = SSD_SPEC.tables.flatMap((t) => t.fields.map((f) => f.name));
		const refs = SSD_SPEC.tables.flatMap((t) => t.fields.map((f) => f.itemRef.toLowerCase()));
		assert.equal(new Set(names).size, names.length);
		assert.equal(new Set(refs).size, refs.length);
		// A header cell must never be one column's name and another's item ref.
		assert.deepEqual(
			refs.filter((r) => names.includes(r)),
			[],
		);
	});

	it("gives each table's columns a prefix of their own, which tells a wrong file apart", () => {
		const prefixes = SSD_SPEC.tables.map((t) => {
			const own = new Set(t.fields.map((f) => f.name.split("_")[0]));
			assert.equal(own.size, 1, t.name);
			return [...own][0];
		});
		assert.equal(new Set(prefixes).size, prefixes.length);
	});

	it("points every foreign key at a column the spec holds", () => {
		const columns = new Set(SSD_SPEC.tables.flatMap((t) => t.fields.map((f) => `${t.name}.${f.name}`)));
		const dangling = SSD_SPEC.tables.flatMap((t) =>
			t.fields.filter((f) => f.foreignKey && !columns.has(f.foreignKey)).map((f) => `${f.name} → ${f.foreignKey}`),
		);
		assert.deepEqual(dangling, []);
	});

	it("corrects the spec's known slips, saying what the spec had", () => {
		assert.equal(
			field("ssd_cla_episodes", "clae_cla_placement_id")?.foreignKey,
			"ssd_cla_placement.clap_cla_placement_id",
		);
		assert.equal(
			field("ssd_cla_episodes", "clae_cla_placement_id")?.specForeignKey,
			"ssd_cla_placements.clap_placement_id",
		);
		assert.equal(field("ssd_permanence", "perm_person_id")?.foreignKey, "ssd_person.pers_person_id");
		assert.equal(field("ssd_involvements", "invo_person_id")?.specForeignKey, null);
		assert.equal(ssdTable("ssd_family")?.primaryKey, "fami_table_id");
		assert.equal(ssdTable("ssd_department")?.primaryKey, "dept_team_id");
		assert.equal(ssdTable("ssd_involvements")?.primaryKey, "invo_involvements_id");
	});

	it("keeps the UPN the deployed extracts carry, and reads their name for the common child id", () => {
		assert.deepEqual(
			[field("ssd_person", "pers_upn")?.itemRef, field("ssd_person", "pers_upn")?.maxLength],
			["PERS006A", 13],
		);
		assert.deepEqual(field("ssd_person", "pers_common_child_id")?.aliases, ["pers_single_unique_id"]);
	});

	it("requires the key, the spec's required columns and the link to the child", () => {
		assert.deepEqual(required("ssd_person"), ["pers_person_id"]);
		assert.deepEqual(required("ssd_family"), ["fami_family_id", "fami_person_id", "fami_table_id"]);
		assert.deepEqual(required("ssd_cin_assessments"), ["cina_assessment_id", "cina_person_id", "cina_referral_id"]);
		// A conference that decides on no plan has no plan id, whatever the spec's validator says.
		assert.deepEqual(required("ssd_initial_cp_conference"), ["icpc_icpc_id", "icpc_person_id", "icpc_referral_id"]);
		assert.deepEqual(required("ssd_cla_reviews"), ["clar_cla_id", "clar_cla_review_id"]);
		assert.deepEqual(required("ssd_department"), ["dept_team_id"]);
		assert.deepEqual(required("ssd_professionals"), ["prof_professional_id"]);
		assert.equal(field("ssd_address", "addr_address_json")?.required, "spec");
		assert.equal(field("ssd_missing", "miss_person_id")?.required, "link");
	});

	it("copies names, item refs and types, and reads each type as its kind", () => {
		const expected: [string, string, string, string, string][] = [
			["ssd_cin_episodes", "cine_referral_id", "CINE001A", "nvarchar", "text"],
			["ssd_department", "dept_team_id", "DEPT1001A", "nvarchar", "text"],
			["ssd_assessment_factors", "cinf_assessment_factors_json", "CINF002A", "nvarchar", "json"],
			["ssd_person", "pers_dob", "PERS005A", "datetime", "date"],
			["ssd_professionals", "prof_full_time_equivalency", "PROF011A", "float", "decimal"],
			["ssd_permanence", "perm_siblings_placed_together", "PERM013A", "int", "integer"],
			["ssd_cin_episodes", "cine_referral_nfa", "CINE011A", "nchar", "flag"],
			["ssd_cin_assessments", "cina_assessment_outcome_nfa", "CINA009A", "NCHAR", "flag"],
			// nchar(1) holding 0 or 1, not Y or N
			["ssd_permanence", "perm_part_of_sibling_group", "PERM012A", "nchar", "text"],
			["ssd_cin_episodes", "cine_close_reason", "CINE006A", "nvarchar", "code"],
		];
		for (const [table, name, itemRef, specType, kind] of expected) {
			const f = field(table, name);
			assert.deepEqual([f?.itemRef, f?.specType, f?.kind], [itemRef, specType, kind], name);
		}
		assert.deepEqual(SSD_SPEC.codeSets.reason_for_closure, [
			"RC1",
			"RC2",
			"RC3",
			"RC4",
			"RC5",
			"RC6",
			"RC7",
			"RC8",
			"RC9",
		]);
	});
});
