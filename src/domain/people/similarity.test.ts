import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { damerauLevenshtein, isTypo, jaroWinkler } from "./similarity.ts";

describe("string similarity", () => {
	it("counts a transposition as one edit", () => {
		assert.equal(damerauLevenshtein("smith", "smiht"), 1);
		assert.equal(damerauLevenshtein("smith", "smyth"), 1);
		assert.equal(damerauLevenshtein("thompson", "tomson"), 2);
		assert.equal(damerauLevenshtein("", "abc"), 3);
	});

	it("gives the published Jaro–Winkler values", () => {
		assert.equal(jaroWinkler("martha", "marhta").toFixed(3), "0.961");
		assert.equal(jaroWinkler("dwayne", "duane").toFixed(3), "0.840");
		assert.equal(jaroWinkler("dixon", "dicksonx").toFixed(3), "0.813");
		assert.equal(jaroWinkler("abc", "xyz"), 0);
	});

	it("allows one slip in a short name and two in a long one", () => {
		assert.ok(isTypo("smith", "smiht"));
		assert.ok(isTypo("smith", "smyth"));
		assert.ok(!isTypo("smith", "smythe"), "two slips in a short name");
		assert.ok(!isTypo("jones", "james"));
		assert.ok(isTypo("macdonald", "mcdonnald"));
		assert.ok(!isTypo("al", "ali"), "too short to judge");
	});
});
