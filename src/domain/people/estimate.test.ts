import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Random } from "../../demo/synthetic/random.ts";
import {
	expectationMaximisation,
	matchChances,
	mGivenMatchChances,
	uFromRandomPairs,
	type Vector,
} from "./estimate.ts";

/** Pairs drawn from a known mixture: each comparison's level from m for matches, u for the rest. */
function simulate(pairs: number, lambda: number, m: number[][], u: number[][], random: Random) {
	const draw = (shares: number[]) => {
		let r = random.next();
		for (let l = 0; l < shares.length; l++) {
			r -= shares[l];
			if (r < 0) return l;
		}
		return shares.length - 1;
	};
	const vectors: Vector[] = [];
	const truth: boolean[] = [];
	for (let i = 0; i < pairs; i++) {
		const match = random.next() < lambda;
		truth.push(match);
		vectors.push((match ? m : u).map(draw));
	}
	return { vectors, truth };
}

const M = [
	[0.9, 0.07, 0.03],
	[0.85, 0.15],
	[0.8, 0.15, 0.05],
];
const U = [
	[0.01, 0.04, 0.95],
	[0.05, 0.95],
	[0.002, 0.02, 0.978],
];

describe("estimating the weights", () => {
	it("takes u from random pairs, never zero", () => {
		const u = uFromRandomPairs(
			[
				[0, 1],
				[2, null],
				[2, 1],
			],
			[3, 2],
		);
		assert.deepEqual(
			u[0].map((x) => Number(x.toFixed(3))),
			[0.25, 0.25, 0.5],
		);
		assert.deepEqual(u[1], [1 / 3, 2 / 3], "a level never seen keeps one pair's worth");
	});

	it("recovers m and the share of matches from pairs of a known mixture", () => {
		const { vectors } = simulate(40_000, 0.05, M, U, new Random(7));
		const start = [
			[0.6, 0.2, 0.2],
			[0.6, 0.4],
			[0.6, 0.2, 0.2],
		];
		const fit = expectationMaximisation(vectors, { learn: [true, true, true], m: start, u: U, lambda: 0.2 });
		assert.ok(fit.converged);
		assert.ok(Math.abs(fit.lambda - 0.05) < 0.005, `lambda ${fit.lambda}`);
		for (const [k, levels] of fit.m.entries()) {
			for (const [l, value] of levels.entries()) {
				assert.ok(Math.abs(value - M[k][l]) < 0.03, `m[${k}][${l}] ${value} vs ${M[k][l]}`);
			}
		}
	});

	it("leaves the blocking key's own comparisons as they were", () => {
		const { vectors } = simulate(5_000, 0.1, M, U, new Random(8));
		const start = M.map((levels) => levels.map(() => 1 / levels.length));
		const fit = expectationMaximisation(vectors, { learn: [true, false, true], m: start, u: U, lambda: 0.1 });
		assert.deepEqual(fit.m[1], start[1]);
	});

	it("keeps a level the data never shows among matches at its prior's share", () => {
		// No match ever has level 1 of the last comparison: plain EM drives it to nothing.
		const m = [M[0], M[1], [0.95, 0, 0.05]];
		const { vectors } = simulate(20_000, 0.05, m, U, new Random(9));
		const options = { learn: [true, true, true], m: M, u: U, lambda: 0.1 };
		const plain = expectationMaximisation(vectors, options);
		const withPrior = expectationMaximisation(vectors, { ...options, prior: { m: M, pairs: 100 } });
		assert.ok(plain.m[2][1] < 0.005, `plain ${plain.m[2][1]}`);
		assert.ok(withPrior.m[2][1] > 0.01, `with prior ${withPrior.m[2][1]}`);
	});

	it("learns a comparison it did not use from each pair's chance of being a match", () => {
		const { vectors, truth } = simulate(20_000, 0.05, M, U, new Random(10));
		const options = { learn: [true, true, false], m: M, u: U, lambda: 0.05 };
		const fit = expectationMaximisation(vectors, options);
		const chances = matchChances(vectors, fit, options);
		const matched = chances.filter((p, i) => truth[i] && p > 0.5).length / truth.filter(Boolean).length;
		assert.ok(matched > 0.75, `found ${matched} of the matches`);
		const m = mGivenMatchChances(vectors, chances, 2, 3);
		// Diluted by the strangers the two comparisons cannot tell from matches, but far from u.
		assert.ok(m[0] > 0.5 && m[0] <= M[2][0] + 0.05, `m ${m[0]}`);
	});
});
