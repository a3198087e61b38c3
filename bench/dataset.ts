import pg from "pg";
import { type Database, openDatabase } from "../src/db/engine.ts";
import { ensureAccessLogPartitions } from "../src/db/maintenance.ts";
import { migrate, schemaFingerprint } from "../src/db/migrate.ts";
import { DEMO_USERS, loadDemoCouncil } from "../src/demo/council.ts";
import type { Role } from "../src/platform/roles.ts";

// The bench database is expensive to build (20 million log rows) and cheap to keep, so it
// is built once and stamped; a run reuses it while the stamp matches. Bump the version
// whenever the generator below changes what the database holds.
export const DATASET_VERSION = 1;

export const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface DatasetSize {
	database: string;
	accessLogRows: number;
	/** Synthetic staff besides the demo council's; the access-log page lists every user. */
	users: number;
	/** Rows spread evenly over this many months back from the build. */
	months: number;
	benchRows: number;
	/** Rows per INSERT: one progress line each. */
	chunkRows: number;
}

export const SIZES = {
	full: {
		database: "threshold_bench",
		accessLogRows: 20_000_000,
		users: 300,
		months: 36,
		benchRows: 100_000,
		chunkRows: 500_000,
	},
	quick: {
		database: "threshold_bench_quick",
		accessLogRows: 200_000,
		users: 300,
		months: 36,
		benchRows: 100_000,
		chunkRows: 50_000,
	},
} satisfies Record<string, DatasetSize>;

/** The person whose log is searched: a fixed id, so results from different runs compare. */
export const HOT_PERSON_ID = "3f1c9a2e-5b7d-4c1e-9a0b-6d2e8f4a7c11";
/** About this many log rows name the hot person, spread evenly over every month. */
const HOT_PERSON_ROWS = 6_000;
/** Other people: on average this many log rows each. */
const ROWS_PER_PERSON = 100;
/** Two loaders: one per core of the machines the bench is sized for. */
const LOADERS = 2;
export const BENCH_ROW_ID = 4_242;

export interface DatasetFacts {
	accessLogRows: number;
	hotPersonId: string;
	hotPersonRows: number;
	hotPersonPartitions: number;
	/** The signed-in user for each demo role. */
	userIds: Record<Role, string>;
	practitionerRows: number;
	benchRowId: number;
}

export interface Dataset {
	url: string;
	db: Database;
	stamp: string;
	reused: boolean;
	buildSeconds: number | null;
	facts: DatasetFacts;
	close(): Promise<void>;
}

export type Log = (line: string) => void;

export function databaseUrl(adminUrl: string, name: string): string {
	const u = new URL(adminUrl);
	u.pathname = `/${name}`;
	return u.toString();
}

function stampFor(size: DatasetSize): string {
	const { database: _database, chunkRows: _chunkRows, ...shape } = size;
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
			log(
				found
					? `${size.database}: built for another schema, dataset version or size; rebuilding`
					: `${size.database}: not found; building it once (later runs reuse it)`,
			);
			const started = performance.now();
			await rebuild(admin, adminUrl, size, stamp, log);
			buildSeconds = (performance.now() - started) / 1000;
			log(`${size.database}: ready in ${buildSeconds.toFixed(0)} s`);
		}
	} finally {
		await admin.end();
	}

	const url = databaseUrl(adminUrl, size.database);
	const db = await openDatabase({ kind: "postgres", url });
	try {
		// Months move on between runs: the current partitions must exist, as at every start.
		await ensureAccessLogPartitions(db);
		await keepInspectorCurrent(db);
		const facts = await readFacts(db);
		return { url, db, stamp, reused, buildSeconds, facts, close: () => db.close() };
	} catch (error) {
		await db.close();
		throw error;
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
	await loadAccessLog(url, size, log);
	await loadBenchRows(url, size.benchRows);
	log(`bench_row: ${size.benchRows.toLocaleString("en-GB")} rows`);
	await admin.query(`COMMENT ON DATABASE ${building} IS ${admin.escapeLiteral(stamp)}`);
	await admin.query(`DROP DATABASE IF EXISTS ${size.database} WITH (FORCE)`);
	await admin.query(`ALTER DATABASE ${building} RENAME TO ${size.database}`);
	// Flush the load now rather than in a checkpoint during the first measurement.
	await admin.query("CHECKPOINT").catch(() => log("could not CHECKPOINT (needs pg_checkpoint); carrying on"));
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

async function loadAccessLog(url: string, size: DatasetSize, log: Log) {
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
			HOT_PERSON_ID,
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

// The demo inspector's account ends 30 days after loading, but the database outlives that.
async function keepInspectorCurrent(db: Database) {
	const inspector = DEMO_USERS.find((u) => u.inspector);
	if (!inspector) return;
	await db.withOwner((owner) =>
		owner.query("UPDATE app_user SET expires_on = current_date + 30 WHERE email = $1", [inspector.email]),
	);
}

async function readFacts(db: Database): Promise<DatasetFacts> {
	return db.withOwner(async (owner) => {
		const emails = DEMO_USERS.map((u) => u.email);
		const users = await owner.query<{ id: string; email: string }>(
			"SELECT id, email FROM app_user WHERE email = ANY($1::text[])",
			[emails],
		);
		const byEmail = new Map(users.map((u) => [u.email, u.id]));
		const userIds = Object.fromEntries(
			DEMO_USERS.map((u) => {
				const id = byEmail.get(u.email);
				if (!id) throw new Error(`the bench database has no demo user ${u.email}`);
				return [u.role, id];
			}),
		) as Record<Role, string>;
		const [hot] = await owner.query<{ rows: number; partitions: number }>(
			`SELECT count(*)::int AS rows, count(DISTINCT tableoid)::int AS partitions
			 FROM access_log WHERE person_id = $1`,
			[HOT_PERSON_ID],
		);
		const [practitioner] = await owner.query<{ rows: number }>(
			"SELECT count(*)::int AS rows FROM access_log WHERE user_id = $1",
			[userIds.practitioner],
		);
		// The planner's estimate is enough to report the size and costs nothing on 20 million rows.
		const [total] = await owner.query<{ rows: number }>(
			`SELECT coalesce(sum(c.reltuples), 0)::bigint AS rows FROM pg_inherits i
			 JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'access_log'::regclass`,
		);
		return {
			accessLogRows: Number(total.rows),
			hotPersonId: HOT_PERSON_ID,
			hotPersonRows: hot.rows,
			hotPersonPartitions: hot.partitions,
			userIds,
			practitionerRows: practitioner.rows,
			benchRowId: BENCH_ROW_ID,
		};
	});
}
