import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../db/schema.ts";
import { swappedDayMonth } from "../../domain/people/dates.ts";
import { type Candidate, type MatchQuery, rankCandidates } from "../../domain/people/match-score.ts";
import { foldName, givenNameKeys, givenNameVariants } from "../../domain/people/names.ts";

// Person matching in two steps: index-driven SQL finds a few hundred candidates by
// each kind of evidence (identifiers, date of birth, sound-alike and typo'd names,
// swapped names, postcode), then the pure scorer ranks them and says why.
const PER_ROUTE = 200;
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
	/** The records merged into this one that matched, if any. */
	viaMergedRecord: boolean;
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

function candidateRoutes(q: MatchQuery, today: Date): RawBuilder<{ person_id: string }>[] {
	const routes: RawBuilder<{ person_id: string }>[] = [];
	const limit = sql.lit(PER_ROUTE);
	if (q.nhsNumber) routes.push(sql`SELECT id AS person_id FROM person WHERE nhs_number = ${q.nhsNumber}`);
	if (q.upn) routes.push(sql`SELECT id AS person_id FROM person WHERE upn = ${q.upn} OR former_upn = ${q.upn}`);
	const exactDob =
		q.dob?.day && q.dob.month
			? `${q.dob.year}-${String(q.dob.month).padStart(2, "0")}-${String(q.dob.day).padStart(2, "0")}`
			: null;
	if (exactDob) {
		const dates = [exactDob, swappedDayMonth(exactDob)].filter((d): d is string => Boolean(d));
		routes.push(
			sql`SELECT id AS person_id FROM person WHERE date_of_birth IN (${sql.join(dates.map((d) => sql`${d}::date`))}) LIMIT ${limit}`,
		);
	}
	const family = q.family ? foldName(q.family) : "";
	const given = q.given ? foldName(q.given) : "";
	const range = dateRange(q, today);
	if (family) {
		const fdm = sql`dmetaphone(${family})`;
		if (given) {
			const keys = givenNameKeys(given);
			const gdm = sql`dmetaphone(${given})`;
			// Every name this one may be short for or stand for: "alexandra" finds a stored "alex".
			const variants = [given, ...givenNameVariants(given)];
			const givenLike = sql`(given_canonical IN (${sql.join(keys)}) OR given_phonetic = ${gdm} OR given_norm % ${given})`;
			routes.push(
				sql`SELECT person_id FROM person_name WHERE family_phonetic = ${fdm}
					AND (given_canonical IN (${sql.join(keys)}) OR given_norm IN (${sql.join(variants)})) LIMIT ${limit}`,
			);
			routes.push(
				sql`SELECT person_id FROM person_name WHERE family_phonetic = ${fdm} AND given_phonetic = ${gdm} LIMIT ${limit}`,
			);
			routes.push(sql`SELECT person_id FROM person_name WHERE family_norm % ${family} AND ${givenLike} LIMIT ${limit}`);
			// Given and family names the wrong way round.
			routes.push(
				sql`SELECT person_id FROM person_name WHERE family_phonetic = ${gdm} AND given_phonetic = ${fdm} LIMIT ${limit}`,
			);
			// Swapped names are found by their sound-alike keys only: a trigram test on both
			// names cannot use two indexes at once and costs a scan of every similar family name.
		} else {
			routes.push(sql`SELECT person_id FROM person_name WHERE family_phonetic = ${fdm} LIMIT ${limit}`);
			routes.push(sql`SELECT person_id FROM person_name WHERE family_norm % ${family} LIMIT ${limit}`);
		}
		if (range) {
			// Name rows carry the date of birth, so each of these is one index range scan.
			const between = sql`date_of_birth BETWEEN ${range.from}::date AND ${range.to}::date`;
			routes.push(sql`SELECT person_id FROM person_name WHERE family_phonetic = ${fdm} AND ${between} LIMIT ${limit}`);
			routes.push(sql`SELECT person_id FROM person_name WHERE family_norm % ${family} AND ${between} LIMIT ${limit}`);
		}
	} else if (given && (exactDob || range)) {
		const gdm = sql`dmetaphone(${given})`;
		const between = sql`date_of_birth BETWEEN ${exactDob ?? range?.from}::date AND ${exactDob ?? range?.to}::date`;
		routes.push(sql`SELECT person_id FROM person_name
			WHERE (given_canonical IN (${sql.join(givenNameKeys(given))}) OR given_phonetic = ${gdm}) AND ${between} LIMIT ${limit}`);
	}
	if (q.postcode && !family && !given) {
		routes.push(sql`SELECT person_id FROM person_address WHERE postcode = ${q.postcode} LIMIT ${limit}`);
	}
	return routes;
}

/** Is there enough in the query to search without scanning everyone? */
export function searchable(q: MatchQuery): boolean {
	const nameLength = (q.family ? foldName(q.family).length : 0) + (q.given ? foldName(q.given).length : 0);
	return Boolean(q.nhsNumber || q.upn || (q.dob?.day && q.dob.month) || q.postcode || nameLength >= 2);
}

export async function findMatches(db: Kysely<DB>, q: MatchQuery, today: Date): Promise<PersonMatch[]> {
	const routes = candidateRoutes(q, today);
	if (routes.length === 0) return [];
	// The scorer compares sound-alike keys made by the same function that made the stored ones.
	if (q.given || q.family) {
		const { rows } = await sql<{ given: string | null; family: string | null }>`
			SELECT dmetaphone(${foldName(q.given ?? "")}) AS given, dmetaphone(${foldName(q.family ?? "")}) AS family`.execute(
			db,
		);
		q = { ...q, phonetic: { given: rows[0]?.given ?? undefined, family: rows[0]?.family ?? undefined } };
	}
	const union = sql.join(
		routes.map((r) => sql`(${r})`),
		sql` UNION `,
	);
	const { rows: found } = await sql<{ id: string; survivor: string }>`
		SELECT DISTINCT c.person_id AS id, coalesce(p.merged_into, p.id) AS survivor
		  FROM (${union}) c JOIN person p ON p.id = c.person_id`.execute(db);
	if (found.length === 0) return [];
	// Survivors are fetched with the records that matched, so a merged record can show as them.
	const ids = [...new Set(found.flatMap((f) => [f.id, f.survivor]))];
	const [people, names, addresses] = await Promise.all([
		db
			.selectFrom("person")
			.select([
				"id",
				"la_person_id",
				"given_name",
				"family_name",
				"date_of_birth",
				"expected_birth_date",
				"nhs_number",
				"upn",
				"former_upn",
				"merged_into",
			])
			.where("id", "in", ids)
			.execute(),
		db
			.selectFrom("person_name")
			.select(["person_id", "given_name", "family_name", "kind", "given_phonetic", "family_phonetic"])
			.where("person_id", "in", ids)
			.execute(),
		db
			.selectFrom("person_address")
			.select(["person_id", "postcode", "end_date"])
			.where("person_id", "in", ids)
			.where("postcode", "is not", null)
			.execute(),
	]);
	const namesOf = groupBy(names, (n) => n.person_id);
	const addressesOf = groupBy(addresses, (a) => a.person_id);
	const candidates: Candidate[] = people.map((p) => ({
		personId: p.id,
		names: (namesOf.get(p.id) ?? []).map((n) => ({ given: n.given_name, family: n.family_name, kind: n.kind })),
		phonetic: (namesOf.get(p.id) ?? []).map((n) => ({ given: n.given_phonetic, family: n.family_phonetic })),
		dateOfBirth: p.date_of_birth,
		postcodes: (addressesOf.get(p.id) ?? []).map((a) => a.postcode as string),
		nhsNumber: p.nhs_number,
		upn: p.upn,
		formerUpn: p.former_upn,
	}));
	const ranked = rankCandidates(q, candidates, today);
	const byId = new Map(people.map((p) => [p.id, p]));
	// A merged record's evidence counts for its survivor; each survivor is listed once.
	const seen = new Set<string>();
	const currentPostcode = new Map(
		addresses.filter((a) => a.end_date === null).map((a) => [a.person_id, a.postcode as string]),
	);
	const results: PersonMatch[] = [];
	for (const r of ranked) {
		const record = byId.get(r.personId);
		if (!record) continue;
		const shown = record.merged_into ? byId.get(record.merged_into) : record;
		if (!shown || seen.has(shown.id)) continue;
		seen.add(shown.id);
		results.push({
			personId: shown.id,
			laPersonId: shown.la_person_id,
			givenName: shown.given_name,
			familyName: shown.family_name,
			dateOfBirth: shown.date_of_birth,
			expectedBirthDate: shown.expected_birth_date,
			postcode: currentPostcode.get(shown.id) ?? null,
			score: r.score,
			reasons: record.merged_into ? [...r.reasons, `matched merged record ${record.la_person_id}`] : r.reasons,
			exactIdentifier: r.exactIdentifier,
			viaMergedRecord: Boolean(record.merged_into),
		});
		if (results.length >= MAX_RESULTS) break;
	}
	return results;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const k = key(item);
		const group = groups.get(k);
		if (group) group.push(item);
		else groups.set(k, [item]);
	}
	return groups;
}
