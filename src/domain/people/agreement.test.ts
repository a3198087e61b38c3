import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
	dayMonthAgreement,
	dobAgreement,
	dobComparisonOf,
	dobMonthAgreement,
	nameAgreements,
	nameForms,
	oneDigitApart,
	oneDigitVariants,
	postcodeAgreement,
	type StoredName,
} from "./agreement.ts";

const date = (iso: string) => {
	const [year, month, day] = iso.split("-").map(Number);
	return { year, month, day };
};
const level = (a: string, b: string) => dobAgreement(date(a), date(b)).level;

describe("date of birth agreement levels", () => {
	it("tells exact, swapped, one digit, year only and none apart", () => {
		assert.equal(level("2015-03-12", "2015-03-12"), "exact");
		assert.equal(level("2015-12-03", "2015-03-12"), "swapped");
		assert.equal(level("2015-03-13", "2015-03-12"), "oneDigit", "a day one digit out");
		assert.equal(level("2015-08-12", "2015-03-12"), "oneDigit", "a month one digit out");
		assert.equal(level("2016-03-12", "2015-03-12"), "oneDigit", "a year one digit out");
		assert.equal(level("2015-03-21", "2015-03-12"), "sameYear", "two digits of the day transposed");
		assert.equal(level("2015-11-30", "2015-03-12"), "sameYear");
		assert.equal(level("2011-07-04", "2015-03-12"), "none");
		assert.equal(level("2025-03-12", "2015-03-12"), "oneDigit", "a decade slip is one digit");
	});

	it("lists the real dates one key away, for the search to look up", () => {
		const near = oneDigitVariants(date("2011-11-16"), 2027).map((d) => `${d.year}-${d.month}-${d.day}`);
		assert.ok(near.includes("2001-11-16"), "the decade");
		assert.ok(near.includes("2011-11-6") && near.includes("2011-1-16"));
		assert.ok(!near.includes("2011-11-16"), "not the date itself");
		assert.ok(!near.some((d) => d.startsWith("2911") || d.startsWith("1011")), "no year outside 1900 to next year");
		assert.ok(
			!oneDigitVariants(date("2016-01-30"), 2027).some((d) => d.month === 2 && d.day === 30),
			"real dates only",
		);
	});

	it("counts digits as written DDMMYYYY, zero-padded", () => {
		assert.ok(oneDigitApart(date("2015-03-01"), date("2015-03-11")));
		assert.ok(!oneDigitApart(date("2015-03-01"), date("2015-03-01")));
		assert.ok(!oneDigitApart(date("2015-03-01"), date("2015-04-02")));
	});

	it("compares partial dates at their own levels", () => {
		assert.equal(dobMonthAgreement({ year: 2015, month: 3 }, date("2015-03-12")).level, "same");
		assert.equal(dobMonthAgreement({ year: 2015, month: 4 }, date("2015-03-12")).level, "sameYear");
		assert.equal(dobMonthAgreement({ year: 2014, month: 3 }, date("2015-03-12")).level, "none");
		assert.equal(dayMonthAgreement({ day: 12, month: 3 }, date("1999-03-12")).level, "same");
		assert.equal(dobComparisonOf({ year: 2015 }), "dobYear");
		assert.equal(dobComparisonOf({ year: 2015, month: 3 }), "dobMonth");
		assert.equal(dobComparisonOf({ year: 2015, month: 3, day: 12 }), "dob");
	});
});

describe("name agreement levels", () => {
	const stored = (given: string, family: string, kind: StoredName["kind"] = "current"): StoredName => ({
		kind,
		given: nameForms(given, given === "Robert" ? "RPRT" : null),
		family: nameForms(family),
	});
	const givenLevels = (typed: string, names: StoredName[], key?: string) =>
		nameAgreements(nameForms(typed, key), names, "given").map((a) => a.level);

	it("finds each level of a given name", () => {
		const robert = [stored("Robert", "Smith")];
		assert.deepEqual(givenLevels("Robert", robert), ["exact"]);
		assert.deepEqual(givenLevels("Bob", robert), ["nickname"]);
		assert.deepEqual(givenLevels("Robret", robert), ["typo"]);
		assert.deepEqual(givenLevels("R", robert), ["initial"]);
		assert.deepEqual(givenLevels("Tariq", robert), []);
		assert.deepEqual(givenLevels("Mary", [stored("Mary-Jane", "Smith")]), ["part"]);
		assert.deepEqual(givenLevels("Rupurt", robert, "RPRT"), ["sounds"]);
	});

	it("gives one agreement per stored name, saying which kind of name it was", () => {
		const found = nameAgreements(
			nameForms("Jones"),
			[stored("Robert", "Smith"), stored("Robert", "Jones", "previous")],
			"family",
		);
		assert.deepEqual(found, [{ level: "exact", kind: "previous", reason: "matches previous family name Jones" }]);
	});
});

describe("postcode agreement levels", () => {
	it("compares with every postcode the person has had", () => {
		assert.equal(postcodeAgreement("me141xq", ["CT1 1AA", "ME14 1XQ"])?.level, "exact");
		assert.equal(postcodeAgreement("ME14 5AB", ["ME14 1XQ"])?.level, "district");
		assert.equal(postcodeAgreement("CT2 7NZ", ["ME14 1XQ"])?.level, "none");
		assert.equal(postcodeAgreement("CT2 7NZ", []), null, "nothing to compare is no evidence");
	});
});
