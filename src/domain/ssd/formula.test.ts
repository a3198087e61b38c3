import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeFormula } from "./formula.ts";

describe("text cells written for a spreadsheet", () => {
	const cases: [string, string, string][] = [
		["a formula", "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
		["a plus", "+44 1632 960000", "'+44 1632 960000"],
		["a minus", "-2+3", "'-2+3"],
		["an at sign", "@SUM(A1:A2)", "'@SUM(A1:A2)"],
		["a leading tab", "\t=1", "'\t=1"],
		["a leading carriage return", "\r=1", "'\r=1"],
		["plain text", "Ada Lovelace", "Ada Lovelace"],
		["a sign later in the text", "Ada = Bea", "Ada = Bea"],
		["an empty cell", "", ""],
		["a leading space before =", " =1", " =1"],
		["an apostrophe already", "'=1", "'=1"],
	];
	for (const [what, given, written] of cases) {
		it(`${what}: ${JSON.stringify(given)} → ${JSON.stringify(written)}`, () => {
			assert.equal(escapeFormula(given), written);
		});
	}
});
