import { sql } from "kysely";
import type { Database } from "./engine.ts";

/** Months of access-log partitions made ahead: production's upkeep runs daily, and a missed week must not matter. */
export const PARTITION_MONTHS_AHEAD = 24;

/** Keeps monthly access-log partitions ready: last month, this month and `ahead` more (as the schema owner). */
export async function ensureAccessLogPartitions(db: Database, now = new Date(), ahead = 3): Promise<number> {
	const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
	const [row] = await db.withOwner((owner) =>
		owner.query<{ created: number }>("SELECT access_log_ensure_partitions($1::date, $2) AS created", [from, ahead + 2]),
	);
	return Number(row?.created ?? 0);
}

/**
 * Recounts how many people hold each given and family name, which person search weighs
 * agreement on a name by (as the schema owner). Returns how many names it counted.
 */
export async function refreshNameFrequencies(db: Database): Promise<number> {
	const [row] = await db.withOwner((owner) =>
		owner.query<{ names: number }>("SELECT refresh_person_name_frequency() AS names"),
	);
	return Number(row?.names ?? 0);
}

/** Whole months from now that the access log's partitions cover (read as the app). */
export async function partitionMonthsAhead(db: Database, now = new Date()): Promise<number> {
	const { rows } = await sql<{ name: string }>`
		SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
		 WHERE i.inhparent = 'access_log'::regclass`.execute(db.kysely);
	const months = rows.flatMap((r) => {
		const m = /^access_log_(\d{4})_(\d{2})$/.exec(r.name);
		return m ? [Number(m[1]) * 12 + Number(m[2]) - 1] : [];
	});
	if (!months.length) return -1;
	return Math.max(...months) - (now.getUTCFullYear() * 12 + now.getUTCMonth());
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
