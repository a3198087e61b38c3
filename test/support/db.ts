import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { type Database, openDatabase } from "../../src/db/engine.ts";
import { ensureAccessLogPartitions } from "../../src/db/maintenance.ts";
import { migrate, schemaFingerprint } from "../../src/db/migrate.ts";
import { loadDemoCouncil } from "../../src/demo/council.ts";

// Every test file gets a database of its own, cloned from one migrated template that
// already holds the demo council, so files never see each other's rows.
const CACHE = join(process.cwd(), ".cache");

export const onPostgres = () => Boolean(process.env.DATABASE_URL);

function withDatabase(url: string, name: string): string {
	const u = new URL(url);
	u.pathname = `/${name}`;
	return u.toString();
}

// The template holds the migrations and the demo council, so a change to either makes a new
// one: a template left on the machine by an earlier checkout is never reused by mistake.
const templateKey = () =>
	createHash("sha256")
		.update(schemaFingerprint())
		.update(readFileSync(fileURLToPath(import.meta.resolve("../../src/demo/council.ts"))))
		.digest("hex")
		.slice(0, 12);
export const templateName = () => `threshold_tpl_${templateKey()}`;
const snapshotPath = () => join(CACHE, `pglite-template-${templateKey()}.tar.gz`);

/** Builds the template once (PostgreSQL database or PGlite snapshot); reused while migrations are unchanged. */
export async function prepareTemplate(): Promise<void> {
	const url = process.env.DATABASE_URL;
	if (url) {
		const admin = new pg.Client({ connectionString: url });
		await admin.connect();
		try {
			const name = templateName();
			const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
			if (exists.rowCount) return;
			const building = `${name}_building_${process.pid}`;
			await admin.query(`CREATE DATABASE ${building}`);
			const db = await openDatabase({ kind: "postgres", url: withDatabase(url, building) });
			try {
				await migrate(db);
				await ensureAccessLogPartitions(db);
				await loadDemoCouncil(db);
			} finally {
				await db.close();
			}
			// Renamed only when complete, so a half-built template is never cloned.
			await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
		} finally {
			await admin.end();
		}
		return;
	}
	if (existsSync(snapshotPath())) return;
	mkdirSync(CACHE, { recursive: true });
	const db = await openDatabase({ kind: "pglite" });
	await migrate(db);
	await ensureAccessLogPartitions(db);
	await loadDemoCouncil(db);
	const dump = await db.snapshot!();
	const tmp = `${snapshotPath()}.${process.pid}`;
	writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
	renameSync(tmp, snapshotPath());
	await db.close();
}

export interface TestDatabase {
	db: Database;
	close(): Promise<void>;
}

/** A fresh database for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
	await prepareTemplate();
	const url = process.env.DATABASE_URL;
	if (url) {
		const name = `threshold_t_${process.pid}_${randomBytes(4).toString("hex")}`;
		const admin = new pg.Client({ connectionString: url });
		await admin.connect();
		await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateName()}`);
		await admin.end();
		const db = await openDatabase({ kind: "postgres", url: withDatabase(url, name), poolSize: 4 });
		return {
			db,
			async close() {
				await db.close();
				const cleanup = new pg.Client({ connectionString: url });
				await cleanup.connect();
				await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
				await cleanup.end();
			},
		};
	}
	const snapshot = new Blob([readFileSync(snapshotPath())]);
	const db = await openDatabase({ kind: "pglite", loadDataDir: snapshot });
	return { db, close: () => db.close() };
}

/** A URL for a brand-new empty PostgreSQL database (tests of migrations themselves). */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
	const url = process.env.DATABASE_URL;
	if (!url) throw new Error("DATABASE_URL is not set");
	const name = `threshold_e_${process.pid}_${randomBytes(4).toString("hex")}`;
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	return {
		url: withDatabase(url, name),
		async drop() {
			const c = new pg.Client({ connectionString: url });
			await c.connect();
			await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await c.end();
		},
	};
}
