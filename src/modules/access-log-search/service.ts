import type { Kysely } from "kysely";
import { prepared } from "../../db/prepared.ts";
import type { DB } from "../../db/schema.ts";
import { recordsOf } from "../people/index.ts";

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
	constructor(
		private readonly db: Kysely<DB>,
		private readonly now: () => Date = () => new Date(),
	) {}

	async search(query: LogQuery): Promise<{ rows: LogRow[]; next: { at: Date; id: number } | null }> {
		const personIds = query.personId ? await recordsOf(this.db, query.personId) : undefined;
		// Newest first over years of monthly partitions: look in the last few months first and
		// widen only when they hold less than a page, so most searches touch a handful of partitions.
		const end = query.before?.at ?? this.now();
		let rows: Awaited<ReturnType<typeof this.page>> = [];
		for (const days of [92, 400, null]) {
			const since = days === null ? undefined : new Date(end.getTime() - days * 86_400_000);
			rows = await this.page(query, personIds, since);
			if (rows.length > PAGE_SIZE) break;
		}
		return this.toResult(rows);
	}

	private page(query: LogQuery, personIds: string[] | undefined, since: Date | undefined) {
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
		if (personIds) q = q.where("l.person_id", "in", personIds);
		if (since) q = q.where("l.at", ">=", since);
		if (query.userId) q = q.where("l.user_id", "=", query.userId);
		if (query.before) {
			const { at, id } = query.before;
			// The plain bound lets the planner leave out every newer month's partition; the OR cannot.
			q = q
				.where("l.at", "<=", at)
				.where((eb) => eb.or([eb("l.at", "<", at), eb.and([eb("l.at", "=", at), eb("l.id", "<", id)])]));
		}
		// Ordered to match the (person_id, at DESC) and (user_id, at DESC) indexes. Prepared:
		// over years of monthly partitions, planning costs several times what running does,
		// and the text is one of a few (by person or user, window, cursor).
		return this.db
			.executeQuery(
				prepared(
					q
						.orderBy("l.at", "desc")
						.orderBy("l.id", "desc")
						.limit(PAGE_SIZE + 1),
				),
			)
			.then((r) => r.rows);
	}

	private toResult(rows: Awaited<ReturnType<AccessLogSearch["page"]>>) {
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
