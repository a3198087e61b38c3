import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../../db/schema.ts";
import type { AgencySource } from "../../domain/front-door/agency-sources.ts";
import type { ApiPrincipal } from "../../platform/access-control.ts";
import type { AccessLog } from "../../platform/access-log.ts";
import { NotFound } from "../../platform/errors.ts";
import { isUuid } from "../../platform/requests.ts";
import type { Principal } from "../../platform/sessions.ts";

const hash = (key: string) => createHash("sha256").update(key).digest("hex");

/** Keys for partner agencies: random, stored as SHA-256, shown once, revocable. */
export class ApiKeysService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
	) {}

	list() {
		return this.db
			.selectFrom("api_key as k")
			.leftJoin("app_user as c", "c.id", "k.created_by")
			.leftJoin("app_user as r", "r.id", "k.revoked_by")
			.select([
				"k.id",
				"k.agency",
				"k.referral_sources",
				"k.key_prefix",
				"k.created_at",
				"k.revoked_at",
				"c.display_name as created_by_name",
				"r.display_name as revoked_by_name",
			])
			.orderBy("k.revoked_at", (ob) => ob.desc().nullsFirst())
			.orderBy("k.agency")
			.execute();
	}

	/** Issues a key for an agency and the referral sources it sends as, and returns it: the only time anyone sees it. */
	async issue(
		{ agency, sources }: { agency: string; sources: readonly AgencySource[] },
		actor: Principal | null,
		requestId: string,
		key = `thr_${randomBytes(32).toString("base64url")}`,
	) {
		return this.db.transaction().execute(async (trx) => {
			const { id } = await trx
				.insertInto("api_key")
				.values({
					agency,
					referral_sources: [...sources],
					key_hash: hash(key),
					key_prefix: key.slice(0, 12),
					created_at: this.now(),
					created_by: actor?.id ?? null,
				})
				.returning("id")
				.executeTakeFirstOrThrow();
			await this.accessLog.change(trx, {
				userId: actor?.id ?? null,
				role: actor?.roles.join(",") ?? null,
				action: "create",
				recordType: "api-key",
				recordId: id,
				requestId,
				before: null,
				after: { agency, referralSources: sources, prefix: key.slice(0, 12) },
			});
			return { id, key };
		});
	}

	async revoke(id: string, actor: Principal, requestId: string) {
		if (!isUuid(id)) throw new NotFound("Key");
		await this.db.transaction().execute(async (trx) => {
			const row = await trx
				.selectFrom("api_key")
				.select(["agency", "revoked_at"])
				.where("id", "=", id)
				.executeTakeFirst();
			if (!row) throw new NotFound("Key");
			if (row.revoked_at) return;
			await trx
				.updateTable("api_key")
				.set({ revoked_at: this.now(), revoked_by: actor.id })
				.where("id", "=", id)
				.execute();
			await this.accessLog.change(trx, {
				userId: actor.id,
				role: actor.roles.join(","),
				action: "update",
				recordType: "api-key",
				recordId: id,
				requestId,
				before: { revoked: false },
				after: { revoked: true },
			});
		});
	}

	/** The agency behind a bearer key, or null when the key is unknown or revoked. */
	async resolve(authorization: string | undefined): Promise<ApiPrincipal | null> {
		const match = /^Bearer\s+(\S{20,200})$/i.exec(authorization ?? "");
		if (!match) return null;
		const row = await this.db
			.selectFrom("api_key")
			.select(["id", "agency", "referral_sources"])
			.where("key_hash", "=", hash(match[1]))
			.where("revoked_at", "is", null)
			.executeTakeFirst();
		return row ? { keyId: row.id, agency: row.agency, referralSources: row.referral_sources } : null;
	}
}
