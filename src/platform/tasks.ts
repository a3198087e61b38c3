import { type Kysely, type SqlBool, sql, type Transaction } from "kysely";
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
export type TrayTask = Awaited<ReturnType<Tasks["mine"]>>["rows"][number];

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

	async open(trx: Transaction<DB>, task: NewTask, at: Date): Promise<string> {
		const { id } = await trx
			.insertInto("task")
			.values({
				kind: task.kind,
				record_type: task.recordType,
				record_id: task.recordId,
				item_id: task.itemId ?? null,
				person_id: task.personId,
				owner_team_id: task.ownerTeamId ?? null,
				owner_user_id: task.ownerUserId ?? null,
				due_at: task.dueAt,
				timescale: task.timescale,
				detail: task.detail ?? null,
				created_at: at,
				created_by: task.createdBy,
				allocated_at: task.ownerUserId ? at : null,
				allocated_by: task.ownerUserId ? task.createdBy : null,
			})
			.returning("id")
			.executeTakeFirstOrThrow();
		await trx
			.insertInto("task_event")
			.values({ task_id: id, event: "opened", at, by_user: task.createdBy, to_user: task.ownerUserId ?? null })
			.execute();
		return id;
	}

	/** Open tasks matching, for a module deciding what to open or close. */
	openFor(trx: Kysely<DB>, match: TaskMatch) {
		return this.matching(trx.selectFrom("task").select(["id", "kind", "item_id", "owner_user_id"]), match).execute();
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
		const closed = await this.matching(
			trx
				.updateTable("task")
				.set((eb) => ({ state, closed_at: at, closed_by: by, note, version: eb("version", "+", 1) })),
			match,
		)
			.returning("id")
			.execute();
		if (closed.length) {
			await trx
				.insertInto("task_event")
				.values(closed.map((t) => ({ task_id: t.id, event: state, at, by_user: by, to_user: null })))
				.execute();
		}
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

	private tray() {
		return this.db
			.selectFrom("task as t")
			.leftJoin("person as p", "p.id", "t.person_id")
			.leftJoin("app_user as o", "o.id", "t.owner_user_id")
			.leftJoin("team as tm", "tm.id", "t.owner_team_id")
			.select([
				"t.id",
				"t.kind",
				"t.record_id as recordId",
				"t.item_id as itemId",
				"t.person_id as person_id",
				"p.given_name",
				"p.family_name",
				"p.la_person_id",
				"t.due_at as dueAt",
				"t.timescale",
				"t.detail",
				"t.owner_user_id as ownerUserId",
				"o.display_name as ownerName",
				"tm.name as teamName",
				"t.version",
			])
			.where("t.state", "=", "open")
			.orderBy("t.due_at")
			.orderBy("t.id");
	}

	/** Open and overdue counts of the tasks matching, from the partial indexes. */
	private counts() {
		return this.db
			.selectFrom("task as t")
			.select([
				(eb) => eb.fn.countAll<string>().as("open"),
				sql<string>`count(*) FILTER (WHERE t.due_at < ${this.now()})`.as("overdue"),
			])
			.where("t.state", "=", "open");
	}

	/** A page of the user's open tasks, the soonest due (so the most overdue) first, and their counts. */
	async mine(userId: string, page = 1) {
		const [rows, count] = await Promise.all([
			this.tray()
				.where("t.owner_user_id", "=", userId)
				.limit(TRAY_PAGE)
				.offset((page - 1) * TRAY_PAGE)
				.execute(),
			this.counts().where("t.owner_user_id", "=", userId).executeTakeFirstOrThrow(),
		]);
		return { rows, open: Number(count.open), overdue: Number(count.overdue) };
	}

	/** The most urgent of a team's tasks nobody has been given yet, of the kinds this reader does, and how many. */
	async unallocated(teamId: string, kinds: readonly string[], limit = UNALLOCATED_SHOWN) {
		const kindList = kinds.length ? kinds : [""];
		const [rows, count] = await Promise.all([
			this.tray()
				.where("t.owner_team_id", "=", teamId)
				.where("t.owner_user_id", "is", null)
				.where("t.kind", "in", kindList)
				.limit(limit)
				.execute(),
			this.counts()
				.where("t.owner_team_id", "=", teamId)
				.where("t.owner_user_id", "is", null)
				.where("t.kind", "in", kindList)
				.executeTakeFirstOrThrow(),
		]);
		return { rows, open: Number(count.open), overdue: Number(count.overdue) };
	}

	/** A page of every open task a team holds, allocated or not, for its manager; and the counts by worker. */
	async team(teamId: string, page = 1) {
		const held = sql<SqlBool>`(t.owner_team_id = ${teamId}
			OR t.owner_user_id IN (SELECT id FROM app_user WHERE team_id = ${teamId}))`;
		const [rows, byWorker] = await Promise.all([
			this.tray()
				.where(held)
				.limit(TRAY_PAGE)
				.offset((page - 1) * TRAY_PAGE)
				.execute(),
			this.counts()
				.where(held)
				.leftJoin("app_user as w", "w.id", "t.owner_user_id")
				.select(["t.owner_user_id as ownerUserId", "w.display_name as name"])
				.groupBy(["t.owner_user_id", "w.display_name"])
				.execute(),
		]);
		return {
			rows,
			byWorker: byWorker.map((w) => ({
				ownerUserId: w.ownerUserId,
				name: w.name ?? "Not allocated",
				open: Number(w.open),
				overdue: Number(w.overdue),
			})),
		};
	}

	/** Overdue tasks held by the people a manager line-manages, most overdue first. */
	overdueOfReports(managerId: string) {
		return this.tray()
			.limit(TRAY_PAGE)
			.where("t.due_at", "<", this.now())
			.where("t.owner_user_id", "in", (eb) =>
				eb.selectFrom("app_user").select("id").where("manager_id", "=", managerId),
			)
			.execute();
	}

	/** Open and overdue counts for every team, for a senior leader. */
	async countsByTeam() {
		const now = this.now();
		return this.db
			.selectFrom("task as t")
			.leftJoin("app_user as w", "w.id", "t.owner_user_id")
			.innerJoin("team as tm", (j) => j.on(sql<SqlBool>`tm.id = coalesce(t.owner_team_id, w.team_id)`))
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
