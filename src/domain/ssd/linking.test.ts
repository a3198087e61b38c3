// The rules that make a link certain or a question (ADR 36), as tables of cases written by
// hand: an NHS number links only with the name and date of birth agreeing and one holder;
// likely candidates are asked about and none makes a person; an SSD record becomes a
// Threshold one in Threshold's codes.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
	decideUncertain,
	matchQueryOf,
	type NhsHolder,
	nhsLinkAgrees,
	nhsNumberOf,
	personFromSsd,
	type SsdPersonForLinking,
} from "./linking.ts";

const ellie: SsdPersonForLinking = {
	persPersonId: "P1",
	forename: "Ellie",
	surname: "Marsh",
	sex: "F",
	dob: "2016-04-09",
	expectedDob: null,
	deathDate: null,
	ethnicity: "WBRI",
	commonChildId: "943 476 5919",
	upn: "A123456789012",
	upnUnknown: null,
	nationality: "British",
	postcode: "LS1 4AB",
};
const holder = (over: Partial<NhsHolder> = {}): NhsHolder => ({
	personId: "t-1",
	dateOfBirth: "2016-04-09",
	names: [{ given: "Ellie", family: "Marsh" }],
	...over,
});

describe("a certain link by NHS number", () => {
	const cases: [string, SsdPersonForLinking, NhsHolder[], string | null][] = [
		["number, name and date agree", ellie, [holder()], "t-1"],
		[
			"names agree folded (case, accents, spaces)",
			{ ...ellie, forename: " ellie ", surname: "MARSH" },
			[holder()],
			"t-1",
		],
		[
			"a previous name of the holder's agrees",
			ellie,
			[
				holder({
					names: [
						{ given: "Ellie", family: "Jones" },
						{ given: "Ellie", family: "Marsh" },
					],
				}),
			],
			"t-1",
		],
		["the date of birth differs", ellie, [holder({ dateOfBirth: "2016-09-04" })], null],
		["the holder has no date of birth", ellie, [holder({ dateOfBirth: null })], null],
		["the SSD has no date of birth", { ...ellie, dob: null }, [holder()], null],
		["the given name differs", { ...ellie, forename: "Ella" }, [holder()], null],
		["the family name is missing", { ...ellie, surname: null }, [holder()], null],
		["two people hold the number", ellie, [holder(), holder({ personId: "t-2" })], null],
		["nobody holds it", ellie, [], null],
		["the number fails its check digit", { ...ellie, commonChildId: "9434765918" }, [holder()], null],
	];
	for (const [name, ssd, holders, expected] of cases) {
		test(name, () => assert.equal(nhsLinkAgrees(ssd, holders), expected));
	}
});

describe("what the SSD's common child id gives", () => {
	const cases: [string | null, string | null][] = [
		["9434765919", "9434765919"],
		["943-476-5919", "9434765919"],
		["1111111111", null],
		["UPN-LIKE-ID", null],
		[null, null],
	];
	for (const [raw, expected] of cases) {
		test(`${raw} → ${expected}`, () => assert.equal(nhsNumberOf({ commonChildId: raw }), expected));
	}
});

describe("after the certain links", () => {
	test("likely candidates are asked about, in the matcher's order, weaker ones left out", () => {
		assert.deepEqual(
			decideUncertain([
				{ personId: "a", likely: true },
				{ personId: "b", likely: false },
				{ personId: "c", likely: true },
			]),
			{ ask: ["a", "c"] },
		);
	});
	test("only weak candidates, or none, make a new person", () => {
		assert.deepEqual(decideUncertain([{ personId: "b", likely: false }]), { create: true });
		assert.deepEqual(decideUncertain([]), { create: true });
	});
});

describe("the matcher's query and the new person", () => {
	test("the query carries what the extract says of who the child is", () => {
		assert.deepEqual(matchQueryOf(ellie), {
			given: "Ellie",
			family: "Marsh",
			dob: { year: 2016, month: 4, day: 9 },
			nhsNumber: "9434765919",
			upn: "A123456789012",
			postcode: "LS1 4AB",
		});
		assert.deepEqual(
			matchQueryOf({ ...ellie, forename: " ", dob: null, commonChildId: null, upn: "bad", postcode: null }),
			{
				family: "Marsh",
			},
		);
	});

	test("a new person keeps Threshold's codes, and what it does not hold is left at not known", () => {
		assert.deepEqual(personFromSsd(ellie), {
			givenName: "Ellie",
			familyName: "Marsh",
			sex: "F",
			dateOfBirth: "2016-04-09",
			expectedBirthDate: null,
			deathDate: null,
			ethnicity: "WBRI",
			nhsNumber: "9434765919",
			upn: "A123456789012",
			upnUnknown: null,
			nationality: "British",
		});
		const unborn = personFromSsd({
			...ellie,
			forename: null,
			surname: "",
			sex: "X",
			dob: null,
			expectedDob: "2027-01-01",
			ethnicity: "ZZZZ",
			upn: null,
			upnUnknown: "un2",
		});
		assert.equal(unborn.givenName, "Unknown");
		assert.equal(unborn.familyName, "Unknown");
		assert.equal(unborn.sex, "U");
		assert.equal(unborn.expectedBirthDate, "2027-01-01");
		assert.equal(unborn.ethnicity, "NOBT");
		assert.equal(unborn.upnUnknown, "UN2");
		assert.equal(
			personFromSsd({ ...ellie, expectedDob: "2016-01-01" }).expectedBirthDate,
			null,
			"a date of birth or an expected one, never both",
		);
	});
});
