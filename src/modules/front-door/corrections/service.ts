import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { Refused, StepInvalid } from "../../../platform/errors.ts";
import { type Acting, isUuid } from "../../../platform/requests.ts";
import type { Flow } from "../workflow/tasks.ts";
import { transition } from "../workflow/transitions.ts";

type Doer = Acting & { userId: string };

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

	async markDuplicate(childId: string, firstId: string, version: number, doer: Doer) {
		if (!isUuid(firstId) || !(await this.candidates(childId)).some((c) => c.id === firstId)) {
			throw new StepInvalid({ duplicateOf: "Choose the earlier contact about the same incident" });
		}
		const flow = await this.flow();
		await this.db.transaction().execute(async (trx) => {
			await transition(trx, flow, this.now(), {
				childId,
				event: { type: "mark-duplicate" },
				acting: doer,
				expectedVersion: version,
				set: { duplicate_of: firstId },
				detail: { duplicateOf: firstId },
			});
		});
	}

	async enteredInError(childId: string, reason: string, version: number, doer: Doer) {
		if (!reason.trim()) throw new StepInvalid({ reason: "Say why this was entered in error" });
		const flow = await this.flow();
		await this.db.transaction().execute(async (trx) => {
			const signed = await trx
				.selectFrom("decision")
				.select("id")
				.where("contact_child_id", "=", childId)
				.where("signed_off_at", "is not", null)
				.executeTakeFirst();
			if (signed) throw new Refused("signed-off", "A signed-off decision cannot be withdrawn as entered in error.");
			await transition(trx, flow, this.now(), {
				childId,
				event: { type: "enter-in-error" },
				acting: doer,
				expectedVersion: version,
				set: { error_reason: reason.trim() },
				detail: { reason: reason.trim() },
			});
		});
	}
}
