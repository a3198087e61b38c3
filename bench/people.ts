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
 * first five. The issue's set has four kinds in equal numbers; second-record queries, made
 * from the details of the generator's duplicate records, are reported beside them.
 */

export const ISSUE_KINDS = ["exact", "typo", "nickname", "partial-date"] as const;
export type QueryKind = (typeof ISSUE_KINDS)[number] | "second-record";

export interface QueryCounts {
	/** Queries of each of the issue's four kinds. */
	perKind: number;
	/** Queries made from second records, spread evenly over the four variations. */
	secondRecords: number;
}

export interface SearchQuery {
	kind: QueryKind;
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

/** The query set: the same database and counts always give the same queries. */
export async function buildSearchQueries(owner: OwnerSession, counts: QueryCounts): Promise<SearchQuery[]> {
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
	const individuals = [...new Set([...nicknamed, ...others, ...seconds].map((d) => d.individual_id))];
	const records = new Map<string, string[]>();
	for (const r of await owner.query<{ person_id: string; individual_id: string }>(
		"SELECT person_id, individual_id FROM bench_truth WHERE individual_id = ANY($1::uuid[]) ORDER BY person_id",
		[individuals],
	)) {
		records.set(r.individual_id, [...(records.get(r.individual_id) ?? []), r.person_id]);
	}

	const random = new Random(streamSeed(QUERY_SEED, "people-search"));
	const queries: SearchQuery[] = [];
	const add = (kind: QueryKind, d: Drawn, text: string, note: string) =>
		queries.push({
			kind,
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
	for (const d of seconds) {
		add("second-record", d, `${d.given_name} ${d.family_name} ${fullDate(d.dob)}`, d.variation ?? "");
	}
	return queries;
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
	text: string;
	note: string;
	/** 1-based rank of the first of the individual's records, or null when not listed. */
	rank: number | null;
	results: number;
	first: ResultRow | null;
	/** The whole request, one of a few at a time: a rough guide to the slow ones. */
	ms: number;
}

export interface AccuracyLine {
	/** A kind, "issue" (the four kinds together), or "second-record:<variation>". */
	group: string;
	queries: number;
	first: number;
	top5: number;
	/** Shares, 0 to 1. */
	firstShare: number;
	top5Share: number;
	/** Median and p95 of the accuracy pass's requests (4 at a time): which kinds are slow, not a target. */
	medianMs: number;
	p95Ms: number;
}

export interface Accuracy {
	lines: AccuracyLine[];
	outcomes: QueryOutcome[];
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

/**
 * Runs every query once through the search page, a few at a time, and finds where the
 * intended individual came. Any response but 200 is an error: the query set is broken.
 */
export async function measureAccuracy(
	base: string,
	headers: Record<string, string>,
	queries: SearchQuery[],
	concurrency = 4,
): Promise<Accuracy> {
	const outcomes: QueryOutcome[] = new Array(queries.length);
	// A first request on each connection, untimed: the first searches of a fresh app would
	// otherwise show as the slowest queries for reasons of their own (pool, JIT, templates).
	await Promise.all(
		queries.slice(0, concurrency).map(async (q) => (await fetch(`${base}${q.path}`, { headers })).text()),
	);
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < queries.length) {
				const i = next++;
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
					text: q.text,
					note: q.note,
					rank: at < 0 ? null : at + 1,
					results: rows.length,
					first: rows[0] ?? null,
					ms,
				};
			}
		}),
	);
	return { lines: accuracyLines(outcomes), outcomes };
}

function line(group: string, outcomes: QueryOutcome[]): AccuracyLine {
	const first = outcomes.filter((o) => o.rank === 1).length;
	const top5 = outcomes.filter((o) => o.rank !== null && o.rank <= 5).length;
	const n = outcomes.length;
	const ms = Float64Array.from(outcomes.map((o) => o.ms)).sort();
	return {
		group,
		queries: n,
		first,
		top5,
		firstShare: n ? first / n : 0,
		top5Share: n ? top5 / n : 0,
		medianMs: n ? percentile(ms, 50) : 0,
		p95Ms: n ? percentile(ms, 95) : 0,
	};
}

export function accuracyLines(outcomes: QueryOutcome[]): AccuracyLine[] {
	const lines = [
		line(
			"issue",
			outcomes.filter((o) => o.kind !== "second-record"),
		),
	];
	for (const kind of ISSUE_KINDS)
		lines.push(
			line(
				kind,
				outcomes.filter((o) => o.kind === kind),
			),
		);
	const seconds = outcomes.filter((o) => o.kind === "second-record");
	if (seconds.length) {
		lines.push(line("second-record", seconds));
		for (const v of VARIATIONS)
			lines.push(
				line(
					`second-record:${v}`,
					seconds.filter((o) => o.note === v),
				),
			);
	}
	return lines;
}
