import { type Kysely, sql } from "kysely";
import { preparedSql } from "../../db/prepared.ts";
import type { DB } from "../../db/schema.ts";
import type { AccessLog } from "../../platform/access-log.ts";
import { NotFound } from "../../platform/errors.ts";
import type { PersonLink } from "../../platform/modules.ts";
import { isUuid } from "../../platform/requests.ts";
import type { Principal } from "../../platform/sessions.ts";
import { recordPersonEvent } from "./events.ts";

interface Moved {
	table: string;
	column: string;
	id: string;
}

export class MergeRefused extends Error {}

/** Merging duplicate records, and undoing it: each a recorded decision. */
export class MergeService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
		/** Every module's columns that point at a person (their manifests' person links). */
		private readonly links: readonly PersonLink[],
	) {}

	async merge(survivorId: string, duplicateId: string, reason: string, actor: Principal, requestId: string) {
		if (!isUuid(survivorId) || !isUuid(duplicateId)) throw new NotFound("Person");
		if (survivorId === duplicateId) throw new MergeRefused("A record cannot be merged into itself");
		return this.db.transaction().execute(async (trx) => {
			// Lock both rows in a fixed order so two merges of the same pair cannot interleave.
			const rows = await trx
				.selectFrom("person")
				.select(["id", "merged_into", "la_person_id"])
				.where("id", "in", [survivorId, duplicateId].sort())
				.orderBy("id")
				.forUpdate()
				.execute();
			const survivor = rows.find((r) => r.id === survivorId);
			const duplicate = rows.find((r) => r.id === duplicateId);
			if (!survivor || !duplicate) throw new NotFound("Person");
			if (survivor.merged_into)
				throw new MergeRefused(`${survivor.la_person_id} has itself been merged into another record`);
			if (duplicate.merged_into) throw new MergeRefused(`${duplicate.la_person_id} has already been merged`);
			const moved: Moved[] = [];
			for (const link of this.links) {
				// A link between the two records themselves would point a record at itself: it stays.
				const { rows: ids } = await sql<{ id: string }>`
					UPDATE ${sql.table(link.table)} SET ${sql.ref(link.column)} = ${survivorId}
					 WHERE ${sql.ref(link.column)} = ${duplicateId}
					   ${link.other ? sql`AND ${sql.ref(link.other)} <> ${survivorId}` : sql``}
					RETURNING id`.execute(trx);
				for (const { id } of ids) moved.push({ table: link.table, column: link.column, id });
			}
			await trx
				.updateTable("person")
				.set({ merged_into: survivorId, updated_at: this.now(), updated_by: actor.id })
				.where("id", "=", duplicateId)
				.execute();
			const { id: mergeId } = await trx
				.insertInto("person_merge")
				.values({
					survivor_id: survivorId,
					merged_id: duplicateId,
					reason,
					decided_by: actor.id,
					decided_at: this.now(),
					moved: JSON.stringify(moved),
				})
				.returning("id")
				.executeTakeFirstOrThrow();
			const change = { survivor: survivor.la_person_id, merged: duplicate.la_person_id, reason, moved: moved.length };
			for (const personId of [survivorId, duplicateId]) {
				await recordPersonEvent(trx, {
					personId,
					at: this.now(),
					byUser: actor.id,
					event: "merged",
					recordId: mergeId,
				});
				await this.accessLog.change(trx, {
					userId: actor.id,
					role: actor.roles.join(","),
					action: "merge",
					recordType: "person",
					recordId: mergeId,
					personId,
					requestId,
					before: null,
					after: change,
				});
			}
			return mergeId;
		});
	}

	/** Puts back every link the merge moved, and the duplicate becomes a record again. */
	async unmerge(mergeId: string, reason: string, actor: Principal, requestId: string) {
		if (!isUuid(mergeId)) throw new NotFound("Merge");
		return this.db.transaction().execute(async (trx) => {
			const merge = await trx
				.selectFrom("person_merge")
				.selectAll()
				.where("id", "=", mergeId)
				.forUpdate()
				.executeTakeFirst();
			if (!merge) throw new NotFound("Merge");
			if (merge.undone_at) throw new MergeRefused("This merge has already been undone");
			const survivor = await trx
				.selectFrom("person")
				.select("merged_into")
				.where("id", "=", merge.survivor_id)
				.executeTakeFirstOrThrow();
			if (survivor.merged_into) {
				throw new MergeRefused("The surviving record has since been merged into another; undo that merge first");
			}
			// Written by merge() above as a list of Moved.
			for (const m of merge.moved as unknown as Moved[]) {
				await sql`UPDATE ${sql.table(m.table)} SET ${sql.ref(m.column)} = ${merge.merged_id}
					WHERE id = ${m.id} AND ${sql.ref(m.column)} = ${merge.survivor_id}`.execute(trx);
			}
			await trx
				.updateTable("person")
				.set({ merged_into: null, updated_at: this.now(), updated_by: actor.id })
				.where("id", "=", merge.merged_id)
				.execute();
			await trx
				.updateTable("person_merge")
				.set({ undone_at: this.now(), undone_by: actor.id, undo_reason: reason })
				.where("id", "=", mergeId)
				.execute();
			for (const personId of [merge.survivor_id, merge.merged_id]) {
				await recordPersonEvent(trx, {
					personId,
					at: this.now(),
					byUser: actor.id,
					event: "merge-undone",
					recordId: mergeId,
				});
				await this.accessLog.change(trx, {
					userId: actor.id,
					role: actor.roles.join(","),
					action: "unmerge",
					recordType: "person",
					recordId: mergeId,
					personId,
					requestId,
					before: { mergedInto: merge.survivor_id },
					after: { mergedInto: null, reason },
				});
			}
			return { survivorId: merge.survivor_id, restoredId: merge.merged_id };
		});
	}
}

/** The person and every record merged into them, however deep: "who viewed this child" reads all of them. */
export async function recordsOf(db: Kysely<DB>, personId: string): Promise<string[]> {
	// Asked on every view of a person's access log: prepared, as it is the same text each time.
	const { rows } = await db.executeQuery(
		preparedSql(
			db,
			sql<{ id: string }>`
				WITH RECURSIVE merged(id) AS (
					SELECT ${personId}::uuid
					UNION
					SELECT p.id FROM person p JOIN merged m ON p.merged_into = m.id
				)
				SELECT id FROM merged`,
		),
	);
	return rows.map((r) => r.id);
}
