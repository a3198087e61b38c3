import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import type { Database, OwnerSession } from "./engine.ts";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations/", import.meta.url));

// Any fixed number: every Threshold process migrating the same database takes this lock.
const MIGRATION_LOCK = 7_314_159_265;

export interface Migration {
	name: string;
	sql: string;
	checksum: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
	return readdirSync(dir)
		.filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
		.sort()
		.map((name) => {
			const sql = readFileSync(join(dir, name), "utf8");
			return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
		});
}

/** A fingerprint of the whole schema, used to reuse migrated templates and bench data. */
export function schemaFingerprint(migrations = loadMigrations()): string {
	const hash = createHash("sha256");
	for (const m of migrations) hash.update(`${m.name}:${m.checksum}\n`);
	return hash.digest("hex").slice(0, 12);
}

/** Migrations not yet applied, read as the app (which may not migrate in production). */
export async function pendingMigrations(db: Database, migrations = loadMigrations()): Promise<string[]> {
	const { rows: table } = await sql<{ t: string | null }>`SELECT to_regclass('schema_migration')::text AS t`.execute(
		db.kysely,
	);
	if (!table[0]?.t) return migrations.map((m) => m.name);
	const { rows } = await sql<{ name: string }>`SELECT name FROM schema_migration`.execute(db.kysely);
	const applied = new Set(rows.map((r) => r.name));
	return migrations.filter((m) => !applied.has(m.name)).map((m) => m.name);
}

/**
 * Applies pending migrations in order, each in its own transaction, under an advisory
 * lock so two processes starting together apply each file once. Refuses to run when an
 * applied file has since been edited: a schema must not drift from its history.
 */
export async function migrate(db: Database, migrations = loadMigrations()): Promise<string[]> {
	return db.withOwner(async (owner) => {
		await owner.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
		try {
			return await applyPending(owner, migrations);
		} finally {
			await owner.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
		}
	});
}

async function applyPending(owner: OwnerSession, migrations: Migration[]): Promise<string[]> {
	await owner.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
		name text PRIMARY KEY,
		checksum text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`);
	const applied = new Map(
		(await owner.query<{ name: string; checksum: string }>("SELECT name, checksum FROM schema_migration")).map((r) => [
			r.name,
			r.checksum,
		]),
	);
	const done: string[] = [];
	for (const m of migrations) {
		const previous = applied.get(m.name);
		if (previous !== undefined) {
			if (previous !== m.checksum) {
				throw new Error(`Migration ${m.name} was changed after it was applied; add a new migration instead.`);
			}
			continue;
		}
		await owner.exec("BEGIN");
		try {
			await owner.exec(m.sql);
			await owner.query("INSERT INTO schema_migration (name, checksum) VALUES ($1, $2)", [m.name, m.checksum]);
			await owner.exec("COMMIT");
		} catch (error) {
			await owner.exec("ROLLBACK");
			throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
		}
		done.push(m.name);
	}
	return done;
}
