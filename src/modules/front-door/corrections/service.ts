import type { Kysely, Transaction } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { dueAt, timescaleById } from "../../../domain/clocks/timescales.ts";
import { next } from "../../../domain/front-door/workflow.ts";
import { NotFound, Refused, StepInvalid } from "../../../platform/errors.ts";
import { formatDateTime } from "../../../platform/format.ts";
import { type Acting, isUuid } from "../../../platform/requests.ts";
import { type Actor, enforce, isManager, rules } from "../../../platform/rules.ts";
import type { Flow } from "../workflow/tasks.ts";
import { lockChild, recordStep, transition } from "../workflow/transitions.ts";

type Doer = Acting & { userId: string; actor: Actor };

export type Withdrawal = { how: "duplicate"; duplicateOf: string } | { how: "error"; reason: string };

/**
 * Taking a child out of the workflow without an outcome: a duplicate notification of an
 * incident already recorded (linked to the first), or an entry made in error (with the
 * reason). Both stay in the child's history; neither is counted as a contact.
 */
export class CorrectionsService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly now: () => Date,
		private readonly flow: () => Promise<Flow>,
	) {}

	/** The child's other contacts in the 30 days before, which this one may duplicate. */
	async candidates(childId: string) {
		const child = await this.db
			.selectFrom("contact_child")
			.select(["person_id", "received_at"])
			.where("id", "=", childId)
			.executeTakeFirst();
		if (!child?.person_id) return [];
		return this.db
			.selectFrom("contact_child as cc")
			.innerJoin("contact as c", "c.id", "cc.contact_id")
			.select(["cc.id", "c.reference", "cc.received_at", "c.concern"])
			.where("cc.person_id", "=", child.person_id)
			.where("cc.id", "<>", childId)
			.where("cc.received_at", "<=", child.received_at)
			.where("cc.received_at", ">=", new Date(child.received_at.getTime() - 30 * 86_400_000))
			.where("cc.state", "not in", ["duplicate", "entered-in-error"])
			.orderBy("cc.received_at", "desc")
			.limit(20)
			.execute();
	}

	/**
	 * Withdraws the child, or, asked by someone who is not a manager, sends the request to
	 * the team's managers: the child stays in the queues until one of them agrees.
	 * Returns whether the child was withdrawn now.
	 */
	async withdraw(childId: string, w: Withdrawal, version: number, doer: Doer): Promise<"withdrawn" | "requested"> {
		await this.check(childId, w);
		const flow = await this.flow();
		const at = this.now();
		if (isManager(doer.actor)) {
			await this.db.transaction().execute(async (trx) => this.apply(trx, flow, at, childId, w, version, doer));
			return "withdrawn";
		}
		await this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, childId);
			if (child.version !== version) {
				throw new Refused(
					"changed",
					"Someone else changed this child after you opened the form: check it and try again.",
				);
			}
			const allowed = next(child.state, { type: w.how === "duplicate" ? "mark-duplicate" : "enter-in-error" });
			if (!allowed.ok) throw new Refused(allowed.code, allowed.message);
			await this.refuseIfWaiting(trx, childId);
			const row = await trx
				.insertInto("withdrawal_request")
				.values({
					contact_child_id: childId,
					how: w.how,
					duplicate_of: w.how === "duplicate" ? w.duplicateOf : null,
					reason: w.how === "error" ? w.reason : null,
					requested_at: at,
					requested_by: doer.userId,
				})
				.returningAll()
				.executeTakeFirstOrThrow();
			if (child.team_id) {
				await flow.tasks.open(
					trx,
					{
						kind: "front-door.confirm-withdrawal",
						recordType: "contact-child",
						recordId: childId,
						itemId: row.id,
						personId: child.person_id,
						ownerTeamId: child.team_id,
						dueAt: dueAt(timescaleById("withdrawal-sign-off", flow.clocks.timescales), at, flow.clocks.calendar),
						timescale: "withdrawal-sign-off",
						detail: w.how === "duplicate" ? "As a duplicate notification" : "As entered in error",
						createdBy: doer.userId,
					},
					at,
				);
			}
			await recordStep(trx, flow.accessLog, at, {
				child,
				event: "withdrawal-requested",
				acting: doer,
				recordType: "withdrawal-request",
				recordId: row.id,
				after: { ...row, reason: row.reason ? { freeText: row.reason.length } : null },
			});
		});
		return "requested";
	}

	/** The request waiting for a manager, if any, with who asked. */
	pending(childId: string) {
		if (!isUuid(childId)) return Promise.resolve(undefined);
		return this.db
			.selectFrom("withdrawal_request as w")
			.innerJoin("app_user as u", "u.id", "w.requested_by")
			.selectAll("w")
			.select("u.display_name as requested_by_name")
			.where("w.contact_child_id", "=", childId)
			.where("w.answered_at", "is", null)
			.executeTakeFirst();
	}

	/**
	 * A manager answers a request: agreeing withdraws the child now, in the same
	 * transaction; refusing leaves it in the queues. Either way the reason is kept.
	 */
	async answer(childId: string, agree: boolean, note: string, doer: Doer) {
		enforce(rules.manager(doer.actor));
		const flow = await this.flow();
		const at = this.now();
		await this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, childId);
			const request = await trx
				.selectFrom("withdrawal_request")
				.selectAll()
				.where("contact_child_id", "=", childId)
				.where("answered_at", "is", null)
				.executeTakeFirst();
			if (!request) throw new NotFound("Withdrawal request");
			await trx
				.updateTable("withdrawal_request")
				.set({ answered_at: at, answered_by: doer.userId, agreed: agree, answer_note: note })
				.where("id", "=", request.id)
				.execute();
			await flow.tasks.done(trx, { recordId: childId, itemId: request.id }, doer.userId, at, note);
			if (agree) {
				const w: Withdrawal =
					request.how === "duplicate"
						? { how: "duplicate", duplicateOf: request.duplicate_of as string }
						: { how: "error", reason: request.reason as string };
				await this.apply(trx, flow, at, childId, w, child.version, doer);
			} else {
				await recordStep(trx, flow.accessLog, at, {
					child,
					event: "withdrawal-refused",
					acting: doer,
					recordType: "withdrawal-request",
					recordId: request.id,
					before: { answeredAt: null },
					after: { agreed: false, note: { freeText: note.length } },
				});
			}
		});
	}

	private async check(childId: string, w: Withdrawal) {
		if (w.how === "duplicate") {
			if (!isUuid(w.duplicateOf) || !(await this.candidates(childId)).some((c) => c.id === w.duplicateOf)) {
				throw new StepInvalid({ duplicateOf: "Choose the earlier contact about the same incident" });
			}
		} else if (!w.reason.trim()) {
			throw new StepInvalid({ reason: "Say why this was entered in error" });
		}
	}

	private async refuseIfWaiting(trx: Kysely<DB>, childId: string) {
		const waiting = await trx
			.selectFrom("withdrawal_request as w")
			.innerJoin("app_user as u", "u.id", "w.requested_by")
			.select(["u.display_name", "w.requested_at"])
			.where("w.contact_child_id", "=", childId)
			.where("w.answered_at", "is", null)
			.executeTakeFirst();
		if (waiting) {
			throw new Refused(
				"withdrawal-waiting",
				`${waiting.display_name} asked to withdraw this child on ${formatDateTime(waiting.requested_at)}: a manager has not answered yet.`,
			);
		}
	}

	private async apply(
		trx: Transaction<DB>,
		flow: Flow,
		at: Date,
		childId: string,
		w: Withdrawal,
		version: number,
		doer: Doer,
	) {
		if (w.how === "duplicate") {
			await transition(trx, flow, at, {
				childId,
				event: { type: "mark-duplicate" },
				acting: doer,
				expectedVersion: version,
				set: { duplicate_of: w.duplicateOf },
				detail: { duplicateOf: w.duplicateOf },
			});
			return;
		}
		const signed = await trx
			.selectFrom("decision")
			.select("id")
			.where("contact_child_id", "=", childId)
			.where("signed_off_at", "is not", null)
			.executeTakeFirst();
		if (signed) throw new Refused("signed-off", "A signed-off decision cannot be withdrawn as entered in error.");
		await transition(trx, flow, at, {
			childId,
			event: { type: "enter-in-error" },
			acting: doer,
			expectedVersion: version,
			set: { error_reason: w.reason.trim() },
			detail: { reason: w.reason.trim() },
		});
	}
}
