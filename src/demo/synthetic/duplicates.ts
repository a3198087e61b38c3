import { NICKNAMES } from "./names-data.ts";
import type { Random } from "./random.ts";
import { Weighted } from "./random.ts";

// A second record of someone the council already knows, as a busy front door makes one:
// the name mistyped or shortened, the day and month of birth swapped, or the family name
// since changed. The bench needs to know these are the same individual.

export type Variation = "typo" | "nickname" | "dob-swap" | "family-name";

export interface Identity {
	given: string;
	middle: string | null;
	family: string;
	dob: number | null;
}

// Weights among the variations that apply to a person: only some names have a short form
// and only some birthdays can swap, so those two weigh more to be seen often enough.
const KINDS = new Weighted<Variation>([
	["typo", 30],
	["nickname", 80],
	["dob-swap", 45],
	["family-name", 25],
]);

// Neighbouring keys on a UK keyboard, for the slips a typist actually makes.
export const NEAR_KEYS: Record<string, string> = {
	a: "sq",
	b: "vn",
	c: "xv",
	d: "sf",
	e: "wr",
	f: "dg",
	g: "fh",
	h: "gj",
	i: "uo",
	j: "hk",
	k: "jl",
	l: "k",
	m: "n",
	n: "bm",
	o: "ip",
	p: "o",
	q: "w",
	r: "et",
	s: "ad",
	t: "ry",
	u: "yi",
	v: "cb",
	w: "qe",
	x: "zc",
	y: "tu",
	z: "x",
};

/** One slip of the keyboard that leaves the first letter alone (people rarely get that wrong). */
export function typo(name: string, random: Random): string {
	if (name.length < 3) return `${name}${name[name.length - 1]}`;
	for (let attempt = 0; attempt < 8; attempt++) {
		const i = random.between(1, name.length - 1);
		const c = name[i];
		if (!/[a-z]/i.test(c)) continue;
		let out: string;
		switch (random.int(4)) {
			case 0:
				if (i === name.length - 1) continue;
				out = name.slice(0, i) + name[i + 1] + c + name.slice(i + 2);
				break;
			case 1:
				out = name.slice(0, i) + name.slice(i + 1);
				break;
			case 2:
				out = name.slice(0, i) + c + name.slice(i);
				break;
			default: {
				const near = NEAR_KEYS[c.toLowerCase()];
				if (!near) continue;
				out = name.slice(0, i) + near[random.int(near.length)] + name.slice(i + 1);
			}
		}
		if (out !== name && /[A-Za-z]/.test(out)) return out;
	}
	return `${name.slice(0, -1)}${name[name.length - 1] === "e" ? "" : "e"}`;
}

/** Swaps day and month when both could be a month, so the result is a real date that differs. */
export function swapDayMonth(dob: number): number | null {
	const d = new Date(dob * 86_400_000);
	const day = d.getUTCDate();
	const month = d.getUTCMonth() + 1;
	if (day > 12 || day === month) return null;
	return Date.UTC(d.getUTCFullYear(), day - 1, month) / 86_400_000;
}

/** The second record's identity, and which variation made it (only ones that apply to this person). */
export function vary(
	original: Identity,
	random: Random,
	otherFamily: () => string,
	today: number,
): { identity: Identity; variation: Variation } {
	const identity = { ...original, middle: random.chance(0.6) ? null : original.middle };
	const shorts = NICKNAMES[original.given];
	// A swap that lands after today would be refused at the front door, so it never happens.
	const swapped = original.dob === null ? null : swapDayMonth(original.dob);
	const swappable = swapped !== null && swapped <= today;
	let family = otherFamily();
	for (let i = 0; i < 4 && family === original.family; i++) family = otherFamily();
	const applicable = new Weighted(
		KINDS.values
			.filter((k) => (k === "nickname" ? shorts : k === "dob-swap" ? swappable : true))
			.map((k) => [k, KINDS.weightOf(k)] as const),
	);
	const variation = family === original.family ? "typo" : applicable.draw(random);
	switch (variation) {
		case "nickname":
			identity.given = shorts[random.int(shorts.length)];
			break;
		case "dob-swap":
			identity.dob = swapped;
			break;
		case "family-name":
			identity.family = family;
			break;
		default:
			if (random.chance(0.5)) identity.given = typo(original.given, random);
			else identity.family = typo(original.family, random);
	}
	return { identity, variation };
}
