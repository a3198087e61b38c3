import type { Kysely, Transaction } from "kysely";
import type { DB } from "../db/schema.ts";

export type LogAction =
	| "view"
	| "search"
	| "export"
	| "create"
	| "update"
	| "delete"
	| "merge"
	| "unmerge"
	| "sign-in"
	| "sign-out"
	| "denied";

export interface LogEntry {
	userId: string | null;
	apiKeyId?: string | null;
	role: string | null;
	action: LogAction;
	recordType: string;
	recordId?: string | null;
	personId?: string | null;
	requestId?: string | null;
	detail?: Record<string, unknown> | null;
}

export interface ChangeEntry extends LogEntry {
	before: unknown;
	after: unknown;
}

function row(entry: LogEntry, at: Date) {
	return {
		at,
		user_id: entry.userId,
		api_key_id: entry.apiKeyId ?? null,
		role: entry.role,
		action: entry.action,
		record_type: entry.recordType,
		record_id: entry.recordId ?? null,
		person_id: entry.personId ?? null,
		request_id: entry.requestId ?? null,
		detail: entry.detail ? JSON.stringify(entry.detail) : null,
	};
}

/**
 * The record access log. Changes are written inside the caller's transaction, so a
 * change and its log row commit or vanish together. Views and searches are buffered
 * for at most `flushMs` and written in one insert: a crash loses at most that much
 * of the view log, never a change.
 */
export class AccessLog {
	#buffer: ReturnType<typeof row>[] = [];
	#timer: NodeJS.Timeout | undefined;
	#flushing: Promise<void> = Promise.resolve();

	constructor(
		private readonly db: Kysely<DB>,
		private readonly options: { flushMs?: number; now?: () => Date; onError?: (e: unknown) => void } = {},
	) {}

	#now(): Date {
		return this.options.now?.() ?? new Date();
	}

	view(entry: LogEntry): void {
		this.#buffer.push(row(entry, this.#now()));
		this.#timer ??= setTimeout(() => {
			this.#timer = undefined;
			void this.flush();
		}, this.options.flushMs ?? 1000);
	}

	async change(trx: Transaction<DB> | Kysely<DB>, entry: ChangeEntry): Promise<void> {
		const { before, after, ...rest } = entry;
		await trx
			.insertInto("access_log")
			.values(row({ ...rest, detail: { ...(rest.detail ?? {}), before, after } }, this.#now()))
			.execute();
	}

	/** Writes everything buffered so far; safe to call at any time and at shutdown. */
	flush(): Promise<void> {
		if (this.#timer) {
			clearTimeout(this.#timer);
			this.#timer = undefined;
		}
		const rows = this.#buffer;
		this.#buffer = [];
		this.#flushing = this.#flushing.then(async () => {
			if (rows.length === 0) return;
			try {
				await this.db.insertInto("access_log").values(rows).execute();
			} catch (error) {
				// Keep the rows for the next attempt rather than dropping evidence.
				this.#buffer.unshift(...rows);
				this.options.onError?.(error);
			}
		});
		return this.#flushing;
	}

	get pending(): number {
		return this.#buffer.length;
	}
}
