import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import type { State } from "../../../domain/front-door/workflow.ts";
import type { AccessLog } from "../../../platform/access-log.ts";
import { Refused, StepInvalid } from "../../../platform/errors.ts";
import type { InScope } from "../../../platform/record-access.ts";
import type { Acting } from "../../../platform/requests.ts";
import type { Tasks } from "../../../platform/tasks.ts";
import { lockChild, recordStep } from "../workflow/transitions.ts";

export const FEEDBACK_METHOD = {
	phone: "Phone",
	email: "Email",
	"secure-email": "Secure email",
	letter: "Letter",
	meeting: "In a meeting",
} as const;

// Anonymous and unknown referrers cannot be told the outcome.
export const NO_FEEDBACK_SOURCES = ["9", "10"];
// A child returned by a receiving team waits for a new decision: the signed-off outcome no longer stands.
export const DECIDING_AGAIN: readonly State[] = ["awaiting-decision", "awaiting-sign-off"];

type Doer = Acting & { userId: string };

/** The feedback given to the referrer about a child, with who gave it (a part of the child's page). */
export function feedbackGiven(db: Kysely<DB>, childId: string) {
	return db
		.selectFrom("feedback as f")
		.innerJoin("app_user as u", "u.id", "f.given_by")
		.selectAll("f")
		.select("u.display_name as given_by_name")
		.where("f.contact_child_id", "=", childId);
}

/** Feedback to the referrer on the outcome, once a decision is signed off. */
export class FeedbackService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
		private readonly tasks: Tasks,
	) {}

	async record(childId: string, input: { method: string; summary: string; givenAt: Date | null }, doer: Doer) {
		const at = this.now();
		const problems: Record<string, string> = {};
		if (!Object.hasOwn(FEEDBACK_METHOD, input.method)) problems.method = "Select how the referrer was told";
		if (!input.summary.trim()) problems.summary = "Enter what the referrer was told";
		if (!input.givenAt) problems["given-day"] = "Enter when the referrer was told";
		else if (input.givenAt > at) problems["given-day"] = "Feedback cannot be given in the future";
		if (Object.keys(problems).length) throw new StepInvalid(problems);
		await this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, childId);
			const signed = await trx
				.selectFrom("decision")
				.select("signed_off_at")
				.where("contact_child_id", "=", childId)
				.where("signed_off_at", "is not", null)
				.executeTakeFirst();
			if (!signed)
				throw new Refused("no-outcome-yet", "Feedback on the outcome is given once the decision is signed off.");
			if (DECIDING_AGAIN.includes(child.state)) {
				throw new Refused(
					"deciding-again",
					"This child is waiting for a new decision: feedback waits until it is signed off.",
				);
			}
			if (NO_FEEDBACK_SOURCES.includes(child.source)) {
				throw new Refused("anonymous-referrer", "This referrer is anonymous or unknown: there is no one to tell.");
			}
			const exists = await trx
				.selectFrom("feedback")
				.select("given_at")
				.where("contact_child_id", "=", childId)
				.executeTakeFirst();
			if (exists)
				throw new Refused("feedback-recorded", "Feedback to the referrer is already recorded for this child.");
			const row = await trx
				.insertInto("feedback")
				.values({
					contact_child_id: childId,
					given_at: input.givenAt as Date,
					method: input.method,
					summary: input.summary.trim(),
					given_by: doer.userId,
					recorded_at: at,
				})
				.returningAll()
				.executeTakeFirstOrThrow();
			await this.tasks.done(trx, { recordId: childId, kinds: ["front-door.feedback"] }, doer.userId, at);
			await recordStep(trx, this.accessLog, at, {
				child,
				event: "feedback",
				acting: doer,
				recordType: "feedback",
				recordId: childId,
				after: row,
			});
		});
	}

	/** Children whose decision is signed off and whose referrer has not heard back, oldest first. */
	owed(inScope: InScope | null, limit = 200) {
		return this.db
			.selectFrom("decision as d")
			.innerJoin("contact_child as cc", "cc.id", "d.contact_child_id")
			.innerJoin("contact as c", "c.id", "cc.contact_id")
			.leftJoin("person as p", "p.id", "cc.person_id")
			.leftJoin("feedback as f", "f.contact_child_id", "cc.id")
			.select([
				"cc.id",
				"cc.person_id",
				"c.reference",
				"c.referrer_name",
				"c.referrer_agency",
				"p.given_name",
				"p.family_name",
				"d.outcome",
				"d.early_help_tier",
				"d.signed_off_at",
			])
			.where("d.signed_off_at", "is not", null)
			.where("f.contact_child_id", "is", null)
			.where("cc.source", "not in", NO_FEEDBACK_SOURCES)
			.where("cc.state", "not in", DECIDING_AGAIN)
			.$if(inScope !== null, (b) => b.where(inScope!(sql.ref("cc.person_id"))))
			.orderBy("d.signed_off_at")
			.limit(limit)
			.execute();
	}
}
