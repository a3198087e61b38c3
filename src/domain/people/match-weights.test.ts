import assert from "node:assert/strict";
import { describe, it } from "node:test";
import estimated from "./match-weights.json" with { type: "json" };
import { bits, exactNameWeight, MODEL, NAME_SHARE_FLOOR, WEIGHTS } from "./match-weights.ts";
import { COMPARISONS, type PairRecord, pairLevels } from "./pair-levels.ts";

describe("the estimated weights", () => {
	it("were estimated from a council's records, and say how", () => {
		assert.ok(estimated.estimated, "npm run match-weights wrote them");
		assert.ok(estimated.estimated.people > 100_000);
		assert.ok(estimated.estimated.blocks.every((b) => b.converged && b.pairs > 10_000));
	});

	it("count agreement for and full disagreement against, in every comparison", () => {
		for (const [name, levels] of Object.entries(WEIGHTS).filter(([, w]) => typeof w === "object" && "none" in w)) {
			const weights = levels as Record<string, number>;
			const top = weights.exact ?? weights.same;
			assert.ok(top > 2, `${name}: agreement ${top}`);
			assert.ok(weights.none < 0, `${name}: disagreement ${weights.none}`);
			for (const [level, weight] of Object.entries(weights)) {
				assert.ok(
					weight <= top && weight >= weights.none,
					`${name}.${level} ${weight} between ${weights.none} and ${top}`,
				);
			}
		}
	});

	it("hold m and u as shares", () => {
		for (const levels of Object.values(MODEL)) {
			for (const p of Object.values(levels as Record<string, { m: number; u: number }>)) {
				assert.ok(p.m > 0 && p.m <= 1 && p.u > 0 && p.u <= 1);
				assert.ok(Number.isFinite(bits(p)));
			}
		}
	});

	it("weigh exact agreement on a name by how rare it is, within bounds", () => {
		const common = exactNameWeight("family", 0.01);
		const rare = exactNameWeight("family", 0.00001);
		assert.ok(rare > common + 8);
		assert.equal(exactNameWeight("family", 0), exactNameWeight("family", NAME_SHARE_FLOOR));
		assert.equal(exactNameWeight("family", undefined), WEIGHTS.family.exact, "unknown share: the average name");
	});
});

describe("pairs of records as the estimator sees them", () => {
	const record = (id: string, given: string, family: string, dob: string | null, postcodes: string[]): PairRecord => ({
		id,
		names: [[given, family, "current", null, null]],
		dateOfBirth: dob,
		postcodes,
	});

	it("gives each comparison's level, or null where a side lacks the field", () => {
		const a = record("a", "Robert", "Smith", "2015-03-12", ["ME14 1XQ"]);
		const b = record("b", "Bob", "Smiht", "2015-12-03", ["ME14 2AB"]);
		const levels = Object.fromEntries(COMPARISONS.map(([name, names], i) => [name, names[pairLevels(a, b)[i] ?? -1]]));
		assert.deepEqual(levels, {
			given: "nickname",
			family: "typo",
			dob: "swapped",
			dobMonth: "sameYear",
			dobYear: "same",
			dayMonth: "none",
			postcode: "district",
		});
		const undated = pairLevels(a, record("c", "Robert", "Smith", null, []));
		assert.deepEqual(undated.slice(2), [null, null, null, null, null]);
	});
});
