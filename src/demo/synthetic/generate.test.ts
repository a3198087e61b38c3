import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { ANCESTOR_KINDS, DISABILITY, ETHNICITY, RELATIONSHIP } from "../../domain/people/codes.ts";
import {
	isTestRangeNhsNumber,
	makeUpn,
	nhsNumberProblem,
	normalisePostcode,
	upnProblem,
} from "../../domain/people/identifiers.ts";
import { foldName } from "../../domain/people/names.ts";
import { swapDayMonth, typo } from "./duplicates.ts";
import { type Batch, generateCouncil, type SyntheticOptions } from "./generate.ts";
import { NhsNumbers, Upns } from "./identifiers.ts";
import { NICKNAMES } from "./names-data.ts";
import { Random, seededUuid } from "./random.ts";

const TODAY = new Date("2025-06-02T17:00:00Z");
const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
const OPTIONS: SyntheticOptions = { people: 20_000, years: 5, seed: 42, today: TODAY };

/** Every row of a council, gathered per table (fine for a test-sized council). */
function gather(options: SyntheticOptions): Batch {
	const all: Batch = { persons: [], names: [], addresses: [], disabilities: [], relationships: [], truth: [] };
	for (const batch of generateCouncil(options)) {
		for (const key of Object.keys(all) as (keyof Batch)[]) {
			const into: object[] = all[key];
			into.push(...batch[key]);
		}
	}
	return all;
}

/** The first `n` people and everything recorded about them. */
function firstRows(options: SyntheticOptions, n: number) {
	const persons = [];
	const names = [];
	const relationships = [];
	for (const batch of generateCouncil(options)) {
		persons.push(...batch.persons);
		names.push(...batch.names);
		relationships.push(...batch.relationships);
		if (persons.length >= n) break;
	}
	return { persons: persons.slice(0, n), names: names.slice(0, n), relationships: relationships.slice(0, n) };
}

const ageAt = (iso: string, at = TODAY) => (at.getTime() - Date.parse(iso)) / YEAR;
/** "2014-03-07" -> "2014-07-03" */
const swapped = (iso: string) => `${iso.slice(0, 4)}-${iso.slice(8, 10)}-${iso.slice(5, 7)}`;

describe("synthetic council: determinism", () => {
	it("gives identical rows for the same seed", () => {
		assert.deepEqual(firstRows({ ...OPTIONS, people: 2_000 }, 1_000), firstRows({ ...OPTIONS, people: 2_000 }, 1_000));
	});

	it("gives different rows for a different seed", () => {
		const a = firstRows({ ...OPTIONS, people: 1_000 }, 1_000);
		const b = firstRows({ ...OPTIONS, people: 1_000, seed: 43 }, 1_000);
		assert.notDeepEqual(a.persons, b.persons);
		assert.notEqual(a.persons[0].id, b.persons[0].id);
	});

	it("starts a bigger council with the same people, so bench sizes nest", () => {
		assert.deepEqual(firstRows({ ...OPTIONS, people: 1_000 }, 900).persons, firstRows(OPTIONS, 900).persons);
	});

	it("makes exactly the number of person records asked for, numbered from the first person number", () => {
		const { persons } = gather({ ...OPTIONS, people: 777, firstPersonNumber: 5_000 });
		assert.equal(persons.length, 777);
		assert.deepEqual(
			persons.map((p) => p.la_person_id),
			persons.map((_, i) => `P${5_000 + i}`),
		);
		assert.equal(gather({ ...OPTIONS, people: 0 }).persons.length, 0);
	});

	it("derives v4-shaped ids from the seed alone, never repeating", () => {
		assert.equal(seededUuid(1, "person", 0), seededUuid(1, "person", 0));
		const ids = new Set<string>();
		for (const seed of [1, 2]) for (let i = 0; i < 50_000; i++) ids.add(seededUuid(seed, "person", i));
		assert.equal(ids.size, 100_000);
		for (const id of [...ids].slice(0, 1000))
			assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});
});

describe("synthetic council: identifiers", () => {
	it("hands out unique test-range NHS numbers with valid check digits", () => {
		const nhs = new NhsNumbers(123_456);
		const seen = new Set<string>();
		for (let i = 0; i < 100_000; i++) {
			const n = nhs.next()!;
			assert.ok(isTestRangeNhsNumber(n) && nhsNumberProblem(n) === null, n);
			seen.add(n);
		}
		assert.equal(seen.size, 100_000);
	});

	it("computes DfE's UPN check letter (checked against a published valid UPN)", () => {
		assert.equal(makeUpn("801200005001"), "B801200005001");
		const upns = new Upns();
		const seen = new Set<string>();
		for (let i = 0; i < 20_000; i++) {
			const upn = upns.next(2015 + (i % 10), i % 7 === 0);
			assert.equal(upnProblem(upn), null, upn);
			assert.equal(upn.slice(1, 4), "886");
			seen.add(upn);
		}
		assert.equal(seen.size, 20_000);
	});
});

describe("synthetic council: a council of 20,000", () => {
	let c: Batch;
	let originals: Batch["persons"];
	before(() => {
		c = gather(OPTIONS);
		const firstRecords = new Set(c.truth.filter((t) => t.variation === null).map((t) => t.person_id));
		originals = c.persons.filter((p) => firstRecords.has(p.id));
	});

	it("gives every NHS number from the 999 test range, valid and unique", () => {
		const numbers = c.persons.flatMap((p) => (p.nhs_number ? [p.nhs_number] : []));
		assert.ok(numbers.length > 0.75 * c.persons.length, `${numbers.length} NHS numbers`);
		for (const n of numbers) assert.ok(isTestRangeNhsNumber(n) && nhsNumberProblem(n) === null, n);
		assert.equal(new Set(numbers).size, numbers.length);
	});

	it("gives most school-age children a valid Kent UPN, and the rest a reason", () => {
		const school = originals.filter(
			(p) => p.date_of_birth && !p.death_date && ageAt(p.date_of_birth) >= 5.5 && ageAt(p.date_of_birth) < 16,
		);
		const withUpn = school.filter((p) => p.upn);
		assert.ok(withUpn.length > 0.8 * school.length, `${withUpn.length} of ${school.length}`);
		for (const p of school) if (!p.upn) assert.match(p.upn_unknown ?? "", /^UN[2-7]$/);
		for (const p of c.persons) {
			for (const upn of [p.upn, p.former_upn]) if (upn) assert.equal(upnProblem(upn), null, upn);
			if (p.upn) assert.equal(p.upn.slice(1, 4), "886");
		}
		const upns = originals.flatMap((p) => (p.upn ? [p.upn] : []));
		assert.equal(new Set(upns).size, upns.length);
		assert.ok(originals.every((p) => !p.upn || ageAt(p.date_of_birth!) < 18));
	});

	it("writes postcodes in the stored format, Kent outward codes, and SSD address keys", () => {
		const keys = new Set(["ROOM", "FLOOR", "FLAT", "BUILDING", "HOUSE", "STREET", "TOWN", "UPRN"]);
		let noFixedAbode = 0;
		for (const a of c.addresses) {
			for (const k of Object.keys(a.lines)) assert.ok(keys.has(k), k);
			if (a.no_fixed_abode || a.abroad) {
				noFixedAbode += a.no_fixed_abode ? 1 : 0;
				assert.equal(a.postcode, null);
				continue;
			}
			assert.match(a.postcode!, /^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$/);
			assert.equal(normalisePostcode(a.postcode!), a.postcode);
			assert.match(a.postcode!, /^(ME|CT|TN|DA|BR)\d/);
			assert.ok(a.lines.HOUSE && a.lines.STREET && a.lines.TOWN, JSON.stringify(a.lines));
			if (a.start_date && a.end_date) assert.ok(a.end_date >= a.start_date);
		}
		assert.ok(noFixedAbode > 0, "someone has no fixed abode");
	});

	it("uses DfE ethnicity codes in roughly national proportions", () => {
		const born = originals.filter((p) => p.date_of_birth && ageAt(p.date_of_birth) < 18);
		for (const p of c.persons) assert.ok(Object.hasOwn(ETHNICITY, p.ethnicity), p.ethnicity);
		const share = (code: string) => born.filter((p) => p.ethnicity === code).length / born.length;
		assert.ok(share("WBRI") > 0.55 && share("WBRI") < 0.7, `WBRI ${share("WBRI")}`);
		assert.ok(share("WOTH") > 0.04 && share("APKN") > 0.02 && share("BAFR") > 0.02);
		assert.ok(new Set(born.map((p) => p.ethnicity)).size >= 18);
	});

	it("is about 60% children, with some unborn and a few who have died", () => {
		const isChild = (p: Batch["persons"][number]) =>
			p.expected_birth_date !== null || (p.date_of_birth !== null && ageAt(p.date_of_birth) < 18);
		const children = c.persons.filter(isChild).length / c.persons.length;
		assert.ok(children > 0.55 && children < 0.65, `children ${children}`);
		const unborn = c.persons.filter((p) => p.expected_birth_date);
		assert.ok(unborn.length > 0.002 * c.persons.length);
		for (const p of unborn) {
			assert.equal(p.sex, "U");
			assert.equal(p.date_of_birth, null);
			const ahead = (Date.parse(p.expected_birth_date!) - TODAY.getTime()) / DAY;
			assert.ok(ahead > -1 && ahead <= 275, `${ahead} days ahead`);
		}
		for (const p of c.persons) if (p.date_of_birth) assert.ok(p.sex === "M" || p.sex === "F");
		const dead = c.persons.filter((p) => p.death_date);
		assert.ok(dead.length > 0 && dead.length < 0.01 * c.persons.length, `${dead.length} deceased`);
		for (const p of dead) assert.ok(p.death_date! >= p.date_of_birth! && Date.parse(p.death_date!) <= TODAY.getTime());
	});

	it("spreads record creation over the last `years` years", () => {
		const earliest = TODAY.getTime() - 5 * YEAR - 2 * DAY;
		for (const p of c.persons) {
			const t = Date.parse(p.created_at);
			assert.ok(t >= earliest && t <= TODAY.getTime() && Date.parse(p.updated_at) >= t, p.created_at);
		}
		const years = new Set(c.persons.map((p) => p.created_at.slice(0, 4)));
		assert.ok(years.size >= 5, [...years].join());
	});

	it("records CIN disability codes for about 8% of born children, none for adults", () => {
		const byPerson = new Map(c.persons.map((p) => [p.id, p]));
		for (const d of c.disabilities) {
			assert.ok(Object.hasOwn(DISABILITY, d.code) && d.code !== "NONE", d.code);
			assert.ok(ageAt(byPerson.get(d.person_id)!.date_of_birth!) < 18);
		}
		const born = originals.filter((p) => p.date_of_birth && ageAt(p.date_of_birth) < 18);
		const share = new Set(c.disabilities.map((d) => d.person_id)).size / born.length;
		assert.ok(share > 0.06 && share < 0.1, `disabled ${share}`);
	});

	it("has one current name per person, previous family names for some, and folded keys", () => {
		const current = c.names.filter((n) => n.kind === "current");
		assert.equal(current.length, c.persons.length);
		assert.equal(new Set(current.map((n) => n.person_id)).size, c.persons.length);
		assert.ok(c.names.filter((n) => n.kind === "previous").length > 0.01 * c.persons.length);
		// Folded as the application folds: Latin letters lose their accents; letters of other
		// scripts (an Akan "ɔ") are kept, lower case.
		for (const n of c.names) {
			assert.equal(n.given_norm, foldName(n.given_name));
			assert.equal(n.family_norm, foldName(n.family_name));
			for (const folded of [n.given_norm, n.family_norm, n.given_canonical]) {
				assert.match(folded, /^\p{Ll}+$/u, `${n.given_name} ${n.family_name}`);
			}
		}
		assert.ok(c.names.some((n) => n.family_name === "O'Brien" && n.family_norm === "obrien"));
		assert.ok(c.names.some((n) => /[éëóíá]/.test(n.given_name) && /^[a-z]+$/.test(n.given_norm)));
		const bob = c.names.find((n) => n.given_name === "Bob");
		if (bob) assert.equal(bob.given_canonical, "robert");
	});

	it("draws names with realistic frequencies and the variety of modern Britain", () => {
		const count = new Map<string, number>();
		for (const p of originals) count.set(p.family_name, (count.get(p.family_name) ?? 0) + 1);
		const [commonest, n] = [...count].sort((a, b) => b[1] - a[1])[0];
		assert.equal(commonest, "Smith");
		assert.ok(n / originals.length < 0.03, `Smith ${n / originals.length}`);
		assert.ok(count.size > 2_000, `${count.size} family names`);
		for (const name of ["Khan", "Patel", "Begum", "Kaur"]) assert.ok(count.has(name), name);
		assert.ok(
			originals.some((p) => /[^\x20-\x7e]/.test(p.given_name + p.family_name)),
			"some accented names",
		);
		assert.ok(originals.some((p) => p.family_name.includes("'") || p.family_name.includes("-")));
	});

	it("makes a second record for 2–3% of people, each varied in a way the bench is told", () => {
		const dups = c.truth.filter((t) => t.variation !== null);
		const share = dups.length / c.persons.length;
		assert.ok(share > 0.02 && share < 0.03, `duplicates ${share}`);
		assert.deepEqual(new Set(dups.map((d) => d.variation)), new Set(["typo", "nickname", "dob-swap", "family-name"]));
		const byId = new Map(c.persons.map((p) => [p.id, p]));
		for (const d of dups) {
			const copy = byId.get(d.person_id)!;
			const first = byId.get(d.individual_id)!;
			assert.ok(first && first.id !== copy.id);
			assert.equal(copy.sex, first.sex);
			assert.equal(copy.nhs_number, null);
			assert.ok(copy.created_at >= first.created_at);
			switch (d.variation) {
				case "nickname":
					assert.ok(NICKNAMES[first.given_name].includes(copy.given_name), `${first.given_name}/${copy.given_name}`);
					break;
				case "dob-swap":
					assert.equal(copy.date_of_birth, swapped(d.date_of_birth!));
					break;
				case "family-name":
					assert.notEqual(copy.family_name, first.family_name);
					assert.equal(copy.given_name, first.given_name);
					break;
				default:
					assert.ok(copy.given_name !== first.given_name || copy.family_name !== first.family_name);
					// The first record may lack the date of birth; the second was asked for it.
					assert.equal(copy.date_of_birth, d.date_of_birth);
			}
		}
		for (const t of c.truth.filter((t) => t.variation === null)) assert.equal(t.individual_id, t.person_id);
	});

	it("records about 2% of adults without a date of birth, and the answer key still knows it", () => {
		const byId = new Map(c.persons.map((p) => [p.id, p]));
		const firsts = c.truth.filter((t) => t.variation === null && t.date_of_birth !== null);
		const unrecorded = firsts.filter((t) => byId.get(t.person_id)?.date_of_birth === null);
		const share = unrecorded.length / firsts.length;
		assert.ok(share > 0.004 && share < 0.02, `share ${share}`);
		for (const t of firsts) {
			const stored = byId.get(t.person_id)?.date_of_birth;
			if (stored !== null) assert.equal(stored, t.date_of_birth);
		}
	});

	it("links people only within the council, never to themselves, each pair of siblings once", () => {
		const ids = new Set(c.persons.map((p) => p.id));
		const pairs = new Set<string>();
		for (const r of c.relationships) {
			assert.ok(Object.hasOwn(RELATIONSHIP, r.kind), r.kind);
			assert.notEqual(r.person_id, r.related_person_id);
			assert.ok(ids.has(r.person_id) && ids.has(r.related_person_id));
			if (r.kind.endsWith("sibling") || r.kind === "partner") {
				const key = [r.person_id, r.related_person_id].sort().join();
				assert.ok(!pairs.has(key), `${r.kind} recorded twice`);
				pairs.add(key);
			}
		}
		const kinds = new Set(c.relationships.map((r) => r.kind));
		for (const k of ["parent", "step-parent", "sibling", "half-sibling", "grandparent", "partner"])
			assert.ok(kinds.has(k), k);
		const parents = c.relationships.filter((r) => r.kind === "parent");
		assert.ok(parents.filter((r) => r.parental_responsibility).length > 0.8 * parents.length);
	});

	it("has no one who is their own ancestor, and parents are at least 16 years older", () => {
		const ancestors: readonly string[] = ANCESTOR_KINDS;
		const up = new Map<string, string[]>();
		for (const r of c.relationships) {
			if (!ancestors.includes(r.kind)) continue;
			up.set(r.related_person_id, [...(up.get(r.related_person_id) ?? []), r.person_id]);
		}
		const state = new Map<string, "visiting" | "done">();
		const visit = (id: string): void => {
			state.set(id, "visiting");
			for (const next of up.get(id) ?? []) {
				assert.notEqual(state.get(next), "visiting", `cycle through ${next}`);
				if (!state.has(next)) visit(next);
			}
			state.set(id, "done");
		};
		for (const id of up.keys()) if (!state.has(id)) visit(id);
		const born = new Map(c.persons.map((p) => [p.id, p.date_of_birth]));
		for (const r of c.relationships.filter((r) => r.kind === "parent")) {
			const [parent, child] = [born.get(r.person_id), born.get(r.related_person_id)];
			if (parent && child)
				assert.ok(Date.parse(child) - Date.parse(parent) >= 16 * YEAR - 2 * DAY, `${parent} ${child}`);
		}
	});
});

describe("synthetic council: duplicate helpers", () => {
	it("swaps day and month only when that makes a different real date", () => {
		const day = (iso: string) => Date.parse(iso) / DAY;
		assert.equal(swapDayMonth(day("2014-03-07")), day("2014-07-03"));
		assert.equal(swapDayMonth(day("2014-03-13")), null);
		assert.equal(swapDayMonth(day("2014-04-04")), null);
	});

	it("makes a typo that keeps the first letter and changes the name", () => {
		const random = new Random(7);
		for (const name of ["Smith", "O'Brien", "Li", "Zoë", "Muhammad"]) {
			for (let i = 0; i < 50; i++) {
				const out = typo(name, random);
				assert.notEqual(out, name);
				assert.equal(out[0], name[0]);
			}
		}
	});
});
