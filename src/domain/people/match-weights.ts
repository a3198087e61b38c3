/**
 * The weight of each agreement level, in bits: log2(m / u), where m is how often the level
 * is seen when two records are the same person and u how often when they are two people
 * (Fellegi–Sunter). m and u are estimated from a council's records by
 * `npm run match-weights` (scripts/match-weights.ts, ADR 31) and kept in
 * match-weights.json; the few weights no data here can estimate are set below, each with
 * its reason. Pure.
 */
import type {
	DAY_MONTH_LEVELS,
	DOB_LEVELS,
	DOB_MONTH_LEVELS,
	DOB_YEAR_LEVELS,
	FAMILY_LEVELS,
	GIVEN_LEVELS,
	NameField,
	POSTCODE_LEVELS,
} from "./agreement.ts";
import estimated from "./match-weights.json" with { type: "json" };

export interface LevelProbabilities {
	/** Share of pairs at this level among pairs that are one person. */
	m: number;
	/** Share of pairs at this level among pairs of different people. */
	u: number;
}

type Levels<L extends readonly string[]> = Record<L[number], LevelProbabilities>;

export interface MatchModel {
	given: Levels<typeof GIVEN_LEVELS>;
	family: Levels<typeof FAMILY_LEVELS>;
	dob: Levels<typeof DOB_LEVELS>;
	dobMonth: Levels<typeof DOB_MONTH_LEVELS>;
	dobYear: Levels<typeof DOB_YEAR_LEVELS>;
	dayMonth: Levels<typeof DAY_MONTH_LEVELS>;
	postcode: Levels<typeof POSTCODE_LEVELS>;
}

export const MODEL: MatchModel = estimated.levels;

export const bits = ({ m, u }: LevelProbabilities): number => Math.log2(m / u);

/**
 * Weights in bits, kept between full disagreement and full agreement: an estimate may say
 * a swapped date or a shared word is rarer among strangers than an exact match, but a
 * worker is never shown a near miss outranking the same person spelt right.
 */
function weightsOf<L extends string>(levels: Record<L, LevelProbabilities>): Record<L, number> {
	const raw = Object.entries<LevelProbabilities>(levels).map(([level, p]) => [level, bits(p)] as const);
	const top = raw.find(([level]) => level === "exact" || level === "same")?.[1] ?? Number.POSITIVE_INFINITY;
	const bottom = raw.find(([level]) => level === "none")?.[1] ?? Number.NEGATIVE_INFINITY;
	return Object.fromEntries(raw.map(([level, w]) => [level, Math.min(top, Math.max(bottom, w))])) as Record<L, number>;
}

export const WEIGHTS = {
	given: weightsOf(MODEL.given),
	family: weightsOf(MODEL.family),
	dob: weightsOf(MODEL.dob),
	dobMonth: weightsOf(MODEL.dobMonth),
	dobYear: weightsOf(MODEL.dobYear),
	dayMonth: weightsOf(MODEL.dayMonth),
	postcode: weightsOf(MODEL.postcode),
	/**
	 * Set, not estimated. A name the person was known by before (previous, alias, birth)
	 * agrees a little less surely than the current one; the synthetic council has too few
	 * such names to estimate it.
	 */
	otherNameFactor: 0.85,
	/** Names typed the wrong way round: rare enough to cost a bit, common enough to find. */
	swappedNames: -1,
	/**
	 * An age range ("about 8") is a worker's estimate of a stranger's age, never stored, so
	 * there are no pairs to count: within the range doubles the odds, outside cuts them by 16.
	 */
	age: { within: 1, outside: -4 },
	/**
	 * NHS numbers are unique and checked, so agreeing is near proof (and listed first); a
	 * different one is strong evidence against, a different UPN less so (schools reissue
	 * them). The synthetic council's second records carry no NHS number, so these are set.
	 */
	identifier: { same: 20, differentNhsNumber: -8, differentUpn: -3 },
} as const;

/**
 * A name's share among all recorded names is its u for exact agreement: two records agreeing
 * on "Sivapalan" say more than two agreeing on "Smith". A name the register has never held
 * is treated as one in NAME_SHARE_FLOOR, so one new name cannot outweigh a whole date of birth.
 */
export const NAME_SHARE_FLOOR = 1e-5;

/** The weight of exact agreement on a name whose share of all names is known (term frequency). */
export function exactNameWeight(field: NameField, share: number | undefined): number {
	const exact = MODEL[field].exact;
	if (share === undefined || !Number.isFinite(share)) return bits(exact);
	return Math.log2(exact.m / Math.max(share, NAME_SHARE_FLOOR));
}
