import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { caseHistoryOf, type HistoryKind, type HistoryRow } from "./history.ts";

const row = (
	kind: HistoryKind,
	id: string,
	on: string | null,
	facts: Record<string, string | null> = {},
	ofKind = 1,
): HistoryRow => ({
	kind,
	source: "mosaic",
	person: "P1",
	id,
	on,
	facts,
	ofKind,
});

describe("a child's imported history", () => {
	it("is nothing when nothing is linked", () => {
		assert.equal(caseHistoryOf([]), null);
	});

	it("lists newest first, by year; on one day in the order a case runs; undated last", () => {
		const history = caseHistoryOf([
			row("assessment", "A1", "2024-12-11"),
			row("missing", "M1", null),
			row("cp-plan", "CP1", "2025-01-02"),
			row("s47", "S1", "2024-12-11"),
			row("referral", "R2", "2024-12-11"),
			row("referral", "R1", "2023-05-01"),
		]);
		assert.deepEqual(
			history?.years.map((y) => [y.year, y.entries.map((e) => e.ids.replace("mosaic: ", ""))]),
			[
				["2025", ["plan CP1, person P1"]],
				["2024", ["referral R2, person P1", "assessment A1, person P1", "enquiry S1, person P1"]],
				["2023", ["referral R1, person P1"]],
				["Date not recorded", ["episode M1, person P1"]],
			],
		);
	});

	it("puts a referral's facts in words and leaves out what the case system did not record", () => {
		const entry = caseHistoryOf([
			row("referral", "R9", "2025-03-04", {
				date: "2025-03-04",
				source: "9Z",
				sourceDesc: "Youth offending service",
				need: "n4",
				outcome: '{"STRATEGY_DISCUSSION_FLAG":"Y","NFA_FLAG":"N"}',
				nfa: "N",
				closed: null,
				closeReason: "",
			}),
		])?.years[0].entries[0];
		assert.equal(entry?.title, "Referral");
		assert.deepEqual(entry?.facts, [
			{ key: "Referred", date: "2025-03-04" },
			{ key: "Referred by", text: "Youth offending service (9Z)" },
			{ key: "Primary need", text: "Family in acute stress (N4)" },
			{ key: "Outcome", text: "Strategy discussion" },
			{ key: "No further action", text: "No" },
		]);
	});

	it("counts what it does not show, per kind, and says nothing of kinds shown whole", () => {
		const history = caseHistoryOf([
			row("missing", "M2", "2024-02-01", {}, 12),
			row("missing", "M1", "2024-01-01", {}, 12),
			row("placement", "PL1", "2024-01-01", {}, 1),
		]);
		assert.deepEqual(history?.more, [{ kind: "missing", title: "missing episodes", shown: 2, of: 12 }]);
	});
});
