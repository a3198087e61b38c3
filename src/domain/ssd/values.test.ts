import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SsdField } from "./spec.ts";
import { isEmptyCell, readCell, readCode, readDate, readDecimal, readFlag, readInteger } from "./values.ts";

describe("empty cells", () => {
	for (const raw of ["", "   ", "NULL", "null", "Null", " NULL "]) {
		it(`${JSON.stringify(raw)} is empty`, () => assert.equal(isEmptyCell(raw), true));
	}
	for (const raw of ["NULLS", "N", "0", "nil"]) {
		it(`${JSON.stringify(raw)} is a value`, () => assert.equal(isEmptyCell(raw), false));
	}
});

describe("dates", () => {
	const read: [string, string][] = [
		["2024-12-10", "2024-12-10"],
		["2024-12-10 00:00:00.000", "2024-12-10"],
		["2024-12-10T00:00:00", "2024-12-10"],
		["2024-12-10 14:35", "2024-12-10"],
		["10/12/2024", "2024-12-10"],
		["1/2/2024", "2024-02-01"],
		["29/02/2024", "2024-02-29"],
		["2000-02-29", "2000-02-29"],
	];
	for (const [raw, day] of read) {
		it(`reads ${raw} as ${day}`, () => assert.deepEqual(readDate(raw), { value: day }));
	}
	const refused: [string, string][] = [
		["31/02/2024", "Date '31/02/2024' is not a real date"],
		["2024-13-01", "Date '2024-13-01' is not a real date"],
		["29/02/2023", "Date '29/02/2023' is not a real date"],
		["1900-02-29", "Date '1900-02-29' is not a real date"],
		["2024-12-10 24:00:00", "Date '2024-12-10 24:00:00' has a time of day that does not exist"],
		["12/10/24", "'12/10/24' is not a date we can read: write it as 2024-12-10 or 10/12/2024"],
		["10-12-2024", "'10-12-2024' is not a date we can read: write it as 2024-12-10 or 10/12/2024"],
		["10 Dec 2024", "'10 Dec 2024' is not a date we can read: write it as 2024-12-10 or 10/12/2024"],
		["2024-12-10Z", "'2024-12-10Z' is not a date we can read: write it as 2024-12-10 or 10/12/2024"],
	];
	for (const [raw, reason] of refused) {
		it(`refuses ${raw}`, () => assert.deepEqual(readDate(raw), { problem: reason }));
	}
});

describe("flags and numbers", () => {
	const cases: [string, ReturnType<typeof readFlag>][] = [
		["Y", { value: "Y" }],
		["y", { value: "Y" }],
		["n", { value: "N" }],
		["Yes", { problem: "'Yes' is not Y or N" }],
		["1", { problem: "'1' is not Y or N" }],
	];
	for (const [raw, expected] of cases) it(`flag ${raw}`, () => assert.deepEqual(readFlag(raw), expected));

	it("whole numbers", () => {
		assert.deepEqual(readInteger("3"), { value: 3 });
		assert.deepEqual(readInteger("-12"), { value: -12 });
		assert.deepEqual(readInteger("3.5"), { problem: "'3.5' is not a whole number" });
		assert.deepEqual(readInteger("three"), { problem: "'three' is not a whole number" });
		assert.deepEqual(readInteger("2147483648"), { problem: "2147483648 is too large a number" });
	});
	it("decimals", () => {
		assert.deepEqual(readDecimal("0.8"), { value: 0.8 });
		assert.deepEqual(readDecimal("12"), { value: 12 });
		assert.deepEqual(readDecimal(".5"), { value: 0.5 });
		assert.deepEqual(readDecimal("1,5"), { problem: "'1,5' is not a number" });
		assert.deepEqual(readDecimal("1e3"), { problem: "'1e3' is not a number" });
	});
});

describe("codes and text", () => {
	const spec = { codeSets: { reason_for_closure: ["RC1", "RC2"], category_of_abuse: ["Neglect", "Emotional Abuse"] } };
	const field = (f: Partial<SsdField>): SsdField => ({
		name: "x_col",
		itemRef: "X001A",
		specType: "nvarchar",
		kind: "text",
		...f,
	});

	it("a known code is written in the spec's case, an unknown one kept as given", () => {
		assert.equal(readCode("rc1", spec.codeSets.reason_for_closure), "RC1");
		assert.equal(readCode("emotional abuse", spec.codeSets.category_of_abuse), "Emotional Abuse");
		assert.equal(readCode("rc10", spec.codeSets.reason_for_closure), "rc10");
		assert.equal(readCode("rc1", undefined), "rc1");
	});
	it("a code column reads through its code set", () => {
		assert.deepEqual(readCell(" rc2 ", field({ kind: "code", codeSet: "reason_for_closure", maxLength: 100 }), spec), {
			value: "RC2",
		});
	});
	it("text is trimmed and held to its length, counted in characters", () => {
		assert.deepEqual(readCell("  Zoë  ", field({ maxLength: 3 }), spec), { value: "Zoë" });
		assert.deepEqual(readCell("Zoëy", field({ maxLength: 3 }), spec), {
			problem: "This is 4 characters long; x_col holds at most 3",
		});
	});
	it("JSON columns must hold JSON, and keep it as written", () => {
		const json = field({ kind: "json" });
		assert.deepEqual(readCell('{"NFA_FLAG": "Y"}', json, spec), { value: '{"NFA_FLAG": "Y"}' });
		assert.deepEqual(readCell('["2B","4B"]', json, spec), { value: '["2B","4B"]' });
		assert.deepEqual(readCell("{NFA_FLAG: Y}", json, spec), {
			problem: "This is not valid JSON (check its brackets, quotes and commas)",
		});
	});
	it("NULL is empty whatever the column", () => {
		for (const kind of ["text", "code", "date", "flag", "integer", "decimal", "json"] as const) {
			assert.deepEqual(readCell("null", field({ kind }), spec), { value: null }, kind);
		}
	});
});
