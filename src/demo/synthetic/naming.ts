import { base, en, en_GB, en_GH, en_IN, en_NG, Faker, pl, ro } from "@faker-js/faker";
import type { Ethnicity } from "./ethnicity.ts";
import * as data from "./names-data.ts";
import { type Random, streamSeed, Weighted } from "./random.ts";

export type NamedSex = "M" | "F";
export type Generation = "child" | "adult" | "elder";

export type CultureId =
	| "british"
	| "irish"
	| "traveller"
	| "polish"
	| "romanian"
	| "european"
	| "caribbean"
	| "nigerian"
	| "ghanaian"
	| "east-african"
	| "indian"
	| "sikh"
	| "pakistani"
	| "bangladeshi"
	| "nepali"
	| "tamil"
	| "afghan"
	| "filipino"
	| "chinese"
	| "middle-eastern";

export interface Culture {
	given(sex: NamedSex, generation: Generation): string;
	/** Middle names, or null: how often people have one differs between cultures. */
	middle(sex: NamedSex, generation: Generation, given: string): string | null;
	family(sex: NamedSex, generation: Generation): string;
	/** The form of a family name a person of this sex carries (Kowalski/Kowalska, Singh/Kaur). */
	familyFor(sex: NamedSex, family: string): string;
}

/** One Faker per locale, each seeded from the council's seed, so its draws repeat too. */
export function makeFakers(seed: number) {
	const make = (locale: string, locales: ConstructorParameters<typeof Faker>[0]["locale"]) => {
		const faker = new Faker({ locale: locales });
		faker.seed(streamSeed(seed, `faker:${locale}`));
		return faker;
	};
	return {
		gb: make("en_GB", [en_GB, en, base]),
		ng: make("en_NG", [en_NG, en, base]),
		gh: make("en_GH", [en_GH, en, base]),
		in: make("en_IN", [en_IN, en, base]),
		pl: make("pl", [pl, base]),
		ro: make("ro", [ro, base]),
	};
}
export type Fakers = ReturnType<typeof makeFakers>;

// Real name frequencies fall off slowly: the commonest British surname is about 1.2% of
// people and the hundredth about 0.15%, so the rank exponents are well below 1.
const words = (s: string, exponent = 0.6) => Weighted.ranked([...new Set(s.split(" "))], exponent);
const listOf = (set: { male: string; female: string; family: string }) => ({
	male: words(set.male),
	female: words(set.female),
	family: words(set.family, 0.45),
});

/** Which naming tradition a person's names come from, given their ethnicity. */
export function cultureOf(ethnicity: Ethnicity, random: Random): CultureId {
	switch (ethnicity) {
		case "WIRI":
			return random.chance(0.7) ? "irish" : "british";
		case "WIRT":
			return "traveller";
		case "WROM":
			return random.chance(0.5) ? "romanian" : "traveller";
		case "WOTH":
			return random.pick(["polish", "polish", "romanian", "european", "european"] as const);
		case "MWBA":
		case "MWAS":
		case "MOTH":
			return random.chance(0.8) ? "british" : "caribbean";
		case "MWBC":
		case "BCRB":
			return random.chance(0.6) ? "caribbean" : "british";
		case "BAFR":
			return random.pick(["nigerian", "nigerian", "ghanaian", "east-african"] as const);
		case "BOTH":
			return random.chance(0.5) ? "caribbean" : "nigerian";
		case "AIND":
			return random.chance(0.3) ? "sikh" : "indian";
		case "APKN":
			return "pakistani";
		case "ABAN":
			return "bangladeshi";
		case "AOTH":
			return random.pick(["nepali", "nepali", "tamil", "afghan", "filipino"] as const);
		case "CHNE":
			return "chinese";
		case "OOTH":
			return "middle-eastern";
		default:
			return "british";
	}
}

export function makeCultures(random: Random, fakers: Fakers): Record<CultureId, Culture> {
	const british = {
		child: { male: words(data.BRITISH.child.male, 0.45), female: words(data.BRITISH.child.female, 0.45) },
		adult: { male: words(data.BRITISH.adult.male, 0.5), female: words(data.BRITISH.adult.female, 0.5) },
		elder: { male: words(data.BRITISH.elder.male, 0.5), female: words(data.BRITISH.elder.female, 0.5) },
		family: words(data.BRITISH.family, 0.45),
		prefixes: data.BRITISH.prefixes.split(" "),
		suffixes: data.BRITISH.suffixes.split(" "),
	};
	const fakerSex = (sex: NamedSex) => (sex === "M" ? "male" : "female");
	const pickSex = (set: { male: Weighted<string>; female: Weighted<string> }, sex: NamedSex) =>
		(sex === "M" ? set.male : set.female).draw(random);

	/** Lists of one tradition, with a middle name for a share of people. */
	const simple = (set: ReturnType<typeof listOf>, middleChance = 0.25): Culture => ({
		given: (sex) => pickSex(set, sex),
		middle: (sex) => (random.chance(middleChance) ? pickSex(set, sex) : null),
		family: () => set.family.draw(random),
		familyFor: (_sex, family) => family,
	});

	// Three British surnames in ten come from the tail: built from the syllables English
	// place-name surnames are made of (Ashworth, Caldwell), or Faker's unweighted list.
	const britishFamily = () => {
		const r = random.next();
		if (r < 0.03) return `${british.family.draw(random)}-${british.family.draw(random)}`;
		if (r < 0.25) return `${random.pick(british.prefixes)}${random.pick(british.suffixes)}`;
		if (r < 0.3) return fakers.gb.person.lastName();
		return british.family.draw(random);
	};
	// Faker's thousands of first names stand in for the long tail of rarer given names.
	const britishGiven = (sex: NamedSex, generation: Generation) =>
		random.chance(generation === "child" ? 0.18 : 0.12)
			? fakers.gb.person.firstName(fakerSex(sex))
			: pickSex(british[generation], sex);

	const irish = listOf(data.IRISH);
	const traveller = listOf(data.TRAVELLER);
	const european = listOf(data.EUROPEAN);
	const caribbean = listOf(data.CARIBBEAN);
	const christian = {
		male: words(data.WEST_AFRICAN_CHRISTIAN.male),
		female: words(data.WEST_AFRICAN_CHRISTIAN.female),
	};
	const indian = listOf(data.INDIAN);
	const sikh = listOf(data.SIKH);
	const pakistani = listOf(data.PAKISTANI);
	const bangladeshi = listOf(data.BANGLADESHI);
	const [nepali, tamil, afghan, filipino] = data.OTHER_ASIAN.map(listOf);
	const muhammad = new Weighted(data.MUHAMMAD.map((n, i) => [n, [50, 30, 12, 8][i]] as const));

	/** Boys in many Muslim families are Muhammad first, known by their second name. */
	const muslim = (set: ReturnType<typeof listOf>, womenFamily: (generation: Generation) => string | null): Culture => ({
		given: (sex) => (sex === "M" && random.chance(0.3) ? muhammad.draw(random) : pickSex(set, sex)),
		middle: (sex, _generation, given) =>
			data.MUHAMMAD.includes(given) || random.chance(0.25) ? pickSex(set, sex) : null,
		family: (sex, generation) => (sex === "F" ? womenFamily(generation) : null) ?? set.family.draw(random),
		familyFor: (_sex, family) => family,
	});

	const feminine = (family: string) => family.replace(/(sk|ck|dzk)i$/, "$1a");
	const masculine = (family: string) => family.replace(/(sk|ck|dzk)a$/, "$1i");

	return {
		british: {
			given: britishGiven,
			middle: (sex, generation) =>
				random.chance(generation === "elder" ? 0.5 : 0.6) ? britishGiven(sex, generation) : null,
			family: britishFamily,
			familyFor: (_sex, family) => family,
		},
		irish: simple(irish, 0.4),
		traveller: simple(traveller, 0.2),
		european: simple(european, 0.3),
		caribbean: { ...simple(caribbean, 0.5), family: () => caribbean.family.draw(random) },
		polish: {
			given: (sex) => fakers.pl.person.firstName(fakerSex(sex)),
			middle: (sex) => (random.chance(0.2) ? fakers.pl.person.firstName(fakerSex(sex)) : null),
			family: (sex) => (sex === "F" ? feminine : masculine)(fakers.pl.person.lastName()),
			familyFor: (sex, family) => (sex === "F" ? feminine(family) : masculine(family)),
		},
		romanian: {
			given: (sex) => fakers.ro.person.firstName(fakerSex(sex)),
			middle: (sex) => (random.chance(0.2) ? fakers.ro.person.firstName(fakerSex(sex)) : null),
			family: () => fakers.ro.person.lastName(),
			familyFor: (_sex, family) => family,
		},
		nigerian: {
			given: (sex) => (random.chance(0.55) ? fakers.ng.person.firstName(fakerSex(sex)) : pickSex(christian, sex)),
			middle: (sex) => (random.chance(0.5) ? fakers.ng.person.firstName(fakerSex(sex)) : null),
			family: () => fakers.ng.person.lastName(),
			familyFor: (_sex, family) => family,
		},
		ghanaian: {
			given: (sex) => fakers.gh.person.firstName(fakerSex(sex)),
			middle: (sex) => (random.chance(0.4) ? fakers.gh.person.firstName(fakerSex(sex)) : null),
			family: () => fakers.gh.person.lastName(),
			familyFor: (_sex, family) => family,
		},
		"east-african": simple(listOf(data.EAST_AFRICAN), 0.3),
		indian: {
			...simple(indian, 0.2),
			given: (sex) => (random.chance(0.35) ? fakers.in.person.firstName(fakerSex(sex)) : pickSex(indian, sex)),
			family: () => (random.chance(0.3) ? fakers.in.person.lastName() : indian.family.draw(random)),
		},
		sikh: {
			given: (sex) => pickSex(sikh, sex),
			middle: (sex) => (random.chance(0.5) ? (sex === "M" ? "Singh" : "Kaur") : null),
			// Many Sikh families use Singh and Kaur as the family name; others a clan name.
			family: (sex) => (random.chance(0.5) ? (sex === "M" ? "Singh" : "Kaur") : sikh.family.draw(random)),
			familyFor: (sex, family) => (family === "Singh" || family === "Kaur" ? (sex === "M" ? "Singh" : "Kaur") : family),
		},
		pakistani: muslim(pakistani, (generation) => (generation !== "child" && random.chance(0.1) ? "Bibi" : null)),
		bangladeshi: muslim(bangladeshi, (generation) => {
			const chance = generation === "child" ? 0.1 : 0.45;
			return random.chance(chance) ? (random.chance(0.8) ? "Begum" : "Khatun") : null;
		}),
		nepali: simple(nepali, 0.1),
		tamil: simple(tamil, 0.1),
		afghan: simple(afghan, 0.2),
		filipino: simple(filipino, 0.4),
		chinese: simple(listOf(data.CHINESE), 0.15),
		"middle-eastern": simple(listOf(data.MIDDLE_EASTERN), 0.2),
	};
}
