import type { FastifyInstance } from "fastify";
import pg from "pg";
import type { OwnerSession } from "../src/db/engine.ts";
import { FRONT_DOOR_ORDER } from "../src/demo/synthetic/contacts.ts";
import { loadContacts } from "../src/demo/synthetic/contacts-load.ts";
import { QUEUE_PAGE } from "../src/modules/front-door/triage/service.ts";
import type { AppOptions } from "../src/server.ts";

// The front door's share of the bench database: a synthetic history of contacts for the
// people already there (src/demo/synthetic/contacts.ts), added on top of the people and
// the access log and stamped on its own (bench_fact 'contacts_stamp'), so that adding or
// changing it never rebuilds the people, and a database built once is reused.

/** Bump when the contact generator changes what it writes. */
export const CONTACTS_VERSION = 2;
const CONTACTS_SEED = 6;
/** The front-door team's triage queue holds at least this many children (issue 6). */
export const AWAITING_TRIAGE = 500;

export interface ContactsSize {
	contacts: number;
	years: number;
	today: Date;
}

export interface FrontDoorFacts {
	frontDoorTeamId: string;
	/** Children waiting for triage in that team. */
	awaitingTriage: number;
	/** The child at the 99th percentile of history length, and that length. */
	p99ChildId: string;
	p99Events: number;
	contacts: number;
	contactsBuildSeconds: number | null;
}

const stampOf = (size: ContactsSize) =>
	JSON.stringify({ version: CONTACTS_VERSION, seed: CONTACTS_SEED, ...size, min: AWAITING_TRIAGE });

type Log = (line: string) => void;

/**
 * Loads the contacts unless the database already holds these ones. Run while the bench
 * holds the database's advisory lock, as the schema owner (a superuser: the load sets
 * foreign-key triggers aside, the generator having been tested with them on).
 */
export async function ensureContacts(url: string, size: ContactsSize, log: Log): Promise<number | null> {
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	try {
		await c.query("CREATE TABLE IF NOT EXISTS bench_fact (name text PRIMARY KEY, value text NOT NULL)");
		const { rows } = await c.query<{ value: string }>("SELECT value FROM bench_fact WHERE name = 'contacts_stamp'");
		if (rows[0]?.value === stampOf(size)) return null;
		log(`front door: loading ${size.contacts.toLocaleString("en-GB")} contacts over ${size.years} years (once)`);
		const started = performance.now();
		await c.query("DELETE FROM bench_fact WHERE name LIKE 'contacts_%' OR name LIKE 'front_door_%'");
		await c.query(`TRUNCATE ${[...FRONT_DOOR_ORDER, "parent_conversation", "protective_action"].join(", ")}`);
		let shown = 0;
		const result = await loadContacts(
			{ kind: "postgres", url },
			{
				contacts: size.contacts,
				years: size.years,
				seed: CONTACTS_SEED,
				today: size.today,
				minAwaitingTriage: AWAITING_TRIAGE,
				chunkContacts: 10_000,
				withoutForeignKeyChecks: true,
				onProgress: ({ contacts, of, seconds }) => {
					if (seconds - shown < 30 && contacts < of) return;
					shown = seconds;
					log(
						`front door: ${contacts.toLocaleString("en-GB")} of ${of.toLocaleString("en-GB")} contacts (${seconds.toFixed(0)} s)`,
					);
				},
			},
		);
		log(
			`front door: ${result.summary.children.toLocaleString("en-GB")} children, ` +
				`${result.rows.contact_child_event.toLocaleString("en-GB")} events in ${result.seconds.toFixed(0)} s; vacuuming`,
		);
		for (const table of FRONT_DOOR_ORDER) await c.query(`VACUUM (FREEZE, ANALYZE) ${table}`);
		// The child at the 99th percentile of history length, found once here rather than each run.
		const { rows: p99 } = await c.query<{ id: string; n: number }>(
			`WITH lengths AS (SELECT contact_child_id AS id, count(*)::int AS n FROM contact_child_event GROUP BY 1)
			 SELECT id, n FROM lengths ORDER BY n, id OFFSET (SELECT floor(0.99 * count(*)) FROM lengths) LIMIT 1`,
		);
		const seconds = (performance.now() - started) / 1000;
		await c.query(
			`INSERT INTO bench_fact (name, value) VALUES ('front_door_p99_child', $1), ('contacts_build_seconds', $2),
			   ('contacts_count', $3), ('contacts_stamp', $4)`,
			[p99[0].id, seconds.toFixed(0), String(result.summary.contacts), stampOf(size)],
		);
		log(`front door: ready in ${seconds.toFixed(0)} s`);
		return seconds;
	} finally {
		await c.end();
	}
}

export async function readFrontDoorFacts(owner: OwnerSession): Promise<FrontDoorFacts> {
	const facts = new Map(
		(await owner.query<{ name: string; value: string }>("SELECT name, value FROM bench_fact")).map((f) => [
			f.name,
			f.value,
		]),
	);
	const [team] = await owner.query<{ id: string }>(
		"SELECT id FROM team WHERE kind = 'front-door' ORDER BY name LIMIT 1",
	);
	const [waiting] = await owner.query<{ n: number }>(
		"SELECT count(*)::int AS n FROM contact_child WHERE state = 'awaiting-triage' AND team_id = $1",
		[team.id],
	);
	const p99ChildId = facts.get("front_door_p99_child") ?? "";
	const [events] = await owner.query<{ n: number }>(
		"SELECT count(*)::int AS n FROM contact_child_event WHERE contact_child_id = $1",
		[p99ChildId],
	);
	return {
		frontDoorTeamId: team.id,
		awaitingTriage: waiting.n,
		p99ChildId,
		p99Events: events.n,
		contacts: Number(facts.get("contacts_count") ?? 0),
		contactsBuildSeconds: facts.has("contacts_build_seconds") ? Number(facts.get("contacts_build_seconds")) : null,
	};
}

export const TRIAGE_QUEUE_SQL_PATH = "/_bench/triage-queue-sql";

/**
 * "The same SQL without rendering": the triage queue's own query (TriageService.queue, the
 * page's only database work) answered as JSON, for the queue page to be compared with.
 */
export function frontDoorRoutes(): NonNullable<AppOptions["extraRoutes"]> {
	return {
		access: { [`GET ${TRIAGE_QUEUE_SQL_PATH}`]: ["team-manager"] },
		register(app: FastifyInstance) {
			app.get(TRIAGE_QUEUE_SQL_PATH, async (request) => {
				const team = String((request.query as { team?: string }).team ?? "");
				// The page's filter for ?team=<id> with nothing else set. Kept as a variable, not a
				// literal, so that a filter field added on main (outOfHours) is given without
				// being an excess property here.
				const filter = { teamId: team, source: null, rag: null, outOfHours: false, page: 1, inScope: null };
				const queue = await app.services.triage.queue(filter);
				return { total: queue.total, page: QUEUE_PAGE, rows: queue.rows };
			});
		},
	};
}
