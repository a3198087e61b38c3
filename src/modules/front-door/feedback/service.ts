import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../../../db/schema.ts";
import type { State } from "../../../domain/front-door/workflow.ts";
import { isSentence } from "../../../domain/text.ts";
import type { AccessLog } from "../../../platform/access-log.ts";
import { Refused, StepInvalid } from "../../../platform/errors.ts";
import { formatDateTime } from "../../../platform/format.ts";
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

/** The child's signed-off decision, if any: feedback is about its outcome. */
function signedDecision(trx: Transaction<DB>, childId: string) {
	return trx
		.selectFrom("decision")
		.select(["signed_off_at", "decided_at"])
		.where("contact_child_id", "=", childId)
		.where("signed_off_at", "is not", null)
		.orderBy("decided_at", "desc")
		.executeTakeFirst();
}

/**
 * The feedback given to the referrer about a child, with who gave it and the versions a
 * correction replaced, newest first, each with who replaced it and why (a part of the
 * child's page).
 */
export function feedbackGiven(db: Kysely<DB>, childId: string) {
	return db
		.selectFrom("feedback as f")
		.innerJoin("app_user as u", "u.id", "f.given_by")
		.selectAll("f")
		.select("u.display_name as given_by_name")
		.select(
			sql<EarlierFeedback[]>`(SELECT coalesce(json_agg(json_build_object(
				'version', v.version, 'givenAt', v.given_at, 'method', v.method, 'summary', v.summary,
				'replacedAt', v.replaced_at, 'replacedBy', r.display_name, 'reason', v.reason) ORDER BY v.version DESC), '[]')
			  FROM feedback_version v JOIN app_user r ON r.id = v.replaced_by
			  WHERE v.contact_child_id = f.contact_child_id)`.as("earlier"),
		)
		.where("f.contact_child_id", "=", childId);
}

/** A version of the feedback that a correction replaced (timestamps as JSON strings). */
export interface EarlierFeedback {
	version: number;
	givenAt: string;
	method: string;
	summary: string;
	replacedAt: string;
	replacedBy: string;
	reason: string;
}

export interface FeedbackInput {
	method: string;
	summary: string;
	givenAt: Date | null;
}

/** What is wrong with feedback as typed, keyed by field; the bounds come from the child's record. */
function feedbackProblems(input: FeedbackInput, now: Date, bounds?: { receivedAt: Date; decidedAt: Date }) {
	const problems: Record<string, string> = {};
	if (!Object.hasOwn(FEEDBACK_METHOD, input.method)) problems.method = "Select how the referrer was told";
	if (!input.summary.trim()) problems.summary = "Enter what the referrer was told";
	if (!input.givenAt) problems["given-day"] = "Enter when the referrer was told";
	else if (input.givenAt > now) problems["given-day"] = "Feedback cannot be given in the future";
	else if (bounds && input.givenAt < bounds.receivedAt)
		problems["given-day"] =
			`The referrer cannot have been told before the contact was received (${formatDateTime(bounds.receivedAt)})`;
	else if (bounds && input.givenAt < bounds.decidedAt)
		problems["given-day"] =
			`The referrer cannot have been told the outcome before it was decided (${formatDateTime(bounds.decidedAt)})`;
	return problems;
}

/** Feedback to the referrer on the outcome, once a decision is signed off. */
export class FeedbackService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
		private readonly tasks: Tasks,
	) {}

	async record(childId: string, input: FeedbackInput, doer: Doer) {
		const at = this.now();
		const problems = feedbackProblems(input, at);
		if (Object.keys(problems).length) throw new StepInvalid(problems);
		await this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, childId);
			const signed = await signedDecision(trx, childId);
			if (!signed)
				throw new Refused("no-outcome-yet", "Feedback on the outcome is given once the decision is signed off.");
			const late = feedbackProblems(input, at, { receivedAt: child.received_at, decidedAt: signed.decided_at });
			if (Object.keys(late).length) throw new StepInvalid(late);
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

	/**
	 * Corrects recorded feedback: the version in force is kept with who replaced it, when
	 * and why, and the record shows the corrected one. Refused when nothing changed, when
	 * the reason is not a sentence, or when someone else corrected it since the form was
	 * loaded.
	 */
	async correct(childId: string, input: FeedbackInput & { reason: string; version: number }, doer: Doer) {
		const at = this.now();
		const problems = feedbackProblems(input, at);
		if (!input.reason.trim()) problems.reason = "Say why the feedback is being corrected";
		else if (!isSentence(input.reason)) problems.reason = "Say in a sentence why the feedback is being corrected";
		if (Object.keys(problems).length) throw new StepInvalid(problems);
		await this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, childId);
			const current = await trx
				.selectFrom("feedback")
				.selectAll()
				.where("contact_child_id", "=", childId)
				.forUpdate()
				.executeTakeFirst();
			if (!current) throw new Refused("no-feedback", "No feedback to the referrer is recorded for this child yet.");
			if (current.version !== input.version) {
				throw new Refused(
					"feedback-changed",
					"Someone else corrected this feedback after you opened the form: check the version now shown and try again.",
				);
			}
			const signed = await signedDecision(trx, childId);
			const bounds = signed ? { receivedAt: child.received_at, decidedAt: signed.decided_at } : undefined;
			const late = feedbackProblems(input, at, bounds);
			if (Object.keys(late).length) throw new StepInvalid(late);
			const summary = input.summary.trim();
			const givenAt = input.givenAt as Date;
			if (
				givenAt.getTime() === current.given_at.getTime() &&
				input.method === current.method &&
				summary === current.summary
			) {
				throw new StepInvalid({ "given-day": "Nothing was changed: correct when, how or what the referrer was told" });
			}
			await trx
				.insertInto("feedback_version")
				.values({
					contact_child_id: childId,
					version: current.version,
					given_at: current.given_at,
					method: current.method,
					summary: current.summary,
					given_by: current.given_by,
					recorded_at: current.recorded_at,
					replaced_at: at,
					replaced_by: doer.userId,
					reason: input.reason.trim(),
				})
				.execute();
			const after = await trx
				.updateTable("feedback")
				.set({ given_at: givenAt, method: input.method, summary, recorded_at: at, version: current.version + 1 })
				.where("contact_child_id", "=", childId)
				.returningAll()
				.executeTakeFirstOrThrow();
			await this.accessLog.change(trx, {
				userId: doer.userId,
				role: doer.role,
				action: "update",
				recordType: "feedback",
				recordId: childId,
				personId: child.person_id,
				requestId: doer.requestId,
				before: current,
				after: { ...after, reason: input.reason.trim() },
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
