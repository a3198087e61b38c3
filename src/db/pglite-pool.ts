import type { PGlite } from "@electric-sql/pglite";
import type { PostgresPool, PostgresPoolClient } from "kysely";

// Kysely's PostgresDialect drives a `pg`-shaped pool. PGlite is one connection in
// this process, so the "pool" hands that connection to one borrower at a time: a
// transaction begun by one request can never interleave with another's queries.
export interface PoolClientLike {
	query(sql: string, params?: readonly unknown[]): Promise<{ command: SqlCommand; rowCount: number; rows: unknown[] }>;
	release(): void;
}

type SqlCommand = "INSERT" | "UPDATE" | "DELETE" | "MERGE" | "SELECT";

export class PGlitePool implements PostgresPool {
	#queue: Promise<void> = Promise.resolve();

	constructor(readonly db: PGlite) {}

	async connect(): Promise<PostgresPoolClient & PoolClientLike> {
		let release!: () => void;
		const turn = new Promise<void>((resolve) => {
			release = resolve;
		});
		const previous = this.#queue;
		this.#queue = previous.then(() => turn);
		await previous;
		const db = this.db;
		let released = false;
		const client: PoolClientLike = {
			async query(sql, params) {
				const result = await db.query(sql, params as unknown[] | undefined);
				return {
					command: commandOf(sql),
					rowCount: result.affectedRows ?? result.rows.length,
					rows: result.rows,
				};
			},
			release() {
				if (!released) {
					released = true;
					release();
				}
			},
		};
		// Kysely never asks this pool for cursors, the one overload PGlite cannot serve.
		return client as PostgresPoolClient & PoolClientLike;
	}

	/** Runs `fn` while holding the only connection, outside Kysely. */
	async exclusive<T>(fn: (db: PGlite) => Promise<T>): Promise<T> {
		const client = await this.connect();
		try {
			return await fn(this.db);
		} finally {
			client.release();
		}
	}

	async end(): Promise<void> {
		await this.exclusive(async () => undefined);
	}
}

function commandOf(sql: string): SqlCommand {
	const match = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|select)\b/i.exec(sql);
	return (match?.[1] ?? "select").toUpperCase() as SqlCommand;
}
