import type { Kysely } from "kysely";
import type { DB } from "../../db/schema.ts";
import { dueAt, type Timescale, timescaleById } from "../../domain/clocks/timescales.ts";
import { lateness } from "../../domain/tasks/lateness.ts";
import type { RecordAccess } from "../../platform/record-access.ts";
import type { Principal } from "../../platform/sessions.ts";
import type { TaskKind, Tasks, TrayTask } from "../../platform/tasks.ts";
import type { SettingsService } from "../settings/index.ts";

/** A task as a tray row: where to do it, what it is, and how late. */
export interface TrayRow extends TrayTask {
	href: string;
	kindName: string;
	overdue: boolean;
	late: string;
	restricted: boolean;
}

/**
 * The work trays (ADR 23): each user's tasks, their teams' unallocated work, what has
 * been escalated to them as a manager, and a manager's view of the team.
 */
export class WorkService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly tasks: Tasks,
		private readonly kinds: Readonly<Record<string, TaskKind>>,
		private readonly settings: SettingsService,
		private readonly recordAccess: RecordAccess,
		private readonly now: () => Date,
	) {}

	/** The kinds of task any of these roles does. */
	kindsFor(roles: readonly string[]): string[] {
		return Object.entries(this.kinds)
			.filter(([, k]) => k.roles.some((r) => roles.includes(r)))
			.map(([kind]) => kind);
	}

	kind(kind: string): TaskKind | undefined {
		return this.kinds[kind];
	}

	async myWork(reader: Principal) {
		const [mine, unallocated, escalated] = await Promise.all([
			this.tasks.mine(reader.id),
			reader.teamId ? this.tasks.unallocated(reader.teamId, this.kindsFor(reader.roles)) : [],
			this.escalatedTo(reader.id),
		]);
		return {
			mine: await this.rows(reader, mine),
			unallocated: await this.rows(reader, unallocated),
			escalated: await this.rows(reader, escalated),
		};
	}

	/** A team's open tasks, and how many each worker holds and has overdue. */
	async team(reader: Principal, teamId: string) {
		const rows = await this.rows(reader, await this.tasks.team(teamId));
		const byWorker = new Map<string, { name: string; open: number; overdue: number }>();
		for (const r of rows) {
			const key = r.ownerUserId ?? "";
			const w = byWorker.get(key) ?? { name: r.ownerName ?? "Not allocated", open: 0, overdue: 0 };
			w.open++;
			if (r.overdue) w.overdue++;
			byWorker.set(key, w);
		}
		const workers = [...byWorker.values()].sort(
			(a, b) => Number(a.name === "Not allocated") - Number(b.name === "Not allocated") || a.name.localeCompare(b.name),
		);
		return { rows, workers };
	}

	countsByTeam() {
		return this.tasks.countsByTeam();
	}

	teamName(teamId: string) {
		return this.db.selectFrom("team").select(["id", "name"]).where("id", "=", teamId).executeTakeFirst();
	}

	/**
	 * Tasks of the people this user line-manages that are overdue by more than the
	 * council's escalation time: they appear on the manager's tray as well as the owner's.
	 */
	private async escalatedTo(managerId: string) {
		const [overdue, calendar, timescales] = await Promise.all([
			this.tasks.overdueOfReports(managerId),
			this.settings.calendar(),
			this.settings.activeTimescales(),
		]);
		const escalation = timescaleById("task-escalation", timescales as Timescale[]);
		const now = this.now();
		return overdue.filter((t) => dueAt(escalation, t.dueAt, calendar) <= now);
	}

	private async rows(reader: Principal, tasks: TrayTask[]): Promise<TrayRow[]> {
		const calendar = await this.settings.calendar();
		const now = this.now();
		const shown = await this.recordAccess.withholdRestricted(reader, tasks);
		return shown.map((t) => {
			const kind = this.kinds[t.kind];
			const late = lateness(t.dueAt, now, calendar);
			return {
				...t,
				href: kind?.href({ recordId: t.recordId, itemId: t.itemId }) ?? "/",
				kindName: kind?.name ?? t.kind,
				overdue: late.overdue,
				late: late.overdue ? `${late.clock} late${late.working ? ` (${late.working})` : ""}` : "",
			};
		});
	}
}
