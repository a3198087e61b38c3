import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { createTestDatabase, type TestDatabase } from "../../../test/support/db.ts";
import { AlreadyLoaded, type LoadResult, loadSynthetic } from "./load.ts";

// Loads through the Database handle (multi-row INSERTs as the owner), which is how PGlite
// is loaded; on PostgreSQL test runs the same path runs against PostgreSQL.
describe("loading a synthetic council", () => {
	let t: TestDatabase;
	let dir: string;
	let result: LoadResult;
	const options = { people: 300, years: 3, seed: 11, today: new Date("2025-06-02T17:00:00Z") };

	before(async () => {
		t = await createTestDatabase();
		dir = mkdtempSync(join(tmpdir(), "threshold-synthetic-"));
		result = await loadSynthetic({ kind: "pglite", db: t.db }, { ...options, truthPath: join(dir, "truth.csv") });
	});
	after(async () => {
		await t.close();
		rmSync(dir, { recursive: true, force: true });
	});

	const count = async (table: string, where = "true") =>
		Number(
			(await t.db.withOwner((o) => o.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)))[0].n,
		);

	it("stores every generated row, readable by the application", async () => {
		assert.equal(await count("person"), 300);
		assert.equal(result.rows.persons, 300);
		for (const [table, key] of [
			["person_name", "names"],
			["person_address", "addresses"],
			["person_disability", "disabilities"],
			["relationship", "relationships"],
		] as const) {
			assert.equal(await count(table), result.rows[key], table);
			assert.ok(result.rows[key] > 0, table);
		}
		assert.equal(await count("person_name", "kind = 'current'"), 300);
		const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM person`.execute(t.db.kysely);
		assert.equal(Number(rows[0].n), 300);
	});

	it("gets phonetic keys from the database for every name", async () => {
		assert.equal(await count("person_name", "given_phonetic IS NULL OR family_phonetic IS NULL"), 0);
		assert.equal(await count("person_name", "family_phonetic = '' AND family_norm <> ''"), 0);
		const [smith] = await t.db.withOwner((o) => o.query<{ p: string }>("SELECT dmetaphone('smith') AS p"));
		assert.equal(smith.p, "SM0");
	});

	it("takes person numbers from the council's sequence, so new people never clash", async () => {
		const [{ max }] = await t.db.withOwner((o) =>
			o.query<{ max: number }>("SELECT max(substr(la_person_id, 2)::int) AS max FROM person"),
		);
		assert.equal(max, result.firstPersonNumber + 299);
		const [{ next }] = await t.db.withOwner((o) =>
			o.query<{ next: number }>("SELECT nextval('person_number_seq')::int AS next"),
		);
		assert.ok(next > max);
	});

	it("writes the answer key for the bench", () => {
		const lines = readFileSync(join(dir, "truth.csv"), "utf8").trim().split("\n");
		assert.equal(lines[0], "person_id,la_person_id,individual_id,variation,date_of_birth");
		assert.equal(lines.length, 301);
	});

	it("refuses to load the same seed twice", async () => {
		await assert.rejects(loadSynthetic({ kind: "pglite", db: t.db }, options), AlreadyLoaded);
		assert.equal(await count("person"), 300);
	});
});
