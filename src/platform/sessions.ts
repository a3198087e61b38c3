import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";
import { englandDay } from "./format.ts";
import { isRole, type Role } from "./roles.ts";

export const IDLE_LIMIT_MS = 30 * 60 * 1000;
export const ABSOLUTE_LIMIT_MS = 10 * 60 * 60 * 1000;
// Writing last_seen_at on every request would double the writes; a minute's slack
// on a 30-minute idle limit is immaterial.
const TOUCH_EVERY_MS = 60 * 1000;

export interface Principal {
	id: string;
	email: string;
	displayName: string;
	roles: Role[];
	sweRegistration: string | null;
	teamId: string | null;
}

export type Resolved =
	| { kind: "active"; principal: Principal; idHash: string }
	| { kind: "ended"; reason: string; userId: string }
	| { kind: "none" };

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export class Sessions {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly now: () => Date = () => new Date(),
	) {}

	async create(userId: string): Promise<string> {
		const token = randomBytes(32).toString("base64url");
		const at = this.now();
		await this.db
			.insertInto("user_session")
			.values({ id_hash: hash(token), user_id: userId, created_at: at, last_seen_at: at })
			.execute();
		return token;
	}

	async resolve(token: string | undefined): Promise<Resolved> {
		if (!token) return { kind: "none" };
		const idHash = hash(token);
		const s = await this.db
			.selectFrom("user_session as s")
			.innerJoin("app_user as u", "u.id", "s.user_id")
			.select([
				"s.created_at",
				"s.last_seen_at",
				"s.ended_at",
				"u.id",
				"u.email",
				"u.display_name",
				"u.swe_registration",
				"u.team_id",
				"u.disabled_at",
				"u.expires_on",
			])
			.where("s.id_hash", "=", idHash)
			.executeTakeFirst();
		if (!s) return { kind: "none" };
		if (s.ended_at) return { kind: "ended", reason: "signed-out", userId: s.id };
		const now = this.now();
		const reason =
			s.disabled_at !== null
				? "disabled"
				: s.expires_on !== null && s.expires_on < englandDay(now)
					? "expired"
					: now.getTime() - s.created_at.getTime() > ABSOLUTE_LIMIT_MS
						? "absolute"
						: now.getTime() - s.last_seen_at.getTime() > IDLE_LIMIT_MS
							? "idle"
							: null;
		if (reason) {
			await this.endByHash(idHash, reason);
			return { kind: "ended", reason, userId: s.id };
		}
		if (now.getTime() - s.last_seen_at.getTime() > TOUCH_EVERY_MS) {
			await this.db.updateTable("user_session").set({ last_seen_at: now }).where("id_hash", "=", idHash).execute();
		}
		const roles = await this.db.selectFrom("user_role").select("role").where("user_id", "=", s.id).execute();
		return {
			kind: "active",
			idHash,
			principal: {
				id: s.id,
				email: s.email,
				displayName: s.display_name,
				roles: roles.map((r) => r.role).filter(isRole),
				sweRegistration: s.swe_registration,
				teamId: s.team_id,
			},
		};
	}

	async end(token: string, reason = "signed-out"): Promise<void> {
		await this.endByHash(hash(token), reason);
	}

	/** Ends every session of a user: used when an administrator disables or changes roles. */
	async endAllFor(userId: string, reason: string): Promise<void> {
		await this.db
			.updateTable("user_session")
			.set({ ended_at: this.now(), ended_reason: reason })
			.where("user_id", "=", userId)
			.where("ended_at", "is", null)
			.execute();
	}

	private async endByHash(idHash: string, reason: string): Promise<void> {
		await this.db
			.updateTable("user_session")
			.set({ ended_at: this.now(), ended_reason: reason })
			.where("id_hash", "=", idHash)
			.where("ended_at", "is", null)
			.execute();
	}
}
