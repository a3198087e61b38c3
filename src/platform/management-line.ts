import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.ts";
import { isUuid } from "./requests.ts";

/** How far up a management line is followed: far beyond any council's structure. */
const MANAGEMENT_LINE_DEPTH = 50;

/**
 * The ids of a user's managers, nearest first: their line manager, that manager's
 * manager, and so on. Stops after 50 levels and at any id already seen, so a cycle in
 * the data (which the service refuses to make) cannot loop. Disabled managers are
 * included: what they may still do is for the caller to decide.
 */
export async function managementLine(db: Kysely<DB>, userId: string): Promise<string[]> {
	return managersAbove(db, userId, MANAGEMENT_LINE_DEPTH);
}

export async function managersAbove(db: Kysely<DB>, userId: string, maxDepth: number): Promise<string[]> {
	if (!isUuid(userId)) return [];
	// `seen` holds the user and every manager found so far: a manager already in it ends the walk.
	const { rows } = await sql<{ id: string }>`
		WITH RECURSIVE line (id, depth, seen) AS (
			SELECT u.manager_id, 1, ARRAY[u.id, u.manager_id]
			  FROM app_user u
			 WHERE u.id = ${userId} AND u.manager_id IS NOT NULL
			UNION ALL
			SELECT u.manager_id, line.depth + 1, line.seen || u.manager_id
			  FROM line
			  JOIN app_user u ON u.id = line.id
			 WHERE u.manager_id IS NOT NULL
			   AND u.manager_id <> ALL (line.seen)
			   AND line.depth < ${maxDepth}
		)
		SELECT id FROM line ORDER BY depth`.execute(db);
	return rows.map((r) => r.id);
}
