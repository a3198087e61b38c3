import { randomUUID } from "node:crypto";
import type { Kysely, Selectable, Transaction } from "kysely";
import type { ApiIdempotency, DB } from "../../../db/schema.ts";

/** How long a claim may sit unfinished before a retry may take it over (the request died). */
export const ABANDONED_AFTER_MS = 60_000;
/** How long answers are kept; agencies are promised at least 24 hours. */
export const KEPT_FOR_MS = 48 * 3_600_000;

export interface StoredAnswer {
	statusCode: number;
	/** JSON text, sent again byte for byte to a retry. */
	json: string;
}

export type Claim =
	| { kind: "claimed"; token: string }
	| { kind: "replay"; answer: StoredAnswer }
	| { kind: "in-progress" }
	| { kind: "reused" };

type ClaimRow = Omit<Selectable<ApiIdempotency>, "api_key_id" | "idempotency_key">;

/** What an existing claim on the same key means for this request. Pure, so every branch is tested directly. */
export function judgeExisting(row: ClaimRow, requestHash: string, now: Date): Claim | { kind: "take-over" } {
	if (row.request_hash !== requestHash) return { kind: "reused" };
	if (row.completed_at && row.status_code !== null && row.response !== null) {
		return { kind: "replay", answer: { statusCode: row.status_code, json: row.response } };
	}
	if (now.getTime() - row.claimed_at.getTime() >= ABANDONED_AFTER_MS) return { kind: "take-over" };
	return { kind: "in-progress" };
}

/** Idempotency keys, scoped to the agency's API key. */
export class IdempotencyStore {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly now: () => Date,
	) {}

	/**
	 * Claims the key for this request, committed at once so that a retry arriving while
	 * this request runs sees the claim. Loops only when a claim vanishes between reads
	 * (a failed first attempt released it), which settles in a round or two.
	 */
	async claim(apiKeyId: string, key: string, requestHash: string): Promise<Claim> {
		for (let attempt = 0; attempt < 3; attempt++) {
			const now = this.now();
			const token = randomUUID();
			const inserted = await this.db
				.insertInto("api_idempotency")
				.values({
					api_key_id: apiKeyId,
					idempotency_key: key,
					request_hash: requestHash,
					claim_token: token,
					claimed_at: now,
				})
				.onConflict((oc) => oc.doNothing())
				.returning("claim_token")
				.executeTakeFirst();
			if (inserted) return { kind: "claimed", token };
			const row = await this.db
				.selectFrom("api_idempotency")
				.select(["request_hash", "claim_token", "claimed_at", "completed_at", "status_code", "response"])
				.where("api_key_id", "=", apiKeyId)
				.where("idempotency_key", "=", key)
				.executeTakeFirst();
			if (!row) continue;
			const judged = judgeExisting(row, requestHash, now);
			if (judged.kind !== "take-over") return judged;
			// Only one retry can swap the old token for its own.
			const taken = await this.db
				.updateTable("api_idempotency")
				.set({ claim_token: token, claimed_at: now })
				.where("api_key_id", "=", apiKeyId)
				.where("idempotency_key", "=", key)
				.where("claim_token", "=", row.claim_token)
				.where("completed_at", "is", null)
				.returning("claim_token")
				.executeTakeFirst();
			if (taken) return { kind: "claimed", token };
		}
		return { kind: "in-progress" };
	}

	/**
	 * Records the answer inside the transaction that made the contact. Throws when the
	 * claim was taken over meanwhile, rolling the contact back: the taker answers instead.
	 */
	async complete(
		t: Transaction<DB>,
		apiKeyId: string,
		key: string,
		token: string,
		answer: StoredAnswer,
	): Promise<void> {
		const done = await t
			.updateTable("api_idempotency")
			.set({
				completed_at: this.now(),
				status_code: answer.statusCode,
				response: answer.json,
			})
			.where("api_key_id", "=", apiKeyId)
			.where("idempotency_key", "=", key)
			.where("claim_token", "=", token)
			.where("completed_at", "is", null)
			.returning("claim_token")
			.executeTakeFirst();
		if (!done) throw new ClaimLost();
	}

	/** Gives the key back when the request failed before writing anything, so a corrected retry can run. */
	async release(apiKeyId: string, key: string, token: string): Promise<void> {
		await this.db
			.deleteFrom("api_idempotency")
			.where("api_key_id", "=", apiKeyId)
			.where("idempotency_key", "=", key)
			.where("claim_token", "=", token)
			.where("completed_at", "is", null)
			.execute();
	}

	/** Forgets keys older than the promise; run by the daily upkeep. */
	async purge(): Promise<number> {
		const cutoff = new Date(this.now().getTime() - KEPT_FOR_MS);
		const result = await this.db.deleteFrom("api_idempotency").where("claimed_at", "<", cutoff).executeTakeFirst();
		return Number(result.numDeletedRows);
	}
}

export class ClaimLost extends Error {
	constructor() {
		super("The idempotency claim was taken over by a retry");
	}
}
