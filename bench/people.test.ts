import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Random } from "../src/demo/synthetic/random.ts";
import type { Evidence } from "../src/domain/people/match-score.ts";
import { compareAgreement } from "./ceiling.ts";
import {
	accuracyLines,
	dateFault,
	ONE_FAULT,
	oneDigitDate,
	type QueryOutcome,
	swappedDate,
	TWO_FAULTS_NO_POSTCODE,
	TWO_FAULTS_POSTCODE,
	unrealDate,
	unrelated,
} from "./people.ts";
import { checkTargets } from "./targets.ts";

// Not part of npm test (it runs src and test): node --import tsx --test bench/people.test.ts

/** Day, month and year of "DD/MM/YYYY" or "D/MM/YYYY", and whether they make a date on the calendar. */
function read(typed: string) {
	const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(typed);
	assert.ok(m, `${typed} is not written as D/M/YYYY`);
	const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const at = new Date(Date.UTC(year, month - 1, day));
	const real = month >= 1 && month <= 12 && at.getUTCDate() === day && at.getUTCMonth() === month - 1;
	return { day, month, year, real };
}

const DATES = ["1980-04-03", "2015-02-09", "2016-02-28", "1999-12-31", "2024-11-30", "1957-01-01", "2010-10-10"];
const LATEST = "2026-11-01";

describe("bench query makers", () => {
	it("swaps day and month only when that is a different real date", () => {
		assert.equal(swappedDate("1980-04-03"), "1980-03-04");
		assert.equal(swappedDate("2001-11-12"), "2001-12-11");
		assert.equal(swappedDate("1980-04-13"), null);
		assert.equal(swappedDate("1980-04-04"), null);
	});

	it("strikes one digit of DD/MM/YYYY, leaving a real date from 1900 to the latest day", () => {
		for (const date of DATES) {
			const [y, m, d] = date.split("-");
			const truth = `${d}${m}${y}`;
			for (let seed = 1; seed <= 60; seed++) {
				const typed = oneDigitDate(date, new Random(seed), LATEST);
				assert.ok(typed, `${date}: nothing made`);
				const { day, month, year, real } = read(typed);
				assert.ok(real, `${typed} is not a real date`);
				const digits = typed.replace(/\//g, "");
				assert.equal([...digits].filter((c, i) => c !== truth[i]).length, 1, `${date} → ${typed}`);
				const at = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
				assert.ok(at >= "1900-01-01" && at <= LATEST, `${typed} out of range`);
			}
		}
	});

	it("makes dates that are not real by one slip in the day or the month, the year untouched", () => {
		const seen = { dayPastEnd: 0, monthOverTwelve: 0 };
		for (const date of DATES) {
			const [year, month, day] = date.split("-").map(Number);
			for (let seed = 1; seed <= 60; seed++) {
				const typed = unrealDate(date, new Random(seed));
				assert.ok(typed, `${date}: nothing made`);
				const got = read(typed);
				assert.equal(got.real, false, `${date} → ${typed} is a real date`);
				assert.equal(got.year, year);
				if (got.month === month) {
					// The day past the month's end, not a day of 40 or more.
					assert.ok(got.day > new Date(Date.UTC(year, month, 0)).getUTCDate() && got.day <= 39, typed);
					seen.dayPastEnd++;
				} else {
					assert.equal(got.day, day, typed);
					assert.ok(got.month > 12 && got.month <= 49, typed);
					seen.monthOverTwelve++;
				}
			}
		}
		assert.ok(seen.dayPastEnd > 50 && seen.monthOverTwelve > 50, JSON.stringify(seen));
	});

	it("writes a month typed twice as the issue's example does: 3/41/1980 from 3 April 1980", () => {
		const made = new Set(Array.from({ length: 400 }, (_, seed) => unrealDate("1980-04-03", new Random(seed))));
		assert.ok(made.has("3/41/1980"));
		assert.ok(made.has("33/04/1980"));
		// 29 February in a common year is past the month's end; in a leap year it is real.
		assert.ok(
			new Set(Array.from({ length: 400 }, (_, seed) => unrealDate("2015-02-28", new Random(seed)))).has("29/02/2015"),
		);
		assert.ok(
			!new Set(Array.from({ length: 400 }, (_, seed) => unrealDate("2016-02-28", new Random(seed)))).has("29/02/2016"),
		);
	});

	it("gets a date wrong but real, never the true date and never after the latest day", () => {
		for (const date of [...DATES, "2026-10-30"]) {
			const [y, m, d] = date.split("-");
			for (let seed = 1; seed <= 60; seed++) {
				const typed = dateFault(date, new Random(seed), LATEST);
				assert.ok(typed);
				const got = read(typed);
				assert.ok(got.real, typed);
				assert.notEqual(typed, `${d}/${m}/${y}`);
				const at = `${got.year}-${String(got.month).padStart(2, "0")}-${String(got.day).padStart(2, "0")}`;
				assert.ok(at <= LATEST, `${date} → ${typed}`);
			}
		}
	});

	it("takes a replacement name only when it is not a slip of the true one", () => {
		assert.equal(unrelated("Clarke", "Clark"), false);
		assert.equal(unrelated("Smith", "Smyth"), false);
		assert.equal(unrelated("Clarke", "Richardson"), true);
		assert.equal(unrelated("Ellie", "Elsie"), false);
		assert.equal(unrelated("Ellie", "Megan"), true);
	});
});

describe("bench accuracy lines", () => {
	const outcome = (
		kind: QueryOutcome["kind"],
		withPostcode: boolean,
		rank: number | null,
		ms: number,
	): QueryOutcome => ({
		kind,
		withPostcode,
		text: "",
		note: "",
		rank,
		results: rank ?? 0,
		first: null,
		listed: [],
		ms,
	});

	it("reports each kind and postcode variant, and the groups issue 16's targets are stated for", () => {
		const outcomes = [
			outcome("dob-swap", false, 1, 10),
			outcome("dob-swap", false, 3, 20),
			outcome("dob-swap", true, 1, 30),
			outcome("no-dob-stored", false, null, 40),
			outcome("two-wrong:given+dob", true, 6, 50),
			outcome("two-wrong:given+dob", false, 2, 60),
		];
		const lines = accuracyLines(outcomes, { medianMs: 10, p95Ms: 20 });
		const by = new Map(lines.map((l) => [l.group, l]));
		// No issue 5 or second-record queries: their lines are left out.
		assert.equal(by.has("issue"), false);
		assert.equal(by.has("second-record"), false);
		const one = by.get(ONE_FAULT);
		assert.deepEqual([one?.queries, one?.first, one?.top5, one?.listed], [4, 2, 3, 3]);
		const swap = by.get("dob-swap");
		assert.deepEqual([swap?.scope, swap?.queries, swap?.firstShare, swap?.medianMs], ["kind", 2, 0.5, 10]);
		assert.equal(by.get("dob-swap +postcode")?.queries, 1);
		assert.equal(by.get("no-dob-stored")?.listedShare, 0);
		// Every kind has a line, with or without queries, so a kind that made none shows as 0.
		assert.equal(by.get("unreal-date +postcode")?.queries, 0);
		const withPostcode = by.get(TWO_FAULTS_POSTCODE);
		assert.deepEqual([withPostcode?.queries, withPostcode?.top5, withPostcode?.listed], [1, 0, 1]);
		assert.equal(by.get(TWO_FAULTS_NO_POSTCODE)?.top5Share, 1);
		// Ratios over the primary-key page: median 10 ms of 10, p95 40 ms of 20.
		assert.equal(by.get("no-dob-stored")?.medianRatio, 4);
		assert.equal(by.get("no-dob-stored")?.p95Ratio, 2);
	});

	it("judges the latency targets kind by kind, each on its own", () => {
		const outcomes = [outcome("dob-swap", false, 1, 10), outcome("dob-swap", true, 1, 60)];
		// The primary-key page took 10 ms in the run.
		const pk = { requests: 1, seconds: 1, medianMs: 10, p95Ms: 10, meanMs: 10, maxMs: 10, perSecond: 1 };
		const lines = accuracyLines(outcomes, pk);
		const results = checkTargets({
			figures: new Map(),
			baselines: { static: pk, pk },
			accuracy: new Map([["people-search", lines]]),
		}).filter((t) => t.kind === "kind-latency");
		const median = results.filter((t) => t.metric === "medianMs");
		assert.deepEqual(
			median.map((t) => [t.line, t.value, t.met]),
			[
				["dob-swap", 1, true],
				["dob-swap +postcode", 6, false],
			],
		);
	});
});

describe("first-place ceiling", () => {
	const e = (field: Evidence["field"], weight: number): Evidence => ({ field, weight, exact: false });
	it("calls a record beaten only by one at least as good on every field and better on one", () => {
		const truth = [e("given", 8), e("family", -2), e("dob", 13)];
		// Same given name and date, family name a slip instead of different: better on one field.
		assert.equal(compareAgreement([e("given", 8), e("family", 5), e("dob", 13)], truth), 1);
		// Level on every field, a field the scorer says nothing of weighing nothing.
		assert.equal(compareAgreement([e("given", 8), e("family", -2), e("dob", 13), e("postcode", 0)], truth), 0);
		// Better on the family name, worse on the date: neither beats the other.
		assert.equal(compareAgreement([e("given", 8), e("family", 8), e("dob", 3.9)], truth), null);
		assert.equal(compareAgreement(truth, [e("given", 8), e("family", 5), e("dob", 13)]), -1);
	});
});
