import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { dueAt, timescaleById } from "../../../domain/clocks/timescales.ts";
import { isSentence } from "../../../domain/text.ts";
import type { AccessLog } from "../../../platform/access-log.ts";
import { NotFound, Refused, StepInvalid } from "../../../platform/errors.ts";
import type { InScope } from "../../../platform/record-access.ts";
import { type Acting, isUuid } from "../../../platform/requests.ts";
import { type Actor, enforce, rules } from "../../../platform/rules.ts";
import type { Flow } from "../workflow/tasks.ts";
import { lockChild, recordStep, transition } from "../workflow/transitions.ts";

type Doer = Acting & { userId: string; teamId: string | null; actor: Actor };

/** Transfers with the team, contact, child and the decision that sent them. */
export function transfersSent(db: Kysely<DB>) {
	return db
		.selectFrom("transfer as t")
		.innerJoin("contact_child as cc", "cc.id", "t.contact_child_id")
		.innerJoin("contact as c", "c.id", "cc.contact_id")
		.innerJoin("team as tm", "tm.id", "t.to_team_id")
		.innerJoin("decision as d", "d.id", "t.decision_id")
		.leftJoin("person as p", "p.id", "cc.person_id")
		.select([
			"t.id",
			"t.contact_child_id",
			"t.kind",
			"t.early_help_tier",
			"t.sent_at",
			"t.responded_at",
			"t.accepted",
			"t.reject_reason",
			"t.first_contact_at",
			"t.to_team_id",
			"cc.person_id",
			"tm.name as team_name",
			"c.reference",
			"p.given_name",
			"p.family_name",
			"d.outcome",
			"d.strategy_next_step",
			"d.rationale",
			"d.decided_at",
		]);
}

/**
 * Where a person is open to early help: the latest early-help transfer accepted for
 * them, unless a front-door decision signed off since sent them another way. The case
 * system holds when early help closes; until its history is imported (the SSD), a
 * later decision is what ends it here. A part of the child's and triage pages.
 */
export function openToEarlyHelp(db: Kysely<DB>, person: RawBuilder<string | null>) {
	return db
		.selectFrom("transfer as eht")
		.innerJoin("contact_child as ehc", "ehc.id", "eht.contact_child_id")
		.innerJoin("team as ehtm", "ehtm.id", "eht.to_team_id")
		.select(["eht.responded_at as since", "ehtm.name as team_name", "eht.early_help_tier"])
		.where("ehc.person_id", "=", person)
		.where("eht.kind", "=", "early-help")
		.where("eht.accepted", "=", true)
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom("contact_child as later")
						.innerJoin("decision as ld", "ld.contact_child_id", "later.id")
						.select(sql`1`.as("one"))
						.whereRef("later.person_id", "=", "ehc.person_id")
						.whereRef("ld.signed_off_at", ">", "eht.responded_at")
						.where("ld.outcome", "<>", "early-help"),
				),
			),
		)
		.orderBy("eht.responded_at", "desc")
		.limit(1);
}

/** A child's transfers, oldest first (a part of the child's page). */
export function transfersOf(db: Kysely<DB>, childId: string) {
	return transfersSent(db).where("t.contact_child_id", "=", childId).orderBy("t.sent_at");
}

/** Transfers to early help and assessment teams: accepted, or rejected and returned with a reason. */
export class TransfersService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
		private readonly flow: () => Promise<Flow>,
	) {}

	/** Transfers waiting for a team, oldest first; all teams when `teamId` is null. */
	waiting(teamId: string | null) {
		return transfersSent(this.db)
			.where("t.responded_at", "is", null)
			.$if(teamId !== null, (q) => q.where("t.to_team_id", "=", teamId))
			.orderBy("t.sent_at")
			.limit(200)
			.execute();
	}

	/** Early help that has accepted a child but not yet reached the family. */
	awaitingFirstContact(teamId: string | null) {
		return transfersSent(this.db)
			.where("t.kind", "=", "early-help")
			.where("t.accepted", "=", true)
			.where("t.first_contact_at", "is", null)
			.$if(teamId !== null, (q) => q.where("t.to_team_id", "=", teamId))
			.orderBy("t.responded_at")
			.limit(200)
			.execute();
	}

	async get(id: string) {
		if (!isUuid(id)) throw new NotFound("Transfer");
		const row = await transfersSent(this.db).where("t.id", "=", id).executeTakeFirst();
		if (!row) throw new NotFound("Transfer");
		return row;
	}

	async respond(id: string, accept: boolean | null, reason: string, doer: Doer) {
		const transfer = await this.get(id);
		enforce(rules.inReceivingTeam(doer.actor, doer.teamId, transfer.to_team_id));
		if (accept === null) throw new StepInvalid({ accept: "Say whether your team accepts the child" });
		if (!accept && !reason.trim()) throw new StepInvalid({ reason: "Say why the transfer is rejected" });
		if (!accept && !isSentence(reason)) {
			throw new StepInvalid({ reason: "Say in a sentence why the transfer is rejected: what the team needs instead" });
		}
		const at = this.now();
		const flow = await this.flow();
		await this.db.transaction().execute(async (trx) => {
			const current = await trx
				.selectFrom("transfer")
				.select("responded_at")
				.where("id", "=", id)
				.forUpdate()
				.executeTakeFirst();
			if (current?.responded_at) throw new Refused("transfer-answered", "This transfer has already been answered.");
			await transition(trx, flow, at, {
				childId: transfer.contact_child_id,
				event: { type: accept ? "accept-transfer" : "reject-transfer" },
				acting: doer,
				detail: { transferId: id, reason: accept ? null : reason.trim() },
			});
			await trx
				.updateTable("transfer")
				.set({
					responded_at: at,
					responded_by: doer.userId,
					accepted: accept,
					reject_reason: accept ? null : reason.trim(),
				})
				.where("id", "=", id)
				.execute();
			if (accept && transfer.kind === "early-help") {
				// Ofsted found early help's first contact too slow: it is the team's task from acceptance.
				await flow.tasks.open(
					trx,
					{
						kind: "front-door.first-contact",
						recordType: "contact-child",
						recordId: transfer.contact_child_id,
						itemId: id,
						personId: transfer.person_id,
						ownerTeamId: transfer.to_team_id,
						dueAt: dueAt(timescaleById("early-help-first-contact", flow.clocks.timescales), at, flow.clocks.calendar),
						timescale: "early-help-first-contact",
						createdBy: doer.userId,
					},
					at,
				);
			}
			if (!accept) {
				// A new decision is needed, so the referrer is not yet owed an outcome.
				await flow.tasks.cancel(
					trx,
					{ recordId: transfer.contact_child_id, kinds: ["front-door.feedback"] },
					doer.userId,
					at,
					"The receiving team returned the child for a new decision.",
				);
			}
		});
	}

	/** Early help's first contact with the family: the time Ofsted found too slow. */
	async firstContact(id: string, at: Date | null, doer: Doer) {
		const now = this.now();
		if (!at) throw new StepInvalid({ "contacted-day": "Enter when early help first contacted the family" });
		if (at > now) throw new StepInvalid({ "contacted-day": "First contact cannot be in the future" });
		const transfer = await this.get(id);
		enforce(rules.inReceivingTeam(doer.actor, doer.teamId, transfer.to_team_id));
		if (transfer.kind !== "early-help" || !transfer.accepted) {
			throw new Refused("not-early-help", "First contact is recorded for children early help has accepted.");
		}
		if (transfer.responded_at && at < transfer.decided_at) {
			throw new StepInvalid({ "contacted-day": "First contact must come after the decision" });
		}
		const flow = await this.flow();
		await this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, transfer.contact_child_id);
			const before = await trx
				.selectFrom("transfer")
				.selectAll()
				.where("id", "=", id)
				.forUpdate()
				.executeTakeFirstOrThrow();
			if (before.first_contact_at) throw new Refused("first-contact-recorded", "First contact is already recorded.");
			const after = await trx
				.updateTable("transfer")
				.set({ first_contact_at: at })
				.where("id", "=", id)
				.returningAll()
				.executeTakeFirstOrThrow();
			await flow.tasks.done(trx, { recordId: transfer.contact_child_id, itemId: id }, doer.userId, now);
			await recordStep(trx, this.accessLog, now, {
				child,
				event: "first-contact",
				acting: doer,
				recordType: "transfer",
				recordId: id,
				before,
				after,
			});
		});
	}

	/** Children referred to social care within 3 months of a step-down, with the original decision. */
	stepUps(inScope: InScope | null, limit = 200) {
		return this.db
			.selectFrom("referral as r")
			.innerJoin("transfer as t", "t.id", "r.step_up_from_transfer_id")
			.innerJoin("decision as d", "d.id", "t.decision_id")
			.innerJoin("app_user as u", "u.id", "d.decided_by")
			.innerJoin("contact_child as cc", "cc.id", "r.contact_child_id")
			.innerJoin("contact as c", "c.id", "cc.contact_id")
			.leftJoin("person as p", "p.id", "r.person_id")
			.select([
				"r.id",
				"r.referral_date",
				"r.person_id",
				"cc.id as child_id",
				"c.reference",
				"p.given_name",
				"p.family_name",
				"t.contact_child_id as original_child_id",
				"t.early_help_tier",
				"t.responded_at as stepped_down_at",
				"d.rationale as original_rationale",
				"d.threshold_level as original_level",
				"u.display_name as original_decided_by",
			])
			.$if(inScope !== null, (b) => b.where(inScope!(sql.ref("r.person_id"))))
			.orderBy("r.referral_date", "desc")
			.limit(limit)
			.execute();
	}
}
