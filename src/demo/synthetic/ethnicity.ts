import type { Random } from "./random.ts";
import { Weighted } from "./random.ts";

export type Ethnicity =
	| "WBRI"
	| "WIRI"
	| "WIRT"
	| "WOTH"
	| "WROM"
	| "MWBC"
	| "MWBA"
	| "MWAS"
	| "MOTH"
	| "AIND"
	| "APKN"
	| "ABAN"
	| "AOTH"
	| "BCRB"
	| "BAFR"
	| "BOTH"
	| "CHNE"
	| "OOTH"
	| "REFU"
	| "NOBT";

// Pupils in England by DfE code, in per cent, rounded from the school census of recent
// years (2023/24); NOBT is a little higher than the census's "unclassified" because
// children's services often record a child before anyone has asked.
export const CHILD_ETHNICITY = new Weighted<Ethnicity>([
	["WBRI", 62.9],
	["WIRI", 0.3],
	["WIRT", 0.2],
	["WROM", 0.4],
	["WOTH", 7.5],
	["MWBC", 1.6],
	["MWBA", 1.0],
	["MWAS", 1.9],
	["MOTH", 2.6],
	["AIND", 3.8],
	["APKN", 4.7],
	["ABAN", 2.0],
	["AOTH", 2.0],
	["BCRB", 1.0],
	["BAFR", 4.3],
	["BOTH", 0.6],
	["CHNE", 0.5],
	["OOTH", 2.3],
	["REFU", 0.4],
	["NOBT", 1.5],
]);

const ASIAN: readonly Ethnicity[] = ["AIND", "APKN", "ABAN", "AOTH", "CHNE"];
const KNOWN = new Weighted<Ethnicity>(
	CHILD_ETHNICITY.values
		.filter((e) => e !== "REFU" && e !== "NOBT" && e[0] !== "M")
		.map((e) => [e, CHILD_ETHNICITY.weightOf(e)] as const),
);

/** The birth parents' codes behind a child's, so a mixed-heritage child has parents of each heritage. */
export function parentsOf(child: Ethnicity, random: Random): [mother: Ethnicity, father: Ethnicity] {
	const pair = (a: Ethnicity, b: Ethnicity): [Ethnicity, Ethnicity] => (random.chance(0.65) ? [a, b] : [b, a]);
	switch (child) {
		case "WBRI":
			return random.chance(0.93) ? ["WBRI", "WBRI"] : pair("WBRI", random.chance(0.5) ? "WIRI" : "WOTH");
		case "WIRI":
			return pair("WIRI", random.chance(0.5) ? "WIRI" : "WBRI");
		case "WOTH":
			return random.chance(0.8) ? ["WOTH", "WOTH"] : pair("WOTH", "WBRI");
		case "MWBC":
			return pair("WBRI", "BCRB");
		case "MWBA":
			return pair("WBRI", "BAFR");
		case "MWAS":
			return pair("WBRI", random.pick(ASIAN));
		case "MOTH":
			return random.chance(0.5) ? pair("WOTH", random.pick(["OOTH", "BAFR", "AOTH"] as const)) : pair("MWBC", "WBRI");
		case "REFU":
			return random.chance(0.5) ? ["REFU", "REFU"] : [KNOWN.draw(random), KNOWN.draw(random)];
		case "NOBT": {
			const e = KNOWN.draw(random);
			return [e, e];
		}
		default:
			return [child, child];
	}
}

/** A child's code from the parents': the same when they share one, mixed when they differ. */
export function childOf(mother: Ethnicity, father: Ethnicity): Ethnicity {
	if (mother === father) return mother;
	const both = new Set([mother, father]);
	const white = [...both].some((e) => e[0] === "W");
	if (white && both.has("BCRB")) return "MWBC";
	if (white && both.has("BAFR")) return "MWBA";
	if (white && [...both].some((e) => e[0] === "A" || e === "CHNE")) return "MWAS";
	if ([...both].every((e) => e[0] === "W")) return both.has("WBRI") ? "WBRI" : mother;
	if (both.has("REFU") || both.has("NOBT")) return "NOBT";
	return "MOTH";
}

/** Someone who joins a family (a step-parent, a new partner): most often of the same heritage. */
export function partnerOf(ethnicity: Ethnicity, random: Random): Ethnicity {
	if (ethnicity[0] === "M") return random.chance(0.5) ? "WBRI" : KNOWN.draw(random);
	return random.chance(0.8) ? ethnicity : KNOWN.draw(random);
}
