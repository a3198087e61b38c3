import { sql, type Transaction } from "kysely";
import type { DB } from "../../../db/schema.ts";
import type { WorkingCalendar } from "../../../domain/calendar/working-calendar.ts";
import { dueAt, type Timescale, timescaleById } from "../../../domain/clocks/timescales.ts";
import type { State } from "../../../domain/front-door/workflow.ts";
import type { AccessLog } from "../../../platform/access-log.ts";
import { DECIDERS, FRONT_DOOR_WORKERS, MATCHERS, RECEIVERS, SIGNERS, TRIAGERS } from "../../../platform/permissions.ts";
import type { NewTask, TaskKind, Tasks } from "../../../platform/tasks.ts";
import type { SettingsService } from "../../settings/index.ts";

/** Who may be given a next step: the people who do front-door work. */
export const NEXT_STEP_WORKERS = [
	"practitioner",
	"team-manager",
	"out-of-hours",
	"early-help",
	"contact-officer",
] as const;

const child = (id: string) => `/front-door/children/${id}`;

/** The front door's tasks (ADR 23): one per state that waits on someone, and one per next step. */
export const FRONT_DOOR_TASKS = {
	"front-door.match": { name: "Match to a person", roles: MATCHERS, href: (t) => `${child(t.recordId)}/match` },
	"front-door.triage": { name: "Triage", roles: TRIAGERS, href: (t) => `${child(t.recordId)}/triage` },
	"front-door.decision": { name: "Review and decide", roles: DECIDERS, href: (t) => child(t.recordId) },
	"front-door.sign-off": {
		name: "Sign off the decision",
		roles: SIGNERS,
		href: (t) => `${child(t.recordId)}/sign-off`,
	},
	"front-door.strategy-discussion": {
		name: "Record the strategy discussion",
		roles: DECIDERS,
		href: (t) => `${child(t.recordId)}/strategy-discussion`,
	},
	"front-door.transfer": {
		name: "Accept or reject a transfer",
		roles: RECEIVERS,
		href: (t) => `/front-door/transfers/${t.itemId}`,
	},
	"front-door.enquiry": {
		name: "Chase an enquiry",
		roles: FRONT_DOOR_WORKERS,
		href: (t) => `${child(t.recordId)}/enquiries`,
	},
	"front-door.authorise-sharing": {
		name: "Authorise sharing without agreement",
		roles: DECIDERS,
		href: (t) => `${child(t.recordId)}/sharing/${t.itemId}/authorise`,
	},
	"front-door.feedback": {
		name: "Tell the referrer the outcome",
		roles: FRONT_DOOR_WORKERS,
		href: (t) => `${child(t.recordId)}/feedback`,
	},
	"front-door.first-contact": {
		name: "Make first contact with the family",
		roles: ["early-help", "team-manager", "senior-leader"],
		href: (t) => `/front-door/transfers/${t.itemId}`,
	},
	"front-door.confirm-withdrawal": {
		name: "Sign off a withdrawal",
		roles: SIGNERS,
		href: (t) => `${child(t.recordId)}/withdraw/confirm`,
	},
	"front-door.send-to-council": {
		name: "Send the referral to the other council",
		roles: DECIDERS,
		href: (t) => `${child(t.recordId)}/other-council`,
	},
	"front-door.confirm-no-conference": {
		name: "Agree no conference is needed",
		roles: SIGNERS,
		href: (t) => `${child(t.recordId)}/strategy-discussion#discussion-${t.itemId}`,
	},
	"front-door.next-step": {
		name: "Next step",
		roles: NEXT_STEP_WORKERS,
		href: (t) => `${child(t.recordId)}/next-steps/${t.itemId}`,
	},
} satisfies Record<string, TaskKind>;

export type FrontDoorTaskKind = keyof typeof FRONT_DOOR_TASKS;

/** The task each waiting state puts in someone's tray; closed and terminal states have none. */
const STATE_TASK: Partial<Record<State, FrontDoorTaskKind>> = {
	"awaiting-match": "front-door.match",
	"awaiting-triage": "front-door.triage",
	enquiries: "front-door.decision",
	"awaiting-decision": "front-door.decision",
	"awaiting-sign-off": "front-door.sign-off",
	"strategy-discussion": "front-door.strategy-discussion",
	"awaiting-transfer": "front-door.transfer",
};
const STATE_KINDS = [...new Set(Object.values(STATE_TASK))];
// Gone from the front door's hands; before triage no enquiry or sharing can exist yet.
const LEFT: readonly State[] = ["closed", "duplicate", "entered-in-error", "awaiting-transfer"];

/** The calendar and timescales in force, read before a transaction opens (one connection on PGlite). */
export interface Clocks {
	calendar: WorkingCalendar;
	timescales: readonly Timescale[];
}

/** What moving a child on needs: the log, the tasks and the clocks. */
export interface Flow {
	accessLog: AccessLog;
	tasks: Tasks;
	clocks: Clocks;
}

export async function flowOf(accessLog: AccessLog, tasks: Tasks, settings: SettingsService): Promise<Flow> {
	const [calendar, timescales] = await Promise.all([settings.calendar(), settings.activeTimescales()]);
	return { accessLog, tasks, clocks: { calendar, timescales } };
}

interface ChildRow {
	id: string;
	state: State;
	person_id: string | null;
	team_id: string | null;
	received_at: Date;
	decision_due_at: Date;
	state_changed_at: Date;
}

/**
 * Keeps the child's state task in step with its state, inside the transaction that
 * moved it: the task of the state it left is done, the new state's is opened. A task
 * is never left open once the child has moved past its work.
 */
export async function syncStateTask(
	trx: Transaction<DB>,
	flow: Flow,
	c: ChildRow,
	at: Date,
	by: string | null,
	from?: State,
	also: readonly NewTask[] = [],
) {
	const want = STATE_TASK[c.state];
	if (LEFT.includes(c.state)) {
		// Gone from the front door: chasing answers and authorisations ends with it.
		await flow.tasks.cancel(
			trx,
			{ recordId: c.id, kinds: ["front-door.enquiry", "front-door.authorise-sharing"] },
			by,
			at,
			"The child left the front door before this was done.",
		);
	}
	// A step that leaves the child where it was has its task open already: nothing to work out.
	const task = want && from !== c.state ? await stateTask(trx, flow.clocks, c, want, from) : null;
	const stale = STATE_KINDS.filter((k) => k !== want);
	await flow.tasks.sync(trx, { recordId: c.id, kinds: stale }, task && { ...task, createdBy: by }, by, at, also);
}

/**
 * For a change that writes the rows a state's task is due from (a decision, a transfer)
 * after moving the child on: opens the task `transition` could not yet, at the end of
 * the same transaction.
 */
export async function settle(trx: Transaction<DB>, flow: Flow, childId: string, at: Date, by: string | null) {
	const c = await trx.selectFrom("contact_child").selectAll().where("id", "=", childId).executeTakeFirstOrThrow();
	await syncStateTask(trx, flow, c, at, by);
}

async function stateTask(
	trx: Transaction<DB>,
	clocks: Clocks,
	c: ChildRow,
	kind: FrontDoorTaskKind,
	from?: State,
): Promise<Omit<NewTask, "createdBy"> | null> {
	const base = { kind, recordType: "contact-child", recordId: c.id, personId: c.person_id, ownerTeamId: c.team_id };
	const due = (timescale: string, from: Date) => ({
		dueAt: dueAt(timescaleById(timescale, clocks.timescales), from, clocks.calendar),
		timescale,
	});
	switch (kind) {
		case "front-door.match":
		case "front-door.triage":
			return c.team_id ? { ...base, ...due("triage-same-working-day", c.received_at) } : null;
		case "front-door.decision": {
			if (!c.team_id) return null;
			// A child just matched or triaged has had no decision, so none can have been returned.
			if (from === "awaiting-match" || from === "awaiting-triage") {
				return { ...base, dueAt: c.decision_due_at, timescale: "referral-decision" };
			}
			// A decision a manager returned goes back to the one who made it, with the reason.
			const latest = await trx
				.selectFrom("decision as d")
				.leftJoin("app_user as r", "r.id", "d.returned_by")
				.select(["d.decided_by", "d.returned_at", "d.return_reason", "r.display_name"])
				.where("d.contact_child_id", "=", c.id)
				.orderBy("d.decided_at", "desc")
				.orderBy(sql`d.returned_at IS NULL`, "desc")
				.executeTakeFirst();
			const returned = latest?.returned_at ? latest : undefined;
			return {
				...base,
				dueAt: c.decision_due_at,
				timescale: "referral-decision",
				...(returned && c.state === "awaiting-decision"
					? {
							ownerUserId: returned.decided_by,
							detail: `Returned by ${returned.display_name}: ${returned.return_reason}`.slice(0, 500),
						}
					: {}),
			};
		}
		case "front-door.sign-off": {
			const decision = await trx
				.selectFrom("decision")
				.select(["sign_off_due_at", "out_of_hours_alone"])
				.where("contact_child_id", "=", c.id)
				.where("returned_at", "is", null)
				.orderBy("decided_at", "desc")
				.executeTakeFirst();
			// Moved on before the decision row was written: `settle` opens it once it is.
			if (!decision) return null;
			const timescale = decision.out_of_hours_alone ? "out-of-hours-sign-off" : "decision-sign-off";
			return c.team_id ? { ...base, dueAt: decision.sign_off_due_at, timescale } : null;
		}
		case "front-door.strategy-discussion":
			return c.team_id ? { ...base, ...due("strategy-discussion-held", c.state_changed_at) } : null;
		case "front-door.transfer": {
			const transfer = await trx
				.selectFrom("transfer")
				.select(["id", "to_team_id", "sent_at"])
				.where("contact_child_id", "=", c.id)
				.where("responded_at", "is", null)
				.orderBy("sent_at", "desc")
				.executeTakeFirst();
			if (!transfer) return null;
			return {
				...base,
				itemId: transfer.id,
				ownerTeamId: transfer.to_team_id,
				...due("transfer-response", transfer.sent_at),
			};
		}
		default:
			// Not a state's task: opened by the action it belongs to.
			return null;
	}
}
