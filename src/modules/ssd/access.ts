/**
 * Only analysts import or export SSD extracts (issue 17): an extract is every child's
 * history at once, so the check is made by the service itself, whatever calls it (the
 * command today, the upload page next), not only at a route.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/schema.ts";
import { Refused } from "../../platform/errors.ts";
import { englandDay } from "../../platform/format.ts";
import { isRole, type Role } from "../../platform/roles.ts";

export const SSD_ANALYSTS: readonly Role[] = ["analyst"];
/**
 * Who says which person an imported child is (ADR 36): the front door, who match children
 * to records every day, and the analysts, who know the extract; the council names the team
 * whose tray the questions go to.
 */
export const LINKERS: readonly Role[] = ["contact-officer", "practitioner", "team-manager", "analyst"];

/** Who runs an import or export: the user's id is recorded with it. */
export interface SsdActor {
	id: string;
	roles: readonly Role[];
}

export function assertAnalyst(actor: SsdActor): void {
	if (!actor.roles.some((r) => SSD_ANALYSTS.includes(r))) {
		throw new Refused("ssd-not-analyst", "Only an analyst may import or export SSD extracts");
	}
}

/**
 * The user a command names with `--as`, refused with a plain reason unless they may act
 * now: known, enabled, not past their end date, and an analyst.
 */
export async function analystByEmail(db: Kysely<DB>, email: string, now: Date): Promise<SsdActor> {
	const user = await db
		.selectFrom("app_user")
		.select(["id", "email", "disabled_at", "expires_on"])
		.where((eb) => eb(eb.fn("lower", ["email"]), "=", email.trim().toLowerCase()))
		.executeTakeFirst();
	if (!user) throw new Refused("ssd-unknown-user", `No user has the email address ${email}`);
	return mayActNow(db, user, now);
}

/**
 * The analyst who queued a background import, as they are when it runs: one whose account
 * was disabled, or who stopped being an analyst, since they queued it is refused then.
 */
export async function analystById(db: Kysely<DB>, id: string, now: Date): Promise<SsdActor> {
	const user = await db
		.selectFrom("app_user")
		.select(["id", "email", "disabled_at", "expires_on"])
		.where("id", "=", id)
		.executeTakeFirstOrThrow();
	return mayActNow(db, user, now);
}

async function mayActNow(
	db: Kysely<DB>,
	user: { id: string; email: string; disabled_at: Date | null; expires_on: string | null },
	now: Date,
): Promise<SsdActor> {
	if (user.disabled_at) throw new Refused("ssd-user-disabled", `${user.email}'s account is disabled`);
	if (user.expires_on && user.expires_on < englandDay(now)) {
		throw new Refused("ssd-user-expired", `${user.email}'s access ended on ${user.expires_on}`);
	}
	const roles = (await db.selectFrom("user_role").select("role").where("user_id", "=", user.id).execute())
		.map((r) => r.role)
		.filter(isRole);
	const actor = { id: user.id, roles };
	if (!roles.some((r) => SSD_ANALYSTS.includes(r))) {
		throw new Refused(
			"ssd-not-analyst",
			`${user.email} is not an analyst: only analysts may import or export SSD extracts`,
		);
	}
	return actor;
}
