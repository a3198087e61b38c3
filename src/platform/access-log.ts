import { type Kysely, sql, type Transaction } from "kysely";
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

// What people write in their own words: the concern, a rationale, notes. The log is
// append-only and a record must stay correctable and deletable under its retention rule,
// so a change row names the field and its length, never the words (they stay in the record).
const FREE_TEXT =
	/concern|rationale|reason|comment|summary|analysis|description|narrative|notes?$|^request$|response$/i;
const LONG_TEXT = 200;

/** Before/after values with free text replaced by a reference to it: `{ freeText: length }`. */
export function referenceFreeText(value: unknown, key = ""): unknown {
	if (typeof value === "string") {
		return FREE_TEXT.test(key) || value.length > LONG_TEXT ? { freeText: value.length } : value;
	}
	if (Array.isArray(value)) return value.map((v) => referenceFreeText(v, key));
	if (value && typeof value === "object" && !(value instanceof Date)) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, referenceFreeText(v, k)]));
	}
	return value;
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
 * Writes a batch as one column array per field: a statement of ten parameters whatever
 * the batch's size, where a VALUES list of thousands of rows made PostgreSQL parse and
 * bind tens of thousands of parameters, and the client send hundreds of kilobytes of SQL.
 */
async function insertRows(db: Kysely<DB>, rows: ReturnType<typeof row>[]) {
	const column = <K extends keyof ReturnType<typeof row>>(key: K) => rows.map((r) => r[key]);
	await db
		.insertInto("access_log")
		.columns([
			"at",
			"user_id",
			"api_key_id",
			"role",
			"action",
			"record_type",
			"record_id",
			"person_id",
			"request_id",
			"detail",
		])
		.expression(
			sql`SELECT * FROM unnest(${column("at")}::timestamptz[], ${column("user_id")}::uuid[],
				${column("api_key_id")}::uuid[], ${column("role")}::text[], ${column("action")}::text[],
				${column("record_type")}::text[], ${column("record_id")}::text[], ${column("person_id")}::uuid[],
				${column("request_id")}::text[], ${column("detail")}::jsonb[])`,
		)
		.execute();
}

export interface AccessLogOptions {
	flushMs?: number;
	now?: () => Date;
	onError?: (e: unknown) => void;
	/** Rows per insert: PostgreSQL takes at most 65,535 parameters in one statement, ten per row here. */
	batchSize?: number;
	/** Views buffered while the database cannot take them; at this many, records stop being shown. */
	maxBuffered?: number;
	/** How long writing may fail before records stop being shown. */
	refuseAfterMs?: number;
	/** The longest wait between retries while writing fails. */
	maxRetryMs?: number;
}

/**
 * The record access log. Changes are written inside the caller's transaction, so a
 * change and its log row commit or vanish together. Views and searches are buffered
 * for at most `flushMs` and written in batches: a crash loses at most that much of the
 * view log, never a change. While the database refuses them, rows stay buffered and
 * writing is retried with growing waits; once it has failed for `refuseAfterMs`, or the
 * buffer is full, `refusing` is true and the platform stops showing records rather than
 * show them unlogged (ADR 3). No row is ever dropped.
 */
export class AccessLog {
	#buffer: ReturnType<typeof row>[] = [];
	#timer: NodeJS.Timeout | undefined;
	#flushing: Promise<void> = Promise.resolve();
	#failingSince: number | null = null;
	#failures = 0;

	constructor(
		private readonly db: Kysely<DB>,
		private readonly options: AccessLogOptions = {},
	) {}

	#now(): Date {
		return this.options.now?.() ?? new Date();
	}

	view(entry: LogEntry): void {
		this.#buffer.push(row(entry, this.#now()));
		// While writing fails, the retry's own (growing) wait stands.
		if (this.#failingSince === null) this.#schedule(this.options.flushMs ?? 1000);
	}

	#schedule(ms: number) {
		this.#timer ??= setTimeout(() => {
			this.#timer = undefined;
			void this.flush();
		}, ms);
		this.#timer.unref?.();
	}

	async change(trx: Transaction<DB> | Kysely<DB>, entry: ChangeEntry): Promise<void> {
		const { before, after, ...rest } = entry;
		const detail = { ...(rest.detail ?? {}), before: referenceFreeText(before), after: referenceFreeText(after) };
		await trx
			.insertInto("access_log")
			.values(row({ ...rest, detail }, this.#now()))
			.execute();
	}

	/** Many changes in the caller's transaction, a few statements whatever their number. */
	async changes(trx: Transaction<DB> | Kysely<DB>, entries: readonly ChangeEntry[]): Promise<void> {
		const at = this.#now();
		const rows = entries.map(({ before, after, ...rest }) =>
			row(
				{
					...rest,
					detail: { ...(rest.detail ?? {}), before: referenceFreeText(before), after: referenceFreeText(after) },
				},
				at,
			),
		);
		const size = this.options.batchSize ?? 5000;
		for (let i = 0; i < rows.length; i += size) await insertRows(trx, rows.slice(i, i + size));
	}

	/** Writes everything buffered so far; safe to call at any time and at shutdown. */
	flush(): Promise<void> {
		if (this.#timer) {
			clearTimeout(this.#timer);
			this.#timer = undefined;
		}
		this.#flushing = this.#flushing.then(() => this.#write());
		return this.#flushing;
	}

	async #write(): Promise<void> {
		const size = this.options.batchSize ?? 5000;
		while (this.#buffer.length > 0) {
			const batch = this.#buffer.slice(0, size);
			try {
				await insertRows(this.db, batch);
			} catch (error) {
				// The rows stay at the front of the buffer for the next attempt: evidence is never dropped.
				this.#failingSince ??= this.#now().getTime();
				this.#failures += 1;
				this.options.onError?.(error);
				const wait = Math.min(500 * 2 ** Math.min(this.#failures, 16), this.options.maxRetryMs ?? 30_000);
				this.#schedule(wait);
				return;
			}
			this.#buffer.splice(0, batch.length);
			this.#failingSince = null;
			this.#failures = 0;
		}
	}

	get pending(): number {
		return this.#buffer.length;
	}

	/** True when views cannot be logged (failing too long, or too many waiting): records must not be shown. */
	get refusing(): boolean {
		if (this.#buffer.length >= (this.options.maxBuffered ?? 500_000)) return true;
		return (
			this.#failingSince !== null &&
			this.#now().getTime() - this.#failingSince >= (this.options.refuseAfterMs ?? 30_000)
		);
	}
}
