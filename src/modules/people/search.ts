import { type Kysely, type RawBuilder, sql } from "kysely";
import { preparedSql } from "../../db/prepared.ts";
import type { DB } from "../../db/schema.ts";
import type { NameField } from "../../domain/people/agreement.ts";
import { oneDigitVariants } from "../../domain/people/agreement.ts";
import { formatIsoDate, swappedDayMonth } from "../../domain/people/dates.ts";
import { normalisePostcode } from "../../domain/people/identifiers.ts";
import {
	type Candidate,
	isLikelyMatch,
	type MatchQuery,
	type NameCounts,
	type NameKind,
	type RankedCandidate,
	rankCandidates,
	typedNameWeight,
	WEIGHTS,
	whyFirst,
} from "../../domain/people/match-score.ts";
import { foldName, givenNameKeys, givenNameVariants } from "../../domain/people/names.ts";

// Person matching in two steps: index-driven SQL finds candidates by each kind of evidence,
// then the pure scorer weighs them and says why (ADR 7, ADR 31). The routes are blocks that
// cannot lose the right person when any two of given name, family name and date of birth
// agree: everyone born on the date asked (or its day–month swap), whatever their names;
// each name's sound-alike key with the year of birth; both names with any date or none;
// the postcode; identifiers. Every route is ordered to a unique key before it is capped,
// so the same query always finds the same people. Only when none of them finds anyone
// close to the best the query could score do the typo routes run, which cost more.

/** Each name route keeps its best rows: nearest date of birth, then the exact spelling. */
const PER_ROUTE = 30;
/**
 * With a full date of birth everyone born that day is found by the date route; the name
 * routes add only namesakes whose recorded date may be a slip, the nearest few.
 */
const PER_ROUTE_WITH_DATE = 10;
/**
 * People born on a day, or on its day–month swap, whose names agree in some way: a few
 * among the 200 or so born on a child's birthday in two million.
 */
const PER_BIRTH_DATE = 100;
/** A name's sound-alike key with the year of birth: the nearest dates first. */
const PER_NAME_YEAR = 30;
/** A name's sound-alike on the dates one key away from the date asked. */
const PER_NEAR_DATE = 8;
/** Namesakes recorded without a date of birth, which no date range reaches. */
const PER_UNDATED = 5;
/** Routes with little to rank by (a lone name, a postcode, a date alone). */
const PER_WIDE_ROUTE = 100;
/**
 * The first round is enough when its best candidate is within a slip of one name of what
 * the query could score at best.
 */
export const MAX_RESULTS = 20;

export interface PersonMatch {
	personId: string;
	laPersonId: string;
	givenName: string;
	familyName: string;
	dateOfBirth: string | null;
	expectedBirthDate: string | null;
	postcode: string | null;
	score: number;
	reasons: string[];
	exactIdentifier: boolean;
	/** Close enough that recording this person again would likely make a duplicate. */
	likely: boolean;
	/** The record is restricted: whether this reader may open it is record access's to say. */
	underRestriction: boolean;
	/** The records merged into this one that matched, if any. */
	viaMergedRecord: boolean;
	/** A restricted record this user may not open: listed without its details. */
	restricted?: boolean;
}

/** What the routes need from a query, folded and expanded once. */
interface Plan {
	given: string;
	family: string;
	/** Formal forms and variants of the given name, for the nickname route. */
	givenVariants: string[];
	givenKeys: string[];
	/** The exact date of birth and its day–month swap, when a full date was given. */
	exactDates: string[];
	/** Every date one digit away from the exact date: a slip of one key. */
	nearDates: string[];
	/** A partial date or an age range as a span of birth dates. */
	range: { from: string; to: string } | null;
	/** The year of birth asked about, exact or partial, for the sound-alike-and-year routes. */
	year: { from: string; to: string } | null;
	/** The date candidates are ranked by within a route: the exact date or the middle of the range. */
	nearDate: string | null;
}

function dateRange(q: MatchQuery, today: Date): { from: string; to: string } | null {
	if (q.dob) {
		const { year, month, day } = q.dob;
		if (day && month) return null; // exact dates use the equality route
		const from = `${year}-${String(month ?? 1).padStart(2, "0")}-01`;
		const to = month ? new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10) : `${year}-12-31`;
		return { from, to };
	}
	if (q.ageRange) {
		const y = today.getUTCFullYear();
		const md = today.toISOString().slice(4, 10);
		return { from: `${y - q.ageRange.max - 1}${md}`, to: `${y - q.ageRange.min}${md}` };
	}
	return null;
}

function middle(range: { from: string; to: string }): string {
	const from = Date.parse(`${range.from}T00:00:00Z`);
	const to = Date.parse(`${range.to}T00:00:00Z`);
	return new Date((from + to) / 2).toISOString().slice(0, 10);
}

function planFor(q: MatchQuery, today: Date): Plan {
	const given = q.given ? foldName(q.given) : "";
	const family = q.family ? foldName(q.family) : "";
	const full = q.dob?.day && q.dob.month ? { year: q.dob.year, month: q.dob.month, day: q.dob.day } : null;
	const exactDob = full ? formatIsoDate(full) : null;
	const exactDates = exactDob
		? [exactDob, swappedDayMonth(exactDob)].filter((d): d is string => Boolean(d) && d !== undefined)
		: [];
	const range = dateRange(q, today);
	const nearDates = full ? oneDigitVariants(full, today.getUTCFullYear() + 1).map(formatIsoDate) : [];
	return {
		given,
		family,
		givenVariants: given ? givenNameVariants(given) : [],
		givenKeys: given ? givenNameKeys(given) : [],
		exactDates: [...new Set(exactDates)],
		nearDates: nearDates.filter((d) => !exactDates.includes(d)),
		range,
		year: q.dob ? { from: `${q.dob.year}-01-01`, to: `${q.dob.year}-12-31` } : null,
		nearDate: exactDob ?? (range ? middle(range) : null),
	};
}

type Route = RawBuilder<{ person_id: string }>;

// Lists go as one array parameter each, so a statement's text does not change with how many
// forms a name has or how many dates are one key away: the same text is one prepared plan.
const texts = (values: string[]) => sql`ANY(${values}::text[])`;
const dates = (values: string[]) => sql`ANY(${values}::date[])`;

/**
 * A slip of the keyboard: at most two edits (a transposition is two) after the first
 * letter, which people rarely get wrong. Written so that an index on the column (leading
 * or after an equality) reads only the names with that first letter.
 */
function slip(column: "given_norm" | "family_norm", name: string): RawBuilder<unknown> {
	const ref = sql.ref(column);
	// The first letter as a range of the pattern operators, not LIKE: a prepared statement's
	// generic plan cannot read an index range out of a LIKE whose pattern is a parameter,
	// and scanned every name of the other key instead (72,000 rows for "William").
	const first = [...name][0];
	const after = String.fromCodePoint((first.codePointAt(0) ?? 0) + 1);
	return sql`(${ref} ~>=~ ${first} AND ${ref} ~<~ ${after} AND levenshtein_less_equal(${ref}, ${name}, 2) <= 2)`;
}

/** One name holds the other: a double-barrelled name and one half of it. */
function partOf(column: "given_norm" | "family_norm", name: string): RawBuilder<unknown> {
	const ref = sql.ref(column);
	return sql`(length(${ref}) >= 3 AND (${ref} LIKE ${`%${name}%`} OR ${name} LIKE '%' || ${ref} || '%'))`;
}

/** A name long enough to have a slip in it (the scorer's rule: three letters or more). */
const slips = (name: string) => [...name].length >= 3;

/** Within a route, the rows nearest the date asked about first, then exact spellings. */
function nearestFirst(p: Plan): RawBuilder<unknown> {
	const spelling = sql`(family_norm = ${p.family}) DESC, (given_norm = ${p.given}) DESC, person_id`;
	return p.nearDate
		? sql`ORDER BY abs(date_of_birth - ${p.nearDate}::date) NULLS LAST, ${spelling}`
		: sql`ORDER BY ${spelling}`;
}

/** Does a stored name agree with the query's in any way a route can test cheaply? */
function nameAgrees(p: Plan): RawBuilder<unknown> | null {
	const { given, family } = p;
	const agrees: RawBuilder<unknown>[] = [];
	if (family) agrees.push(sql`family_phonetic = dmetaphone(${family})`, sql`given_phonetic = dmetaphone(${family})`);
	if (given) {
		agrees.push(
			sql`given_phonetic = dmetaphone(${given})`,
			sql`given_norm = ${texts(p.givenVariants)}`,
			sql`given_canonical = ${texts(p.givenKeys)}`,
			sql`family_phonetic = dmetaphone(${given})`,
		);
	}
	if (slips(family)) agrees.push(slip("family_norm", family), partOf("family_norm", family));
	if (slips(given)) agrees.push(slip("given_norm", given), partOf("given_norm", given));
	return agrees.length ? sql`(${sql.join(agrees, sql` OR `)})` : null;
}

/**
 * The first round: equality on identifiers, dates, postcodes and sound-alike keys, each a
 * short index scan whose best rows are kept.
 */
function firstRoutes(q: MatchQuery, p: Plan): Route[] {
	const routes: Route[] = [];
	if (q.nhsNumber) routes.push(sql`SELECT id AS person_id FROM person WHERE nhs_number = ${q.nhsNumber}`);
	if (q.upn) routes.push(sql`SELECT id AS person_id FROM person WHERE upn = ${q.upn} OR former_upn = ${q.upn}`);
	const { given, family } = p;
	const gdm = sql`dmetaphone(${given})`;
	const fdm = sql`dmetaphone(${family})`;
	const between = p.range ? sql`date_of_birth BETWEEN ${p.range.from}::date AND ${p.range.to}::date` : null;
	const order = nearestFirst(p);
	const cap = sql.lit(p.exactDates.length ? PER_ROUTE_WITH_DATE : PER_ROUTE);
	if (p.exactDates.length) {
		// Everyone born that day (or on its day–month swap) whose names agree in any way:
		// a given name and a date agreeing, or a family name and a date, find the person
		// whatever the other name says. Strangers who only share the birthday are left out.
		const agrees = nameAgrees(p);
		routes.push(
			agrees
				? sql`SELECT person_id FROM person_name WHERE date_of_birth = ${dates(p.exactDates)} AND ${agrees}
					ORDER BY person_id LIMIT ${sql.lit(PER_BIRTH_DATE)}`
				: sql`SELECT person_id FROM person_name WHERE date_of_birth = ${dates(p.exactDates)}
					ORDER BY family_norm, given_norm, person_id LIMIT ${sql.lit(PER_WIDE_ROUTE)}`,
		);
		// Each name's sound-alike on a date one key away: the date a slip, one name wrong too.
		const keys = [...new Set([given, family].filter(Boolean))];
		// A slip keeps a name's first letter: those whose other name starts as typed come first.
		const initialsAgree = sql`(left(given_norm, 1) = left(${given || family}, 1)
			AND left(family_norm, 1) = left(${family || given}, 1))`;
		if (p.nearDates.length && keys.length) {
			for (const column of ["family_phonetic", "given_phonetic"] as const) {
				routes.push(sql`SELECT person_id FROM person_name
					WHERE ${sql.ref(column)} IN (${sql.join(keys.map((k) => sql`dmetaphone(${k})`))})
					  AND date_of_birth = ${dates(p.nearDates)}
					ORDER BY ${initialsAgree} DESC, person_id LIMIT ${sql.lit(PER_NEAR_DATE)}`);
			}
		}
	}
	// A year asked without the day: with a full date, the routes above already read its slips.
	const yearOf =
		p.year && !p.exactDates.length ? sql`date_of_birth BETWEEN ${p.year.from}::date AND ${p.year.to}::date` : null;
	if (given && family) {
		// Every name this one may be short for or stand for: "alexandra" finds a stored "alex".
		routes.push(sql`SELECT person_id FROM person_name
			WHERE family_phonetic = ${fdm} AND given_norm = ${texts(p.givenVariants)} ${order} LIMIT ${cap}`);
		routes.push(sql`SELECT person_id FROM person_name
			WHERE family_phonetic = ${fdm} AND given_phonetic = ${gdm} ${order} LIMIT ${cap}`);
		// Given and family names the wrong way round.
		routes.push(sql`SELECT person_id FROM person_name
			WHERE family_phonetic = ${gdm} AND given_phonetic = ${fdm} ${order} LIMIT ${cap}`);
		if (between && [...given].length === 1) {
			// An initial: everyone of that family name born in the range, that initial first.
			routes.push(sql`SELECT person_id FROM person_name WHERE family_phonetic = ${fdm} AND ${between}
				ORDER BY (given_norm LIKE ${`${given}%`}) DESC, person_id LIMIT ${cap}`);
		}
		if (yearOf) {
			// One name and the year: the other name replaced or badly wrong, the date a slip.
			routes.push(sql`SELECT person_id FROM person_name WHERE family_phonetic = ${fdm} AND ${yearOf}
				${order} LIMIT ${sql.lit(PER_NAME_YEAR)}`);
			routes.push(sql`SELECT person_id FROM person_name WHERE given_phonetic = ${gdm} AND ${yearOf}
				${order} LIMIT ${sql.lit(PER_NAME_YEAR)}`);
		}
		// Namesakes with no date of birth recorded, whom every date-ordered route puts last:
		// the names as typed first, so sound-alikes do not crowd out the exact spelling.
		routes.push(sql`SELECT person_id FROM person_name
			WHERE family_phonetic = ${fdm} AND given_phonetic = ${gdm} AND date_of_birth IS NULL
			ORDER BY (family_norm = ${family}) DESC, (given_norm = ${given}) DESC, person_id LIMIT ${sql.lit(PER_UNDATED)}`);
		routes.push(sql`SELECT person_id FROM person_name WHERE given_phonetic = ${gdm} AND date_of_birth IS NULL
			ORDER BY (family_phonetic = ${fdm}) DESC, person_id LIMIT ${sql.lit(PER_UNDATED)}`);
	} else if ((given || family) && !p.exactDates.length) {
		// A lone name, matched as either name: its sound-alikes, exact spellings first. (With
		// a full date, the date routes above read the name on the day and on a day one key away.)
		const name = family || given;
		const key = sql`dmetaphone(${name})`;
		const within = between ? sql`AND ${between}` : yearOf ? sql`AND ${yearOf}` : sql``;
		routes.push(sql`SELECT person_id FROM person_name WHERE family_phonetic = ${key} ${within}
			ORDER BY (family_norm = ${name}) DESC, person_id LIMIT ${sql.lit(PER_WIDE_ROUTE)}`);
		// As a given name, with every form of it by their sound-alike keys: "Bob" alone finds
		// Robert. Keys, not an OR of spellings, so the index on the key is used.
		const forms = sql`ARRAY(SELECT DISTINCT dmetaphone(v) FROM unnest(${givenNameVariants(name)}::text[]) AS v)`;
		routes.push(sql`SELECT person_id FROM person_name WHERE given_phonetic = ANY(${forms}) ${within}
			ORDER BY (given_norm = ${name}) DESC, person_id LIMIT ${sql.lit(PER_WIDE_ROUTE)}`);
	} else if (p.exactDates.length === 0 && between) {
		// A partial date alone is refused by the search box; an age range alone is not.
		routes.push(sql`SELECT person_id FROM person_name WHERE ${between}
			ORDER BY date_of_birth, person_id LIMIT ${sql.lit(PER_WIDE_ROUTE)}`);
	}
	if (q.postcode && normalisePostcode(q.postcode) !== null) {
		routes.push(sql`SELECT person_id FROM person_address WHERE postcode = ${normalisePostcode(q.postcode)}
			ORDER BY person_id LIMIT ${sql.lit(PER_WIDE_ROUTE)}`);
	}
	return routes;
}

/**
 * The second round, for when the first found no one close: one name as given (or a form
 * of it, or sounding alike) and a slip in the other, the fewest edits first.
 */
function typoRoutes(p: Plan): Route[] {
	const routes: Route[] = [];
	const { given, family } = p;
	const between = p.range ? sql`AND date_of_birth BETWEEN ${p.range.from}::date AND ${p.range.to}::date` : sql``;
	const cap = sql.lit(PER_ROUTE);
	const edits = (column: "given_norm" | "family_norm", name: string) =>
		sql`levenshtein_less_equal(${sql.ref(column)}, ${name}, 2)`;
	if (given && family) {
		if (slips(family)) {
			// The given name's forms by their sound-alike keys: "Bob Smiht" finds Robert Smith.
			const forms = sql`ARRAY(SELECT DISTINCT dmetaphone(v) FROM unnest(${p.givenVariants}::text[]) AS v)`;
			routes.push(sql`SELECT person_id FROM person_name
				WHERE given_phonetic = ANY(${forms}) AND ${slip("family_norm", family)} ${between}
				ORDER BY ${edits("family_norm", family)}, person_id LIMIT ${cap}`);
		}
		if (slips(given)) {
			routes.push(sql`SELECT person_id FROM person_name
				WHERE family_phonetic = dmetaphone(${family}) AND ${slip("given_norm", given)} ${between}
				ORDER BY ${edits("given_norm", given)}, person_id LIMIT ${cap}`);
		}
	} else if ((family || given) && !p.exactDates.length) {
		// A lone name: similar family names by trigrams, the most similar first. With a full
		// date, the date route has already compared every name on the day for a slip.
		const name = family || given;
		routes.push(sql`SELECT person_id FROM person_name WHERE family_norm % ${name} ${between}
			ORDER BY similarity(family_norm, ${name}) DESC, person_id LIMIT ${sql.lit(PER_WIDE_ROUTE)}`);
	}
	return routes;
}

/**
 * Below this best weight the typo routes run: what a record only they could find might
 * weigh. Such a record has a slip in one name, and with a full date of birth it was born
 * on another day (the date route reads everyone born on the day).
 */
function typoRoundBelow(q: MatchQuery, p: Plan, counts: NameCounts | undefined): number {
	const W = WEIGHTS;
	// The typed names as the scorer will weigh them: a common name counts for less.
	const exact = (field: NameField, name: string) => typedNameWeight(field, name, counts);
	let weight = 0;
	if (p.given && p.family) {
		const given = exact("given", p.given);
		const family = exact("family", p.family);
		weight += given + family;
		weight -= Math.max(given - Math.min(W.given.typo, given), family - Math.min(W.family.typo, family));
	} else if (p.given || p.family) weight += W.family.typo;
	if (p.exactDates.length) weight += W.dob.oneDigit;
	else if (q.dob) weight += q.dob.month ? W.dobMonth.same : W.dobYear.same;
	if (q.ageRange) weight += W.age.within;
	return weight;
}

/** Is there enough in the query to search without scanning everyone? */
export function searchable(q: MatchQuery): boolean {
	const nameLength = (q.family ? foldName(q.family).length : 0) + (q.given ? foldName(q.given).length : 0);
	return Boolean(q.nhsNumber || q.upn || (q.dob?.day && q.dob.month) || q.postcode || nameLength >= 2);
}

interface Row {
	id: string;
	la_person_id: string;
	given_name: string;
	family_name: string;
	date_of_birth: string | null;
	expected_birth_date: string | null;
	nhs_number: string | null;
	upn: string | null;
	former_upn: string | null;
	merged_into: string | null;
	/** [given, family, kind, given_phonetic, family_phonetic] per name. */
	names: [string, string, NameKind, string | null, string | null][] | null;
	/** [postcode, current] per address with a postcode. */
	addresses: [string, boolean][] | null;
	given_key: string | null;
	family_key: string | null;
	/** [part, name, people] for the typed names and the total (name ""), from person_name_frequency. */
	name_counts: [NameField, string, number][] | null;
	restricted: boolean;
}

/**
 * The records the routes found, and the records they were merged into, with everything
 * the scorer reads, in one round trip. Records already fetched are left out.
 */
async function fetchCandidates(db: Kysely<DB>, p: Plan, routes: Route[], known: Set<string>): Promise<Row[]> {
	const union = sql.join(
		routes.map((r) => sql`(${r})`),
		sql` UNION `,
	);
	const skip = known.size ? sql`WHERE id <> ALL(${[...known]}::uuid[])` : sql``;
	const query = sql<Row>`
		WITH found AS (SELECT p.id, p.merged_into FROM (${union}) c JOIN person p ON p.id = c.person_id),
		wanted AS (
			SELECT id FROM (SELECT id FROM found UNION SELECT merged_into FROM found WHERE merged_into IS NOT NULL) w ${skip}
		)
		SELECT p.id, p.la_person_id, p.given_name, p.family_name, p.date_of_birth, p.expected_birth_date,
		       p.nhs_number, p.upn, p.former_upn, p.merged_into,
		       (SELECT json_agg(json_build_array(n.given_name, n.family_name, n.kind, n.given_phonetic, n.family_phonetic))
		          FROM person_name n WHERE n.person_id = p.id) AS names,
		       (SELECT json_agg(json_build_array(a.postcode, a.end_date IS NULL))
		          FROM person_address a WHERE a.person_id = p.id AND a.postcode IS NOT NULL) AS addresses,
		       dmetaphone(${p.given}) AS given_key, dmetaphone(${p.family}) AS family_key,
		       (SELECT json_agg(json_build_array(f.part, f.name_norm, f.people)) FROM person_name_frequency f
		         WHERE (f.part, f.name_norm) IN (('given', ${p.given}), ('family', ${p.given}),
		               ('given', ${p.family}), ('family', ${p.family}), ('given', ''), ('family', ''))) AS name_counts,
		       -- Read here so that a search listing no restricted record asks record access nothing more.
		       EXISTS (SELECT 1 FROM person_restriction r WHERE r.person_id = p.id) AS restricted
		  FROM wanted w JOIN person p ON p.id = w.id`;
	// Each round's text is one of a few (which routes the query takes), so it is prepared.
	const { rows } = await db.executeQuery(preparedSql(db, query));
	return rows;
}

/** The counts the candidate query read, or undefined before the names were first counted. */
function nameCounts(rows: Row["name_counts"]): NameCounts | undefined {
	const counts: NameCounts = { people: 0, given: {}, family: {} };
	for (const [part, name, people] of rows ?? []) {
		if (name === "") counts.people = Math.max(counts.people, people);
		else (counts[part] as Record<string, number>)[name] = people;
	}
	return counts.people > 0 ? counts : undefined;
}

function toCandidate(r: Row): Candidate {
	const names = r.names ?? [];
	return {
		personId: r.id,
		names: names.map(([given, family, kind]) => ({ given, family, kind })),
		phonetic: names.map(([, , , given, family]) => ({ given, family })),
		dateOfBirth: r.date_of_birth,
		postcodes: (r.addresses ?? []).map(([postcode]) => postcode),
		nhsNumber: r.nhs_number,
		upn: r.upn,
		formerUpn: r.former_upn,
	};
}

/**
 * A search's answer: the closest people, best first, and how many matched in all, so a
 * page can say it shows only some. `atLeast` says some routes stopped at their cap, so
 * more may match than were counted: the worker narrows the search to find them.
 */
export interface Matches {
	results: PersonMatch[];
	found: number;
	atLeast: boolean;
	/** Why the first is first, in a sentence, when there is a first. */
	whyFirst: string | null;
}

/** What a list of matches leaves out, in words, or null when it lists every match. */
export function notListed(m: Matches): string | null {
	if (m.found <= m.results.length) return null;
	const of = m.atLeast ? `at least ${m.found.toLocaleString("en-GB")}` : m.found.toLocaleString("en-GB");
	return (
		`Showing the ${m.results.length} closest of ${of} matches. To find someone not listed, ` +
		"add what you know: a date of birth, a postcode or an NHS number."
	);
}

export async function findMatches(db: Kysely<DB>, q: MatchQuery, today: Date): Promise<Matches> {
	const plan = planFor(q, today);
	const routes = firstRoutes(q, plan);
	if (routes.length === 0) return { results: [], found: 0, atLeast: false, whyFirst: null };
	const rows = await fetchCandidates(db, plan, routes, new Set());
	// The scorer compares sound-alike keys made by the same function that made the stored
	// ones, and weighs the typed names by how many people hold them.
	const withKeys = (query: MatchQuery, from: Row[]): MatchQuery =>
		(query.given || query.family) && from[0]
			? {
					...query,
					phonetic: { given: from[0].given_key ?? undefined, family: from[0].family_key ?? undefined },
					nameCounts: nameCounts(from[0].name_counts),
				}
			: query;
	let scored = withKeys(q, rows);
	let ranked = rankCandidates(scored, rows.map(toCandidate), today);
	if ((plan.family || plan.given) && (ranked[0]?.weight ?? 0) < typoRoundBelow(q, plan, scored.nameCounts)) {
		const more = typoRoutes(plan);
		if (more.length) {
			rows.push(...(await fetchCandidates(db, plan, more, new Set(rows.map((r) => r.id)))));
			scored = withKeys(q, rows);
			ranked = rankCandidates(scored, rows.map(toCandidate), today);
		}
	}
	return present(ranked, rows);
}

/** A merged record's evidence counts for its survivor; each survivor is listed once. */
function present(ranked: RankedCandidate[], rows: Row[]): Matches {
	const byId = new Map(rows.map((r) => [r.id, r]));
	const seen = new Set<string>();
	const results: PersonMatch[] = [];
	const listed: RankedCandidate[] = [];
	for (const r of ranked) {
		const record = byId.get(r.personId);
		if (!record) continue;
		const shown = record.merged_into ? byId.get(record.merged_into) : record;
		if (!shown || seen.has(shown.id)) continue;
		seen.add(shown.id);
		if (results.length >= MAX_RESULTS) continue;
		listed.push(r);
		results.push({
			personId: shown.id,
			laPersonId: shown.la_person_id,
			givenName: shown.given_name,
			familyName: shown.family_name,
			dateOfBirth: shown.date_of_birth,
			expectedBirthDate: shown.expected_birth_date,
			postcode: shown.addresses?.find(([, current]) => current)?.[0] ?? null,
			score: r.score,
			reasons: record.merged_into ? [...r.reasons, `matched merged record ${record.la_person_id}`] : r.reasons,
			exactIdentifier: r.exactIdentifier,
			likely: isLikelyMatch(r),
			underRestriction: shown.restricted,
			viaMergedRecord: Boolean(record.merged_into),
		});
	}
	const [first, next] = listed;
	const nextName = results[1] ? `${results[1].givenName} ${results[1].familyName}` : "";
	return {
		results,
		found: seen.size,
		// A wide route fills to its cap only when more people were there to fetch.
		atLeast: rows.length >= PER_WIDE_ROUTE,
		whyFirst: first ? whyFirst(first, next ? { ...next, name: nextName } : undefined) : null,
	};
}
