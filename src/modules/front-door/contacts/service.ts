import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { dueAt, timescaleById } from "../../../domain/clocks/timescales.ts";
import { type ContactInput, contactProblems } from "../../../domain/front-door/contact.ts";
import { URGENCY_RANK } from "../../../domain/front-door/triage.ts";
import type { AccessLog } from "../../../platform/access-log.ts";
import { NotFound } from "../../../platform/errors.ts";
import { type Acting, isUuid } from "../../../platform/requests.ts";
import { type Flow, syncStateTask } from "../workflow/tasks.ts";

/** Text as two people would type the same thing: trimmed, one space, lower case; null when empty. */
const sameText = (text: string | null | undefined) => text?.trim().replace(/\s+/g, " ").toLowerCase() || null;

export class ContactInvalid extends Error {
	readonly statusCode = 422;
	constructor(readonly problems: Record<string, string>) {
		super(Object.values(problems).join("; "));
	}
}

export interface RecordedContact {
	id: string;
	reference: string;
	children: { id: string; state: string }[];
}

/** Contacts: recording them and reading them back. Each child on a contact starts its own workflow. */
export class ContactsService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
		private readonly flow: () => Promise<Flow>,
	) {}

	/**
	 * Contacts about any of these children from the same referrer received within
	 * `hours` of `receivedAt`, either side: the same worry may be about to be recorded
	 * twice. A referrer is the same when their name and agency read the same, ignoring
	 * case and spacing; an unnamed referrer is never taken for another.
	 */
	async fromSameReferrer(input: ContactInput, hours: number) {
		const personIds = input.children.flatMap((c) => ("personId" in c && isUuid(c.personId) ? [c.personId] : []));
		const name = sameText(input.referrer.name);
		if (!personIds.length || !name) return [];
		const span = hours * 3_600_000;
		return this.db
			.selectFrom("contact as c")
			.innerJoin("contact_child as cc", "cc.contact_id", "c.id")
			.innerJoin("person as p", "p.id", "cc.person_id")
			.select(["c.id", "c.reference", "c.received_at", "c.referrer_name", "p.given_name", "p.family_name"])
			.where("cc.person_id", "in", personIds)
			.where("cc.received_at", ">=", new Date(input.receivedAt.getTime() - span))
			.where("cc.received_at", "<=", new Date(input.receivedAt.getTime() + span))
			.where(sql<string>`lower(regexp_replace(trim(c.referrer_name), '\s+', ' ', 'g'))`, "=", name)
			.where(
				sql<string>`coalesce(lower(regexp_replace(trim(c.referrer_agency), '\s+', ' ', 'g')), '')`,
				"=",
				sameText(input.referrer.agency) ?? "",
			)
			.orderBy("c.received_at")
			.limit(10)
			.execute();
	}

	/**
	 * Records a contact and one workflow per child, in one transaction. Children named by
	 * a person id wait for triage; children only described (by an agency) wait to be
	 * matched, because a person is never created from an agency's say-so. `within` runs
	 * inside the same transaction after the contact is written (the API records its
	 * idempotency answer there), so both land or neither does.
	 */
	async record(
		input: ContactInput,
		acting: Acting & { teamId: string | null; channel: "form" | "api" },
		within?: (t: Transaction<DB>, created: RecordedContact) => Promise<void>,
	): Promise<RecordedContact> {
		const now = this.now();
		const problems = contactProblems(input, now);
		if (Object.keys(problems).length) throw new ContactInvalid(problems);
		const flow = await this.flow();
		const { calendar, timescales } = flow.clocks;
		const outOfHours = !calendar.isOfficeHours(input.receivedAt);
		const work = async (t: Transaction<DB>) => {
			const personIds = input.children.flatMap((c) => ("personId" in c ? [c.personId] : []));
			if (personIds.some((id) => !isUuid(id)))
				throw new ContactInvalid({ children: "A child on this contact is not known" });
			if (personIds.length) {
				const found = await t
					.selectFrom("person")
					.select("id")
					.where("id", "in", personIds)
					.where("merged_into", "is", null)
					.execute();
				if (found.length !== new Set(personIds).size) {
					throw new ContactInvalid({ children: "A child on this contact is not known or has been merged" });
				}
			}
			const teamId = await this.frontDoorTeam(t, acting.teamId);
			const contact = await t
				.insertInto("contact")
				.values({
					kind: input.kind,
					channel: acting.channel,
					received_at: input.receivedAt,
					out_of_hours: outOfHours,
					source: input.source,
					referrer_name: input.referrer.name,
					referrer_agency: input.referrer.agency,
					referrer_phone: input.referrer.phone,
					referrer_email: input.referrer.email,
					concern: input.concern,
					request: input.request,
					family_aware: input.familyAware,
					incident_at: input.domesticAbuse?.incidentAt ?? null,
					sent_at: input.domesticAbuse?.sentAt ?? null,
					risk_tool: input.domesticAbuse?.riskTool ?? null,
					risk_level: input.domesticAbuse?.riskLevel ?? null,
					acknowledgement_due_at: dueAt(
						timescaleById("contact-acknowledgement", timescales),
						input.receivedAt,
						calendar,
					),
					team_id: teamId,
					api_key_id: acting.apiKeyId ?? null,
					created_by: acting.userId,
					created_at: now,
				})
				.returning(["id", "reference"])
				.executeTakeFirstOrThrow();
			const decisionDue = dueAt(timescaleById("referral-decision", timescales), input.receivedAt, calendar);
			const children = await t
				.insertInto("contact_child")
				.values(
					input.children.map((c) => ({
						contact_id: contact.id,
						person_id: "personId" in c ? c.personId : null,
						described: "described" in c ? JSON.stringify(c.described) : null,
						state: "personId" in c ? "awaiting-triage" : "awaiting-match",
						state_changed_at: now,
						received_at: input.receivedAt,
						out_of_hours: outOfHours,
						source: input.source,
						team_id: teamId,
						rag: c.rag,
						urgency_rank: URGENCY_RANK[c.rag ?? "none"],
						decision_due_at: decisionDue,
					})),
				)
				.returningAll()
				.execute();
			for (const c of children) await syncStateTask(t, flow, c, now, acting.userId);
			await t
				.insertInto("contact_child_event")
				.values(
					children.map((c) => ({
						contact_child_id: c.id,
						event: "recorded",
						from_state: null,
						to_state: c.state,
						at: now,
						by_user: acting.userId,
						by_api_key: acting.apiKeyId ?? null,
						detail: null,
					})),
				)
				.execute();
			const entry = {
				userId: acting.userId,
				apiKeyId: acting.apiKeyId,
				role: acting.role,
				action: "create" as const,
				requestId: acting.requestId,
			};
			await this.accessLog.change(t, {
				...entry,
				recordType: "contact",
				recordId: contact.id,
				before: null,
				after: { ...input, reference: contact.reference, outOfHours },
			});
			for (const c of children) {
				await this.accessLog.change(t, {
					...entry,
					recordType: "contact-child",
					recordId: c.id,
					personId: c.person_id,
					before: null,
					after: { contactId: contact.id, state: c.state },
				});
			}
			const created: RecordedContact = {
				...contact,
				children: children.map((c) => ({ id: c.id, state: c.state })),
			};
			if (within) await within(t, created);
			return created;
		};
		return this.db.transaction().execute(work);
	}

	/** The team holding new contacts: the recorder's own front-door or out-of-hours team, else the front door. */
	private async frontDoorTeam(t: Transaction<DB>, teamId: string | null): Promise<string | null> {
		if (teamId) {
			const own = await t.selectFrom("team").select(["id", "kind"]).where("id", "=", teamId).executeTakeFirst();
			if (own && (own.kind === "front-door" || own.kind === "out-of-hours")) return own.id;
		}
		const door = await t
			.selectFrom("team")
			.select("id")
			.where("kind", "=", "front-door")
			.orderBy("name")
			.executeTakeFirst();
		return door?.id ?? null;
	}

	/** A contact with its children, for its page; each child's view is logged. */
	async view(id: string, acting: Acting) {
		if (!isUuid(id)) throw new NotFound("Contact");
		const contact = await this.db
			.selectFrom("contact as c")
			.leftJoin("app_user as u", "u.id", "c.created_by")
			.leftJoin("api_key as k", "k.id", "c.api_key_id")
			.leftJoin("team as t", "t.id", "c.team_id")
			.selectAll("c")
			.select(["u.display_name as created_by_name", "k.agency as api_agency", "t.name as team_name"])
			.where("c.id", "=", id)
			.executeTakeFirst();
		if (!contact) throw new NotFound("Contact");
		const children = await this.db
			.selectFrom("contact_child as cc")
			.leftJoin("person as p", "p.id", "cc.person_id")
			.select([
				"cc.id",
				"cc.state",
				"cc.rag",
				"cc.outcome",
				"cc.described",
				"cc.person_id",
				"cc.decision_due_at",
				"p.given_name",
				"p.family_name",
				"p.la_person_id",
				"p.date_of_birth",
			])
			.where("cc.contact_id", "=", id)
			.orderBy("p.date_of_birth")
			.execute();
		acting.shown?.([
			{ id, personId: null, kind: "contact" },
			...children.map((c) => ({ id: c.id, personId: c.person_id, kind: "contact-child" })),
		]);
		return { contact, children };
	}

	/** Records that the referrer was acknowledged; once only. */
	async acknowledge(id: string, method: string, acting: Acting): Promise<void> {
		if (!isUuid(id)) throw new NotFound("Contact");
		await this.db.transaction().execute(async (t) => {
			const before = await t.selectFrom("contact").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
			if (!before) throw new NotFound("Contact");
			if (before.acknowledged_at) return;
			const at = this.now();
			await t
				.updateTable("contact")
				.set({
					acknowledged_at: at,
					acknowledged_by: acting.userId,
					acknowledgement_method: method,
					version: before.version + 1,
				})
				.where("id", "=", id)
				.execute();
			await this.accessLog.change(t, {
				userId: acting.userId,
				role: acting.role,
				action: "update",
				recordType: "contact",
				recordId: id,
				requestId: acting.requestId,
				detail: { event: "acknowledged" },
				before: { acknowledged_at: null },
				after: { acknowledged_at: at, acknowledgement_method: method },
			});
		});
	}
}
