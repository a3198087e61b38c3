import type { Kysely } from "kysely";
import { sql } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import { reviveTimestamps } from "../../../db/json.ts";
import { preparedWith } from "../../../db/prepared.ts";
import type { DB } from "../../../db/schema.ts";
import { NotFound } from "../../../platform/errors.ts";
import type { RecordAccess } from "../../../platform/record-access.ts";
import { type Acting, isUuid } from "../../../platform/requests.ts";
import type { SettingsService } from "../../settings/index.ts";
import { sharingRecorded } from "../consent/service.ts";
import { currentDecision, returnedDecisions } from "../decisions/service.ts";
import { conversationsWithParents, enquiriesMade } from "../enquiries/service.ts";
import { feedbackGiven } from "../feedback/service.ts";
import { strategyDiscussions } from "../strategy/service.ts";
import { openToEarlyHelp, transfersOf } from "../transfers/service.ts";
import { domesticAbuseNotice } from "./domestic-abuse.ts";

/** The child on a contact with its contact, person and team. */
function childOnContact(db: Kysely<DB>, childId: string) {
	return db
		.selectFrom("contact_child as cc")
		.innerJoin("contact as c", "c.id", "cc.contact_id")
		.leftJoin("person as p", "p.id", "cc.person_id")
		.leftJoin("team as t", "t.id", "cc.team_id")
		.selectAll("cc")
		.select([
			"c.reference",
			"c.kind",
			"c.concern",
			"c.request",
			"c.referrer_name",
			"c.referrer_agency",
			"c.family_aware",
			"c.risk_tool",
			"c.risk_level",
			"c.incident_at",
			"c.sent_at",
			"p.given_name",
			"p.family_name",
			"p.la_person_id",
			"p.date_of_birth",
			"t.name as team_name",
		])
		.where("cc.id", "=", childId);
}

/** The practitioner's review of the triage recommendation, with who reviewed it. */
function reviewOf(db: Kysely<DB>, childId: string) {
	return db
		.selectFrom("review as r")
		.innerJoin("app_user as u", "u.id", "r.reviewed_by")
		.selectAll("r")
		.select("u.display_name as reviewed_by_name")
		.where("r.contact_child_id", "=", childId);
}

/** Every state change of the child, oldest first, with who (or which agency's key) made it. */
function eventsOf(db: Kysely<DB>, childId: string) {
	return db
		.selectFrom("contact_child_event as e")
		.leftJoin("app_user as u", "u.id", "e.by_user")
		.leftJoin("api_key as k", "k.id", "e.by_api_key")
		.select(["e.id", "e.event", "e.from_state", "e.to_state", "e.at", "e.detail", "u.display_name", "k.agency"])
		.where("e.contact_child_id", "=", childId)
		.orderBy("e.id");
}

/** Everything on a child's page in one statement: the child, and a JSON sub-select per part. */
function childPage(db: Kysely<DB>, childId: string) {
	return childOnContact(db, childId).select((eb) => [
		jsonObjectFrom(
			eb
				.selectFrom("triage as t")
				.innerJoin("app_user as u", "u.id", "t.triaged_by")
				.selectAll("t")
				.select("u.display_name as triaged_by_name")
				.whereRef("t.contact_child_id", "=", "cc.id"),
		).as("part_triage"),
		jsonArrayFrom(
			eb
				.selectFrom("triage_factor as f")
				.innerJoin("risk_factor as r", "r.code", "f.risk_factor")
				.select(["f.status", "f.reason", "r.label", "r.cin_factor"])
				.whereRef("f.contact_child_id", "=", "cc.id")
				.orderBy("r.sort_order"),
		).as("part_factors"),
		jsonArrayFrom(
			eb
				.selectFrom("next_step as s")
				.innerJoin("app_user as u", "u.id", "s.allocated_to")
				.select([
					"s.id",
					"s.action",
					"s.urgency",
					"s.due_at",
					"s.done_at",
					"s.cancelled_at",
					"u.display_name as allocated_to_name",
				])
				.whereRef("s.contact_child_id", "=", "cc.id")
				.orderBy("s.due_at"),
		).as("part_steps"),
		jsonArrayFrom(eventsOf(db, childId)).as("part_events"),
		jsonObjectFrom(eb.selectFrom("referral").selectAll().whereRef("contact_child_id", "=", "cc.id")).as(
			"part_referral",
		),
		jsonObjectFrom(reviewOf(db, childId)).as("part_review"),
		jsonObjectFrom(currentDecision(db, childId)).as("part_decision"),
		jsonArrayFrom(returnedDecisions(db, childId)).as("part_returned"),
		jsonObjectFrom(feedbackGiven(db, childId)).as("part_feedback"),
		jsonArrayFrom(enquiriesMade(db, childId)).as("part_enquiries"),
		jsonArrayFrom(conversationsWithParents(db, childId)).as("part_conversations"),
		jsonArrayFrom(sharingRecorded(db, childId)).as("part_sharing"),
		jsonArrayFrom(transfersOf(db, childId)).as("part_transfers"),
		jsonArrayFrom(strategyDiscussions(db, childId)).as("part_discussions"),
		jsonObjectFrom(openToEarlyHelp(db, sql<string | null>`cc.person_id`)).as("part_early_help"),
	]);
}

/** One child's front-door record: the contact, each step recorded, and the history. */
export class FrontDoorService {
	// Built and compiled once: only the child's id changes between views.
	private readonly pageQuery = preparedWith((childId: string) => childPage(this.db, childId));

	constructor(
		private readonly db: Kysely<DB>,
		private readonly settings: SettingsService,
		private readonly recordAccess: RecordAccess,
	) {}

	/** The child on a contact with its contact and person; not logged (callers log what they show). */
	async child(childId: string) {
		if (!isUuid(childId)) throw new NotFound("Child");
		const child = await childOnContact(this.db, childId).executeTakeFirst();
		if (!child) throw new NotFound("Child");
		return child;
	}

	/**
	 * The child's page: everything recorded so far, logged as a view of the child. One
	 * statement with a JSON sub-select per part: a child's page is opened all day long, and
	 * a round trip per part (there are a dozen) cost more than the parts themselves.
	 */
	async view(childId: string, acting: Acting) {
		if (!isUuid(childId)) throw new NotFound("Child");
		const {
			rows: [row],
		} = await this.db.executeQuery(this.pageQuery(childId));
		if (!row) throw new NotFound("Child");
		const {
			part_triage,
			part_factors,
			part_steps,
			part_events,
			part_referral,
			part_review,
			part_decision,
			part_returned,
			part_feedback,
			part_enquiries,
			part_conversations,
			part_sharing,
			part_transfers,
			part_discussions,
			part_early_help,
			...child
		} = row;
		acting.shown?.([{ id: childId, personId: child.person_id, kind: "contact-child" }]);
		// A police notification's facts (ADR 26): read only for one, so other children's pages cost nothing more.
		const notification =
			child.kind === "da-notification"
				? await domesticAbuseNotice(this.db, this.settings, this.recordAccess, child, acting)
				: undefined;
		return {
			child,
			notification,
			triage: reviveTimestamps(part_triage) ?? undefined,
			factors: part_factors,
			steps: reviveTimestamps(part_steps),
			events: reviveTimestamps(part_events),
			referral: reviveTimestamps(part_referral) ?? undefined,
			review: reviveTimestamps(part_review) ?? undefined,
			decision: reviveTimestamps(part_decision) ?? undefined,
			returned: reviveTimestamps(part_returned),
			feedback: reviveTimestamps(part_feedback) ?? undefined,
			enquiries: { enquiries: reviveTimestamps(part_enquiries), conversations: reviveTimestamps(part_conversations) },
			sharing: reviveTimestamps(part_sharing),
			transfers: reviveTimestamps(part_transfers),
			discussions: reviveTimestamps(part_discussions),
			earlyHelp: reviveTimestamps(part_early_help) ?? undefined,
		};
	}

	/** The person's earlier contacts and referrals in the 12 months before `before`: a repeat worry is a signal. */
	async priorContacts(personId: string | null, before: Date, excludeChildId: string, db: Kysely<DB> = this.db) {
		if (!personId) return [];
		return db
			.selectFrom("contact_child as cc")
			.innerJoin("contact as c", "c.id", "cc.contact_id")
			.leftJoin("referral as r", "r.contact_child_id", "cc.id")
			.select(["cc.id", "c.reference", "cc.received_at", "cc.state", "cc.outcome", "r.id as referral_id"])
			.where("cc.person_id", "=", personId)
			.where("cc.id", "<>", excludeChildId)
			.where("cc.received_at", "<", before)
			.where("cc.received_at", ">=", sql<Date>`${before}::timestamptz - interval '12 months'`)
			.where("cc.state", "<>", "entered-in-error")
			.orderBy("cc.received_at", "desc")
			.limit(50)
			.execute();
	}
}
