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
export const CONTACTS_VERSION = 3;
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
		await c.query(
			"DELETE FROM bench_fact WHERE name LIKE 'contacts_%' OR name LIKE 'front_door_%' OR name = 'tasks_stamp'",
		);
		await c.query(
			`TRUNCATE ${[...FRONT_DOOR_ORDER, "parent_conversation", "protective_action", "withdrawal_request", "feedback_version"].join(", ")}`,
		);
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

/** Bump when the tasks derived below change. */
const TASKS_VERSION = 2;
/** A worker's My work page holds this many open tasks (issue 14). */
export const WORKER_TASKS = 200;
/** The front-door team's page lists this many workers (issue 14). */
export const TEAM_WORKERS = 40;

/**
 * The tasks the workflow would have opened for the synthetic front door, derived from it
 * in SQL once (stamped like the contacts): a done task for every step each closed child
 * went through, an open one for each waiting child's state and each next step not done;
 * then 40 bench workers in the front-door team, each holding open tasks, and the demo
 * practitioner holding 200.
 */
export async function ensureTasks(url: string, log: Log): Promise<void> {
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	try {
		const { rows } = await c.query<{ value: string }>("SELECT value FROM bench_fact WHERE name = 'tasks_stamp'");
		if (rows[0]?.value === String(TASKS_VERSION)) return;
		const started = performance.now();
		log("front door: deriving tasks from the synthetic history (once)");
		await c.query("TRUNCATE task_event, task");
		await c.query("DELETE FROM bench_fact WHERE name = 'tasks_stamp'");
		// The state each child is in, or went through, as the trays would have held it.
		await c.query(`
			INSERT INTO task (kind, record_type, record_id, person_id, owner_team_id, team_id, due_at, timescale,
			                  state, created_at, closed_at, note)
			SELECT k.kind, 'contact-child', cc.id, cc.person_id, cc.team_id, cc.team_id, cc.decision_due_at, 'referral-decision',
			       CASE WHEN k.open THEN 'open' ELSE 'done' END, cc.received_at,
			       CASE WHEN k.open THEN NULL ELSE coalesce(cc.closed_at, cc.state_changed_at) END, NULL
			FROM contact_child cc
			CROSS JOIN LATERAL (VALUES
			  ('front-door.triage', cc.state = 'awaiting-triage'),
			  ('front-door.decision', cc.state IN ('enquiries', 'awaiting-decision')),
			  ('front-door.sign-off', cc.state = 'awaiting-sign-off')
			) AS k (kind, open)
			WHERE cc.team_id IS NOT NULL
			  AND (k.open OR (cc.state NOT IN ('awaiting-match', 'awaiting-triage')
			                  AND NOT (k.kind = 'front-door.sign-off' AND cc.state IN ('enquiries', 'awaiting-decision'))))`);
		await c.query(`
			INSERT INTO task (kind, record_type, record_id, item_id, person_id, owner_user_id, team_id, due_at, timescale,
			                  detail, state, created_at, closed_at, closed_by)
			SELECT 'front-door.next-step', 'contact-child', s.contact_child_id, s.id, cc.person_id, s.allocated_to,
			       (SELECT u.team_id FROM app_user u WHERE u.id = s.allocated_to), s.due_at, 'urgency-one-working-day', left(s.action, 500),
			       CASE WHEN s.done_at IS NULL THEN 'open' ELSE 'done' END, s.created_at, s.done_at, s.done_by
			FROM next_step s JOIN contact_child cc ON cc.id = s.contact_child_id`);
		// Forty workers in the front-door team, each with open tasks; the demo practitioner with 200.
		const [team] = (
			await c.query<{ id: string }>("SELECT id FROM team WHERE kind = 'front-door' ORDER BY name LIMIT 1")
		).rows;
		await c.query(
			`INSERT INTO app_user (email, display_name, team_id)
			 SELECT 'bench.worker.' || n || '@bench.example', 'Bench Worker ' || lpad(n::text, 2, '0'), $1
			 FROM generate_series(1, $2::int) AS n
			 ON CONFLICT DO NOTHING`,
			[team.id, TEAM_WORKERS],
		);
		await c.query(
			`INSERT INTO user_role (user_id, role)
			 SELECT id, 'practitioner' FROM app_user WHERE email LIKE 'bench.worker.%@bench.example'
			 ON CONFLICT DO NOTHING`,
		);
		const practitioner = (
			await c.query<{ id: string }>("SELECT id FROM app_user WHERE email = 'practitioner@demo.example'")
		).rows[0];
		// Open next-step tasks on recent children: 200 for the demo practitioner, 25 for each bench worker.
		await c.query(
			`WITH owners AS (
			   SELECT $1::uuid AS id, $2::int AS n
			   UNION ALL SELECT id, 25 FROM app_user WHERE email LIKE 'bench.worker.%@bench.example'
			 ), slots AS (
			   SELECT o.id AS owner, row_number() OVER () AS slot FROM owners o, generate_series(1, o.n)
			 ), children AS (
			   SELECT id, person_id, row_number() OVER (ORDER BY received_at DESC) AS slot
			   FROM contact_child WHERE person_id IS NOT NULL
			 )
			 INSERT INTO task (kind, record_type, record_id, item_id, person_id, owner_user_id, team_id, due_at,
			                   timescale, detail, state, created_at)
			 SELECT 'front-door.next-step', 'contact-child', ch.id, gen_random_uuid(), ch.person_id, s.owner, $3,
			        $4::timestamptz + (s.slot % 72) * interval '1 hour', 'urgency-one-working-day',
			        'Check with school and health', 'open', $4::timestamptz - interval '2 days'
			 FROM slots s JOIN children ch ON ch.slot = s.slot`,
			[practitioner.id, WORKER_TASKS, team.id, new Date("2026-11-01T12:00:00Z")],
		);
		for (const table of ["task", "task_event"]) await c.query(`VACUUM (FREEZE, ANALYZE) ${table}`);
		await c.query(
			"INSERT INTO bench_fact (name, value) VALUES ('tasks_stamp', $1) ON CONFLICT (name) DO UPDATE SET value = $1",
			[String(TASKS_VERSION)],
		);
		const [{ n }] = (await c.query<{ n: string }>("SELECT count(*) AS n FROM task")).rows;
		log(
			`front door: ${Number(n).toLocaleString("en-GB")} tasks in ${((performance.now() - started) / 1000).toFixed(0)} s`,
		);
	} finally {
		await c.end();
	}
}
