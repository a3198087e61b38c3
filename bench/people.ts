import { fork } from "node:child_process";
import type { OwnerSession } from "../src/db/engine.ts";
import { NEAR_KEYS } from "../src/demo/synthetic/duplicates.ts";
import { Random, streamSeed } from "../src/demo/synthetic/random.ts";
import { foldName } from "../src/domain/people/names.ts";
import nicknameData from "../src/domain/people/nicknames.json" with { type: "json" };
import { MeasurementFailed, percentile } from "./measure.ts";

/*
 * The person-search query set and how well the search answers it. Queries are drawn with a
 * fixed seed from the synthetic council's first records (bench_truth says which records
 * are one individual), typed into the search box as a contact officer would, and a query
 * hits when a record of the intended individual — any of them — comes first, or in the
 * first five. Issue 5's set has four kinds in equal numbers; issue 16 adds queries with one
 * field wrong, missing or replaced, and with two fields wrong, each typed without and with
 * the person's current postcode; second-record queries, made from the details of the
 * generator's duplicate records, are reported beside them.
 */

/** Issue 5's set, kept as it was so its figures compare with earlier runs. */
export const ISSUE_KINDS = ["exact", "typo", "nickname", "partial-date"] as const;
/** Issue 16: one field wrong, missing or replaced, or the date not stored. */
export const ONE_FAULT_KINDS = [
	"dob-swap",
	"dob-digit",
	"missing-given",
	"missing-family",
	"missing-dob",
	"replaced-given",
	"replaced-family",
	"unreal-date",
	"no-dob-stored",
] as const;
/** Issue 16: two of the three fields wrong, each pair. */
export const TWO_FAULT_KINDS = ["two-wrong:given+family", "two-wrong:given+dob", "two-wrong:family+dob"] as const;
type OneFaultKind = (typeof ONE_FAULT_KINDS)[number];
type TwoFaultKind = (typeof TWO_FAULT_KINDS)[number];
export type QueryKind = (typeof ISSUE_KINDS)[number] | OneFaultKind | TwoFaultKind | "second-record";

export interface QueryCounts {
	/** Queries of each kind (issue 16's kinds: of each postcode variant). */
	perKind: number;
	/** Queries made from second records, spread evenly over the four variations. */
	secondRecords: number;
}

export interface SearchQuery {
	kind: QueryKind;
	/** Typed with the person's current postcode after the name and date (issue 16's kinds). */
	withPostcode: boolean;
	/** What was typed into the search box. */
	text: string;
	/** The request: GET /people?q=… */
	path: string;
	/** The record the query was made from. */
	personId: string;
	/** The individual's first record (bench_truth.individual_id). */
	individualId: string;
	/** Every record of the individual: any of them counts as a hit. */
	records: string[];
	/** What the query changed: which name was mistyped, the nickname used, the variation of a second record. */
	note: string;
}

/** A kind with its postcode variant: the name of its line in the report. */
export const lineOf = (q: { kind: QueryKind; withPostcode: boolean }) =>
	q.withPostcode ? `${q.kind} +postcode` : q.kind;

/** The queries the measured run loads: issue 5's set and the second records, as before issue 16. */
export const measuredRunQueries = (queries: SearchQuery[]) =>
	queries.filter((q) => q.kind === "second-record" || (ISSUE_KINDS as readonly string[]).includes(q.kind));

const QUERY_SEED = 20_261_123;
const VARIATIONS = ["typo", "nickname", "dob-swap", "family-name"] as const;
const MONTHS = [
	"January",
	"February",
	"March",
	"April",
	"May",
	"June",
	"July",
	"August",
	"September",
	"October",
	"November",
	"December",
];

/** Formal given name → its common short forms: the nickname file read in reverse. */
const SHORT_FORMS: ReadonlyMap<string, readonly string[]> = new Map(
	Object.entries(nicknameData as Record<string, string[]>)
		.map(([formal, forms]) => [formal, forms.filter((f) => f.length < formal.length)] as const)
		.filter(([, forms]) => forms.length > 0),
);

interface Drawn {
	id: string;
	individual_id: string;
	given_name: string;
	family_name: string;
	dob: string;
	variation: string | null;
	/** The folded given name (nickname draws only). */
	given_norm?: string;
}

const DRAW_COLUMNS = `p.id, t.individual_id, p.given_name, p.family_name, p.date_of_birth::text AS dob, t.variation`;

/**
 * The query set: the same database, counts and day always give the same queries. `asAt` is
 * the day the synthetic council was generated as at: no date typed is later than it.
 */
export async function buildSearchQueries(
	owner: OwnerSession,
	counts: QueryCounts,
	asAt: string,
): Promise<SearchQuery[]> {
	const seed = String(QUERY_SEED);
	// Drawn by a hash of the id, so the draw does not depend on the order rows were loaded in.
	const nicknamed = await owner.query<Drawn>(
		`SELECT ${DRAW_COLUMNS}, n.given_norm FROM person p JOIN bench_truth t ON t.person_id = p.id
		 JOIN person_name n ON n.person_id = p.id AND n.kind = 'current'
		 WHERE t.variation IS NULL AND p.date_of_birth IS NOT NULL AND n.given_norm = ANY($1::text[])
		 ORDER BY md5($2 || p.id::text) LIMIT $3`,
		[[...SHORT_FORMS.keys()], `${seed}-nickname`, counts.perKind],
	);
	const others = await owner.query<Drawn>(
		`SELECT ${DRAW_COLUMNS} FROM person p JOIN bench_truth t ON t.person_id = p.id
		 WHERE t.variation IS NULL AND p.date_of_birth IS NOT NULL AND NOT (p.id = ANY($1::uuid[]))
		 ORDER BY md5($2 || p.id::text) LIMIT $3`,
		[nicknamed.map((d) => d.id), `${seed}-others`, 3 * counts.perKind],
	);
	const seconds: Drawn[] = [];
	const perVariation = Math.ceil(counts.secondRecords / VARIATIONS.length);
	for (const variation of VARIATIONS) {
		seconds.push(
			...(await owner.query<Drawn>(
				`SELECT ${DRAW_COLUMNS} FROM person p JOIN bench_truth t ON t.person_id = p.id
				 WHERE t.variation = $1 AND p.date_of_birth IS NOT NULL
				 ORDER BY md5($2 || p.id::text) LIMIT $3`,
				[variation, `${seed}-${variation}`, perVariation],
			)),
		);
	}
	// Issue 16's people: every kind but no-dob-stored from one pool (one pass over the table,
	// not one per kind), each kind taking the next people it can make a query of.
	const kinds = [...ONE_FAULT_KINDS, ...TWO_FAULT_KINDS].filter((k) => k !== "no-dob-stored");
	const pool = await drawWithPostcode(owner, `${seed}-faults`, false, 4 * counts.perKind * kinds.length);
	const unstored = await drawWithPostcode(owner, `${seed}-no-dob-stored`, true, 2 * counts.perKind);

	const individuals = [
		...new Set([...nicknamed, ...others, ...seconds, ...pool, ...unstored].map((d) => d.individual_id)),
	];
	const records = new Map<string, string[]>();
	for (const r of await owner.query<{ person_id: string; individual_id: string }>(
		"SELECT person_id, individual_id FROM bench_truth WHERE individual_id = ANY($1::uuid[]) ORDER BY person_id",
		[individuals],
	)) {
		records.set(r.individual_id, [...(records.get(r.individual_id) ?? []), r.person_id]);
	}

	const random = new Random(streamSeed(QUERY_SEED, "people-search"));
	const queries: SearchQuery[] = [];
	const add = (kind: QueryKind, d: Drawn, text: string, note: string, withPostcode = false) =>
		queries.push({
			kind,
			withPostcode,
			text,
			path: `/people?q=${encodeURIComponent(text)}`,
			personId: d.id,
			individualId: d.individual_id,
			records: records.get(d.individual_id) ?? [d.id],
			note,
		});

	const [exact, typod, partial] = [0, 1, 2].map((i) => others.slice(i * counts.perKind, (i + 1) * counts.perKind));
	for (const d of exact) add("exact", d, `${d.given_name} ${d.family_name} ${fullDate(d.dob)}`, "");
	for (const d of typod) {
		// Mostly the family name, the one a typist has never heard before; short names are left alone.
		const family = (random.chance(0.6) && d.family_name.length >= 4) || d.given_name.length < 4;
		const given = family ? d.given_name : (typo(d.given_name, random) ?? d.given_name);
		const familyName = family ? (typo(d.family_name, random) ?? d.family_name) : d.family_name;
		const note = family ? `${d.family_name} → ${familyName}` : `${d.given_name} → ${given}`;
		add("typo", d, `${given} ${familyName} ${fullDate(d.dob)}`, note);
	}
	for (const d of nicknamed) {
		const forms = SHORT_FORMS.get(d.given_norm ?? foldName(d.given_name));
		if (!forms) throw new Error(`no short form of ${d.given_name}`);
		const short = capitalise(random.pick(forms));
		add("nickname", d, `${short} ${d.family_name} ${fullDate(d.dob)}`, `${d.given_name} → ${short}`);
	}
	partial.forEach((d, i) => {
		const [year, month] = d.dob.split("-").map(Number);
		// Half month and year (written two ways), half the year alone.
		const date = i % 2 === 1 ? String(year) : i % 4 === 0 ? `${month}/${year}` : `${MONTHS[month - 1]} ${year}`;
		add("partial-date", d, `${d.given_name} ${d.family_name} ${date}`, i % 2 === 1 ? "year" : "month and year");
	});

	// Each kind once as typed, then again with the postcode after it: the same person and the
	// same fault, so the two lines differ only by the postcode.
	const addBoth = (kind: QueryKind, d: WithPostcode, made: Made) => {
		add(kind, d, made.text, made.note);
		add(kind, d, `${made.text} ${d.postcode}`, made.note, true);
	};
	const names = new ReplacementNames(pool);
	const used = new Set<string>();
	for (const kind of kinds) {
		// A stream per kind, so that changing how one kind is made leaves the others' faults as they were.
		const r = new Random(streamSeed(QUERY_SEED, kind));
		let made = 0;
		for (const d of pool) {
			if (made === counts.perKind) break;
			if (used.has(d.id)) continue;
			const query = makeQuery(kind, d, r, names, asAt);
			if (!query) continue;
			used.add(d.id);
			addBoth(kind, d, query);
			made++;
		}
	}
	for (const d of unstored.slice(0, counts.perKind)) {
		addBoth("no-dob-stored", d, {
			text: `${d.given_name} ${d.family_name} ${fullDate(d.dob)}`,
			note: "no date stored",
		});
	}

	for (const d of seconds) {
		add("second-record", d, `${d.given_name} ${d.family_name} ${fullDate(d.dob)}`, d.variation ?? "");
	}
	return queries;
}

interface WithPostcode extends Drawn {
	/** The current address's postcode. */
	postcode: string;
	sex: string;
	ethnicity: string;
}

/**
 * First records with a current postcode, in the order of md5(seed || id): the date of birth
 * is the real one from the answer key, so a person stored without one (`unstored`) can be
 * searched by it. The hash orders the whole table once; only the draw's people are then
 * looked up for their address (about 3% have none and are passed over).
 */
async function drawWithPostcode(
	owner: OwnerSession,
	seed: string,
	unstored: boolean,
	limit: number,
): Promise<WithPostcode[]> {
	return owner.query<WithPostcode>(
		`WITH drawn AS (
		   SELECT p.id, t.individual_id, p.given_name, p.family_name, t.date_of_birth::text AS dob, t.variation,
		          p.sex, p.ethnicity
		     FROM person p JOIN bench_truth t ON t.person_id = p.id
		    WHERE t.variation IS NULL AND t.date_of_birth IS NOT NULL AND p.date_of_birth IS ${unstored ? "" : "NOT "}NULL
		    ORDER BY md5($1 || p.id::text) LIMIT $2)
		 SELECT d.*, a.postcode FROM drawn d
		 CROSS JOIN LATERAL (
		   SELECT postcode FROM person_address
		    WHERE person_id = d.id AND end_date IS NULL AND postcode IS NOT NULL
		    ORDER BY start_date DESC NULLS LAST, postcode LIMIT 1) a
		 ORDER BY md5($1 || d.id::text)`,
		[seed, limit],
	);
}

interface Made {
	text: string;
	note: string;
}

/** One of issue 16's queries for this person, or null when the kind cannot be made of them. */
function makeQuery(
	kind: QueryKind,
	d: WithPostcode,
	random: Random,
	names: ReplacementNames,
	asAt: string,
): Made | null {
	const { given_name: given, family_name: family, dob } = d;
	const date = fullDate(dob);
	switch (kind) {
		case "dob-swap": {
			const swapped = swappedDate(dob);
			return swapped && swapped <= asAt
				? { text: `${given} ${family} ${fullDate(swapped)}`, note: `${date} → ${fullDate(swapped)}` }
				: null;
		}
		case "dob-digit": {
			const changed = oneDigitDate(dob, random, asAt);
			return changed ? { text: `${given} ${family} ${changed}`, note: `${date} → ${changed}` } : null;
		}
		case "missing-given":
			return { text: `${family} ${date}`, note: `no given name (${given})` };
		case "missing-family":
			return { text: `${given} ${date}`, note: `no family name (${family})` };
		case "missing-dob":
			return { text: `${given} ${family}`, note: `no date (${date})` };
		case "replaced-given": {
			const other = names.given(d, random);
			return other ? { text: `${other} ${family} ${date}`, note: `${given} → ${other}` } : null;
		}
		case "replaced-family": {
			const other = names.family(d, random);
			return other ? { text: `${given} ${other} ${date}`, note: `${family} → ${other}` } : null;
		}
		case "unreal-date": {
			const unreal = unrealDate(dob, random);
			return unreal ? { text: `${given} ${family} ${unreal}`, note: `${date} → ${unreal}` } : null;
		}
		case "two-wrong:given+family": {
			const g = givenFault(given, random);
			const f = typo(family, random);
			return g && f ? { text: `${g} ${f} ${date}`, note: `${given} → ${g}, ${family} → ${f}` } : null;
		}
		case "two-wrong:given+dob": {
			const g = givenFault(given, random);
			const wrong = dateFault(dob, random, asAt);
			return g && wrong ? { text: `${g} ${family} ${wrong}`, note: `${given} → ${g}, ${date} → ${wrong}` } : null;
		}
		case "two-wrong:family+dob": {
			const f = typo(family, random);
			const wrong = dateFault(dob, random, asAt);
			return f && wrong ? { text: `${given} ${f} ${wrong}`, note: `${family} → ${f}, ${date} → ${wrong}` } : null;
		}
		default:
			throw new Error(`${kind} is not made from the pool`);
	}
}

/** A given name mistyped, or shortened when it has a short form: half each where both can be. */
function givenFault(given: string, random: Random): string | null {
	const forms = SHORT_FORMS.get(foldName(given));
	const slip = typo(given, random);
	if (forms && (!slip || random.chance(0.5))) return capitalise(random.pick(forms));
	return slip;
}

/**
 * Other people's names to put in place of a person's: a given name of someone of the same sex
 * and ethnicity born within ten years (the names a family of that culture gives in that
 * generation), else of the same sex and generation; a family name of someone of the same
 * ethnicity, else anyone's, as a married name or a step-parent's is. A replacement is never
 * the same name mistyped or a form of it, which the other kinds measure.
 */
export class ReplacementNames {
	constructor(
		private readonly people: readonly {
			given_name: string;
			family_name: string;
			sex: string;
			ethnicity: string;
			dob: string;
		}[],
	) {}

	given(d: { given_name: string; sex: string; ethnicity: string; dob: string }, random: Random): string | null {
		const year = Number(d.dob.slice(0, 4));
		const near = (p: { sex: string; dob: string }) =>
			p.sex === d.sex && Math.abs(Number(p.dob.slice(0, 4)) - year) <= 10;
		const fits = (name: string) =>
			unrelated(name, d.given_name) &&
			!formsOf(name).has(foldName(d.given_name)) &&
			!formsOf(d.given_name).has(foldName(name));
		return (
			this.pick(
				this.people.filter((p) => near(p) && p.ethnicity === d.ethnicity).map((p) => p.given_name),
				fits,
				random,
			) ??
			this.pick(
				this.people.filter(near).map((p) => p.given_name),
				fits,
				random,
			)
		);
	}

	family(d: { family_name: string; ethnicity: string }, random: Random): string | null {
		const fits = (name: string) => unrelated(name, d.family_name);
		return (
			this.pick(
				this.people.filter((p) => p.ethnicity === d.ethnicity).map((p) => p.family_name),
				fits,
				random,
			) ??
			this.pick(
				this.people.map((p) => p.family_name),
				fits,
				random,
			)
		);
	}

	private pick(names: string[], fits: (name: string) => boolean, random: Random): string | null {
		const candidates = [...new Set(names)].filter(fits);
		return candidates.length ? random.pick(candidates) : null;
	}
}

/** A formal name's short forms and a short form's formal names, folded. */
function formsOf(name: string): ReadonlySet<string> {
	const folded = foldName(name);
	return RELATED_FORMS.get(folded) ?? NO_FORMS;
}

const NO_FORMS: ReadonlySet<string> = new Set();
const RELATED_FORMS = new Map<string, Set<string>>();
for (const [formal, shorts] of SHORT_FORMS) {
	for (const short of shorts) {
		for (const [a, b] of [
			[formal, short],
			[short, formal],
		]) {
			const forms = RELATED_FORMS.get(a) ?? new Set<string>();
			forms.add(b);
			RELATED_FORMS.set(a, forms);
		}
	}
}

/** Names at least three edits apart: a different name, not a slip of the same one. */
export function unrelated(a: string, b: string): boolean {
	return editDistance(foldName(a), foldName(b)) >= 3;
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const row = [i];
		for (let j = 1; j <= b.length; j++) {
			row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		previous = row;
	}
	return previous[b.length];
}

// ---- Dates as people get them wrong ---------------------------------------------------------

const EARLIEST = "1900-01-01";

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function isReal(year: number, month: number, day: number): boolean {
	return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

const iso = (year: number, month: number, day: number) =>
	`${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

/** "1980-04-03" → "1980-03-04": null when the swap is not a real, different date. */
export function swappedDate(date: string): string | null {
	const [year, month, day] = date.split("-").map(Number);
	return day <= 12 && day !== month ? iso(year, day, month) : null;
}

/**
 * One digit of DD/MM/YYYY struck wrong, leaving a real date between 1900 and `latest`: the
 * position first (each of the eight alike among those that can change), then the digit.
 */
export function oneDigitDate(date: string, random: Random, latest: string): string | null {
	const typed = fullDate(date).replace(/\//g, "");
	const options = [...typed].map((digit, i) =>
		[..."0123456789"]
			.filter((other) => other !== digit)
			.map((other) => typed.slice(0, i) + other + typed.slice(i + 1))
			.filter((t) => {
				const [day, month, year] = [Number(t.slice(0, 2)), Number(t.slice(2, 4)), Number(t.slice(4))];
				if (!isReal(year, month, day)) return false;
				const at = iso(year, month, day);
				return at >= EARLIEST && at <= latest;
			}),
	);
	const positions = options.filter((o) => o.length > 0);
	if (positions.length === 0) return null;
	const t = random.pick(random.pick(positions));
	return `${t.slice(0, 2)}/${t.slice(2, 4)}/${t.slice(4)}`;
}

/**
 * A date that is not real, made from the true one by one slip: the day's digit struck so the
 * day runs past the month's end (21/02 → 31/02, 20/02 → 30/02, 28/02 → 29/02 in a common
 * year), or the month struck or typed twice so it is above 12 (03 → 13, 3/4 → 3/41). Half
 * each where both can be made; null when neither can.
 */
export function unrealDate(date: string, random: Random): string | null {
	const [year, month, day] = date.split("-").map(Number);
	const dd = String(day).padStart(2, "0");
	const mm = String(month).padStart(2, "0");
	const digits = [..."0123456789"];
	const dayPastEnd = [0, 1].flatMap((i) =>
		digits
			.map((c) => dd.slice(0, i) + c + dd.slice(i + 1))
			.filter((t) => Number(t) > daysIn(year, month) && Number(t) <= 39)
			.map((t) => `${t}/${mm}/${year}`),
	);
	const overTwelve = (m: string) => Number(m) > 12 && Number(m) <= 49;
	const monthStruck = [0, 1].flatMap((i) =>
		digits
			.map((c) => mm.slice(0, i) + c + mm.slice(i + 1))
			.filter(overTwelve)
			.map((m) => `${dd}/${m}/${year}`),
	);
	// Written without leading zeros, as "3/4/1980" often is, with a digit typed beside the month.
	const monthDoubled =
		month < 10
			? digits
					.flatMap((c) => [`${month}${c}`, `${c}${month}`])
					.filter((m) => overTwelve(m) && !m.startsWith("0"))
					.map((m) => `${day}/${m}/${year}`)
			: [];
	const monthWrong = [...new Set([...monthStruck, ...monthDoubled])];
	const classes = [dayPastEnd, monthWrong].filter((c) => c.length > 0);
	return classes.length ? random.pick(random.pick(classes)) : null;
}

/** A date wrong but real: its day and month swapped, one digit struck, or another day of the month. */
export function dateFault(date: string, random: Random, latest: string): string | null {
	const [year, month, day] = date.split("-").map(Number);
	const swapped = swappedDate(date);
	const otherDays = Array.from({ length: daysIn(year, month) }, (_, i) => i + 1).filter(
		(d) => d !== day && iso(year, month, d) <= latest,
	);
	const makers = [
		...(swapped && swapped <= latest ? [() => fullDate(swapped)] : []),
		() => oneDigitDate(date, random, latest),
		...(otherDays.length ? [() => fullDate(iso(year, month, random.pick(otherDays)))] : []),
	];
	return random.pick(makers)();
}

/** "2015-03-09" → "09/03/2015", as a UK form is filled in. */
function fullDate(iso: string): string {
	const [year, month, day] = iso.split("-");
	return `${day}/${month}/${year}`;
}

const capitalise = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * One slip — two letters transposed, a neighbouring key struck, or a letter left out — past
 * the first letter, which people rarely get wrong. Null for a name too short to mistype.
 */
export function typo(name: string, random: Random): string | null {
	if (name.length < 4) return null;
	for (let attempt = 0; attempt < 16; attempt++) {
		const i = random.between(1, name.length - 1);
		const c = name[i];
		if (!/\p{L}/u.test(c)) continue;
		let out: string;
		switch (random.int(3)) {
			case 0: {
				const next = name[i + 1];
				if (next === undefined || next === c || !/\p{L}/u.test(next)) continue;
				out = name.slice(0, i) + next + c + name.slice(i + 2);
				break;
			}
			case 1: {
				const near = NEAR_KEYS[c.toLowerCase()];
				if (!near) continue;
				const k = near[random.int(near.length)];
				out = name.slice(0, i) + (c === c.toUpperCase() ? k.toUpperCase() : k) + name.slice(i + 1);
				break;
			}
			default:
				out = name.slice(0, i) + name.slice(i + 1);
		}
		if (out !== name) return out;
	}
	return null;
}

// ---- Accuracy -------------------------------------------------------------------------------

export interface ResultRow {
	personId: string;
	name: string;
	dateOfBirth: string;
	reasons: string;
}

export interface QueryOutcome {
	kind: QueryKind;
	withPostcode: boolean;
	text: string;
	note: string;
	/** 1-based rank of the first of the individual's records, or null when not listed. */
	rank: number | null;
	results: number;
	first: ResultRow | null;
	/** The people the page listed, in order. */
	listed: string[];
	/** What first place was worth to the best possible search (bench/ceiling.ts), once judged. */
	ceiling?: number;
	/** The whole request, one of a few at a time: a rough guide to the slow ones. */
	ms: number;
}

/** Latency of the primary-key page measured in the same run, which each line is divided by. */
export interface Baseline {
	medianMs: number;
	p95Ms: number;
}

export interface AccuracyLine {
	/**
	 * A kind and postcode variant ("dob-swap +postcode"), a group of them ("issue", "one
	 * fault", "two faults, postcode", "two faults, no postcode", "second-record"), or
	 * "second-record:<variation>".
	 */
	group: string;
	/** One kind's line (what the per-kind latency targets judge), a group's, or reported only. */
	scope: "kind" | "group" | "reported";
	queries: number;
	first: number;
	top5: number;
	/** The individual anywhere on the page: the page lists only people scored above the cut-off. */
	listed: number;
	/** Shares, 0 to 1. */
	firstShare: number;
	/** The share of first places any search could have had (bench/ceiling.ts); null before it is judged. */
	ceilingShare: number | null;
	top5Share: number;
	listedShare: number;
	/** Median and p95 of the accuracy pass's requests (each query once, 4 at a time). */
	medianMs: number;
	p95Ms: number;
	/** Those over the primary-key page's median and p95 in the same run; null without a baseline. */
	medianRatio: number | null;
	p95Ratio: number | null;
}

export interface Accuracy {
	lines: AccuracyLine[];
	outcomes: QueryOutcome[];
	/** The primary-key page's figures in the same run, which the ratios are taken against. */
	baseline: Baseline | null;
}

const decode = (html: string) =>
	html
		.replace(/<[^>]+>/g, " ")
		.replace(/&#39;/g, "'")
		.replace(/&quot;/g, '"')
		.replace(/&lt;/g, "<")
		.replace(/&gt;/g, ">")
		.replace(/&amp;/g, "&")
		.replace(/\s+/g, " ")
		.trim();

/** The results table's rows, best match first, as the page lists them. */
export function resultRows(body: string): ResultRow[] {
	const start = body.indexOf('<tbody class="govuk-table__body">');
	if (start < 0) return [];
	const end = body.indexOf("</tbody>", start);
	return body
		.slice(start, end < 0 ? undefined : end)
		.split('<tr class="govuk-table__row">')
		.slice(1)
		.flatMap((row) => {
			const link = /<a class="govuk-link" href="\/people\/([0-9a-f-]{36})">([\s\S]*?)<\/a>/.exec(row);
			if (!link) return [];
			const cells = [...row.matchAll(/<td class="govuk-table__cell[^"]*">([\s\S]*?)<\/td>/g)].map((m) => decode(m[1]));
			return [{ personId: link[1], name: decode(link[2]), dateOfBirth: cells[1] ?? "", reasons: cells[3] ?? "" }];
		});
}

export interface PassRequest {
	base: string;
	headers: Record<string, string>;
	queries: SearchQuery[];
	concurrency: number;
}

/**
 * Runs every query once through the search page, a few at a time, and finds where the
 * intended individual came. Any response but 200 is an error: the query set is broken.
 * The kinds are run interleaved (a fixed shuffle), so a minute of load on a shared machine
 * falls on every kind alike and their latencies compare. The requests are sent from a child
 * process, as the measured run's are (load.ts): a client in the app's process would share
 * the server's event loop. Each line's latency is divided by `baseline`, the primary-key
 * page's figures measured in the same run.
 */
export async function measureAccuracy(
	base: string,
	headers: Record<string, string>,
	queries: SearchQuery[],
	baseline: Baseline | null,
	concurrency = 4,
): Promise<Accuracy> {
	const outcomes = await inChild({ base, headers, queries, concurrency });
	return { lines: accuracyLines(outcomes, baseline), outcomes, baseline };
}

function inChild(request: PassRequest): Promise<QueryOutcome[]> {
	return new Promise((resolve, reject) => {
		const child = fork(new URL("./accuracy-pass.ts", import.meta.url), {
			execArgv: ["--import", "tsx"],
			stdio: "inherit",
		});
		let answered = false;
		child.once("message", (message: { ok: true; reply: QueryOutcome[] } | { ok: false; error: string }) => {
			answered = true;
			if (message.ok) resolve(message.reply);
			else reject(new MeasurementFailed(message.error));
		});
		child.once("error", reject);
		child.once("exit", (code) => {
			if (!answered) reject(new MeasurementFailed(`the accuracy pass exited with code ${code}`));
		});
		child.send(request);
	});
}

/** The accuracy pass itself, run in the child (bench/accuracy-pass.ts). */
export async function runPass({ base, headers, queries, concurrency }: PassRequest): Promise<QueryOutcome[]> {
	const outcomes: QueryOutcome[] = new Array(queries.length);
	const order = shuffled(queries.length, new Random(streamSeed(QUERY_SEED, "accuracy-order")));
	// A first request on each connection, untimed: the first searches of a fresh app would
	// otherwise show as the slowest queries for reasons of their own (pool, JIT, templates).
	await Promise.all(
		queries.slice(0, concurrency).map(async (q) => (await fetch(`${base}${q.path}`, { headers })).text()),
	);
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < order.length) {
				const i = order[next++];
				const q = queries[i];
				const started = performance.now();
				const response = await fetch(`${base}${q.path}`, { headers, redirect: "manual" });
				const body = await response.text();
				const ms = performance.now() - started;
				if (response.status !== 200) throw new MeasurementFailed(`${q.path}: status ${response.status}`);
				const rows = resultRows(body);
				const mine = new Set(q.records);
				const at = rows.findIndex((r) => mine.has(r.personId));
				outcomes[i] = {
					kind: q.kind,
					withPostcode: q.withPostcode,
					text: q.text,
					note: q.note,
					rank: at < 0 ? null : at + 1,
					results: rows.length,
					first: rows[0] ?? null,
					listed: rows.map((r) => r.personId),
					ms,
				};
			}
		}),
	);
	return outcomes;
}

/** 0 … n-1 in a fixed random order (Fisher–Yates). */
function shuffled(n: number, random: Random): number[] {
	const order = Array.from({ length: n }, (_, i) => i);
	for (let i = n - 1; i > 0; i--) {
		const j = random.int(i + 1);
		[order[i], order[j]] = [order[j], order[i]];
	}
	return order;
}

function line(
	group: string,
	scope: AccuracyLine["scope"],
	outcomes: QueryOutcome[],
	baseline: Baseline | null,
): AccuracyLine {
	const first = outcomes.filter((o) => o.rank === 1).length;
	const top5 = outcomes.filter((o) => o.rank !== null && o.rank <= 5).length;
	const listed = outcomes.filter((o) => o.rank !== null).length;
	const n = outcomes.length;
	const ms = Float64Array.from(outcomes.map((o) => o.ms)).sort();
	const medianMs = n ? percentile(ms, 50) : 0;
	const p95Ms = n ? percentile(ms, 95) : 0;
	return {
		group,
		scope,
		queries: n,
		first,
		top5,
		listed,
		firstShare: n ? first / n : 0,
		ceilingShare:
			n && outcomes.every((o) => o.ceiling !== undefined)
				? outcomes.reduce((sum, o) => sum + (o.ceiling ?? 0), 0) / n
				: null,
		top5Share: n ? top5 / n : 0,
		listedShare: n ? listed / n : 0,
		medianMs,
		p95Ms,
		medianRatio: baseline ? medianMs / baseline.medianMs : null,
		p95Ratio: baseline ? p95Ms / baseline.p95Ms : null,
	};
}

/** The groups issue 16's targets are stated for. */
export const ONE_FAULT = "one fault";
export const TWO_FAULTS_POSTCODE = "two faults, postcode";
export const TWO_FAULTS_NO_POSTCODE = "two faults, no postcode";

/**
 * One line per group and, under it, one per kind (issue 16's in each postcode variant).
 * A group with no queries (a query set built before a kind existed) is left out.
 */
export function accuracyLines(outcomes: QueryOutcome[], baseline: Baseline | null = null): AccuracyLine[] {
	const lines: AccuracyLine[] = [];
	const section = (group: string, kinds: readonly { kind: QueryKind; withPostcode: boolean }[]) => {
		const names = new Set(kinds.map(lineOf));
		const all = outcomes.filter((o) => names.has(lineOf(o)));
		if (all.length === 0) return;
		lines.push(line(group, "group", all, baseline));
		for (const k of kinds) {
			const name = lineOf(k);
			lines.push(
				line(
					name,
					"kind",
					all.filter((o) => lineOf(o) === name),
					baseline,
				),
			);
		}
	};
	const variants = <K extends QueryKind>(kinds: readonly K[], postcodes: boolean[]) =>
		kinds.flatMap((kind) => postcodes.map((withPostcode) => ({ kind, withPostcode })));
	section("issue", variants(ISSUE_KINDS, [false]));
	section(ONE_FAULT, variants(ONE_FAULT_KINDS, [false, true]));
	section(TWO_FAULTS_POSTCODE, variants(TWO_FAULT_KINDS, [true]));
	section(TWO_FAULTS_NO_POSTCODE, variants(TWO_FAULT_KINDS, [false]));
	const seconds = outcomes.filter((o) => o.kind === "second-record");
	if (seconds.length) {
		lines.push(line("second-record", "reported", seconds, baseline));
		for (const v of VARIATIONS)
			lines.push(
				line(
					`second-record:${v}`,
					"reported",
					seconds.filter((o) => o.note === v),
					baseline,
				),
			);
	}
	return lines;
}
