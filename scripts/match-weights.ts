// npm run match-weights [-- --url <database>] [-- --write]: estimates person search's
// weights from a council's own records (ADR 31) and prints them; --write replaces
// src/domain/people/match-weights.json. Reads only the person tables, never writes to them.
//
// u, how often two different people agree at each level, comes from pairs drawn at random.
// m, how often two records of one person agree, comes by expectation maximisation over pairs
// that share a blocking key: pairs born on the same day teach the names and the postcode,
// pairs whose names sound alike teach the date of birth and the postcode. Draws are by a
// hash of the record id with a fixed seed, so the same database gives the same weights.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import {
	type EmOptions,
	expectationMaximisation,
	matchChances,
	mGivenMatchChances,
	uFromRandomPairs,
	type Vector,
} from "../src/domain/people/estimate.ts";
import { COMPARISONS, LEVEL_COUNTS, type PairRecord, pairLevels } from "../src/domain/people/pair-levels.ts";

const OUT = fileURLToPath(new URL("../src/domain/people/match-weights.json", import.meta.url));
const SEED = "match-weights-1";
const RANDOM_PAIRS = 100_000;
/** People whose every namesake-by-date and sound-alike namesake is paired with them. */
const BLOCK_PEOPLE = 4_000;
/** A common name sounds like thousands: a person's sound-alike pairs are capped. */
const PER_NAME_BLOCK = 100;

/**
 * What a front door sees among two records of one child, before any data: shares of each
 * level from the error mix of hand-typed referrals (record-linkage studies of health and
 * education registers put date-of-birth errors at 2–6% and family-name changes among
 * children near 7%). Worth PRIOR_PAIRS matched pairs, so a council's data outweighs it
 * where it has the evidence and it holds where the data has none: the synthetic council's
 * duplicates never carry a one-digit slip in a date, real ones do.
 */
const PRIOR_M: Record<string, Record<string, number>> = {
	given: { exact: 0.88, nickname: 0.05, part: 0.02, typo: 0.025, sounds: 0.01, initial: 0.005, none: 0.01 },
	family: { exact: 0.85, part: 0.02, typo: 0.04, sounds: 0.02, none: 0.07 },
	dob: { exact: 0.9, swapped: 0.02, oneDigit: 0.04, sameYear: 0.02, none: 0.02 },
	dobMonth: { same: 0.93, sameYear: 0.05, none: 0.02 },
	dobYear: { same: 0.97, none: 0.03 },
	dayMonth: { same: 0.93, none: 0.07 },
	postcode: { exact: 0.5, district: 0.2, none: 0.3 },
};
const PRIOR_PAIRS = 100;

const { values } = parseArgs({
	options: {
		url: { type: "string", default: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/threshold_bench" },
		write: { type: "boolean", default: false },
	},
});

const log = (line: string) => process.stderr.write(`${line}\n`);
const client = new pg.Client({ connectionString: values.url });
await client.connect();

async function ids(sql: string, params: unknown[]): Promise<string[]> {
	return (await client.query<{ id: string }>(sql, params)).rows.map((r) => r.id);
}

async function pairs(sql: string, params: unknown[]): Promise<[string, string][]> {
	return (await client.query<{ a: string; b: string }>(sql, params)).rows.map((r) => [r.a, r.b]);
}

/**
 * Two people the council has recorded as related are two people: twins, a father and the
 * son named after him at the same address. Left in, they agree on everything but one field
 * and the mixture takes them for one person, so that field's disagreement seems common
 * among matches and stops counting against.
 */
const UNRELATED = (a: string, b: string) =>
	`NOT EXISTS (SELECT 1 FROM relationship r WHERE (r.person_id = ${a} AND r.related_person_id = ${b})
	                                             OR (r.person_id = ${b} AND r.related_person_id = ${a}))`;

const records = new Map<string, PairRecord>();
async function load(wanted: Iterable<string>): Promise<void> {
	const missing = [...new Set(wanted)].filter((id) => !records.has(id));
	for (let i = 0; i < missing.length; i += 20_000) {
		const { rows } = await client.query<{
			id: string;
			dob: string | null;
			names: PairRecord["names"] | null;
			postcodes: string[] | null;
		}>(
			`SELECT p.id, p.date_of_birth::text AS dob,
			        (SELECT json_agg(json_build_array(n.given_name, n.family_name, n.kind, n.given_phonetic, n.family_phonetic)
			                ORDER BY n.kind <> 'current', n.id) FROM person_name n WHERE n.person_id = p.id) AS names,
			        (SELECT json_agg(a.postcode ORDER BY a.end_date IS NOT NULL, a.start_date DESC NULLS LAST, a.id)
			           FROM person_address a WHERE a.person_id = p.id AND a.postcode IS NOT NULL) AS postcodes
			   FROM person p WHERE p.id = ANY($1::uuid[])`,
			[missing.slice(i, i + 20_000)],
		);
		for (const r of rows) {
			records.set(r.id, { id: r.id, names: r.names ?? [], dateOfBirth: r.dob, postcodes: r.postcodes ?? [] });
		}
	}
}

function vectors(list: [string, string][]): Vector[] {
	return list.flatMap(([a, b]) => {
		const ra = records.get(a);
		const rb = records.get(b);
		return ra && rb ? [pairLevels(ra, rb)] : [];
	});
}

const started = performance.now();
const [{ people }] = (await client.query<{ people: number }>("SELECT count(*)::int AS people FROM person")).rows;
log(`${people.toLocaleString("en-GB")} people`);

// Random pairs: each drawn person with the next one drawn.
const drawn = await ids("SELECT id FROM person ORDER BY md5($1 || id::text) LIMIT $2", [
	`${SEED}-random`,
	2 * RANDOM_PAIRS,
]);
const randomPairs: [string, string][] = [];
for (let i = 0; i + 1 < drawn.length; i += 2) randomPairs.push([drawn[i], drawn[i + 1]]);

const byDate = await pairs(
	`WITH s AS (SELECT id, date_of_birth FROM person WHERE date_of_birth IS NOT NULL AND merged_into IS NULL
	             ORDER BY md5($1 || id::text) LIMIT $2)
	 SELECT DISTINCT s.id AS a, n.person_id AS b FROM s
	   JOIN person_name n ON n.date_of_birth = s.date_of_birth AND n.person_id <> s.id
	  WHERE ${UNRELATED("s.id", "n.person_id")}`,
	[`${SEED}-dob`, BLOCK_PEOPLE],
);
const byName = await pairs(
	`WITH s AS (SELECT p.id, n.given_phonetic, n.family_phonetic FROM person p
	              JOIN person_name n ON n.person_id = p.id AND n.kind = 'current'
	             WHERE p.merged_into IS NULL AND n.given_phonetic <> '' AND n.family_phonetic <> ''
	             ORDER BY md5($1 || p.id::text) LIMIT $2)
	 SELECT s.id AS a, o.person_id AS b FROM s
	  CROSS JOIN LATERAL (SELECT DISTINCT n.person_id, md5($1 || n.person_id::text) AS k FROM person_name n
	                       WHERE n.family_phonetic = s.family_phonetic AND n.given_phonetic = s.given_phonetic
	                         AND n.person_id <> s.id AND ${UNRELATED("s.id", "n.person_id")}
	                       ORDER BY k LIMIT $3) o`,
	[`${SEED}-name`, BLOCK_PEOPLE, PER_NAME_BLOCK],
);
log(`pairs: ${randomPairs.length} random, ${byDate.length} born the same day, ${byName.length} sounding alike`);
await load([...randomPairs.flat(), ...byDate.flat(), ...byName.flat()]);
await client.end();
log(`${records.size.toLocaleString("en-GB")} records read in ${((performance.now() - started) / 1000).toFixed(0)} s`);

const randomVectors = vectors(randomPairs);
const dateVectors = vectors(byDate);
const nameVectors = vectors(byName);
const u = uFromRandomPairs(randomVectors, LEVEL_COUNTS);

const startingM = COMPARISONS.map(([name, levels]) => levels.map((level) => PRIOR_M[name][level]));
const prior = { m: startingM, pairs: PRIOR_PAIRS };
const learning = (names: string[]): boolean[] => COMPARISONS.map(([name]) => names.includes(name));

const dateOptions: EmOptions = {
	learn: learning(["given", "family", "postcode"]),
	m: startingM,
	u,
	lambda: 0.01,
	prior,
};
const dateFit = expectationMaximisation(dateVectors, dateOptions);
const nameOptions: EmOptions = { learn: learning(["dob", "postcode"]), m: startingM, u, lambda: 0.05, prior };
const nameFit = expectationMaximisation(nameVectors, nameOptions);
const nameChances = matchChances(nameVectors, nameFit, nameOptions);

const m: number[][] = COMPARISONS.map(([name], i) => {
	switch (name) {
		case "given":
		case "family":
			return dateFit.m[i];
		case "dob":
			return nameFit.m[i];
		case "postcode":
			// Both blocks teach it: the mean of the two, as Splink combines training sessions.
			return dateFit.m[i].map((value, l) => (value + nameFit.m[i][l]) / 2);
		default:
			// Coarser readings of the date: learnt from the sound-alike pairs' chances.
			return mGivenMatchChances(nameVectors, nameChances, i, LEVEL_COUNTS[i], { m: startingM[i], pairs: PRIOR_PAIRS });
	}
});

// An initial is typed, never stored, so no pair of records shows that level: its u is how
// often two people's given names start with the same letter, its m how often a typed
// initial is the right one (set: a worker who types only an initial has it to hand).
const INITIAL_M = 0.95;
const given = COMPARISONS.findIndex(([name]) => name === "given");
const initial = (COMPARISONS[given][1] as readonly string[]).indexOf("initial");
const firstLetters = randomPairs.flatMap(([a, b]) => {
	const x = records.get(a)?.names[0]?.[0];
	const y = records.get(b)?.names[0]?.[0];
	return x && y ? [x.trim().charAt(0).toLowerCase() === y.trim().charAt(0).toLowerCase()] : [];
});
m[given][initial] = INITIAL_M;
u[given][initial] = firstLetters.filter(Boolean).length / firstLetters.length;

const round = (x: number) => Number(x.toPrecision(4));
const levels = Object.fromEntries(
	COMPARISONS.map(([name, names], i) => [
		name,
		Object.fromEntries(names.map((level, l) => [level, { m: round(m[i][l]), u: round(u[i][l]) }])),
	]),
);
const result = {
	about:
		"Person search weights (ADR 31): m and u per agreement level, estimated by npm run match-weights; weight = log2(m / u).",
	estimated: {
		people,
		prior: { pairs: PRIOR_PAIRS, m: PRIOR_M },
		randomPairs: randomVectors.length,
		blocks: [
			{
				rule: "same date of birth",
				pairs: dateVectors.length,
				learnt: ["given", "family", "postcode"],
				lambda: round(dateFit.lambda),
				iterations: dateFit.iterations,
				converged: dateFit.converged,
			},
			{
				rule: "given and family names sound alike",
				pairs: nameVectors.length,
				learnt: ["dob", "dobMonth", "dobYear", "dayMonth", "postcode"],
				lambda: round(nameFit.lambda),
				iterations: nameFit.iterations,
				converged: nameFit.converged,
			},
		],
	},
	levels,
};

for (const [name, names] of COMPARISONS) {
	const line = names
		.map((level) => {
			const p = (levels[name] as Record<string, { m: number; u: number }>)[level];
			return `${level} ${Math.log2(p.m / p.u).toFixed(1)}`;
		})
		.join(", ");
	log(`${name}: ${line}`);
}
log(
	`date block: lambda ${dateFit.lambda.toFixed(4)}, ${dateFit.iterations} iterations; name block: lambda ${nameFit.lambda.toFixed(4)}, ${nameFit.iterations} iterations`,
);
if (values.write) {
	writeFileSync(OUT, `${JSON.stringify(result, null, "\t")}\n`);
	log(`written to ${OUT}`);
} else {
	process.stdout.write(`${JSON.stringify(result, null, "\t")}\n`);
}
