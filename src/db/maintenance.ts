import { sql } from "kysely";
import type { Database } from "./engine.ts";

/** Keeps monthly access-log partitions ready: this month, last month and three ahead. */
export async function ensureAccessLogPartitions(db: Database, now = new Date()): Promise<number> {
	const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
	const [row] = await db.withOwner((owner) =>
		owner.query<{ created: number }>("SELECT access_log_ensure_partitions($1::date, 5) AS created", [from]),
	);
	return Number(row?.created ?? 0);
}

/**
 * The application's own connection must not be able to rewrite history: refuse to run
 * if it is a superuser, owns (or can act as the owner of) the log, or may change its rows.
 */
export async function checkApplicationRole(db: Database): Promise<string[]> {
	const { rows } = await sql<{ user: string; superuser: boolean; owner_rights: boolean; can_change: boolean }>`
		SELECT current_user AS user,
		       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
		       pg_has_role(current_user,
		         (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'access_log'),
		         'USAGE') AS owner_rights,
		       has_table_privilege('access_log', 'UPDATE')
		         OR has_table_privilege('access_log', 'DELETE')
		         OR has_table_privilege('access_log', 'TRUNCATE') AS can_change`.execute(db.kysely);
	const r = rows[0];
	if (!r) return ["could not read the database role"];
	const problems: string[] = [];
	if (r.superuser) problems.push(`the application connects as ${r.user}, a superuser`);
	if (r.owner_rights) problems.push(`the application role ${r.user} owns the access log or can act as its owner`);
	if (r.can_change) problems.push(`the application role ${r.user} can update, delete or truncate the access log`);
	return problems;
}
