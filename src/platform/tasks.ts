import { type Kysely, type RawBuilder, type SqlBool, sql, type Transaction } from "kysely";
import { preparedSql } from "../db/prepared.ts";
import type { DB } from "../db/schema.ts";
import type { AccessLog } from "./access-log.ts";
import { NotFound, Refused, StaleEdit } from "./errors.ts";
import type { Role } from "./roles.ts";
import type { Principal } from "./sessions.ts";
import { staffWith } from "./staff.ts";

/**
 * A kind of task a module opens, declared in its manifest (ADR 23): what a worker reads,
 * who may do it, and the page where it is done.
 */
export interface TaskKind {
	name: string;
	/** Roles that do it: a team's unallocated task shows to these, and is allocated only to these. */
	roles: readonly Role[];
	href(task: { recordId: string; itemId: string | null }): string;
}

export interface NewTask {
	kind: string;
	recordType: string;
	recordId: string;
	itemId?: string | null;
	personId: string | null;
	ownerTeamId?: string | null;
	ownerUserId?: string | null;
	dueAt: Date;
	timescale: string;
	detail?: string | null;
	createdBy: string | null;
}

/** Which open tasks an action closes: those on a record, of some kinds, or about one item. */
export interface TaskMatch {
	recordId: string;
	kinds?: readonly string[];
	itemId?: string;
}

/** A task as the trays show it. */
export interface TrayTask {
	id: string;
	kind: string;
	recordId: string;
	itemId: string | null;
	person_id: string | null;
	given_name: string | null;
	family_name: string | null;
	la_person_id: string | null;
	dueAt: Date;
	timescale: string;
	detail: string | null;
	ownerUserId: string | null;
	ownerName: string | null;
	/** Held by a team, so its manager may give it to one of the team: not a task for a named person. */
	allocatable: boolean;
	version: number;
	/** The reader may not open the child's record: the trays withhold the name. */
	restricted: boolean;
}

/** A tray row as the statements below write it in JSON. */
interface TrayJson {
	id: string;
	kind: string;
	record_id: string;
	item_id: string | null;
	person_id: string | null;
	given_name: string | null;
	family_name: string | null;
	la_person_id: string | null;
	due_at: string;
	timescale: string;
	detail: string | null;
	owner_user_id: string | null;
	owner_name: string | null;
	allocatable: boolean;
	version: number;
	restricted: boolean;
}

/** The columns a new task fills, in the order `taskValues` gives them. */
const TASK_COLUMNS = sql.raw(`kind, record_type, record_id, item_id, person_id, owner_team_id, team_id, owner_user_id,
	due_at, timescale, detail, created_at, created_by, allocated_at, allocated_by`);

/**
 * A new task's values. A named user's task is overseen by their team's manager: the team
 * they are in now.
 */
function taskValues(task: NewTask, at: Date) {
	const team = task.ownerTeamId ?? null;
	const owner = task.ownerUserId ?? null;
	return sql`${task.kind}::text, ${task.recordType}::text, ${task.recordId}::uuid, ${task.itemId ?? null}::uuid,
		${task.personId}::uuid, ${team}::uuid,
		coalesce(${team}::uuid, (SELECT team_id FROM app_user WHERE id = ${owner}::uuid)),
		${owner}::uuid, ${task.dueAt}::timestamptz, ${task.timescale}::text, ${task.detail ?? null}::text,
		${at}::timestamptz, ${task.createdBy}::uuid, ${owner ? at : null}::timestamptz,
		${owner ? task.createdBy : null}::uuid`;
}

/** Whether the reader may not open this person's record (RecordAccess.closedTo), as SQL. */
export type ClosedTo = (person: RawBuilder<unknown>) => RawBuilder<SqlBool>;

/**
 * A page of open tasks as JSON tray rows, soonest due first: the tasks are chosen and
 * limited first, then the child and owner are looked up for those rows alone, so no plan
 * ever joins the whole person table. `restricted` says the name must be withheld from this
 * reader, so a tray needs no second query.
 */
function trayPage(closed: ClosedTo, where: RawBuilder<unknown>, limit: number, offset = 0) {
	// The first page, which nearly every request asks for, has no OFFSET: a generic plan
	// cannot know a parameter's offset and prices it as a tenth of the rows, which kept
	// PostgreSQL planning the statement afresh on every request.
	const skip = offset > 0 ? sql`OFFSET ${offset}` : sql``;
	return sql`(SELECT coalesce(json_agg(r ORDER BY r.due_at, r.id), '[]') FROM (
		SELECT t.id, t.kind, t.record_id, t.item_id, t.person_id, p.given_name, p.family_name, p.la_person_id,
		       t.due_at, t.timescale, t.detail, t.owner_user_id, o.display_name AS owner_name,
		       t.owner_team_id IS NOT NULL AS allocatable, t.version,
		       t.person_id IS NOT NULL AND ${closed(sql.ref("t.person_id"))} AS restricted
		FROM (SELECT * FROM task t WHERE t.state = 'open' AND ${where}
		      ORDER BY t.due_at, t.id LIMIT ${sql.lit(limit)} ${skip}) t
		LEFT JOIN person p ON p.id = t.person_id
		LEFT JOIN app_user o ON o.id = t.owner_user_id) r)`;
}

interface MyWorkRow {
	mine_open: string | number;
	mine_overdue: string | number;
	waiting_open: string | number;
	waiting_overdue: string | number;
	mine: TrayJson[];
	waiting: TrayJson[];
	reports: TrayJson[];
}

interface TeamRow {
	tasks: TrayJson[];
	workers: { owner_user_id: string | null; name: string | null; open: number; overdue: number }[];
}

function trayTasks(rows: TrayJson[]): TrayTask[] {
	return rows.map((r) => ({
		id: r.id,
		kind: r.kind,
		recordId: r.record_id,
		itemId: r.item_id,
		person_id: r.person_id,
		given_name: r.given_name,
		family_name: r.family_name,
		la_person_id: r.la_person_id,
		dueAt: new Date(r.due_at),
		timescale: r.timescale,
		detail: r.detail,
		ownerUserId: r.owner_user_id,
		ownerName: r.owner_name,
		allocatable: r.allocatable,
		version: r.version,
		restricted: r.restricted,
	}));
}

/** Who may allocate a team's task: its managers, and senior leaders for any team. */
export const ALLOCATORS: readonly Role[] = ["team-manager", "senior-leader"];
/** Tasks on one page of a tray: a worker with 200 open tasks pages through them, most urgent first. */
export const TRAY_PAGE = 25;
/** The team's unallocated tasks shown on a worker's own page; the team page lists them all. */
export const UNALLOCATED_SHOWN = 5;

/**
 * Tasks (ADR 23): opened and closed by modules inside the transactions of the actions
 * that cause and finish them, allocated by managers, read by the work trays.
 */
export class Tasks {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
	) {}

	/**
	 * Opens tasks, with their "opened" events, in one statement: a step that causes several
	 * (a triage's next steps) pays one round trip, not two per task.
	 */
	async open(trx: Transaction<DB>, tasks: NewTask | readonly NewTask[], at: Date): Promise<void> {
		const list = Array.isArray(tasks) ? tasks : [tasks as NewTask];
		if (!list.length) return;
		await sql`
			WITH opened AS (
			  INSERT INTO task (${TASK_COLUMNS})
			  ${sql.join(
					list.map((task) => sql`SELECT ${taskValues(task, at)}`),
					sql` UNION ALL `,
				)}
			  RETURNING id, created_by, owner_user_id
			)
			INSERT INTO task_event (task_id, event, at, by_user, to_user)
			SELECT id, 'opened', ${at}::timestamptz, created_by, owner_user_id FROM opened`.execute(trx);
	}

	/**
	 * Keeps a record's tasks in step with where it is, in one statement: the open tasks
	 * matching `stale` are done, and `wanted` is opened unless a task of its kind is
	 * already open on the record. A move pays one round trip for its tasks, not four.
	 */
	async sync(
		trx: Transaction<DB>,
		stale: TaskMatch,
		wanted: NewTask | null,
		by: string | null,
		at: Date,
		also: readonly NewTask[] = [],
	) {
		const kinds = stale.kinds ?? [];
		// The state's task unless one of its kind is open; then whatever else the step opens.
		const rows = [
			...(wanted
				? [
						sql`SELECT ${taskValues(wanted, at)} WHERE NOT EXISTS (SELECT 1 FROM task
						      WHERE record_id = ${wanted.recordId}::uuid AND state = 'open' AND kind = ${wanted.kind}::text)`,
					]
				: []),
			...also.map((task) => sql`SELECT ${taskValues(task, at)}`),
		];
		const opening = rows.length
			? sql.join(rows, sql` UNION ALL `)
			: sql`SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE false`;
		await sql`
			WITH closed AS (
			  UPDATE task SET state = 'done', closed_at = ${at}, closed_by = ${by}, version = version + 1
			  WHERE record_id = ${stale.recordId} AND state = 'open' AND kind = ANY(${kinds}::text[])
			  RETURNING id
			), opened AS (
			  INSERT INTO task (${TASK_COLUMNS})
			  ${opening}
			  RETURNING id, created_by, owner_user_id
			)
			INSERT INTO task_event (task_id, event, at, by_user, to_user)
			SELECT id, 'done', ${at}::timestamptz, ${by}::uuid, NULL::uuid FROM closed
			UNION ALL
			SELECT id, 'opened', ${at}::timestamptz, created_by, owner_user_id FROM opened`.execute(trx);
	}

	/** Marks the matching open tasks done: the work they asked for has been done. */
	async done(trx: Transaction<DB>, match: TaskMatch, by: string | null, at: Date, note: string | null = null) {
		return this.finish(trx, match, "done", by, at, note);
	}

	/** Cancels the matching open tasks with the reason: the work is no longer wanted. */
	async cancel(trx: Transaction<DB>, match: TaskMatch, by: string | null, at: Date, reason: string) {
		return this.finish(trx, match, "cancelled", by, at, reason);
	}

	private async finish(
		trx: Transaction<DB>,
		match: TaskMatch,
		state: "done" | "cancelled",
		by: string | null,
		at: Date,
		note: string | null,
	): Promise<number> {
		// The tasks and their closing events in one statement.
		const closed = await trx
			.with("closed", (db) =>
				this.matching(
					db
						.updateTable("task")
						.set((eb) => ({ state, closed_at: at, closed_by: by, note, version: eb("version", "+", 1) })),
					match,
				).returning("id"),
			)
			.insertInto("task_event")
			.columns(["task_id", "event", "at", "by_user", "to_user"])
			.expression((eb) =>
				eb
					.selectFrom("closed")
					.select([
						"id",
						sql<string>`${state}::text`.as("event"),
						sql<Date>`${at}::timestamptz`.as("at"),
						sql<string | null>`${by}::uuid`.as("by_user"),
						sql<null>`NULL::uuid`.as("to_user"),
					]),
			)
			.returning("task_id")
			.execute();
		return closed.length;
	}

	// biome-ignore lint/suspicious/noExplicitAny: shared by a select and an update on the same table
	private matching<Q extends { where: any }>(q: Q, match: TaskMatch): Q {
		let out = q.where("record_id", "=", match.recordId).where("state", "=", "open");
		if (match.kinds) out = match.kinds.length ? out.where("kind", "in", match.kinds) : out.where(sql`false`);
		if (match.itemId) out = out.where("item_id", "=", match.itemId);
		return out;
	}

	async get(id: string) {
		const row = await this.db
			.selectFrom("task as t")
			.leftJoin("app_user as a", "a.id", "t.allocated_by")
			.selectAll("t")
			.select("a.display_name as allocated_by_name")
			.where("t.id", "=", id)
			.executeTakeFirst();
		if (!row) throw new NotFound("Task");
		return row;
	}

	/**
	 * Gives a team's task to one of its workers, or moves it to another. The form's
	 * version decides a race: the second manager is told who allocated it and when.
	 */
	async allocate(
		id: string,
		toUserId: string,
		expectedVersion: number,
		kind: TaskKind,
		actor: Principal,
		requestId: string,
	): Promise<void> {
		const at = this.now();
		await this.db.transaction().execute(async (trx) => {
			const task = await trx.selectFrom("task").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
			if (!task) throw new NotFound("Task");
			if (task.version !== expectedVersion) {
				const by = task.allocated_by ?? task.closed_by;
				const name = by
					? (await trx.selectFrom("app_user").select("display_name").where("id", "=", by).executeTakeFirst())
							?.display_name
					: null;
				throw new StaleEdit(name ?? "Someone else", task.allocated_at ?? task.closed_at ?? at);
			}
			if (task.state !== "open") throw new Refused("task-closed", "This task is no longer open.");
			if (!mayAllocate(actor, task.owner_team_id)) {
				throw new Refused("not-your-team", "Only a manager of the team that holds this task may allocate it.");
			}
			const worker = await staffWith(trx, kind.roles)
				.select(["u.id", "u.team_id"])
				.where("u.id", "=", toUserId)
				.executeTakeFirst();
			if (!worker) throw new Refused("not-a-worker", "Select someone who does this kind of work");
			// A team's task stays with the team: the page lists only its members, and a forged
			// form must not hand the work to someone whose manager would never see it.
			if (task.owner_team_id && worker.team_id !== task.owner_team_id) {
				throw new Refused("not-in-team", "Select someone in the team that holds this task");
			}
			await trx
				.updateTable("task")
				.set({ owner_user_id: worker.id, allocated_at: at, allocated_by: actor.id, version: task.version + 1 })
				.where("id", "=", id)
				.execute();
			await trx
				.insertInto("task_event")
				.values({ task_id: id, event: "allocated", at, by_user: actor.id, to_user: worker.id })
				.execute();
			await this.accessLog.change(trx, {
				userId: actor.id,
				role: actor.roles.join(","),
				action: "update",
				recordType: "task",
				recordId: id,
				personId: task.person_id,
				requestId,
				before: { ownerUserId: task.owner_user_id },
				after: { ownerUserId: worker.id },
			});
		});
	}

	/**
	 * Everything on a user's home page in one prepared statement (ADR 15): a page of their
	 * tasks and its counts, the team's most urgent unallocated tasks of the kinds they do
	 * and how many, and the overdue tasks of the people they line-manage. Its text never
	 * changes, so PostgreSQL parses and plans it once per connection.
	 */
	async myWork(reader: { id: string; teamId: string | null }, kinds: readonly string[], closed: ClosedTo, page = 1) {
		const now = this.now();
		const offset = (page - 1) * TRAY_PAGE;
		const theirs = sql`t.owner_user_id = ${reader.id}`;
		const waiting = sql`t.owner_user_id IS NULL AND t.owner_team_id = ${reader.teamId}::uuid
			AND t.kind = ANY(${kinds}::text[])`;
		const reports = sql`t.due_at < ${now}
			AND t.owner_user_id IN (SELECT id FROM app_user WHERE manager_id = ${reader.id})`;
		const { rows } = await this.db.executeQuery<MyWorkRow>(
			preparedSql(
				this.db,
				sql`SELECT mine.open AS mine_open, mine.overdue AS mine_overdue,
				       waiting.open AS waiting_open, waiting.overdue AS waiting_overdue,
				       ${trayPage(closed, theirs, TRAY_PAGE, offset)} AS mine,
				       ${trayPage(closed, waiting, UNALLOCATED_SHOWN)} AS waiting,
				       ${trayPage(closed, reports, TRAY_PAGE)} AS reports
				FROM (SELECT count(*) AS open, count(*) FILTER (WHERE t.due_at < ${now}) AS overdue
				      FROM task t WHERE t.state = 'open' AND ${theirs}) mine,
				     (SELECT count(*) AS open, count(*) FILTER (WHERE t.due_at < ${now}) AS overdue
				      FROM task t WHERE t.state = 'open' AND ${waiting}) waiting`,
			),
		);
		const row = rows[0];
		return {
			mine: { rows: trayTasks(row.mine), open: Number(row.mine_open), overdue: Number(row.mine_overdue) },
			unallocated: {
				rows: trayTasks(row.waiting),
				open: Number(row.waiting_open),
				overdue: Number(row.waiting_overdue),
			},
			/** Overdue with the user's reports, most overdue first: the caller applies the escalation time. */
			reports: trayTasks(row.reports),
		};
	}

	/**
	 * A page of every open task a team oversees, allocated or not, for its manager, and how
	 * many each worker holds and has overdue: one prepared statement, from one index.
	 */
	async team(teamId: string, closed: ClosedTo, page = 1) {
		const { rows } = await this.db.executeQuery<TeamRow>(
			preparedSql(
				this.db,
				sql`SELECT
				  ${trayPage(closed, sql`t.team_id = ${teamId}`, TRAY_PAGE, (page - 1) * TRAY_PAGE)} AS tasks,
				  (SELECT coalesce(json_agg(w), '[]') FROM (
				     SELECT c.owner_user_id, u.display_name AS name, c.open, c.overdue
				     FROM (SELECT owner_user_id, count(*) AS open, count(*) FILTER (WHERE due_at < ${this.now()}) AS overdue
				           FROM task WHERE state = 'open' AND team_id = ${teamId} GROUP BY owner_user_id) c
				     LEFT JOIN app_user u ON u.id = c.owner_user_id) w) AS workers`,
			),
		);
		const row = rows[0];
		return {
			rows: trayTasks(row.tasks),
			byWorker: row.workers.map((w) => ({
				ownerUserId: w.owner_user_id,
				name: w.name ?? "Not allocated",
				open: Number(w.open),
				overdue: Number(w.overdue),
			})),
		};
	}

	/** Open and overdue counts for every team, for a senior leader. */
	async countsByTeam() {
		const now = this.now();
		return this.db
			.selectFrom("task as t")
			.innerJoin("team as tm", "tm.id", "t.team_id")
			.select([
				"tm.id",
				"tm.name",
				(eb) => eb.fn.countAll<string>().as("open"),
				sql<string>`count(*) FILTER (WHERE t.due_at < ${now})`.as("overdue"),
				sql<string>`count(*) FILTER (WHERE t.owner_user_id IS NULL)`.as("unallocated"),
			])
			.where("t.state", "=", "open")
			.groupBy(["tm.id", "tm.name"])
			.orderBy("tm.name")
			.execute();
	}

	/** Enabled users of a team who may do tasks of this kind: whom a manager may allocate to. */
	workers(teamId: string, kind: TaskKind) {
		return staffWith(this.db, kind.roles)
			.select(["u.id", "u.display_name"])
			.where("u.team_id", "=", teamId)
			.orderBy("u.display_name")
			.execute();
	}
}

/** A team manager allocates their own team's tasks; a senior leader any team's. */
export function mayAllocate(actor: Pick<Principal, "roles" | "teamId">, teamId: string | null): boolean {
	if (actor.roles.includes("senior-leader")) return true;
	return actor.roles.includes("team-manager") && teamId !== null && actor.teamId === teamId;
}
