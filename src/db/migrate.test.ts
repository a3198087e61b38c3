import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
	createEmptyPostgresDatabase,
	createTestDatabase,
	onPostgres,
	type TestDatabase,
} from "../../test/support/db.ts";
import { openDatabase } from "./engine.ts";
import { isTimestampColumn } from "./json.ts";
import { checkApplicationRole } from "./maintenance.ts";
import { loadMigrations, migrate } from "./migrate.ts";

describe("migrations", () => {
	let t: TestDatabase;
	before(async () => {
		t = await createTestDatabase();
	});
	after(async () => t.close());

	test("are numbered plain SQL files applied in order and recorded", async () => {
		const files = loadMigrations();
		assert.ok(files.length >= 2);
		assert.deepEqual(
			files.map((f) => f.name),
			[...files.map((f) => f.name)].sort(),
		);
		const recorded = await t.db.withOwner((o) =>
			o.query<{ name: string }>("SELECT name FROM schema_migration ORDER BY name"),
		);
		assert.deepEqual(
			recorded.map((r) => r.name),
			files.map((f) => f.name),
		);
	});

	test("running them again changes nothing", async () => {
		assert.deepEqual(await migrate(t.db), []);
	});

	test("an applied migration that was edited afterwards stops the start", async () => {
		const edited = loadMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "tampered" } : m));
		await assert.rejects(migrate(t.db, edited), /0001_platform\.sql was changed after it was applied/);
	});

	test("a failing migration rolls back whole and says which file failed", async () => {
		const broken = [
			...loadMigrations(),
			{ name: "9999_broken.sql", sql: "CREATE TABLE half_done (id int); SELECT 1/0;", checksum: "x" },
		];
		await assert.rejects(migrate(t.db, broken), /Migration 9999_broken\.sql failed: division by zero/);
		const [{ exists }] = await t.db.withOwner((o) =>
			o.query<{ exists: boolean }>("SELECT to_regclass('half_done') IS NOT NULL AS exists"),
		);
		assert.equal(exists, false);
	});

	test("the application's own connection cannot change the log", async () => {
		assert.deepEqual(await checkApplicationRole(t.db), []);
	});

	test("every timestamp column is named so that a part read as JSON gets its Dates back", async () => {
		const columns = await t.db.withOwner((o) =>
			o.query<{ table_name: string; column_name: string }>(
				`SELECT table_name, column_name FROM information_schema.columns
				  WHERE table_schema = 'public' AND data_type LIKE 'timestamp%'`,
			),
		);
		assert.ok(columns.length > 10);
		const misnamed = columns.filter((c) => !isTimestampColumn(c.column_name));
		assert.deepEqual(misnamed, []);
	});
});

describe("migrations on PostgreSQL", {
	skip: onPostgres() ? false : "needs PostgreSQL (several connections at once)",
}, () => {
	test("two processes migrating one empty database at once apply each file once", async () => {
		const empty = await createEmptyPostgresDatabase();
		const a = await openDatabase({ kind: "postgres", url: empty.url });
		const b = await openDatabase({ kind: "postgres", url: empty.url });
		try {
			const [ranA, ranB] = await Promise.all([migrate(a), migrate(b)]);
			const all = loadMigrations().map((m) => m.name);
			assert.deepEqual([...ranA, ...ranB].sort(), all, "every file applied exactly once between them");
			const recorded = await a.withOwner((o) =>
				o.query<{ n: number }>("SELECT count(*)::int AS n FROM schema_migration"),
			);
			assert.equal(recorded[0]?.n, all.length);
		} finally {
			await a.close();
			await b.close();
			await empty.drop();
		}
	});

	test("a superuser application connection is refused at start", async () => {
		const empty = await createEmptyPostgresDatabase();
		// ownerUrl given: the app does not step down, so it queries as the superuser.
		const db = await openDatabase({ kind: "postgres", url: empty.url, ownerUrl: empty.url });
		try {
			await migrate(db);
			const problems = await checkApplicationRole(db);
			assert.ok(
				problems.some((p) => /superuser/.test(p)),
				problems.join(),
			);
		} finally {
			await db.close();
			await empty.drop();
		}
	});
});
