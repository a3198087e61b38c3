import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { timescaleById } from "../../../domain/clocks/timescales.ts";
import { namedSources } from "../../../domain/front-door/agency-sources.ts";
import { outcomeLabel, STATES } from "../../../domain/front-door/workflow.ts";
import type { ApiPrincipal } from "../../../platform/access-control.ts";
import type { AccessLog } from "../../../platform/access-log.ts";
import { isUuid } from "../../../platform/requests.ts";
import type { SettingsService } from "../../settings/index.ts";
import { ContactInvalid, type ContactsService } from "../contacts/service.ts";
import { currentDecision } from "../decisions/service.ts";
import { ClaimLost, type IdempotencyStore } from "./idempotency.ts";
import { type ContactBody, contactWarnings, schemaProblems, toContactInput } from "./schema.ts";

export interface ApiAnswer {
	statusCode: number;
	/** The answer's JSON text: serialised once, so a replay sends exactly what the first request got. */
	json: string;
	/** True when this is the stored answer to an earlier request with the same key. */
	replayed: boolean;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export const apiError = (statusCode: number, code: string, message: string, problems?: Record<string, string>) => ({
	statusCode,
	json: JSON.stringify({ error: problems ? { code, message, problems } : { code, message } }),
	replayed: false,
});

const INVALID = "The contact is not valid; see problems";

/** What became of a contact, as its agency may see it: no person, no name, no words of the council's. */
export interface ContactStatus {
	id: string;
	reference: string;
	receivedAt: string;
	status: "open" | "closed";
	children: {
		id: string;
		status: string;
		statusName: string;
		outcome: { code: string; name: string; decidedAt: string; signedOffAt: string } | null;
	}[];
}

/**
 * Contacts sent by partner agencies: validated, made once per idempotency key, children
 * left to be matched; and what became of them, for the agency that sent them.
 */
export class ContactApiService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly contacts: ContactsService,
		private readonly idempotency: IdempotencyStore,
		private readonly settings: SettingsService,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
	) {}

	/**
	 * A contact's status and, once each child's decision is signed off, its outcome: for a
	 * key of the agency that sent it (a key issued again to the same agency still sees it).
	 * Any other contact is null, as if it did not exist, so ids cannot be probed.
	 */
	async status(agency: ApiPrincipal, id: string, requestId: string): Promise<ContactStatus | null> {
		if (!isUuid(id)) return null;
		const contact = await this.db
			.selectFrom("contact as c")
			.innerJoin("api_key as k", "k.id", "c.api_key_id")
			.select(["c.id", "c.reference", "c.received_at", "c.closed_at"])
			.where("c.id", "=", id)
			.where("k.agency", "=", agency.agency)
			.executeTakeFirst();
		if (!contact) return null;
		const children = await this.db
			.selectFrom("contact_child")
			.select(["id", "state", "person_id"])
			.where("contact_id", "=", id)
			.orderBy("id")
			.execute();
		const answer: ContactStatus = {
			id: contact.id,
			reference: contact.reference,
			receivedAt: contact.received_at.toISOString(),
			status: contact.closed_at ? "closed" : "open",
			children: [],
		};
		for (const child of children) {
			const decision = await currentDecision(this.db, child.id).executeTakeFirst();
			const signed = decision?.signed_off_at && !decision.returned_at ? decision : null;
			answer.children.push({
				id: child.id,
				status: child.state,
				statusName: STATES[child.state],
				outcome: signed
					? {
							code: signed.outcome,
							name: outcomeLabel(signed.outcome, signed.strategy_next_step),
							decidedAt: signed.decided_at.toISOString(),
							signedOffAt: (signed.signed_off_at as Date).toISOString(),
						}
					: null,
			});
		}
		// A partner reading back is a view of the contact and of each child, logged as any view is.
		for (const record of [
			{ recordType: "contact", recordId: id, personId: null },
			...children.map((c) => ({ recordType: "contact-child", recordId: c.id, personId: c.person_id })),
		]) {
			this.accessLog.view({
				userId: null,
				apiKeyId: agency.keyId,
				role: null,
				action: "view",
				...record,
				requestId,
				detail: { route: "GET /api/v1/contacts/:contactId" },
			});
		}
		return answer;
	}

	async submit(agency: ApiPrincipal, key: string | undefined, body: unknown, requestId: string): Promise<ApiAnswer> {
		if (key === undefined || key === "") {
			return apiError(400, "idempotency_key_required", "Send an Idempotency-Key header, unique to this contact");
		}
		if (!IDEMPOTENCY_KEY.test(key)) {
			return apiError(400, "idempotency_key_invalid", "An Idempotency-Key is 1 to 255 visible ASCII characters");
		}
		const shape = schemaProblems(body);
		if (shape["/source"]) {
			shape["/source"] += `. This key sends as ${namedSources(agency.referralSources)}`;
		}
		if (Object.keys(shape).length) return apiError(422, "invalid_contact", INVALID, shape);
		const receivedAt = this.now();
		const { input, problems } = toContactInput(body as ContactBody, receivedAt, agency);
		if (Object.keys(problems).length) return apiError(422, "invalid_contact", INVALID, problems);
		const [timescales, calendar] = await Promise.all([this.settings.activeTimescales(), this.settings.calendar()]);
		const warnings = contactWarnings(input, timescaleById("da-notification-late", timescales), calendar);

		const requestHash = createHash("sha256").update(JSON.stringify(body)).digest("hex");
		const claim = await this.idempotency.claim(agency.keyId, key, requestHash);
		if (claim.kind === "replay") {
			return { statusCode: claim.answer.statusCode, json: claim.answer.json, replayed: true };
		}
		if (claim.kind === "in-progress") {
			return apiError(409, "request_in_progress", "A request with this Idempotency-Key is still being processed");
		}
		if (claim.kind === "reused") {
			return apiError(
				422,
				"idempotency_key_reused",
				"This Idempotency-Key was used for a different contact; use a new key for a new contact",
			);
		}
		try {
			let answer: ApiAnswer | undefined;
			await this.contacts.record(
				input,
				{ userId: null, apiKeyId: agency.keyId, role: null, requestId, teamId: null, channel: "api" },
				async (t, created) => {
					answer = {
						statusCode: 201,
						json: JSON.stringify({
							id: created.id,
							reference: created.reference,
							receivedAt: receivedAt.toISOString(),
							children: created.children.map((c) => ({ id: c.id, status: c.state })),
							warnings,
						}),
						replayed: false,
					};
					await this.idempotency.complete(t, agency.keyId, key, claim.token, answer);
				},
			);
			if (!answer) throw new Error("the contact was recorded without an answer");
			return answer;
		} catch (error) {
			// A retry took over an abandoned claim and answers for it; this attempt wrote nothing.
			if (error instanceof ClaimLost) {
				return apiError(409, "request_in_progress", "A request with this Idempotency-Key is still being processed");
			}
			await this.idempotency.release(agency.keyId, key, claim.token);
			if (error instanceof ContactInvalid) {
				return apiError(422, "invalid_contact", INVALID, error.problems);
			}
			throw error;
		}
	}
}
