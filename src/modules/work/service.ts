import type { Kysely } from "kysely";
import type { DB } from "../../db/schema.ts";
import { dueAt, type Timescale, timescaleById } from "../../domain/clocks/timescales.ts";
import { lateness } from "../../domain/tasks/lateness.ts";
import { type RecordAccess, withheld } from "../../platform/record-access.ts";
import type { Principal } from "../../platform/sessions.ts";
import type { ClosedTo, TaskKind, Tasks, TrayTask } from "../../platform/tasks.ts";
import type { SettingsService } from "../settings/index.ts";

/** A task as a tray row: where to do it, what it is, and how late. */
export interface TrayRow extends TrayTask {
	href: string;
	kindName: string;
	overdue: boolean;
	late: string;
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

	async myWork(reader: Principal, page = 1) {
		const [tray, calendar, timescales] = await Promise.all([
			this.tasks.myWork(reader, this.kindsFor(reader.roles), this.closedTo(reader), page),
			this.settings.calendar(),
			this.settings.activeTimescales(),
		]);
		// A report's overdue task reaches their manager once it is late by the council's escalation time.
		const escalation = timescaleById("task-escalation", timescales as Timescale[]);
		const now = this.now();
		const escalated = tray.reports.filter((t) => dueAt(escalation, t.dueAt, calendar) <= now);
		// One pass over every row shown: one restriction check, one calendar.
		const all = await this.rows([...tray.mine.rows, ...tray.unallocated.rows, ...escalated]);
		const a = tray.mine.rows.length;
		const b = a + tray.unallocated.rows.length;
		return {
			mine: { ...tray.mine, rows: all.slice(0, a) },
			unallocated: { ...tray.unallocated, rows: all.slice(a, b) },
			escalated: all.slice(b),
		};
	}

	/** A page of a team's open tasks, and how many each worker holds and has overdue. */
	async team(reader: Principal, teamId: string, page = 1) {
		const { rows, byWorker } = await this.tasks.team(teamId, this.closedTo(reader), page);
		const workers = byWorker.sort(
			(a, b) => Number(a.ownerUserId === null) - Number(b.ownerUserId === null) || a.name.localeCompare(b.name),
		);
		return { rows: await this.rows(rows), workers };
	}

	countsByTeam() {
		return this.tasks.countsByTeam();
	}

	teamName(teamId: string) {
		return this.db.selectFrom("team").select(["id", "name"]).where("id", "=", teamId).executeTakeFirst();
	}

	private closedTo(reader: Principal): ClosedTo {
		return (person) => this.recordAccess.closedTo(reader.id, person);
	}

	private async rows(tasks: TrayTask[]): Promise<TrayRow[]> {
		const calendar = await this.settings.calendar();
		const now = this.now();
		return tasks.map(withheld).map((t) => {
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
