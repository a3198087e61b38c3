import type { OwnerSession } from "../src/db/engine.ts";
import type { NameKind } from "../src/domain/people/agreement.ts";
import {
	type Candidate,
	type Evidence,
	type MatchQuery,
	matchQueryFromParts,
	type NameCounts,
	scoreCandidate,
} from "../src/domain/people/match-score.ts";
import { foldName, splitQuery } from "../src/domain/people/names.ts";
import type { QueryOutcome, SearchQuery } from "./people.ts";

/*
 * How often any search could have put the intended individual first. A query is lost to
 * every method when another individual's record agrees with what was typed at least as
 * well, field by field, as the intended individual's best record does: any ranking that
 * never prefers worse agreement on a field puts that other person first or level. When
 * the others are only level (every field the same), the best a method can do is pick one
 * of them, so such a query counts 1/(level + 1). The others examined are those the page
 * listed, so the ceiling is an upper bound: people level beyond the page are not counted.
 *
 * Agreement is read as the scorer weighs it, field by field (given name, family name, both
 * names the wrong way round, date of birth, postcode, identifiers): the levels' order is the
 * estimated weights' order.
 */

export interface Contest {
	/** Another individual's record agrees at least as well on every field, and better on one. */
	beaten: boolean;
	/** Other individuals level with the intended one on every field (when not beaten). */
	level: number;
	/** What first place was worth to the best possible search: 0, 1/(level + 1) or 1. */
	ceiling: number;
}

interface Row {
	id: string;
	individual_id: string;
	date_of_birth: string | null;
	nhs_number: string | null;
	upn: string | null;
	former_upn: string | null;
	names: [string, string, NameKind, string | null, string | null][] | null;
	postcodes: string[] | null;
}

const EPSILON = 1e-9;

/** Each field's weight in a score: fields the scorer says nothing about weigh 0. */
function byField(evidence: readonly Evidence[]): Map<string, number> {
	const fields = new Map<string, number>();
	for (const e of evidence) fields.set(e.field, (fields.get(e.field) ?? 0) + e.weight);
	return fields;
}

/** -1: `a` agrees worse somewhere and nowhere better … 0: level on every field; 1: `a` at least as well everywhere and better somewhere; null: neither. */
export function compareAgreement(a: readonly Evidence[], b: readonly Evidence[]): -1 | 0 | 1 | null {
	const fa = byField(a);
	const fb = byField(b);
	let better = false;
	let worse = false;
	for (const field of new Set([...fa.keys(), ...fb.keys()])) {
		const d = (fa.get(field) ?? 0) - (fb.get(field) ?? 0);
		if (d > EPSILON) better = true;
		else if (d < -EPSILON) worse = true;
	}
	if (better && worse) return null;
	return better ? 1 : worse ? -1 : 0;
}

/**
 * The contest each query's intended individual faced, from the records the page listed.
 * `outcomes[i]` answers `queries[i]`; `today` is the day the app searched as at.
 */
export async function contests(
	owner: OwnerSession,
	queries: readonly SearchQuery[],
	outcomes: readonly QueryOutcome[],
	today: Date,
): Promise<Contest[]> {
	const ids = new Set<string>();
	for (const [i, q] of queries.entries()) {
		for (const id of q.records) ids.add(id);
		for (const id of outcomes[i].listed) ids.add(id);
	}
	const rows = new Map<string, Row>();
	const all = [...ids];
	for (let at = 0; at < all.length; at += 5_000) {
		for (const r of await owner.query<Row>(
			`SELECT p.id, t.individual_id, p.date_of_birth::text AS date_of_birth, p.nhs_number, p.upn, p.former_upn,
			        (SELECT json_agg(json_build_array(n.given_name, n.family_name, n.kind, n.given_phonetic, n.family_phonetic))
			           FROM person_name n WHERE n.person_id = p.id) AS names,
			        (SELECT json_agg(a.postcode ORDER BY a.end_date IS NULL DESC)
			           FROM person_address a WHERE a.person_id = p.id AND a.postcode IS NOT NULL) AS postcodes
			   FROM person p JOIN bench_truth t ON t.person_id = p.id
			  WHERE p.id = ANY($1::uuid[])`,
			[all.slice(at, at + 5_000)],
		)) {
			rows.set(r.id, r);
		}
	}
	const counts = await nameCounts(owner, queries, today);
	const candidate = (r: Row): Candidate => ({
		personId: r.id,
		names: (r.names ?? []).map(([given, family, kind]) => ({ given, family, kind })),
		phonetic: (r.names ?? []).map(([, , , given, family]) => ({ given, family })),
		dateOfBirth: r.date_of_birth,
		postcodes: r.postcodes ?? [],
		nhsNumber: r.nhs_number,
		upn: r.upn,
		formerUpn: r.former_upn,
	});
	const keys = await phoneticKeys(owner, queries, today);
	return queries.map((q, i) => {
		const query: MatchQuery = { ...asSearched(q.text, today), nameCounts: counts };
		const key = keys.get(q.text);
		if (key) query.phonetic = key;
		const score = (r: Row) => scoreCandidate(query, candidate(r), today).evidence;
		const mine = q.records.flatMap((id) => {
			const r = rows.get(id);
			return r ? [score(r)] : [];
		});
		// The intended individual's best record: the one no other of its records beats.
		let best = mine[0];
		for (const e of mine.slice(1)) if (best === undefined || compareAgreement(e, best) === 1) best = e;
		if (best === undefined) return { beaten: true, level: 0, ceiling: 0 };
		let level = 0;
		const levelWith = new Set<string>();
		for (const id of outcomes[i].listed) {
			const r = rows.get(id);
			if (!r || r.individual_id === q.individualId) continue;
			const c = compareAgreement(score(r), best);
			if (c === 1) return { beaten: true, level: 0, ceiling: 0 };
			if (c === 0 && !levelWith.has(r.individual_id)) {
				levelWith.add(r.individual_id);
				level++;
			}
		}
		return { beaten: false, level, ceiling: 1 / (level + 1) };
	});
}

const asSearched = (text: string, today: Date): MatchQuery => matchQueryFromParts(splitQuery(text, today));

/** The typed names' sound-alike keys, made by the function that made the stored ones. */
async function phoneticKeys(
	owner: OwnerSession,
	queries: readonly SearchQuery[],
	today: Date,
): Promise<Map<string, { given?: string; family?: string }>> {
	const texts = [...new Set(queries.map((q) => q.text))];
	const parsed = texts.map((t) => asSearched(t, today));
	const rows = await owner.query<{ i: number; given: string | null; family: string | null }>(
		`SELECT i, dmetaphone(g) AS given, dmetaphone(f) AS family
		   FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q(g, f, i)`,
		[parsed.map((q) => (q.given ? foldName(q.given) : "")), parsed.map((q) => (q.family ? foldName(q.family) : ""))],
	);
	return new Map(
		rows.map((r) => [
			texts[Number(r.i) - 1],
			{ given: parsed[Number(r.i) - 1].given ? (r.given ?? undefined) : undefined, family: r.family ?? undefined },
		]),
	);
}

/** How many people hold each typed name, as the search reads them (person_name_frequency). */
async function nameCounts(owner: OwnerSession, queries: readonly SearchQuery[], today: Date): Promise<NameCounts> {
	const names = new Set<string>([""]);
	for (const q of queries) {
		const m = asSearched(q.text, today);
		if (m.given) names.add(foldName(m.given));
		if (m.family) names.add(foldName(m.family));
	}
	const counts: { people: number; given: Record<string, number>; family: Record<string, number> } = {
		people: 0,
		given: {},
		family: {},
	};
	for (const r of await owner.query<{ part: "given" | "family"; name_norm: string; people: number }>(
		"SELECT part, name_norm, people FROM person_name_frequency WHERE name_norm = ANY($1::text[])",
		[[...names]],
	)) {
		if (r.name_norm === "") counts.people = Math.max(counts.people, Number(r.people));
		else counts[r.part][r.name_norm] = Number(r.people);
	}
	return counts;
}
