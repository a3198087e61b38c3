import type { Faker } from "@faker-js/faker";
import type { RelationshipKind } from "../../domain/people/codes.ts";
import type { Ethnicity } from "./ethnicity.ts";
import { type Culture, type CultureId, cultureOf, type Generation, type NamedSex } from "./naming.ts";
import { ABROAD, kentAddress, NO_FIXED_ABODE, type Place } from "./places.ts";
import { type Random, Weighted } from "./random.ts";

// The pieces every family is built from: adults and children with names and dates that
// fit together, links between them, and the home they share. Dates are whole days since
// 1970-01-01 (UTC).

export const YEAR = 365.25;

export type Role = "parent" | "partner" | "grandparent" | "elsewhere" | "child";

export interface Member {
	role: Role;
	sex: "M" | "F" | "U";
	ethnicity: Ethnicity;
	culture: CultureId;
	given: string;
	middle: string | null;
	family: string;
	/** A family name the person was known by before the current one. */
	previousFamily: string | null;
	dob: number | null;
	expected: number | null;
	death: number | null;
	/** Where the person lives; null when nobody knows. */
	place: Place | null;
	/** The day the person's current address started. */
	since: number;
}

export interface Link {
	/** Indexes into Household.members: "from is the <kind> of to". */
	from: number;
	to: number;
	kind: RelationshipKind;
	pr: boolean;
	start: number | null;
}

export interface Household {
	members: Member[];
	/** Where the residents live (also each resident's `place`). */
	home: Place;
	links: Link[];
	/** The home's previous address, for the members who lived there before `since`. */
	previous: { place: Place; until: number } | null;
}

export const CHILDREN = new Weighted<number>([
	[1, 14],
	[2, 25],
	[3, 25],
	[4, 18],
	[5, 11],
	[6, 7],
]);
// Children's services see more teenagers and babies than the population has.
const ELDEST_AGE = new Weighted<number>(
	[6, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 7, 8, 9, 9, 8, 6].map((w, age) => [age, w]),
);
export const GAP_YEARS = new Weighted<number>([
	[1, 25],
	[2, 35],
	[3, 20],
	[4, 12],
	[6, 8],
]);

export interface Parent {
	index: number;
	member: Member;
}

/** How an adult's date of birth is chosen; `firstChild` is the earliest birth they are a parent or grandparent by. */
type Age = { firstChild: number } & ({ ageThen: number } | { partner: number; gap: number } | { exact: number });

/** One household under construction: the people, their links, and who is not on the record. */
export class Builder {
	readonly members: Member[] = [];
	private readonly links: Link[] = [];
	private readonly forgotten = new Set<number>();
	private readonly home: Place;

	constructor(
		readonly random: Random,
		readonly cultures: Record<CultureId, Culture>,
		private readonly faker: Faker,
		readonly today: number,
	) {
		this.home = random.chance(0.006) ? NO_FIXED_ABODE : kentAddress(random, faker);
	}

	// ---- people -------------------------------------------------------------------------

	adult(role: Role, sex: NamedSex, ethnicity: Ethnicity, age: Age): Parent {
		let dob: number;
		if ("exact" in age) dob = age.exact;
		else if ("partner" in age) dob = age.partner - Math.round(this.random.normal(age.gap, 3.5) * YEAR);
		else
			dob = age.firstChild - Math.round(Math.max(16, this.random.normal(age.ageThen, 5)) * YEAR) - this.random.int(365);
		// Parents are at least 16 at a child's birth, and every adult here is at least 18.
		dob = Math.min(dob, age.firstChild - Math.round(16 * YEAR), this.today - Math.round(18 * YEAR));
		const culture = cultureOf(ethnicity, this.random);
		const names = this.cultures[culture];
		const generation = this.generationOf(dob);
		const given = names.given(sex, generation);
		const member: Member = {
			role,
			sex,
			ethnicity,
			culture,
			given,
			middle: names.middle(sex, generation, given),
			family: names.family(sex, generation),
			previousFamily: null,
			dob,
			expected: null,
			death: null,
			place: role === "elsewhere" ? null : this.home,
			since: this.today,
		};
		this.members.push(member);
		return { index: this.members.length - 1, member };
	}

	child(
		ethnicity: Ethnicity,
		parents: Member[],
		family: string,
		dob: number,
		sex: NamedSex = this.random.chance(0.512) ? "M" : "F",
		culture: CultureId = this.childCulture(ethnicity, parents),
	): number {
		const names = this.cultures[culture];
		const given = names.given(sex, "child");
		const bearer = parents.find((p) => p.family === family);
		this.members.push({
			role: "child",
			sex,
			ethnicity,
			culture,
			given,
			middle: names.middle(sex, "child", given),
			family: this.cultures[bearer?.culture ?? culture].familyFor(sex, family),
			previousFamily: null,
			dob,
			expected: null,
			death: this.random.chance(0.002) ? this.between(dob, this.today - 1) : null,
			place: this.home,
			since: this.today,
		});
		return this.members.length - 1;
	}

	/** Mixed-heritage children mostly get names from the British lists; others their father's tradition. */
	private childCulture(ethnicity: Ethnicity, parents: Member[]): CultureId {
		if (ethnicity[0] === "M" && this.random.chance(0.7)) return "british";
		return parents[1]?.culture ?? parents[0]?.culture ?? cultureOf(ethnicity, this.random);
	}

	maybeUnborn(mother: Parent, father: Parent | undefined, siblings: number[], family: string, fatherPr: boolean): void {
		if (this.today - mother.member.dob! > 43 * YEAR || !this.random.chance(0.035)) return;
		this.unborn(mother, father, siblings, family, fatherPr, this.today + this.random.between(1, 270));
	}

	/** Recorded before birth as "Unborn <family name>", as case management systems do. */
	unborn(
		mother: Parent,
		father: Parent | undefined,
		siblings: number[],
		family: string,
		fatherPr: boolean,
		expected: number,
	): void {
		this.members.push({
			role: "child",
			sex: "U",
			ethnicity: "NOBT",
			culture: father?.member.culture ?? mother.member.culture,
			given: "Unborn",
			middle: null,
			family,
			previousFamily: null,
			dob: null,
			expected,
			death: null,
			place: mother.member.place,
			since: this.today,
		});
		const baby = this.at(this.members.length - 1);
		this.link(mother, baby, "parent", true, null);
		if (father && father.member.role !== "elsewhere") this.link(father, baby, "parent", fatherPr, null);
		for (const s of siblings) {
			const parents = this.links.filter((l) => l.to === s && l.kind === "parent").map((l) => l.from);
			const full = father !== undefined && parents.includes(father.index) && parents.includes(mother.index);
			this.link(this.at(s), baby, full ? "sibling" : "half-sibling", false, null);
		}
	}

	childDobs(count: number, notBefore?: number): number[] {
		// A big family's eldest is rarely a toddler: leave room for the younger ones.
		const eldestAge = Math.max(ELDEST_AGE.draw(this.random), Math.min(17, (count - 1) * 2));
		let dob = this.today - Math.round(eldestAge * YEAR) - this.random.int(365);
		if (notBefore !== undefined) dob = Math.max(dob, Math.min(notBefore, this.today - 30));
		const dobs = [dob];
		for (let i = 1; i < count; i++) {
			// About one birth in seventy is a twin's.
			const next = this.random.chance(0.015)
				? dob
				: dob + Math.round(GAP_YEARS.draw(this.random) * YEAR) + this.random.int(240) - 120;
			if (next > this.today - 7) break;
			dobs.push(next);
			dob = next;
		}
		return dobs;
	}

	private generationOf(dob: number): Generation {
		const age = (this.today - dob) / YEAR;
		return age < 18 ? "child" : age < 48 ? "adult" : "elder";
	}

	/** A child's family name when the parents live together. */
	childFamily(mother: Member, father: Member, married: boolean): string {
		if (married) return father.family;
		const r = this.random.next();
		if (r < 0.6) return father.family;
		if (r < 0.93 || mother.culture !== "british") return mother.family;
		return `${mother.family}-${father.family}`;
	}

	/** Marriage: most often she takes his name, and sometimes the old one is kept as a previous name. */
	marry(a: Member, b: Member): void {
		if (!this.random.chance(0.75)) return;
		const [wife, husband] = a.sex === "F" ? [a, b] : [b, a];
		const maiden = wife.family;
		wife.family = this.cultures[husband.culture].familyFor("F", husband.family);
		if (wife.family !== maiden && this.random.chance(0.4)) wife.previousFamily = maiden;
	}

	die(member: Member, after: number): void {
		member.death = this.between(Math.max(after, member.dob ?? after), this.today - 1);
		member.place = null;
	}

	placeElsewhere(member: Member): void {
		const r = this.random.next();
		member.place =
			r < 0.85 ? kentAddress(this.random, this.faker) : r < 0.9 ? ABROAD : r < 0.93 ? NO_FIXED_ABODE : null;
		member.since = this.between(
			Math.max(member.dob! + Math.round(16 * YEAR), this.today - Math.round(6 * YEAR)),
			this.today - 1,
		);
	}

	// ---- links --------------------------------------------------------------------------

	at(index: number): Parent {
		return { index, member: this.members[index] };
	}

	link(from: Parent, to: Parent, kind: RelationshipKind, pr: boolean, start: number | null): void {
		this.links.push({ from: from.index, to: to.index, kind, pr, start });
	}

	parentLinks(
		parent: Parent,
		kids: number[],
		pr: boolean,
		kind: RelationshipKind = "parent",
		since: number | null = null,
	): void {
		for (const k of kids) {
			const dob = this.members[k].dob;
			this.link(parent, this.at(k), kind, pr, since !== null && dob !== null ? Math.max(since, dob) : dob);
		}
	}

	/** Every pair once, the elder first. */
	siblings(kids: number[], kind: RelationshipKind): void {
		for (let i = 0; i < kids.length; i++) for (let j = i + 1; j < kids.length; j++) this.pair(kids[i], kids[j], kind);
	}

	across(a: number[], b: number[], kind: RelationshipKind): void {
		for (const x of a) for (const y of b) this.pair(x, y, kind);
	}

	private pair(x: number, y: number, kind: RelationshipKind): void {
		const born = (i: number) => this.members[i].dob ?? Number.POSITIVE_INFINITY;
		const [older, younger] = born(x) <= born(y) ? [x, y] : [y, x];
		this.link(this.at(older), this.at(younger), kind, false, this.members[younger].dob);
	}

	/** Someone the family history implies but the council never recorded. */
	forget(index: number): void {
		this.forgotten.add(index);
	}

	between(from: number, to: number): number {
		return to <= from ? from : this.random.between(from, to);
	}

	// ---- result -------------------------------------------------------------------------

	finish(): Household {
		const renumbered: number[] = [];
		const members: Member[] = [];
		this.members.forEach((m, i) => {
			if (this.forgotten.has(i)) return;
			renumbered[i] = members.length;
			members.push(m);
		});
		const links = this.links
			.filter((l) => !this.forgotten.has(l.from) && !this.forgotten.has(l.to))
			.map((l) => ({ ...l, from: renumbered[l.from], to: renumbered[l.to] }));
		// The family moved in within the last ten years, once its youngest adult was grown up.
		const residents = members.filter((m) => m.place === this.home);
		const grownUp = residents.map((m) => (m.dob ?? this.today) + Math.round((m.role === "child" ? 15 : 18) * YEAR));
		const anyAdult = residents.some((m) => m.role !== "child");
		const earliest = Math.max(
			this.today - Math.round(10 * YEAR),
			anyAdult ? Math.max(...grownUp.filter((_, i) => residents[i].role !== "child")) : Math.min(...grownUp),
		);
		const since = this.between(earliest, this.today - 14);
		for (const m of residents) m.since = m.dob !== null && m.dob > since ? m.dob : since;
		const previous =
			this.home !== NO_FIXED_ABODE && this.random.chance(0.25)
				? { place: kentAddress(this.random, this.faker), until: since - 1 }
				: null;
		return { members, links, home: this.home, previous };
	}
}
