import { PGlite, type PGliteOptions, types as pgliteTypes } from "@electric-sql/pglite";
import { fuzzystrmatch } from "@electric-sql/pglite/contrib/fuzzystrmatch";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { CompiledQuery, type DatabaseConnection, Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { PGlitePool } from "./pglite-pool.ts";
import { preparingMarkedQueries } from "./prepared.ts";
import type { DB } from "./schema.ts";

export const APP_ROLE = "threshold_app";

// Both engines hand back the same JS shapes: bigint as number (ids stay far below
// 2^53), calendar dates as "YYYY-MM-DD" strings (a Date would shift them by zone).
pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
const pgliteParsers = {
	[pgliteTypes.INT8]: Number,
	[pgliteTypes.DATE]: (v: string) => v,
};

export type EngineKind = "pglite" | "postgres";

/** A session with the schema owner's rights: migrations, partition upkeep. */
export interface OwnerSession {
	exec(sql: string): Promise<void>;
	query<R>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface Database {
	readonly engine: EngineKind;
	/** Queries as the application role, which owns nothing. */
	readonly kysely: Kysely<DB>;
	withOwner<T>(fn: (owner: OwnerSession) => Promise<T>): Promise<T>;
	/** PGlite only: a snapshot of the whole database, to start copies from. */
	snapshot?(): Promise<Blob>;
	close(): Promise<void>;
}

export type EngineOptions =
	| {
			kind: "postgres";
			/** The application's connection. */
			url: string;
			/** The owner's connection; when absent, `url` is the owner and the app SET ROLEs. */
			ownerUrl?: string;
			poolSize?: number;
	  }
	| {
			kind: "pglite";
			/** Directory kept between runs; absent means in memory. */
			dataDir?: string;
			/** A migrated snapshot to start from (tests). */
			loadDataDir?: Blob | File;
	  };

export async function openPglite(options: Pick<PGliteOptions, "dataDir" | "loadDataDir">): Promise<PGlite> {
	const db = new PGlite({
		...options,
		extensions: { pg_trgm, fuzzystrmatch },
		parsers: pgliteParsers,
	});
	await db.waitReady;
	return db;
}

export async function openDatabase(options: EngineOptions): Promise<Database> {
	return options.kind === "pglite" ? openEmbedded(options) : openPostgres(options);
}

async function openEmbedded(options: { dataDir?: string; loadDataDir?: Blob | File }): Promise<Database> {
	const db = await openPglite({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
	const pool = new PGlitePool(db);
	// PGlite is one connection: the owner's work borrows it, drops to the owner's rights
	// and returns it as the application role.
	const becomeApp = async () => {
		if ((await db.query(`select 1 from pg_roles where rolname = $1`, [APP_ROLE])).rows.length === 0) return;
		await db.exec(`SET ROLE ${APP_ROLE}`);
	};
	await becomeApp();
	const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
	return {
		engine: "pglite",
		kysely,
		async withOwner(fn) {
			return pool.exclusive(async (raw) => {
				await raw.exec("RESET ROLE");
				try {
					return await fn({
						exec: async (sql) => {
							await raw.exec(sql);
						},
						query: async <R>(sql: string, params?: unknown[]) => (await raw.query<R>(sql, params)).rows,
					});
				} finally {
					await becomeApp();
				}
			});
		},
		snapshot: () => pool.exclusive((raw) => raw.dumpDataDir("gzip")),
		async close() {
			await kysely.destroy().catch(() => undefined);
			if (!db.closed) await db.close();
		},
	};
}

async function openPostgres(options: { url: string; ownerUrl?: string; poolSize?: number }): Promise<Database> {
	const ownerPool = new pg.Pool({ connectionString: options.ownerUrl ?? options.url, max: 2 });
	const appPool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
	// An idle connection the server drops (restart, failover, a terminated backend) emits
	// 'error' on the pool; unheard, it would kill the process. The pool discards that
	// connection and the next query gets a fresh one.
	for (const pool of [ownerPool, appPool]) pool.on("error", () => undefined);
	appPool.on("connect", preparingMarkedQueries);
	// One URL (development, tests): the connecting user owns the schema, so every
	// application connection steps down to the application role before its first query.
	const stepDown = options.ownerUrl
		? undefined
		: async (connection: DatabaseConnection) => {
				await connection.executeQuery(CompiledQuery.raw(`SET ROLE ${APP_ROLE}`));
			};
	const kysely = new Kysely<DB>({
		dialect: new PostgresDialect({ pool: appPool, onCreateConnection: stepDown }),
	});
	return {
		engine: "postgres",
		kysely,
		async withOwner(fn) {
			const client = await ownerPool.connect();
			try {
				return await fn({
					exec: async (sql) => {
						await client.query(sql);
					},
					query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
				});
			} finally {
				client.release();
			}
		},
		async close() {
			await kysely.destroy().catch(() => undefined);
			await ownerPool.end().catch(() => undefined);
		},
	};
}
