import type { Selectable, Transaction, Updateable } from "kysely";
import type { ContactChild, DB } from "../../../db/schema.ts";
import { type Event, isOpen, next, type State } from "../../../domain/front-door/workflow.ts";
import type { AccessLog } from "../../../platform/access-log.ts";
import { NotFound, Refused } from "../../../platform/errors.ts";
import { formatDateTime } from "../../../platform/format.ts";
import { DECIDERS, TRIAGERS } from "../../../platform/permissions.ts";
import type { Acting, Doer } from "../../../platform/requests.ts";
import { isUuid } from "../../../platform/requests.ts";
import { isRole, type Role } from "../../../platform/roles.ts";
import { enforce, rules } from "../../../platform/rules.ts";
import type { NewTask } from "../../../platform/tasks.ts";
import { type Flow, syncStateTask } from "./tasks.ts";

/** Someone else moved the child on after this form was loaded. */
export class ChildChanged extends Refused {
	constructor(
		readonly changedBy: string | null,
		readonly changedAt: Date,
		readonly what: string,
	) {
		super(
			"changed-by-someone-else",
			`${changedBy ?? "Someone else"} ${what} on ${formatDateTime(changedAt)} while you were working on it: what you entered was not saved. Check the record before you go on.`,
		);
	}
}

const EVENT_WORDS: Record<string, string> = {
	recorded: "recorded the contact",
	match: "matched the child",
	triage: "triaged this child",
	"mark-duplicate": "marked this as a duplicate",
	"enter-in-error": "marked this as entered in error",
	review: "reviewed the recommendation",
	decide: "recorded the decision",
	"sign-off": "signed off the decision",
	"return-decision": "returned the decision to be made again",
	"hold-strategy-discussion": "recorded the strategy discussion",
	"accept-transfer": "accepted the transfer",
	"reject-transfer": "rejected the transfer",
	enquiry: "recorded an enquiry to an agency",
	"enquiry-answered": "recorded an agency's answer",
	"parent-conversation": "recorded speaking to a parent or carer",
	"information-sharing": "recorded agreement to share information",
	feedback: "recorded feedback to the referrer",
	"first-contact": "recorded early help's first contact with the family",
	"conference-not-required": "recorded that a child protection conference is not required",
	"conference-not-required-asked": "asked a manager to agree that a child protection conference is not required",
	"conference-not-required-agreed": "agreed that a child protection conference is not required",
	"conference-not-required-refused": "refused to agree that a child protection conference is not required",
	"next-step-done": "recorded a next step done",
	"withdrawal-requested": "asked a manager to sign off withdrawing this child",
	"withdrawal-refused": "refused to withdraw this child",
	"sharing-authorised": "confirmed the authorisation of sharing without agreement",
	"sharing-refused": "refused to authorise sharing without agreement",
	"next-step-cancelled": "cancelled a next step",
	"sent-to-council": "recorded the referral sent to the other council",
};

// The steps that decide a child's response, each with the day-team roles that may take it:
// an out-of-hours duty worker takes them only while the day teams are closed (ADR 28).
const DAY_TEAM_STEPS: Partial<Record<Event["type"], readonly Role[]>> = {
	triage: TRIAGERS,
	review: DECIDERS,
	decide: DECIDERS,
	"hold-strategy-discussion": DECIDERS,
};

/** The roles of whoever is acting: the signed-in user's, or those the log names (a partner's key has none). */
function rolesOf(acting: Acting): readonly Role[] {
	const actor = (acting as Partial<Doer>).actor;
	if (actor) return actor.roles;
	return (acting.role ?? "").split(",").filter(isRole);
}

const TERMINAL: State[] = ["closed", "duplicate", "entered-in-error"];
// The front door's work on a child ends here: its next steps must be finished first.
const LEAVES_THE_FRONT_DOOR: State[] = ["closed", "awaiting-transfer"];

// A withdrawn child (a duplicate, or entered in error) has no work left to do.
const WITHDRAWN: State[] = ["duplicate", "entered-in-error"];

async function cancelOpenSteps(
	trx: Transaction<DB>,
	flow: Flow,
	childId: string,
	at: Date,
	by: string | null,
	to: State,
) {
	const reason =
		to === "duplicate"
			? "The child was withdrawn from the front door as a duplicate."
			: "The child was withdrawn from the front door as entered in error.";
	const cancelled = await trx
		.updateTable("next_step")
		.set({ cancelled_at: at, cancelled_by: by, cancel_reason: reason })
		.where("contact_child_id", "=", childId)
		.where("done_at", "is", null)
		.where("cancelled_at", "is", null)
		.returning("id")
		.execute();
	if (cancelled.length) {
		await flow.tasks.cancel(trx, { recordId: childId, kinds: ["front-door.next-step"] }, by, at, reason);
	}
}

/** A child leaves the front door only when every next step is done or cancelled, each by someone named. */
async function refuseWithOpenSteps(trx: Transaction<DB>, childId: string) {
	const open = await trx
		.selectFrom("next_step as s")
		.innerJoin("app_user as u", "u.id", "s.allocated_to")
		.select(["s.action", "u.display_name"])
		.where("s.contact_child_id", "=", childId)
		.where("s.done_at", "is", null)
		.where("s.cancelled_at", "is", null)
		.execute();
	if (!open.length) return;
	const list = open.map((s) => `"${s.action}" (${s.display_name})`).join(", ");
	throw new Refused(
		"next-steps-open",
		`${open.length === 1 ? "A next step is" : `${open.length} next steps are`} still open: ${list}. Each must be recorded done, or cancelled by a manager with a reason, before the child leaves the front door.`,
	);
}

/**
 * Moves one child on a contact through the workflow inside the caller's transaction:
 * locks the row, checks the version the form was loaded at, asks the pure state
 * machine, then writes the new state, the history event and the access-log change.
 * An out-of-hours worker's triage, review or decision in office hours is refused first.
 * Anything refused throws before a row is written.
 */
export async function transition(
	trx: Transaction<DB>,
	flow: Flow,
	at: Date,
	args: {
		childId: string;
		event: Event;
		acting: Acting;
		expectedVersion?: number;
		set?: Updateable<ContactChild>;
		detail?: Record<string, unknown>;
		/** Tasks the step opens besides the new state's (a triage's next steps), in the same statement. */
		alsoOpen?: (after: Selectable<ContactChild>) => NewTask[];
	},
) {
	const dayRoles = DAY_TEAM_STEPS[args.event.type];
	if (dayRoles) enforce(rules.outOfHoursWorkerWhenClosed(rolesOf(args.acting), dayRoles, at, flow.clocks.calendar));
	const child = await lockChild(trx, args.childId);
	if (args.expectedVersion !== undefined && child.version !== args.expectedVersion) {
		const last = await trx
			.selectFrom("contact_child_event as e")
			.leftJoin("app_user as u", "u.id", "e.by_user")
			.select(["e.event", "e.at", "u.display_name"])
			.where("e.contact_child_id", "=", child.id)
			.orderBy("e.id", "desc")
			.executeTakeFirstOrThrow();
		throw new ChildChanged(last.display_name, last.at, EVENT_WORDS[last.event] ?? "changed this child");
	}
	const step = next(child.state, args.event);
	if (!step.ok) throw new Refused(step.code, step.message);
	if (LEAVES_THE_FRONT_DOOR.includes(step.to)) await refuseWithOpenSteps(trx, child.id);
	if (WITHDRAWN.includes(step.to)) await cancelOpenSteps(trx, flow, child.id, at, args.acting.userId, step.to);
	const after = await trx
		.updateTable("contact_child")
		.set({
			...args.set,
			state: step.to,
			state_changed_at: at,
			version: child.version + 1,
			closed_at: isOpen(step.to) ? null : at,
		})
		.where("id", "=", child.id)
		.returningAll()
		.executeTakeFirstOrThrow();
	await trx
		.insertInto("contact_child_event")
		.values({
			contact_child_id: child.id,
			event: args.event.type,
			from_state: child.state,
			to_state: step.to,
			at,
			by_user: args.acting.userId,
			by_api_key: args.acting.apiKeyId ?? null,
			detail: args.detail ? JSON.stringify(args.detail) : null,
		})
		.execute();
	await flow.accessLog.change(trx, {
		userId: args.acting.userId,
		apiKeyId: args.acting.apiKeyId,
		role: args.acting.role,
		action: "update",
		recordType: "contact-child",
		recordId: child.id,
		personId: after.person_id,
		requestId: args.acting.requestId,
		detail: { event: args.event.type },
		before: child,
		after,
	});
	if (!isOpen(step.to)) await closeContactWhenDone(trx, child.contact_id, at);
	await syncStateTask(trx, flow, after, at, args.acting.userId, child.state, args.alsoOpen?.(after));
	return { before: child, after };
}

/** A contact is closed when every child on it is. */
async function closeContactWhenDone(trx: Transaction<DB>, contactId: string, at: Date) {
	const open = await trx
		.selectFrom("contact_child")
		.select("id")
		.where("contact_id", "=", contactId)
		.where("state", "not in", TERMINAL)
		.executeTakeFirst();
	if (!open) await trx.updateTable("contact").set({ closed_at: at }).where("id", "=", contactId).execute();
}

export function describeEvent(event: string): string {
	return EVENT_WORDS[event] ?? event;
}

/** Locks a child for a change that does not move it on, such as an enquiry or feedback. */
export async function lockChild(trx: Transaction<DB>, childId: string) {
	if (!isUuid(childId)) throw new NotFound("Child");
	const child = await trx
		.selectFrom("contact_child")
		.selectAll()
		.where("id", "=", childId)
		.forUpdate()
		.executeTakeFirst();
	if (!child) throw new NotFound("Child");
	return child;
}

/**
 * Records a step that leaves the child where it is (an enquiry, a conversation with a
 * parent, agreement to share, feedback) in the child's history and the access log.
 */
export async function recordStep(
	trx: Transaction<DB>,
	accessLog: AccessLog,
	at: Date,
	args: {
		child: { id: string; state: State; person_id: string | null };
		event: string;
		acting: Acting;
		recordType: string;
		recordId: string;
		before?: unknown;
		after: unknown;
	},
) {
	await trx
		.insertInto("contact_child_event")
		.values({
			contact_child_id: args.child.id,
			event: args.event,
			from_state: args.child.state,
			to_state: args.child.state,
			at,
			by_user: args.acting.userId,
			by_api_key: args.acting.apiKeyId ?? null,
			detail: null,
		})
		.execute();
	await accessLog.change(trx, {
		userId: args.acting.userId,
		role: args.acting.role,
		action: args.before ? "update" : "create",
		recordType: args.recordType,
		recordId: args.recordId,
		personId: args.child.person_id,
		requestId: args.acting.requestId,
		detail: { contactChildId: args.child.id },
		before: args.before ?? null,
		after: args.after,
	});
}
