import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";
import type { Role } from "./roles.ts";

/**
 * Enabled users holding any of these roles, as `u`: whom work may be given to (a next
 * step, a task, a child's allocated worker). Callers narrow it (a team, one user) and
 * choose the columns.
 */
export function staffWith(db: Kysely<DB>, roles: readonly Role[]) {
	return db
		.selectFrom("app_user as u")
		.where("u.disabled_at", "is", null)
		.where(({ exists, selectFrom }) =>
			exists(
				selectFrom("user_role as r").select("r.role").whereRef("r.user_id", "=", "u.id").where("r.role", "in", roles),
			),
		);
}
