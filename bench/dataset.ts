import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { type Database, openDatabase } from "../src/db/engine.ts";
import { ensureAccessLogPartitions } from "../src/db/maintenance.ts";
import { migrate, schemaFingerprint } from "../src/db/migrate.ts";
import { DEMO_USERS, loadDemoCouncil } from "../src/demo/council.ts";
import { loadSynthetic } from "../src/demo/synthetic/load.ts";
import { ROLES, type Role } from "../src/platform/roles.ts";
import { ensureContacts, ensureTasks, type FrontDoorFacts, readFrontDoorFacts } from "./front-door.ts";
import { buildSearchQueries, type QueryCounts, type SearchQuery } from "./people.ts";
import { ensureSsdHistory, type SsdSize } from "./ssd.ts";

// The bench database is expensive to build (20 million log rows) and cheap to keep, so it
// is built once and stamped; a run reuses it while the stamp matches. Bump the version
// whenever the generator below changes what the database holds.
export const DATASET_VERSION = 3;

export const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface DatasetSize {
	database: string;
	/** Synthetic people (second records of the same individual included), loaded by COPY. */
	people: number;
	accessLogRows: number;
	/** Synthetic staff besides the demo council's; the access-log page lists every user. */
	users: number;
	/** Rows spread evenly over this many months back from the build. */
	months: number;
	benchRows: number;
	/** Rows per INSERT: one progress line each. */
	chunkRows: number;
	/**
	 * Front-door contacts over `contactYears`, loaded on top of the people and stamped on
	 * their own (bench/front-door.ts), so they are not part of the database's stamp.
	 */
	contacts: number;
	contactYears: number;
	/** CIN episodes in the council's SSD history, imported on top and stamped on its own (bench/ssd.ts). */
	ssdEpisodes: number;
	/** Rows of the extract whose import is measured, written afresh each run. */
	ssdMeasureRows: number;
	/** The person-search query set, drawn from the database at each run (not part of the stamp). */
	queries: QueryCounts;
}

export const SIZES = {
	full: {
		database: "threshold_bench",
		people: 2_000_000,
		accessLogRows: 20_000_000,
		users: 300,
		months: 36,
		benchRows: 100_000,
		chunkRows: 500_000,
		contacts: 1_000_000,
		contactYears: 5,
		ssdEpisodes: 60_000,
		ssdMeasureRows: 1_000_000,
		queries: { perKind: 250, secondRecords: 200 },
	},
	quick: {
		database: "threshold_bench_quick",
		people: 50_000,
		accessLogRows: 200_000,
		users: 300,
		months: 36,
		benchRows: 100_000,
		chunkRows: 50_000,
		contacts: 20_000,
		contactYears: 5,
		ssdEpisodes: 1_500,
		ssdMeasureRows: 50_000,
		queries: { perKind: 50, secondRecords: 40 },
	},
} satisfies Record<string, DatasetSize>;

// The synthetic council is generated "as at" a fixed day with a fixed seed, so every build
// of a size holds the same people and the same query set is drawn from it.
const SYNTHETIC_SEED = 6;
const SYNTHETIC_YEARS = 10;
const SYNTHETIC_TODAY = new Date("2026-11-01T18:00:00Z");

export const ssdSize = (size: DatasetSize): SsdSize => ({
	episodes: size.ssdEpisodes,
	measureRows: size.ssdMeasureRows,
	today: SYNTHETIC_TODAY,
});
/** About this many log rows name the hot person, spread evenly over every month. */
const HOT_PERSON_ROWS = 6_000;
/** Other people: on average this many log rows each. */
const ROWS_PER_PERSON = 100;
/** Two loaders: one per core of the machines the bench is sized for. */
const LOADERS = 2;
export const BENCH_ROW_ID = 4_242;

export interface DatasetFacts {
	accessLogRows: number;
	/** Person records (the planner's estimate). */
	people: number;
	/** A synthetic child whose record page and access log are measured ("who viewed this child"). */
	hotPersonId: string;
	hotPersonName: string;
	hotPersonRows: number;
	hotPersonPartitions: number;
	/** The signed-in user for each demo role. */
	userIds: Record<Role, string>;
	practitionerRows: number;
	benchRowId: number;
	/** The person-search queries, drawn afresh each run from the same data with a fixed seed. */
	searchQueries: SearchQuery[];
	frontDoor: FrontDoorFacts;
}

export interface Dataset {
	url: string;
	db: Database;
	stamp: string;
	reused: boolean;
	buildSeconds: number | null;
	facts: DatasetFacts;
	/** Takes out the access-log rows written since the database was built (by this run or earlier ones). */
	removeWrittenRows(): Promise<void>;
	close(): Promise<void>;
}

export type Log = (line: string) => void;

export function databaseUrl(adminUrl: string, name: string): string {
	const u = new URL(adminUrl);
	u.pathname = `/${name}`;
	return u.toString();
}

function stampFor(size: DatasetSize): string {
	const {
		database: _database,
		chunkRows: _chunkRows,
		queries: _queries,
		contacts: _contacts,
		contactYears: _contactYears,
		ssdEpisodes: _ssdEpisodes,
		ssdMeasureRows: _ssdMeasureRows,
		...shape
	} = size;
	return JSON.stringify({ schema: schemaFingerprint(), dataset: DATASET_VERSION, ...shape });
}

/**
 * Opens the bench database, building it first when it is missing or its stamp (schema
 * fingerprint, dataset version and size, kept as the database's COMMENT) differs.
 */
export async function openDataset(size: DatasetSize, adminUrl: string, log: Log): Promise<Dataset> {
	if (!/^[a-z_][a-z0-9_]*$/.test(size.database)) throw new Error(`bad database name ${size.database}`);
	const stamp = stampFor(size);
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	let reused = true;
	let buildSeconds: number | null = null;
	try {
		// Two bench runs starting together must not both build (or drop each other's build).
		await admin.query("SELECT pg_advisory_lock(hashtext($1))", [size.database]);
		const { rows } = await admin.query<{ comment: string | null }>(
			"SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
			[size.database],
		);
		const found = rows[0];
		if (found?.comment !== stamp) {
			reused = false;
			const started = performance.now();
			if (found?.comment && (await migratedForward(admin, adminUrl, size, found.comment, stamp, log))) {
				log(`${size.database}: migrated forward in ${((performance.now() - started) / 1000).toFixed(0)} s`);
			} else {
				log(
					found
						? `${size.database}: built for another dataset version or size, or a migration it holds has changed; rebuilding`
						: `${size.database}: not found; building it once (later runs reuse it)`,
				);
				await rebuild(admin, adminUrl, size, stamp, log);
				buildSeconds = (performance.now() - started) / 1000;
				log(`${size.database}: ready in ${buildSeconds.toFixed(0)} s`);
			}
		}
		await ensureContacts(
			databaseUrl(adminUrl, size.database),
			{ contacts: size.contacts, years: size.contactYears, today: SYNTHETIC_TODAY },
			log,
		);
		await ensureTasks(databaseUrl(adminUrl, size.database), log);
		await ensureSsdHistory(databaseUrl(adminUrl, size.database), ssdSize(size), log);
	} finally {
		await admin.end();
	}

	const url = databaseUrl(adminUrl, size.database);
	const db = await openDatabase({ kind: "postgres", url });
	try {
		// Months move on between runs: the current partitions must exist, as at every start.
		await ensureAccessLogPartitions(db);
		await keepInspectorCurrent(db);
		await removeWrittenRows(db, size, log);
		const facts = await readFacts(db, size);
		return {
			url,
			db,
			stamp,
			reused,
			buildSeconds,
			facts,
			removeWrittenRows: () => removeWrittenRows(db, size, log),
			close: () => db.close(),
		};
	} catch (error) {
		await db.close();
		throw error;
	}
}

/**
 * A database built by the same generator for an earlier schema is brought up to date as a
 * council's would be, by applying the migrations added since, rather than rebuilt (which
 * takes most of an hour at full size). False when the generator or size differ, or when a
 * migration it already holds has since changed: then only a rebuild is honest.
 */
async function migratedForward(
	admin: pg.Client,
	adminUrl: string,
	size: DatasetSize,
	comment: string,
	stamp: string,
	log: Log,
): Promise<boolean> {
	const { schema: _was, ...builtFor } = parseStamp(comment) ?? {};
	const { schema: _now, ...wanted } = parseStamp(stamp) ?? {};
	if (!("dataset" in builtFor) || JSON.stringify(builtFor) !== JSON.stringify(wanted)) return false;
	const db = await openDatabase({ kind: "postgres", url: databaseUrl(adminUrl, size.database) });
	try {
		const applied = await migrate(db);
		log(`${size.database}: applied ${applied.length ? applied.join(", ") : "no migrations"}`);
	} catch (error) {
		log(`${size.database}: cannot migrate forward (${(error as Error).message})`);
		return false;
	} finally {
		await db.close();
	}
	// Migrations that rewrite rows leave the planner's statistics behind.
	const c = new pg.Client({ connectionString: databaseUrl(adminUrl, size.database) });
	await c.connect();
	try {
		await c.query("ANALYZE");
	} finally {
		await c.end();
	}
	await admin.query(`COMMENT ON DATABASE ${size.database} IS ${admin.escapeLiteral(stamp)}`);
	return true;
}

function parseStamp(text: string): Record<string, unknown> | null {
	try {
		const value: unknown = JSON.parse(text);
		return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
	} catch {
		return null;
	}
}

async function rebuild(admin: pg.Client, adminUrl: string, size: DatasetSize, stamp: string, log: Log) {
	// Built under another name and renamed when complete: a half-built database is never reused.
	const building = `${size.database}_building`;
	await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
	await admin.query(`CREATE DATABASE ${building}`);
	const url = databaseUrl(adminUrl, building);
	const db = await openDatabase({ kind: "postgres", url });
	try {
		await migrate(db);
		await loadDemoCouncil(db);
		log("schema migrated and demo council loaded");
		await addStaff(db, size.users);
		log(`${size.users} synthetic users added`);
	} finally {
		await db.close();
	}
	const hotPersonId = await loadPeople(url, size, log);
	await loadAccessLog(url, size, hotPersonId, log);
	await loadBenchRows(url, size.benchRows);
	log(`bench_row: ${size.benchRows.toLocaleString("en-GB")} rows`);
	await admin.query(`COMMENT ON DATABASE ${building} IS ${admin.escapeLiteral(stamp)}`);
	await admin.query(`DROP DATABASE IF EXISTS ${size.database} WITH (FORCE)`);
	await admin.query(`ALTER DATABASE ${building} RENAME TO ${size.database}`);
	// Flush the load now rather than in a checkpoint during the first measurement.
	await admin.query("CHECKPOINT").catch(() => log("could not CHECKPOINT (needs pg_checkpoint); carrying on"));
}

/**
 * The synthetic council (src/demo/synthetic), loaded by COPY as the schema owner, and its
 * answer key in bench_truth: which records are the same individual, and how a second
 * record differs from the first. bench_truth belongs to the owner and is never granted to
 * the application, which must find duplicates without it. Returns the hot child's id.
 */
async function loadPeople(url: string, size: DatasetSize, log: Log): Promise<string> {
	const truthPath = join(tmpdir(), `threshold-bench-truth-${process.pid}.csv`);
	let shown = 0;
	try {
		const result = await loadSynthetic(
			{ kind: "postgres", url },
			{
				people: size.people,
				years: SYNTHETIC_YEARS,
				seed: SYNTHETIC_SEED,
				today: SYNTHETIC_TODAY,
				truthPath,
				connections: LOADERS,
				onProgress: ({ persons, of, seconds }) => {
					if (seconds - shown < 30 && persons < of) return;
					shown = seconds;
					log(
						`person: ${persons.toLocaleString("en-GB")} of ${of.toLocaleString("en-GB")} people ` +
							`(${Math.round((100 * persons) / of)}%, ${seconds.toFixed(0)} s)`,
					);
				},
			},
		);
		log(
			`person: ${result.rows.persons.toLocaleString("en-GB")} people loaded in ${result.seconds.toFixed(0)} s ` +
				`(names ${result.rows.names.toLocaleString("en-GB")}, addresses ${result.rows.addresses.toLocaleString("en-GB")}, ` +
				`relationships ${result.rows.relationships.toLocaleString("en-GB")}); loading the answer key`,
		);
		const c = new pg.Client({ connectionString: url });
		await c.connect();
		try {
			await c.query(
				`CREATE TABLE bench_truth (person_id uuid NOT NULL, la_person_id text, individual_id uuid NOT NULL, variation text, date_of_birth date)`,
			);
			await pipeline(
				createReadStream(truthPath),
				c.query(
					copyFrom(
						"COPY bench_truth (person_id, la_person_id, individual_id, variation, date_of_birth) FROM STDIN (FORMAT csv, HEADER true)",
					),
				),
			);
			await c.query("ALTER TABLE bench_truth DROP COLUMN la_person_id");
			await c.query("ALTER TABLE bench_truth ADD PRIMARY KEY (person_id)");
			await c.query("CREATE INDEX bench_truth_individual ON bench_truth (individual_id)");
			await c.query("CREATE TABLE bench_fact (name text PRIMARY KEY, value text NOT NULL)");
			// A child of school age with one record, alive, known to the council: whose record is
			// opened and whose access log is searched.
			const { rows } = await c.query<{ id: string }>(
				`SELECT p.id FROM person p JOIN bench_truth t ON t.person_id = p.id
				 WHERE t.variation IS NULL AND p.death_date IS NULL
				   AND p.date_of_birth BETWEEN $1::date - interval '14 years' AND $1::date - interval '6 years'
				   AND NOT EXISTS (SELECT 1 FROM bench_truth d WHERE d.individual_id = p.id AND d.person_id <> p.id)
				   AND EXISTS (SELECT 1 FROM relationship r WHERE r.related_person_id = p.id AND r.kind = 'parent')
				 ORDER BY md5('bench-hot-child-' || p.id::text) LIMIT 1`,
				[SYNTHETIC_TODAY.toISOString().slice(0, 10)],
			);
			const hot = rows[0]?.id;
			if (!hot) throw new Error("the synthetic council has no child to be the hot person");
			await c.query("INSERT INTO bench_fact (name, value) VALUES ('hot_person_id', $1)", [hot]);
			for (const table of ["person", "person_name", "person_address", "person_disability", "relationship"]) {
				await c.query(`VACUUM (FREEZE, ANALYZE) ${table}`);
			}
			await c.query("VACUUM (FREEZE, ANALYZE) bench_truth");
			log("person tables vacuumed and analysed");
			return hot;
		} finally {
			await c.end();
		}
	} finally {
		await rm(truthPath, { force: true });
	}
}

const STAFF_ROLES: readonly Role[] = [
	"practitioner",
	"practitioner",
	"practitioner",
	"team-manager",
	"contact-officer",
];

async function addStaff(db: Database, users: number) {
	await db.withOwner(async (owner) => {
		await owner.query(
			`INSERT INTO app_user (id, email, display_name, team_id)
			 SELECT md5('bench-user-' || i)::uuid, 'bench.user.' || i || '@bench.example',
			        'Bench User ' || lpad(i::text, 4, '0'), teams.ids[1 + i % cardinality(teams.ids)]
			 FROM generate_series(1, $1::int) AS i, (SELECT array_agg(id ORDER BY name) AS ids FROM team) AS teams`,
			[users],
		);
		await owner.query(
			`INSERT INTO user_role (user_id, role)
			 SELECT md5('bench-user-' || i)::uuid, ($2::text[])[1 + i % cardinality($2::text[])]
			 FROM generate_series(1, $1::int) AS i`,
			[users, STAFF_ROLES],
		);
	});
}

// Rows are generated in time order, as an append-only log grows, so each month's rows sit
// together on disk as they would in production. Who, whom and what follow from the row
// number alone, so a rebuild holds the same rows apart from the dates.
const INSERT_ROWS = `
INSERT INTO access_log (id, at, user_id, role, action, record_type, record_id, person_id, request_id, detail)
SELECT n,
       $3::timestamptz + make_interval(secs => (n - 1) * $4::float8),
       s.id, s.role,
       CASE WHEN p.id IS NULL THEN 'search' WHEN n % 25 = 3 THEN 'update' ELSE 'view' END,
       CASE WHEN p.id IS NULL THEN 'person-search' ELSE 'person' END,
       p.id::text, p.id,
       substr(md5(n::text), 1, 16),
       CASE WHEN p.id IS NOT NULL AND n % 25 = 3
            THEN '{"before": {"address": "[redacted]"}, "after": {"address": "[redacted]"}}'::jsonb END
FROM generate_series($1::bigint, $2::bigint) AS n
CROSS JOIN LATERAL (
  SELECT CASE WHEN n % $5 = 0 THEN $6::uuid
              WHEN n % 10 = 5 THEN NULL
              ELSE md5('person-' || (n * 2654435761) % $7)::uuid END AS id) AS p
JOIN unnest($8::uuid[], $9::text[]) WITH ORDINALITY AS s(id, role, slot)
  ON s.slot = 1 + (n * 7919) % cardinality($8::uuid[])`;

async function loadAccessLog(url: string, size: DatasetSize, hotPersonId: string, log: Log) {
	const clients = await Promise.all(
		Array.from({ length: LOADERS }, async () => {
			const c = new pg.Client({ connectionString: url });
			await c.connect();
			// Bulk load: a crash only means building again, and big sorts make the index builds quick.
			await c.query("SET synchronous_commit = off");
			await c.query("SET maintenance_work_mem = '512MB'");
			return c;
		}),
	);
	const [first] = clients;
	try {
		const now = new Date();
		const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - size.months, 1));
		await first.query("SELECT access_log_ensure_partitions($1::date, $2)", [
			start.toISOString().slice(0, 10),
			size.months + 4,
		]);
		// Loading into indexed tables is several times slower than indexing afterwards; the
		// definitions are read back from the schema so the rebuilt ones are the migrations'.
		const { rows: indexes } = await first.query<{ name: string; def: string }>(
			`SELECT indexname AS name, indexdef AS def FROM pg_indexes
			 WHERE schemaname = 'public' AND tablename = 'access_log'`,
		);
		for (const index of indexes) await first.query(`DROP INDEX ${index.name}`);
		// pg_indexes shows a partitioned index as "ON ONLY", which would skip the partitions.
		const definitions = indexes.map((i) => ({ name: i.name, def: i.def.replace(" ON ONLY ", " ON ") }));

		const { rows: staff } = await first.query<{ id: string; role: string }>(
			`SELECT u.id, min(r.role) AS role FROM app_user u JOIN user_role r ON r.user_id = u.id
			 GROUP BY u.id ORDER BY u.id`,
		);
		const total = size.accessLogRows;
		const secondsPerRow = (now.getTime() - start.getTime()) / 1000 / total;
		const params = (from: number, to: number) => [
			from,
			to,
			start.toISOString(),
			secondsPerRow,
			Math.max(1, Math.floor(total / HOT_PERSON_ROWS)),
			hotPersonId,
			Math.max(1, Math.floor(total / ROWS_PER_PERSON)),
			staff.map((s) => s.id),
			staff.map((s) => s.role),
		];
		const chunks: [number, number][] = [];
		for (let from = 1; from <= total; from += size.chunkRows) {
			chunks.push([from, Math.min(total, from + size.chunkRows - 1)]);
		}
		const started = performance.now();
		let done = 0;
		await spread(clients, chunks, async (client, [from, to]) => {
			await client.query(INSERT_ROWS, params(from, to));
			done += to - from + 1;
			const seconds = (performance.now() - started) / 1000;
			log(
				`access_log: ${done.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} rows ` +
					`(${Math.round((100 * done) / total)}%, ${seconds.toFixed(0)} s)`,
			);
		});
		await first.query("SELECT setval('access_log_id_seq', $1)", [total]);
		// Rows the app writes later (each run's searches and record views) come after these,
		// by id and by time: removeWrittenRows takes them out again.
		await first.query("INSERT INTO bench_fact (name, value) VALUES ('log_built_at', $1), ('log_rows', $2)", [
			now.toISOString(),
			String(total),
		]);

		log(`access_log: building indexes ${indexes.map((i) => i.name).join(", ")}`);
		const indexed = performance.now();
		await spread(clients, definitions, async (client, index) => {
			await client.query(index.def);
		});
		log(`access_log: indexes built in ${((performance.now() - indexed) / 1000).toFixed(0)} s; vacuuming`);
		// Frozen and with its visibility map set, the log reads as a long-settled one would,
		// and autovacuum has nothing left to do during a later run.
		const { rows: partitions } = await first.query<{ name: string }>(
			`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
			 WHERE i.inhparent = 'access_log'::regclass ORDER BY 1`,
		);
		await spread(clients, partitions, async (client, partition) => {
			await client.query(`VACUUM (FREEZE, ANALYZE) ${partition.name}`);
		});
		await first.query("ANALYZE access_log");
		log(`access_log: vacuumed and analysed ${partitions.length} partitions`);
	} finally {
		await Promise.all(clients.map((c) => c.end()));
	}
}

/** Works through `items` in order, each client taking the next one as soon as it is free. */
async function spread<T>(
	clients: pg.Client[],
	items: readonly T[],
	work: (client: pg.Client, item: T) => Promise<void>,
) {
	let next = 0;
	await Promise.all(
		clients.map(async (client) => {
			while (next < items.length) await work(client, items[next++]);
		}),
	);
}

// The primary-key baseline reads one row of an ordinary table: the cheapest page that
// touches the database at all.
async function loadBenchRows(url: string, rows: number) {
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	try {
		await c.query(`CREATE TABLE bench_row (id integer NOT NULL, title text NOT NULL, body text NOT NULL)`);
		await c.query(
			`INSERT INTO bench_row (id, title, body)
			 SELECT i, 'Bench row ' || i, repeat(md5(i::text) || ' ', 8) FROM generate_series(1, $1::int) AS i`,
			[rows],
		);
		await c.query("ALTER TABLE bench_row ADD PRIMARY KEY (id)");
		await c.query("GRANT SELECT ON bench_row TO threshold_app");
		await c.query("VACUUM (FREEZE, ANALYZE) bench_row");
	} finally {
		await c.end();
	}
}

/**
 * Each run writes to the access log (a search logs every person it lists, a record view the
 * person viewed). Left in, those rows would pile up on the hot child run after run and
 * every run would measure a different database, so a run first takes out what earlier runs
 * wrote (and the logging cost does between its rounds): the rows after the generated ones,
 * by id and by time. The log refuses deletes through its triggers, which only the bench's
 * own superuser connection may set aside, for this bench database and this one statement.
 */
async function removeWrittenRows(db: Database, size: DatasetSize, log: Log) {
	await db.withOwner(async (owner) => {
		const facts = await owner.query<{ name: string; value: string }>(
			"SELECT name, value FROM bench_fact WHERE name IN ('log_built_at', 'log_rows')",
		);
		const fact = new Map(facts.map((f) => [f.name, f.value]));
		const builtAt = fact.get("log_built_at");
		const rows = Number(fact.get("log_rows") ?? size.accessLogRows);
		if (!builtAt) return;
		const partitions = await owner.query<{ name: string }>(
			`SELECT DISTINCT tableoid::regclass::text AS name FROM access_log WHERE at >= $1 AND id > $2`,
			[builtAt, rows],
		);
		if (partitions.length === 0) return;
		try {
			await owner.exec("BEGIN");
			await owner.exec("SET LOCAL session_replication_role = replica");
			const [{ removed }] = await owner.query<{ removed: number }>(
				`WITH gone AS (DELETE FROM access_log WHERE at >= $1 AND id > $2 RETURNING 1)
				 SELECT count(*)::int AS removed FROM gone`,
				[builtAt, rows],
			);
			await owner.exec("COMMIT");
			for (const p of partitions) await owner.exec(`VACUUM (ANALYZE) ${p.name}`);
			log(`access_log: removed ${removed.toLocaleString("en-GB")} rows written since the build`);
		} catch (error) {
			await owner.exec("ROLLBACK").catch(() => undefined);
			log(`access_log: could not remove rows written by earlier runs (${(error as Error).message}); carrying on`);
		}
	});
}

// The demo inspector's account ends 30 days after loading, but the database outlives that.
async function keepInspectorCurrent(db: Database) {
	const inspector = DEMO_USERS.find((u) => u.inspector);
	if (!inspector) return;
	await db.withOwner((owner) =>
		owner.query("UPDATE app_user SET expires_on = current_date + 30 WHERE email = $1", [inspector.email]),
	);
}

async function readFacts(db: Database, size: DatasetSize): Promise<DatasetFacts> {
	return db.withOwner(async (owner) => {
		const emails = DEMO_USERS.map((u) => u.email);
		const users = await owner.query<{ id: string; email: string }>(
			"SELECT id, email FROM app_user WHERE email = ANY($1::text[])",
			[emails],
		);
		const byEmail = new Map(users.map((u) => [u.email, u.id]));
		// Each role's first demo user, as the tests and the demo script mean by "the team manager".
		const userIds = Object.fromEntries(
			(Object.keys(ROLES) as Role[]).map((role) => {
				const email = DEMO_USERS.find((u) => u.role === role)?.email ?? "";
				const id = byEmail.get(email);
				if (!id) throw new Error(`the bench database has no demo ${role} (${email})`);
				return [role, id];
			}),
		) as Record<Role, string>;
		const [hotPerson] = await owner.query<{ id: string; name: string }>(
			`SELECT p.id, p.given_name || ' ' || p.family_name AS name
			 FROM bench_fact f JOIN person p ON p.id = f.value::uuid WHERE f.name = 'hot_person_id'`,
		);
		if (!hotPerson) throw new Error("the bench database names no hot person");
		const [hot] = await owner.query<{ rows: number; partitions: number }>(
			`SELECT count(*)::int AS rows, count(DISTINCT tableoid)::int AS partitions
			 FROM access_log WHERE person_id = $1`,
			[hotPerson.id],
		);
		const [practitioner] = await owner.query<{ rows: number }>(
			"SELECT count(*)::int AS rows FROM access_log WHERE user_id = $1",
			[userIds.practitioner],
		);
		// The planner's estimates are enough to report the sizes and cost nothing on millions of rows.
		const [total] = await owner.query<{ rows: number }>(
			`SELECT coalesce(sum(c.reltuples), 0)::bigint AS rows FROM pg_inherits i
			 JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'access_log'::regclass`,
		);
		const [people] = await owner.query<{ rows: number }>(
			"SELECT reltuples::bigint AS rows FROM pg_class WHERE oid = 'person'::regclass",
		);
		return {
			accessLogRows: Number(total.rows),
			people: Number(people.rows),
			hotPersonId: hotPerson.id,
			hotPersonName: hotPerson.name,
			hotPersonRows: hot.rows,
			hotPersonPartitions: hot.partitions,
			userIds,
			practitionerRows: practitioner.rows,
			benchRowId: BENCH_ROW_ID,
			searchQueries: await buildSearchQueries(owner, size.queries, SYNTHETIC_TODAY.toISOString().slice(0, 10)),
			frontDoor: await readFrontDoorFacts(owner),
		};
	});
}
