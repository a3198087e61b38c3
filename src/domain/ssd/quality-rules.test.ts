// The data-quality rules against the spec: every column they name is one the spec holds,
// of the right kind, and a table with a start and an end date is never left out.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CHILD_EVENTS, CHILD_IDENTIFIERS, DATE_PAIRS, mandatoryColumns, parentLinks } from "./quality-rules.ts";
import { SSD_SPEC, ssdTable } from "./spec.ts";

const kindOf = (table: string, column: string) => ssdTable(table)?.fields.find((f) => f.name === column)?.kind;

test("every date pair and child event names date columns of the spec", () => {
	for (const { table, start, end } of DATE_PAIRS) {
		assert.equal(kindOf(table, start), "date", `${table}.${start}`);
		assert.equal(kindOf(table, end), "date", `${table}.${end}`);
	}
	for (const { table, date } of CHILD_EVENTS) assert.equal(kindOf(table, date), "date", `${table}.${date}`);
	for (const { column } of CHILD_IDENTIFIERS) assert.equal(kindOf("ssd_person", column), "text", column);
});

test("a table with both a start and an end date has a pair, so a new one is not missed silently", () => {
	const paired = new Set(DATE_PAIRS.map((p) => p.table));
	const unpaired = SSD_SPEC.tables
		.filter((t) => t.fields.some((f) => f.kind === "date" && /_start_date$|_from_date$/.test(f.name)))
		.filter((t) => t.fields.some((f) => f.kind === "date" && /_(end|to|ceased|close)_date$/.test(f.name)))
		.map((t) => t.name)
		.filter((name) => !paired.has(name));
	assert.deepEqual(unpaired, []);
});

test("mandatory columns are the spec's required ones less the key", () => {
	const family = mandatoryColumns().filter((m) => m.table === "ssd_family");
	assert.deepEqual(family, [
		{ table: "ssd_family", column: "fami_family_id" },
		{ table: "ssd_family", column: "fami_person_id" },
	]);
	assert.equal(
		mandatoryColumns().some((m) => m.column === "pers_person_id"),
		false,
	);
});

test("parent links follow the spec's foreign keys, leaving out workers and teams", () => {
	const assessments = parentLinks().filter((l) => l.table === "ssd_cin_assessments");
	assert.deepEqual(assessments, [
		{
			table: "ssd_cin_assessments",
			column: "cina_person_id",
			parentTable: "ssd_person",
			parentColumn: "pers_person_id",
		},
		{
			table: "ssd_cin_assessments",
			column: "cina_referral_id",
			parentTable: "ssd_cin_episodes",
			parentColumn: "cine_referral_id",
		},
	]);
	assert.equal(
		parentLinks().some((l) => l.parentTable === "ssd_professionals" || l.parentTable === "ssd_department"),
		false,
	);
});
