import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";
import {
	type AnswerInput,
	answerProblems,
	type ConversationInput,
	conversationProblems,
	type EnquiryInput,
	enquiryProblems,
} from "../../../domain/front-door/enquiries.ts";
import { nextStepDue, URGENCY, type Urgency } from "../../../domain/front-door/triage.ts";
import type { AccessLog } from "../../../platform/access-log.ts";
import { NotFound, Refused, StepInvalid } from "../../../platform/errors.ts";
import { type Acting, isUuid } from "../../../platform/requests.ts";
import type { Tasks } from "../../../platform/tasks.ts";
import type { SettingsService } from "../../settings/index.ts";
import { lockChild, recordStep } from "../workflow/transitions.ts";

// Enquiries are made once a child is triaged and until the child leaves the front door.
export const ENQUIRY_STATES = ["enquiries", "awaiting-decision", "awaiting-sign-off", "strategy-discussion"];

export function assertEnquiriesOpen(state: string) {
	if (!ENQUIRY_STATES.includes(state)) {
		throw new Refused(
			"enquiries-closed",
			"Enquiries are recorded after triage and before the child leaves the front door.",
		);
	}
}

type Doer = Acting & { userId: string };
/** Enquiries made of agencies about a child, in the order they were asked (a part of the child's page). */
export function enquiriesMade(db: Kysely<DB>, childId: string) {
	return db
		.selectFrom("enquiry as e")
		.innerJoin("app_user as u", "u.id", "e.recorded_by")
		.selectAll("e")
		.select("u.display_name as recorded_by_name")
		.where("e.contact_child_id", "=", childId)
		.orderBy("e.requested_at");
}

/** The agencies asked about a child that have not answered yet, in the order they were asked (what a review waits on). */
export function unansweredEnquiries(db: Kysely<DB>, childId: string) {
	return db
		.selectFrom("enquiry")
		.select(["id", "agency", "requested_at", "due_at"])
		.where("contact_child_id", "=", childId)
		.where("answered_at", "is", null)
		.orderBy("requested_at")
		.orderBy("id");
}

/** Conversations with the child's parents, in the order they were held (a part of the child's page). */
export function conversationsWithParents(db: Kysely<DB>, childId: string) {
	return db
		.selectFrom("parent_conversation as c")
		.innerJoin("app_user as u", "u.id", "c.spoke_by")
		.selectAll("c")
		.select("u.display_name as spoke_by_name")
		.where("c.contact_child_id", "=", childId)
		.orderBy("c.spoke_at");
}

/** Enquiries to partner agencies and conversations with parents, for one child. */
export class EnquiriesService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly settings: SettingsService,
		private readonly now: () => Date,
		private readonly tasks: Tasks,
	) {}

	async request(childId: string, input: EnquiryInput, doer: Doer) {
		const at = this.now();
		const problems = enquiryProblems(input, at);
		if (Object.keys(problems).length) throw new StepInvalid(problems);
		const calendar = await this.settings.calendar();
		const timescales = await this.settings.activeTimescales();
		const requestedAt = input.requestedAt as Date;
		await this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, childId);
			assertEnquiriesOpen(child.state);
			const row = await trx
				.insertInto("enquiry")
				.values({
					contact_child_id: childId,
					agency: input.agency.trim(),
					requested_at: requestedAt,
					due_at: nextStepDue(input.urgency as Urgency, requestedAt, calendar, timescales),
					recorded_by: doer.userId,
				})
				.returningAll()
				.executeTakeFirstOrThrow();
			// Chasing the answer is the asker's work until it is recorded.
			await this.tasks.open(
				trx,
				{
					kind: "front-door.enquiry",
					recordType: "contact-child",
					recordId: childId,
					itemId: row.id,
					personId: child.person_id,
					ownerUserId: doer.userId,
					ownerTeamId: child.team_id,
					dueAt: row.due_at,
					timescale: URGENCY[input.urgency as Urgency].timescale,
					detail: `Answer from ${row.agency}`.slice(0, 500),
					createdBy: doer.userId,
				},
				at,
			);
			await recordStep(trx, this.accessLog, at, {
				child,
				event: "enquiry",
				acting: doer,
				recordType: "enquiry",
				recordId: row.id,
				after: row,
			});
		});
	}

	async answer(childId: string, enquiryId: string, input: AnswerInput, doer: Doer) {
		if (!isUuid(enquiryId)) throw new NotFound("Enquiry");
		const at = this.now();
		const problems = answerProblems(enquiryId, input, at);
		if (Object.keys(problems).length) throw new StepInvalid(problems);
		await this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, childId);
			const before = await trx
				.selectFrom("enquiry")
				.selectAll()
				.where("id", "=", enquiryId)
				.where("contact_child_id", "=", childId)
				.forUpdate()
				.executeTakeFirst();
			if (!before) throw new NotFound("Enquiry");
			if (before.answered_at) throw new Refused("already-answered", "This enquiry's answer is already recorded.");
			if ((input.answeredAt as Date) < before.requested_at) {
				throw new StepInvalid({ [`answered-${enquiryId}-day`]: "The answer must come after the enquiry was made" });
			}
			const after = await trx
				.updateTable("enquiry")
				.set({ answered_at: input.answeredAt, response: input.response.trim(), version: before.version + 1 })
				.where("id", "=", enquiryId)
				.returningAll()
				.executeTakeFirstOrThrow();
			await this.tasks.done(trx, { recordId: childId, itemId: enquiryId }, doer.userId, at);
			await recordStep(trx, this.accessLog, at, {
				child,
				event: "enquiry-answered",
				acting: doer,
				recordType: "enquiry",
				recordId: enquiryId,
				before,
				after,
			});
		});
	}

	async spokeToParent(childId: string, input: ConversationInput, doer: Doer) {
		const at = this.now();
		const problems = conversationProblems(input, at);
		if (Object.keys(problems).length) throw new StepInvalid(problems);
		await this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, childId);
			assertEnquiriesOpen(child.state);
			const row = await trx
				.insertInto("parent_conversation")
				.values({
					contact_child_id: childId,
					spoke_at: input.spokeAt as Date,
					spoke_by: doer.userId,
					with_whom: input.withWhom.trim(),
					summary: input.summary.trim(),
					recorded_at: at,
				})
				.returningAll()
				.executeTakeFirstOrThrow();
			await recordStep(trx, this.accessLog, at, {
				child,
				event: "parent-conversation",
				acting: doer,
				recordType: "parent-conversation",
				recordId: row.id,
				after: row,
			});
		});
	}
}
