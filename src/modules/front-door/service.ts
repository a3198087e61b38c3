import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { DB } from "../../db/schema.ts";
import type { AccessLog } from "../../platform/access-log.ts";
import { NotFound } from "../../platform/errors.ts";
import { isUuid } from "../users/service.ts";
import type { Acting } from "./transitions.ts";

/** One child's front-door record: the contact, each step recorded, and the history. */
export class FrontDoorService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
	) {}

	/** The child on a contact with its contact and person; not logged (callers log what they show). */
	async child(childId: string) {
		if (!isUuid(childId)) throw new NotFound("Child");
		const child = await this.db
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
				"p.given_name",
				"p.family_name",
				"p.la_person_id",
				"p.date_of_birth",
				"t.name as team_name",
			])
			.where("cc.id", "=", childId)
			.executeTakeFirst();
		if (!child) throw new NotFound("Child");
		return child;
	}

	/** The child's page: everything recorded so far, logged as a view of the child. */
	async view(childId: string, acting: Acting) {
		if (!isUuid(childId)) throw new NotFound("Child");
		const [child, triage, factors, steps, events, referral] = await Promise.all([
			this.child(childId),
			this.db
				.selectFrom("triage as t")
				.innerJoin("app_user as u", "u.id", "t.triaged_by")
				.selectAll("t")
				.select("u.display_name as triaged_by_name")
				.where("t.contact_child_id", "=", childId)
				.executeTakeFirst(),
			this.db
				.selectFrom("triage_factor as f")
				.innerJoin("risk_factor as r", "r.code", "f.risk_factor")
				.select(["f.status", "f.reason", "r.label", "r.cin_factor"])
				.where("f.contact_child_id", "=", childId)
				.orderBy("r.sort_order")
				.execute(),
			this.db
				.selectFrom("next_step as s")
				.innerJoin("app_user as u", "u.id", "s.allocated_to")
				.select(["s.id", "s.action", "s.urgency", "s.due_at", "s.done_at", "u.display_name as allocated_to_name"])
				.where("s.contact_child_id", "=", childId)
				.orderBy("s.due_at")
				.execute(),
			this.history(childId),
			this.db.selectFrom("referral").selectAll().where("contact_child_id", "=", childId).executeTakeFirst(),
		]);
		this.accessLog.view({
			userId: acting.userId,
			role: acting.role,
			action: "view",
			recordType: "contact-child",
			recordId: childId,
			personId: child.person_id,
			requestId: acting.requestId,
		});
		return { child, triage, factors, steps, events, referral };
	}

	triage(childId: string) {
		return this.db.selectFrom("triage").selectAll().where("contact_child_id", "=", childId).executeTakeFirst();
	}

	review(childId: string) {
		return this.db
			.selectFrom("review as r")
			.innerJoin("app_user as u", "u.id", "r.reviewed_by")
			.selectAll("r")
			.select("u.display_name as reviewed_by_name")
			.where("r.contact_child_id", "=", childId)
			.executeTakeFirst();
	}

	/** Every state change of the child, oldest first. */
	history(childId: string) {
		return this.db
			.selectFrom("contact_child_event as e")
			.leftJoin("app_user as u", "u.id", "e.by_user")
			.leftJoin("api_key as k", "k.id", "e.by_api_key")
			.select(["e.id", "e.event", "e.from_state", "e.to_state", "e.at", "e.detail", "u.display_name", "k.agency"])
			.where("e.contact_child_id", "=", childId)
			.orderBy("e.id")
			.execute();
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
