/**
 * Estimating the matching weights from a council's own records, as Splink does: u (how
 * often two different people agree at each level) from pairs drawn at random, which are
 * almost never one person; m (how often one person's two records agree at each level) by
 * expectation maximisation over pairs that share a blocking key, learning for each
 * comparison only from blocks that did not select on it. Pure: the caller draws the pairs
 * and turns each into its levels.
 */

/** A pair as the level index of each comparison, or null where either record lacks the field. */
export type Vector = readonly (number | null)[];

export interface Estimate {
	/** Share of the pairs that are one person. */
	lambda: number;
	/** m[comparison][level]. */
	m: number[][];
	iterations: number;
	converged: boolean;
}

/**
 * u for each comparison: the share of random pairs at each level, with every level seen at
 * least once (a level never seen at random is given one pair's worth, not zero).
 */
export function uFromRandomPairs(vectors: readonly Vector[], levels: readonly number[]): number[][] {
	return levels.map((count, k) => {
		const seen = new Array<number>(count).fill(0);
		for (const v of vectors) {
			const level = v[k];
			if (level !== null && level !== undefined) seen[level]++;
		}
		return normalise(seen.map((n) => Math.max(n, 1)));
	});
}

const normalise = (counts: number[]): number[] => {
	const total = counts.reduce((a, b) => a + b, 0);
	return counts.map((n) => n / total);
};

export interface EmOptions {
	/** Which comparisons to learn m for; the blocking key's own comparisons are left out. */
	learn: readonly boolean[];
	/** Starting m per comparison (each sums to 1). */
	m: number[][];
	/** Fixed u per comparison. */
	u: number[][];
	lambda: number;
	maxIterations?: number;
	/** Stop when no m or lambda moves by more than this. */
	tolerance?: number;
	/**
	 * A weak prior on m, worth `pairs` matched pairs spread as `m` says: levels a council's
	 * data rarely shows among its duplicates (a one-digit slip in a date) keep the share
	 * experience gives them instead of falling to nothing. Zero pairs is plain EM.
	 */
	prior?: { m: number[][]; pairs: number };
}

/**
 * Shares from weighted counts and a prior worth some pairs; a level seen nowhere keeps a
 * sliver, so its weight is finite and very negative.
 */
function withPrior(counts: number[], prior: number[] | undefined, pairs = 0): number[] {
	const total = counts.reduce((a, b) => a + b, 0);
	return normalise(counts.map((c, l) => Math.max(c + pairs * (prior?.[l] ?? 0), 1e-6 * (total + pairs))));
}

/**
 * Expectation maximisation of a two-class mixture with u held fixed: each pair's chance of
 * being one person from the current m and lambda, then m and lambda from those chances.
 */
export function expectationMaximisation(vectors: readonly Vector[], options: EmOptions): Estimate {
	const { learn, u } = options;
	const maxIterations = options.maxIterations ?? 200;
	const tolerance = options.tolerance ?? 1e-5;
	let m = options.m.map((levels) => [...levels]);
	let lambda = options.lambda;
	for (let iteration = 1; iteration <= maxIterations; iteration++) {
		const sums = m.map((levels) => new Array<number>(levels.length).fill(0));
		const totals = new Array<number>(m.length).fill(0);
		let matchSum = 0;
		for (const v of vectors) {
			let pMatch = lambda;
			let pOther = 1 - lambda;
			for (let k = 0; k < v.length; k++) {
				const level = v[k];
				if (!learn[k] || level === null) continue;
				pMatch *= m[k][level];
				pOther *= u[k][level];
			}
			const p = pMatch / (pMatch + pOther);
			matchSum += p;
			for (let k = 0; k < v.length; k++) {
				const level = v[k];
				if (!learn[k] || level === null) continue;
				sums[k][level] += p;
				totals[k] += p;
			}
		}
		const next = m.map((levels, k) =>
			learn[k] && totals[k] > 0 ? withPrior(sums[k], options.prior?.m[k], options.prior?.pairs) : levels,
		);
		const nextLambda = vectors.length ? matchSum / vectors.length : lambda;
		const moved = Math.max(
			Math.abs(nextLambda - lambda),
			...next.flatMap((levels, k) => levels.map((value, l) => Math.abs(value - m[k][l]))),
		);
		m = next;
		lambda = nextLambda;
		if (moved < tolerance) return { lambda, m, iterations: iteration, converged: true };
	}
	return { lambda, m, iterations: maxIterations, converged: false };
}

/**
 * m for a comparison the mixture did not use (a coarser reading of a date, say): the share
 * of each level among pairs weighted by their chance of being one person.
 */
export function mGivenMatchChances(
	vectors: readonly Vector[],
	chances: readonly number[],
	comparison: number,
	levels: number,
	prior?: { m: number[]; pairs: number },
): number[] {
	const sums = new Array<number>(levels).fill(0);
	vectors.forEach((v, i) => {
		const level = v[comparison];
		if (level !== null) sums[level] += chances[i];
	});
	return withPrior(sums, prior?.m, prior?.pairs);
}

/** Each pair's chance of being one person under an estimate, from the comparisons it learnt from. */
export function matchChances(vectors: readonly Vector[], estimate: Estimate, options: EmOptions): number[] {
	return vectors.map((v) => {
		let pMatch = estimate.lambda;
		let pOther = 1 - estimate.lambda;
		for (let k = 0; k < v.length; k++) {
			const level = v[k];
			if (!options.learn[k] || level === null) continue;
			pMatch *= estimate.m[k][level];
			pOther *= options.u[k][level];
		}
		return pMatch / (pMatch + pOther);
	});
}
