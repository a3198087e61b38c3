import type { Kysely } from "kysely";
import type { DB } from "../../db/schema.ts";
import { recordsOf } from "../people/merge.ts";

export const PAGE_SIZE = 50;

export interface LogQuery {
	personId?: string;
	userId?: string;
	/** Keyset cursor: rows strictly older than this (at, id). */
	before?: { at: Date; id: number };
}

export interface LogRow {
	id: number;
	at: Date;
	userId: string | null;
	userName: string | null;
	role: string | null;
	action: string;
	recordType: string;
	recordId: string | null;
	personId: string | null;
	requestId: string | null;
	detail: unknown;
}

/** Searches of the access log: "who viewed this child" and "what did this user do". */
export class AccessLogSearch {
	constructor(private readonly db: Kysely<DB>) {}

	async search(query: LogQuery): Promise<{ rows: LogRow[]; next: { at: Date; id: number } | null }> {
		let q = this.db
			.selectFrom("access_log as l")
			.leftJoin("app_user as u", "u.id", "l.user_id")
			.select([
				"l.id",
				"l.at",
				"l.user_id",
				"u.display_name",
				"l.role",
				"l.action",
				"l.record_type",
				"l.record_id",
				"l.person_id",
				"l.request_id",
				"l.detail",
			]);
		// A child's log follows merges: rows written against a record since merged into them count.
		if (query.personId) q = q.where("l.person_id", "in", await recordsOf(this.db, query.personId));
		if (query.userId) q = q.where("l.user_id", "=", query.userId);
		if (query.before) {
			const { at, id } = query.before;
			q = q.where((eb) => eb.or([eb("l.at", "<", at), eb.and([eb("l.at", "=", at), eb("l.id", "<", id)])]));
		}
		// Ordered to match the (person_id, at DESC) and (user_id, at DESC) indexes.
		const rows = await q
			.orderBy("l.at", "desc")
			.orderBy("l.id", "desc")
			.limit(PAGE_SIZE + 1)
			.execute();
		const page = rows.slice(0, PAGE_SIZE).map((r) => ({
			id: r.id,
			at: r.at,
			userId: r.user_id,
			userName: r.display_name,
			role: r.role,
			action: r.action,
			recordType: r.record_type,
			recordId: r.record_id,
			personId: r.person_id,
			requestId: r.request_id,
			detail: r.detail,
		}));
		const last = page.at(-1);
		return { rows: page, next: rows.length > PAGE_SIZE && last ? { at: last.at, id: last.id } : null };
	}
}
