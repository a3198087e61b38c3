import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
	isOutwardCode,
	isTestRangeNhsNumber,
	makeNhsNumber,
	makeUpn,
	nhsCheckDigit,
	nhsNumberProblem,
	normaliseNhsNumber,
	normalisePostcode,
	normaliseUpn,
	outwardCode,
	postcodeProblem,
	upnCheckLetter,
	upnProblem,
} from "./identifiers.ts";

/** The NHS modulus 11 rule written out again, independently of the code under test. */
function expectedCheckDigit(nine: string): number | "none" {
	const sum = [...nine].reduce((total, digit, i) => total + Number(digit) * (10 - i), 0);
	const remainder = 11 - (sum % 11);
	if (remainder === 11) return 0;
	return remainder === 10 ? "none" : remainder;
}

describe("NHS numbers", () => {
	it("accepts a known valid number however it is typed", () => {
		for (const typed of ["9434765919", "943 476 5919", "943-476-5919", " 943 476 5919 "]) {
			assert.equal(nhsNumberProblem(typed), null, typed);
		}
		assert.equal(normaliseNhsNumber("943 476-5919"), "9434765919");
	});

	it("agrees with the modulus 11 rule written out by hand", () => {
		// 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2 = 299; 299 mod 11 = 2; 11 − 2 = 9
		assert.equal(nhsCheckDigit("943476591"), 9);
		for (const prefix of ["401023213", "450557710", "999000001", "999123456", "123456789", "000000001"]) {
			const expected = expectedCheckDigit(prefix);
			assert.equal(nhsCheckDigit(prefix), expected === "none" ? null : expected, prefix);
			if (expected !== "none") assert.equal(nhsNumberProblem(`${prefix}${expected}`), null, prefix);
		}
	});

	it("rejects a wrong check digit, with a message", () => {
		for (const wrong of ["9434765918", "9434765910", "4010232138"]) {
			assert.equal(nhsNumberProblem(wrong), "NHS number is not valid – check it for typing mistakes", wrong);
		}
	});

	it("rejects a number whose nine digits would need a check digit of 10", () => {
		const prefix = Array.from({ length: 200 }, (_, i) => String(999000000 + i)).find(
			(p) => expectedCheckDigit(p) === "none",
		);
		assert.ok(prefix, "some prefix in the range needs 10");
		assert.equal(nhsCheckDigit(prefix), null);
		assert.equal(makeNhsNumber(prefix), null);
		for (let digit = 0; digit <= 9; digit++) assert.notEqual(nhsNumberProblem(`${prefix}${digit}`), null);
	});

	it("rejects ten identical digits even where the check digit works out", () => {
		// 1111111111: sum 54, 54 mod 11 = 10, 11 − 10 = 1, so the arithmetic alone would accept it
		assert.equal(expectedCheckDigit("111111111"), 1);
		for (const digit of "0123456789") {
			assert.equal(nhsNumberProblem(digit.repeat(10)), "Enter a real NHS number, not the same digit 10 times");
		}
	});

	it("says what is wrong with the shape", () => {
		assert.equal(nhsNumberProblem(""), "Enter an NHS number");
		assert.equal(nhsNumberProblem("943 476 591"), "NHS number must be 10 digits");
		assert.equal(nhsNumberProblem("94347659190"), "NHS number must be 10 digits");
		assert.equal(nhsNumberProblem("943A765919"), "NHS number must only include numbers");
	});

	it("makes valid numbers for synthetic data, in the 999 test range", () => {
		let made = 0;
		for (let i = 0; i < 100; i++) {
			const number = makeNhsNumber(String(999000000 + i * 9973));
			if (number === null) continue;
			made++;
			assert.equal(nhsNumberProblem(number), null, number);
			assert.ok(isTestRangeNhsNumber(number));
		}
		assert.ok(made > 80, `most prefixes have a check digit (made ${made})`);
		assert.equal(makeNhsNumber("943476591"), "9434765919");
		assert.equal(makeNhsNumber("111111111"), null);
		assert.equal(makeNhsNumber("12345"), null);
	});

	it("tells the test range from real numbers", () => {
		assert.equal(isTestRangeNhsNumber("999 123 4560"), true);
		assert.equal(isTestRangeNhsNumber("9434765919"), false);
		assert.equal(isTestRangeNhsNumber("999123"), false);
	});
});

describe("Unique Pupil Numbers", () => {
	// B801200005001: 8×2 + 0×3 + 1×4 + 2×5 + 0×6 + 0×7 + 0×8 + 0×9 + 5×10 + 0×11 + 0×12 + 1×13 = 93;
	// 93 mod 23 = 1, and the alphabet ABCDEFGHJKLMNPQRTUVWXYZ has B at 1.
	const valid = "B801200005001";

	it("accepts a UPN with the right check letter, as typed", () => {
		assert.equal(upnCheckLetter("801200005001"), "B");
		for (const typed of [valid, "b801200005001", "B801 2000 05001", " b801-2000-05001 "]) {
			assert.equal(upnProblem(typed), null, typed);
		}
		assert.equal(normaliseUpn(" b801 2000 05001"), valid);
	});

	it("rejects a wrong check letter or a mistyped digit", () => {
		assert.equal(upnProblem("A801200005001"), "UPN is not valid – check it for typing mistakes");
		assert.equal(upnProblem("B801200005002"), "UPN is not valid – check it for typing mistakes");
		// Two digits swapped changes the weighted sum, so the check letter catches it too.
		assert.equal(upnProblem("B810200005001"), "UPN is not valid – check it for typing mistakes");
	});

	it("checks temporary UPNs, whose last character is a letter counted by the same alphabet", () => {
		// 8×2 + 1×4 + 2×5 + 5×10 = 80; the final A counts 0 × 13; 80 mod 23 = 11 → M
		assert.equal(upnCheckLetter("80120000500A"), "M");
		assert.equal(upnProblem("M80120000500A"), null);
		assert.equal(upnProblem("B80120000500A"), "UPN is not valid – check it for typing mistakes");
		assert.equal(upnProblem("M80120000500I"), "UPN cannot end in I, O or S");
	});

	it("says what is wrong with the shape", () => {
		assert.equal(upnProblem(""), "Enter a UPN");
		assert.equal(upnProblem("B80120000500"), "UPN must be 13 characters");
		assert.equal(upnProblem("1801200005001"), "UPN must be a letter, 11 numbers, then a number or a letter");
		assert.equal(upnProblem("B8012000A5001"), "UPN must be a letter, 11 numbers, then a number or a letter");
	});

	it("makes valid UPNs for synthetic data", () => {
		assert.equal(makeUpn("801200005001"), valid);
		for (const body of ["886123456789", "30112000001Z", "20199999999K"]) {
			const upn = makeUpn(body);
			assert.ok(upn, body);
			assert.equal(upnProblem(upn), null, upn);
		}
		assert.equal(makeUpn("80120000500I"), null);
		assert.equal(makeUpn("8012"), null);
	});
});

describe("postcodes", () => {
	it("writes a postcode upper case with one space before the last three characters", () => {
		const cases: [string, string][] = [
			["me141xq", "ME14 1XQ"],
			["ME14 1XQ", "ME14 1XQ"],
			["  me14   1xq ", "ME14 1XQ"],
			["SW1A 1AA", "SW1A 1AA"],
			["EC1A1BB", "EC1A 1BB"],
			["W1A 0AX", "W1A 0AX"],
			["m1 1ae", "M1 1AE"],
			["B33 8TH", "B33 8TH"],
			["CR2 6XH", "CR2 6XH"],
			["DN55 1PT", "DN55 1PT"],
			["gir0aa", "GIR 0AA"],
		];
		for (const [typed, expected] of cases) assert.equal(normalisePostcode(typed), expected, typed);
	});

	it("rejects what is not a UK postcode", () => {
		// Q1 1AA has the right shape, but Royal Mail never uses Q, V or X first: a typing mistake.
		// Likewise I, J, Z second (AJ1), C I K M O V in the inward letters (1CA), and letters
		// outside the allowed set in the third (A9A) and fourth (AA9A) positions.
		for (const typed of [
			"ME14 1X",
			"12345",
			"Q1 1AA",
			"V1 1AA",
			"AJ1 1AA",
			"ME14 1CA",
			"W1I 1AA",
			"EC1C 1AA",
			"",
			"ME14",
		]) {
			assert.equal(normalisePostcode(typed), null, typed);
		}
		assert.equal(postcodeProblem("ME14 1X"), "Enter a real UK postcode, like ME14 1XQ");
		assert.equal(postcodeProblem(" "), "Enter a postcode");
		assert.equal(postcodeProblem("me14 1xq"), null);
	});

	it("finds the outward code of a postcode, or of an outward code typed alone", () => {
		assert.equal(outwardCode("me14 1xq"), "ME14");
		assert.equal(outwardCode("EC1A1BB"), "EC1A");
		assert.equal(outwardCode("me14"), "ME14");
		assert.equal(outwardCode("smith"), null);
		assert.equal(isOutwardCode("SW1A"), true);
		assert.equal(isOutwardCode("Q1"), false);
	});
});
