import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { createTestDatabase, onPostgres, type TestDatabase } from "../../test/support/db.ts";
import { preparedWith } from "./prepared.ts";

describe("prepared queries", () => {
	let t: TestDatabase;
	before(async () => {
		t = await createTestDatabase();
	});
	after(async () => t.close());

	test("are built once and run with each id in every place the id is used", async () => {
		let built = 0;
		const query = preparedWith((id: string) => {
			built++;
			return t.db.kysely
				.selectFrom("team")
				.select(["name", sql<boolean>`${id}::text = ${id}::text`.as("same"), sql<string>`${"fixed"}::text`.as("fixed")])
				.where("name", "=", id);
		});
		const first = await t.db.kysely.executeQuery(query("Front Door (MASH)"));
		const second = await t.db.kysely.executeQuery(query("LADO Service"));
		assert.equal(built, 1);
		assert.deepEqual(first.rows, [{ name: "Front Door (MASH)", same: true, fixed: "fixed" }]);
		assert.deepEqual(second.rows, [{ name: "LADO Service", same: true, fixed: "fixed" }]);
		assert.deepEqual((await t.db.kysely.executeQuery(query("no such team"))).rows, []);
	});

	test("are kept by PostgreSQL as named statements on the connection", {
		skip: !onPostgres() && "PostgreSQL only",
	}, async () => {
		const query = preparedWith((id: string) =>
			t.db.kysely.selectFrom("team").select("name as kept_by_name").where("name", "=", id),
		);
		// In one transaction: one connection, so the statement list read is the one that ran it.
		const names = await t.db.kysely.transaction().execute(async (trx) => {
			await trx.executeQuery(query("LADO Service"));
			await trx.executeQuery(query("Quality Assurance"));
			const { rows } = await sql<{ name: string; statement: string }>`
				SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE '%/* prepared */'`.execute(trx);
			return rows.filter((r) => r.statement.includes("kept_by_name")).map((r) => r.name);
		});
		assert.equal(names.length, 1);
		assert.match(names[0], /^q_[0-9a-f]{24}$/);
	});
});
