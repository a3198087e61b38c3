import type { Kysely } from "kysely";
import type { DB } from "../../db/schema.ts";
import type { AccessLog } from "../../platform/access-log.ts";
import { StepInvalid } from "../../platform/errors.ts";
import type { Principal } from "../../platform/sessions.ts";

export interface Restriction {
	reason: string;
	ownerId: string;
	ownerName: string;
	restrictedAt: Date;
	users: { id: string; displayName: string; email: string }[];
	/** Who opened it by giving a reason, newest first: what its owner is shown. */
	openings: { at: Date; displayName: string; reason: string }[];
}

/**
 * Restricting a person's record (ADR 21): a manager names why and who else may open it;
 * the platform's record-level access enforces it on every page that shows the person.
 */
export class RestrictionsService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
	) {}

	async of(personId: string): Promise<Restriction | null> {
		const row = await this.db
			.selectFrom("person_restriction as r")
			.innerJoin("app_user as o", "o.id", "r.owner_id")
			.select(["r.reason", "r.owner_id", "o.display_name", "r.restricted_at"])
			.where("r.person_id", "=", personId)
			.executeTakeFirst();
		if (!row) return null;
		const users = await this.db
			.selectFrom("person_restriction_user as u")
			.innerJoin("app_user as a", "a.id", "u.user_id")
			.select(["a.id", "a.display_name as displayName", "a.email"])
			.where("u.person_id", "=", personId)
			.orderBy("a.display_name")
			.execute();
		const openings = await this.db
			.selectFrom("break_glass as b")
			.innerJoin("app_user as a", "a.id", "b.user_id")
			.select(["b.at", "a.display_name as displayName", "b.reason"])
			.where("b.person_id", "=", personId)
			.where("b.at", ">=", row.restricted_at)
			.orderBy("b.at", "desc")
			.limit(20)
			.execute();
		return {
			reason: row.reason,
			ownerId: row.owner_id,
			ownerName: row.display_name,
			restrictedAt: row.restricted_at,
			users,
			openings,
		};
	}

	/** Restricts the record, or changes who may open it; whoever restricts it first owns it. */
	async restrict(
		personId: string,
		input: { reason: string; emails: string[] },
		actor: Principal,
		requestId: string,
	): Promise<void> {
		const wanted = [...new Set(input.emails.map((e) => e.toLowerCase()))];
		const users = wanted.length
			? await this.db.selectFrom("app_user").select(["id", "email"]).where("email", "in", wanted).execute()
			: [];
		const unknown = wanted.filter((e) => !users.some((u) => u.email.toLowerCase() === e));
		if (unknown.length) throw new StepInvalid({ users: `There is no user with the email address ${unknown[0]}` });
		const before = await this.of(personId);
		await this.db.transaction().execute(async (trx) => {
			await trx
				.insertInto("person_restriction")
				.values({ person_id: personId, reason: input.reason, owner_id: actor.id, restricted_at: this.now() })
				.onConflict((oc) => oc.column("person_id").doUpdateSet({ reason: input.reason }))
				.execute();
			await trx.deleteFrom("person_restriction_user").where("person_id", "=", personId).execute();
			if (users.length) {
				await trx
					.insertInto("person_restriction_user")
					.values(users.map((u) => ({ person_id: personId, user_id: u.id })))
					.execute();
			}
			await this.accessLog.change(trx, {
				userId: actor.id,
				role: actor.roles.join(","),
				action: before ? "update" : "create",
				recordType: "person-restriction",
				recordId: personId,
				personId,
				requestId,
				before: before && { reason: before.reason, users: before.users.map((u) => u.id) },
				after: { reason: input.reason, users: users.map((u) => u.id) },
			});
		});
	}

	async lift(personId: string, actor: Principal, requestId: string): Promise<void> {
		await this.db.transaction().execute(async (trx) => {
			const gone = await trx
				.deleteFrom("person_restriction")
				.where("person_id", "=", personId)
				.returning(["reason", "owner_id"])
				.executeTakeFirst();
			if (!gone) return;
			await this.accessLog.change(trx, {
				userId: actor.id,
				role: actor.roles.join(","),
				action: "delete",
				recordType: "person-restriction",
				recordId: personId,
				personId,
				requestId,
				before: { reason: gone.reason, owner: gone.owner_id },
				after: null,
			});
		});
	}
}
