import { createHash } from "node:crypto";
import type { ApiPrincipal } from "../../../platform/access-control.ts";
import { ContactInvalid, type ContactsService } from "../contacts/service.ts";
import { ClaimLost, type IdempotencyStore } from "./idempotency.ts";
import { type ContactBody, schemaProblems, toContactInput } from "./schema.ts";

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

/** Contacts sent by partner agencies: validated, made once per idempotency key, children left to be matched. */
export class ContactApiService {
	constructor(
		private readonly contacts: ContactsService,
		private readonly idempotency: IdempotencyStore,
		private readonly now: () => Date,
	) {}

	async submit(agency: ApiPrincipal, key: string | undefined, body: unknown, requestId: string): Promise<ApiAnswer> {
		if (key === undefined || key === "") {
			return apiError(400, "idempotency_key_required", "Send an Idempotency-Key header, unique to this contact");
		}
		if (!IDEMPOTENCY_KEY.test(key)) {
			return apiError(400, "idempotency_key_invalid", "An Idempotency-Key is 1 to 255 visible ASCII characters");
		}
		const shape = schemaProblems(body);
		if (Object.keys(shape).length) {
			return apiError(422, "invalid_contact", "The contact is not valid; see problems", shape);
		}
		const receivedAt = this.now();
		const { input, problems } = toContactInput(body as ContactBody, receivedAt);
		if (Object.keys(problems).length) {
			return apiError(422, "invalid_contact", "The contact is not valid; see problems", problems);
		}

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
				return apiError(422, "invalid_contact", "The contact is not valid; see problems", error.problems);
			}
			throw error;
		}
	}
}
