import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fieldNamed, tableForFileName } from "./header.ts";
import { SSD_SPEC, ssdTable } from "./spec.ts";

describe("naming tables and columns", () => {
	const files: [string, string | undefined][] = [
		["ssd_person.csv", "ssd_person"],
		["SSD_CIN_EPISODES.CSV", "ssd_cin_episodes"],
		["extract/2026-11/ssd_cla_placement.csv", "ssd_cla_placement"],
		["C:\\extract\\ssd_cp_plans.csv", "ssd_cp_plans"],
		["ssd_person.xlsx", undefined],
		["ssd_persons.csv", undefined],
		["ssd_sdq_scores.csv", undefined], // in the spec, not (yet) among the tables Threshold holds
	];
	for (const [file, table] of files) {
		it(`${file} holds ${table ?? "no table we read"}`, () => {
			assert.equal(tableForFileName(SSD_SPEC, file)?.name, table);
		});
	}

	const person = ssdTable("ssd_person")!;
	const cells: [string, string | undefined][] = [
		["pers_person_id", "pers_person_id"],
		["PERS_PERSON_ID", "pers_person_id"],
		[" pers001a ", "pers_person_id"],
		["\uFEFFpers_dob", "pers_dob"],
		["PERS005A", "pers_dob"],
		["pers_upn", "pers_upn"],
		["pers_single_unique_id", "pers_common_child_id"],
		["PERS013A", "pers_common_child_id"],
		["pers_surname_at_birth", undefined],
		["cine_person_id", undefined],
		["", undefined],
	];
	for (const [cell, name] of cells) {
		it(`header cell ${JSON.stringify(cell)} is ${name ?? "not a column"} of ssd_person`, () => {
			assert.equal(fieldNamed(person, cell)?.name, name);
		});
	}
});
