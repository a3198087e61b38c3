import { type Household, type Member, YEAR } from "./builder.ts";
import { type Identity, type Variation, vary } from "./duplicates.ts";
import { Families } from "./households.ts";
import { NhsNumbers, Upns } from "./identifiers.ts";
import { makeCultures, makeFakers } from "./naming.ts";
import { canonicalGiven, fold } from "./normalise.ts";
import type { AddressLines, Place } from "./places.ts";
import { Random, seededUuid, streamSeed, Weighted } from "./random.ts";

// A synthetic council, one household at a time. Pure: the same options give the same
// rows, and nothing is kept once a household has been handed over, so two million people
// stream through in constant memory. Rows match the columns of migrations/0003_people.sql.

export interface SyntheticOptions {
	/** Person records to make, second records of the same individual included. */
	people: number;
	/** Records were created over this many years up to `today`. */
	years: number;
	seed: number;
	today: Date;
	/** The first council person number (la_person_id "P<n>"); the loader reserves a block. */
	firstPersonNumber?: number;
}

export interface PersonRow {
	id: string;
	la_person_id: string;
	given_name: string;
	middle_names: string | null;
	family_name: string;
	sex: "M" | "F" | "U";
	date_of_birth: string | null;
	expected_birth_date: string | null;
	death_date: string | null;
	ethnicity: string;
	nhs_number: string | null;
	upn: string | null;
	former_upn: string | null;
	upn_unknown: string | null;
	created_at: string;
	updated_at: string;
}

export interface PersonNameRow {
	id: string;
	person_id: string;
	kind: "current" | "previous" | "alias";
	given_name: string;
	family_name: string;
	given_norm: string;
	family_norm: string;
	given_canonical: string;
	recorded_at: string;
}

export interface PersonAddressRow {
	id: string;
	person_id: string;
	lines: AddressLines;
	postcode: string | null;
	no_fixed_abode: boolean;
	abroad: boolean;
	start_date: string | null;
	end_date: string | null;
	recorded_at: string;
}

export interface PersonDisabilityRow {
	person_id: string;
	code: string;
}

export interface RelationshipRow {
	id: string;
	person_id: string;
	related_person_id: string;
	kind: string;
	parental_responsibility: boolean;
	start_date: string | null;
	end_date: string | null;
	recorded_at: string;
}

/** Which records are one individual: the bench's answer key, never stored in the database. */
export interface TruthRow {
	person_id: string;
	la_person_id: string;
	/** The id of the individual's first record. */
	individual_id: string;
	/** How this record differs from the first one; null for the first record itself. */
	variation: Variation | null;
	/** The individual's real date of birth, which the record may not hold ("YYYY-MM-DD"). */
	date_of_birth: string | null;
}

/** One household's rows, in the order the tables must be loaded. */
export interface Batch {
	persons: PersonRow[];
	names: PersonNameRow[];
	addresses: PersonAddressRow[];
	disabilities: PersonDisabilityRow[];
	relationships: RelationshipRow[];
	truth: TruthRow[];
}

export const DEFAULT_FIRST_PERSON_NUMBER = 100_000;
/** Chance that an individual also has a second, slightly different record. */
const DUPLICATE_CHANCE = 0.026;
/**
 * Per thousand adults, those recorded without a date of birth: a father named in a
 * referral, a partner the police met once. Chosen by the record's ordinal rather than the
 * random stream, so that everything else the seed draws stays the same.
 */
const ADULTS_WITHOUT_DOB_PER_THOUSAND = 20;

const DISABILITIES = new Weighted<string>([
	["LD", 25],
	["AUT", 22],
	["COMM", 18],
	["BEH", 14],
	["DDA", 6],
	["MOB", 5],
	["PC", 3],
	["HEAR", 3],
	["HAND", 2],
	["INC", 2],
	["VIS", 2],
	["CON", 1.5],
]);
const NO_UPN_REASON = new Weighted<string>([
	["UN2", 30],
	["UN3", 20],
	["UN4", 15],
	["UN5", 25],
	["UN7", 10],
]);

const DAY_MS = 86_400_000;
// Days repeat across millions of rows; formatting each once keeps generation fast.
const days: string[] = [];
export function isoDay(day: number): string {
	if (day < 0) return new Date(day * DAY_MS).toISOString().slice(0, 10);
	let text = days[day];
	if (text === undefined) {
		text = new Date(day * DAY_MS).toISOString().slice(0, 10);
		days[day] = text;
	}
	return text;
}
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

export function* generateCouncil(options: SyntheticOptions): Generator<Batch> {
	yield* new Council(options).batches();
}

/** The first person's id for a seed: the loader checks it to refuse loading a seed twice. */
export const firstPersonId = (seed: number) => seededUuid(seed, "person", 0);

class Council {
	private readonly random: Random;
	private readonly families: Families;
	private readonly cultures: ReturnType<typeof makeCultures>;
	private readonly nhs: NhsNumbers;
	private readonly upns = new Upns();
	private readonly today: number;
	private readonly nowMs: number;
	private readonly firstNumber: number;
	private persons = 0;
	private readonly counters = { name: 0, address: 0, relationship: 0 };

	constructor(private readonly options: SyntheticOptions) {
		if (!Number.isInteger(options.people) || options.people < 0) throw new Error("people must be a whole number");
		if (!(options.years > 0)) throw new Error("years must be more than 0");
		this.random = new Random(streamSeed(options.seed, "council"));
		const fakers = makeFakers(options.seed);
		this.cultures = makeCultures(this.random, fakers);
		this.nowMs = options.today.getTime();
		this.today = Math.floor(this.nowMs / DAY_MS);
		this.families = new Families(this.random, this.cultures, fakers.gb, this.today);
		this.nhs = new NhsNumbers(streamSeed(options.seed, "nhs") % 1_000_000);
		this.firstNumber = options.firstPersonNumber ?? DEFAULT_FIRST_PERSON_NUMBER;
	}

	*batches(): Generator<Batch> {
		while (this.persons < this.options.people) yield this.household(this.families.next());
	}

	private household(household: Household): Batch {
		const batch: Batch = { persons: [], names: [], addresses: [], disabilities: [], relationships: [], truth: [] };
		const members = household.members.slice(0, this.options.people - this.persons);
		// The council first heard of the family some time in the last `years` years.
		const known = this.today - this.random.int(Math.max(1, Math.round(this.options.years * YEAR)));
		const ids = members.map((m) => this.person(batch, m, known, household));
		for (const link of household.links) {
			if (link.from >= ids.length || link.to >= ids.length) continue;
			const from = batch.persons[link.from];
			const to = batch.persons[link.to];
			batch.relationships.push({
				id: seededUuid(this.options.seed, "relationship", this.counters.relationship++),
				person_id: from.id,
				related_person_id: to.id,
				kind: link.kind,
				parental_responsibility: link.pr,
				start_date: link.start === null ? null : isoDay(link.start),
				end_date: null,
				// Recorded once both people were.
				recorded_at: this.laterOf(from.created_at, to.created_at),
			});
		}
		members.forEach((m, i) => {
			if (this.persons >= this.options.people || m.expected !== null) return;
			if (this.random.chance(DUPLICATE_CHANCE)) this.duplicate(batch, m, batch.persons[i], ids[i], household);
		});
		return batch;
	}

	private person(batch: Batch, m: Member, known: number, household: Household): string {
		const ordinal = this.persons++;
		const id = seededUuid(this.options.seed, "person", ordinal);
		const createdDay = this.createdDay(m, known);
		const created = this.timestamp(createdDay);
		const row: PersonRow = {
			id,
			la_person_id: `P${this.firstNumber + ordinal}`,
			given_name: m.given,
			middle_names: m.middle,
			family_name: m.family,
			sex: m.sex,
			date_of_birth: m.dob === null || this.dobUnrecorded(m, ordinal) ? null : isoDay(m.dob),
			expected_birth_date: m.expected === null ? null : isoDay(m.expected),
			death_date: m.death === null ? null : isoDay(m.death),
			ethnicity: m.ethnicity,
			nhs_number: this.nhsFor(m),
			upn: null,
			former_upn: null,
			upn_unknown: null,
			created_at: created,
			updated_at: this.random.chance(0.5)
				? this.laterOf(created, this.timestamp(this.random.between(createdDay, this.today)))
				: created,
		};
		this.schooling(row, m);
		batch.persons.push(row);
		batch.truth.push({
			person_id: id,
			la_person_id: row.la_person_id,
			individual_id: id,
			variation: null,
			date_of_birth: m.dob === null ? null : isoDay(m.dob),
		});
		this.name(batch, id, "current", m.given, m.family, created);
		if (m.previousFamily) this.name(batch, id, "previous", m.given, m.previousFamily, created);
		if (m.dob !== null && m.role !== "child" && this.random.chance(0.01)) {
			const alias = this.cultures[m.culture].given(m.sex === "M" ? "M" : "F", "adult");
			if (alias !== m.given) this.name(batch, id, "alias", alias, m.family, created);
		}
		if (m.place) {
			this.address(batch, id, m.place, m.dob === null ? null : m.since, m.death, created);
			if (household.previous && m.place === household.home && m.dob !== null && m.dob < m.since) {
				const start = Math.max(m.dob, household.previous.until - this.random.between(200, 2500));
				this.address(batch, id, household.previous.place, start, household.previous.until, created);
			}
		}
		if (m.role === "child" && m.dob !== null && m.death === null && this.random.chance(0.08)) {
			const codes = new Set([DISABILITIES.draw(this.random)]);
			if (this.random.chance(0.3)) codes.add(DISABILITIES.draw(this.random));
			if (this.random.chance(0.05)) codes.add(DISABILITIES.draw(this.random));
			for (const code of codes) batch.disabilities.push({ person_id: id, code });
		}
		return id;
	}

	/** An adult whose date of birth the council never recorded (a fixed share, by ordinal). */
	private dobUnrecorded(m: Member, ordinal: number): boolean {
		return m.role !== "child" && (Math.imul(ordinal, 0x9e3779b1) >>> 0) % 1000 < ADULTS_WITHOUT_DOB_PER_THOUSAND;
	}

	/** A second record of the same individual, made later at another contact. */
	private duplicate(batch: Batch, m: Member, original: PersonRow, individual: string, household: Household): void {
		const others = household.members.flatMap((o) => [o.family, o.previousFamily ?? ""]).filter((f) => f);
		const otherFamily = () =>
			this.random.chance(0.6) && others.length > 0
				? this.random.pick(others)
				: this.cultures[m.culture].family(m.sex === "M" ? "M" : "F", "adult");
		const before: Identity = { given: m.given, middle: m.middle, family: m.family, dob: m.dob };
		const { identity, variation } = vary(before, this.random, otherFamily, this.today);
		const ordinal = this.persons++;
		const id = seededUuid(this.options.seed, "person", ordinal);
		const originalDay = Math.floor(Date.parse(original.created_at) / DAY_MS);
		const created = this.laterOf(original.created_at, this.timestamp(this.random.between(originalDay, this.today)));
		const row: PersonRow = {
			...original,
			id,
			la_person_id: `P${this.firstNumber + ordinal}`,
			given_name: identity.given,
			middle_names: identity.middle,
			family_name: identity.family,
			date_of_birth: identity.dob === null ? null : isoDay(identity.dob),
			ethnicity: this.random.chance(0.7) ? original.ethnicity : "NOBT",
			// Made in a hurry: no NHS number (those are unique), sometimes the UPN from school.
			nhs_number: null,
			upn: original.upn && this.random.chance(0.3) ? original.upn : null,
			former_upn: null,
			upn_unknown: null,
			created_at: created,
			updated_at: created,
		};
		batch.persons.push(row);
		batch.truth.push({
			person_id: id,
			la_person_id: row.la_person_id,
			individual_id: individual,
			variation,
			date_of_birth: m.dob === null ? null : isoDay(m.dob),
		});
		this.name(batch, id, "current", identity.given, identity.family, created);
		const r = this.random.next();
		const place = r < 0.6 ? m.place : r < 0.8 ? household.previous?.place : null;
		if (place) this.address(batch, id, place, null, null, created);
	}

	private name(batch: Batch, personId: string, kind: PersonNameRow["kind"], given: string, family: string, at: string) {
		batch.names.push({
			id: seededUuid(this.options.seed, "person_name", this.counters.name++),
			person_id: personId,
			kind,
			given_name: given,
			family_name: family,
			given_norm: fold(given),
			family_norm: fold(family),
			given_canonical: canonicalGiven(given),
			recorded_at: at,
		});
	}

	private address(
		batch: Batch,
		personId: string,
		place: Place,
		start: number | null,
		end: number | null,
		at: string,
	): void {
		batch.addresses.push({
			id: seededUuid(this.options.seed, "person_address", this.counters.address++),
			person_id: personId,
			lines: place.lines,
			postcode: place.postcode,
			no_fixed_abode: place.noFixedAbode,
			abroad: place.abroad,
			start_date: start === null ? null : isoDay(start),
			end_date: end === null || (start !== null && end < start) ? null : isoDay(end),
			recorded_at: at,
		});
	}

	private nhsFor(m: Member): string | null {
		if (m.dob === null) return null;
		return this.random.chance(m.role === "child" ? 0.95 : 0.8) ? this.nhs.next() : null;
	}

	/** UPNs for most children of school age, the reason why not for the rest. */
	private schooling(row: PersonRow, m: Member): void {
		if (m.role !== "child") return;
		if (m.dob === null) {
			if (this.random.chance(0.7)) row.upn_unknown = "UN6";
			return;
		}
		// Issued when the child starts school: the September after turning four.
		const born = new Date(m.dob * DAY_MS);
		const year = born.getUTCFullYear() + (born.getUTCMonth() >= 8 ? 5 : 4);
		const started = Date.UTC(year, 8, 1) / DAY_MS <= (m.death ?? this.today);
		if (!started) {
			if (this.random.chance(0.6)) row.upn_unknown = "UN1";
			return;
		}
		if (!this.random.chance(0.88)) {
			row.upn_unknown = NO_UPN_REASON.draw(this.random);
			return;
		}
		const issued = year;
		row.upn = this.upns.next(issued);
		if (this.random.chance(0.02)) row.former_upn = this.upns.next(issued, true);
	}

	/** The day a record was made: when the family became known, or the birth if later. */
	private createdDay(m: Member, known: number): number {
		if (m.expected !== null) return Math.min(this.today, Math.max(known, m.expected - this.random.between(60, 240)));
		if (m.dob !== null && m.dob > known) return Math.min(this.today, m.dob + this.random.int(60));
		return known;
	}

	/** `candidate`, or `earliest` when the candidate (a time on the same day) comes before it. */
	private laterOf(earliest: string, candidate: string): string {
		return candidate < earliest ? earliest : candidate;
	}

	/** An instant during the working day, never after `today`. */
	private timestamp(day: number): string {
		const second = 8 * 3600 + this.random.int(10 * 3600);
		const ms = day * DAY_MS + second * 1000;
		if (ms >= this.nowMs - 60_000) return new Date(this.nowMs - 60_000).toISOString();
		return `${isoDay(day)}T${two(Math.floor(second / 3600))}:${two(Math.floor(second / 60) % 60)}:${two(second % 60)}.000Z`;
	}
}
