import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { NotFound, Refused } from "../../../platform/errors.ts";
import { formatDateTime } from "../../../platform/format.ts";
import { managementLine } from "../../../platform/management-line.ts";
import { type Doer, isUuid } from "../../../platform/requests.ts";
import { enforce, rules } from "../../../platform/rules.ts";
import type { Flow } from "../workflow/tasks.ts";
import { lockChild, recordStep } from "../workflow/transitions.ts";

/**
 * Next steps (ADR 23): each one triage set is a task for its worker. The worker, or
 * anyone up their management line, records it done with what was done; a manager
 * cancels one no longer needed, with the reason. A child cannot close with one open.
 */
export class NextStepsService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly now: () => Date,
		private readonly flow: () => Promise<Flow>,
	) {}

	async get(childId: string, stepId: string, db: Kysely<DB> = this.db) {
		if (!isUuid(childId) || !isUuid(stepId)) throw new NotFound("Next step");
		const step = await db
			.selectFrom("next_step as s")
			.innerJoin("app_user as a", "a.id", "s.allocated_to")
			.leftJoin("app_user as d", "d.id", "s.done_by")
			.leftJoin("app_user as c", "c.id", "s.cancelled_by")
			.selectAll("s")
			.select([
				"a.display_name as allocated_to_name",
				"d.display_name as done_by_name",
				"c.display_name as cancelled_by_name",
			])
			.where("s.id", "=", stepId)
			.where("s.contact_child_id", "=", childId)
			.executeTakeFirst();
		if (!step) throw new NotFound("Next step");
		return step;
	}

	/** Whether this user may record the step done: its worker, or a manager above them. */
	async mayComplete(actorId: string, allocatedTo: string, db: Kysely<DB> = this.db): Promise<boolean> {
		return actorId === allocatedTo || (await managementLine(db, allocatedTo)).includes(actorId);
	}

	async complete(childId: string, stepId: string, note: string, doer: Doer) {
		const at = this.now();
		const flow = await this.flow();
		await this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, childId);
			const step = await this.openStep(trx, childId, stepId);
			if (!(await this.mayComplete(doer.userId, step.allocated_to, trx))) {
				throw new Refused(
					"not-your-step",
					`This next step is ${step.allocated_to_name}'s: only they, or their manager, can record it done.`,
				);
			}
			const after = await trx
				.updateTable("next_step")
				.set({ done_at: at, done_by: doer.userId, done_note: note })
				.where("id", "=", stepId)
				.returningAll()
				.executeTakeFirstOrThrow();
			await flow.tasks.done(trx, { recordId: childId, itemId: stepId }, doer.userId, at, note);
			await recordStep(trx, flow.accessLog, at, {
				child,
				event: "next-step-done",
				acting: doer,
				recordType: "next-step",
				recordId: stepId,
				before: { doneAt: null },
				after: { doneAt: after.done_at, doneBy: doer.userId, note: { freeText: note.length } },
			});
		});
	}

	async cancel(childId: string, stepId: string, reason: string, doer: Doer) {
		enforce(rules.manager(doer.actor));
		const at = this.now();
		const flow = await this.flow();
		await this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, childId);
			await this.openStep(trx, childId, stepId);
			await trx
				.updateTable("next_step")
				.set({ cancelled_at: at, cancelled_by: doer.userId, cancel_reason: reason })
				.where("id", "=", stepId)
				.execute();
			await flow.tasks.cancel(trx, { recordId: childId, itemId: stepId }, doer.userId, at, reason);
			await recordStep(trx, flow.accessLog, at, {
				child,
				event: "next-step-cancelled",
				acting: doer,
				recordType: "next-step",
				recordId: stepId,
				before: { cancelledAt: null },
				after: { cancelledAt: at, cancelledBy: doer.userId, reason: { freeText: reason.length } },
			});
		});
	}

	/** The step, read under the child's lock, refusing one already finished with who finished it and when. */
	private async openStep(trx: Kysely<DB>, childId: string, stepId: string) {
		const step = await this.get(childId, stepId, trx);
		if (step.done_at) {
			throw new Refused(
				"step-done",
				`${step.done_by_name} recorded this next step done on ${formatDateTime(step.done_at)}: nothing was changed.`,
			);
		}
		if (step.cancelled_at) {
			throw new Refused(
				"step-cancelled",
				`${step.cancelled_by_name} cancelled this next step on ${formatDateTime(step.cancelled_at)}: nothing was changed.`,
			);
		}
		return step;
	}
}
