import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { AccessLog, referenceFreeText } from "./access-log.ts";

const ENTRY = { userId: null, role: "administrator", action: "view", recordType: "person", recordId: "p1" } as const;

describe("the access log is append-only for everyone", () => {
	let t: TestDatabase;
	before(async () => {
		t = await createTestDatabase();
		await t.db.kysely
			.insertInto("access_log")
			.values({ action: "view", record_type: "person", record_id: "seed" })
			.execute();
		// One row in the far future lands in the default partition.
		await t.db.kysely
			.insertInto("access_log")
			.values({ action: "view", record_type: "person", record_id: "future", at: new Date("2099-01-01T00:00:00Z") })
			.execute();
	});
	after(async () => t.close());

	const partitions = async () =>
		(
			await t.db.withOwner((o) =>
				o.query<{ name: string }>(
					`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
					 WHERE i.inhparent = 'access_log'::regclass ORDER BY 1`,
				),
			)
		).map((r) => r.name);

	test("rows land in monthly partitions and outside them in the default one", async () => {
		const names = await partitions();
		assert.ok(names.includes("access_log_default"));
		assert.ok(names.filter((n) => /^access_log_\d{4}_\d{2}$/.test(n)).length >= 4, names.join());
		const where = await t.db.withOwner((o) =>
			o.query<{ p: string; record_id: string }>("SELECT tableoid::regclass::text AS p, record_id FROM access_log"),
		);
		assert.equal(where.find((r) => r.record_id === "future")?.p, "access_log_default");
		assert.match(where.find((r) => r.record_id === "seed")?.p ?? "", /^access_log_\d{4}_\d{2}$/);
	});

	test("the application role may only insert and read", async () => {
		for (const statement of ["UPDATE access_log SET action = 'x'", "DELETE FROM access_log", "TRUNCATE access_log"]) {
			await assert.rejects(sql.raw(statement).execute(t.db.kysely), /permission denied/, statement);
		}
	});

	test("the application role cannot touch partitions directly, drop or detach them", async () => {
		const [month] = (await partitions()).filter((n) => n !== "access_log_default");
		for (const statement of [
			`DELETE FROM ${month}`,
			`DROP TABLE ${month}`,
			`ALTER TABLE access_log DETACH PARTITION ${month}`,
			"DROP TABLE access_log_default",
			"ALTER TABLE access_log DISABLE TRIGGER access_log_no_update_delete",
			"SELECT access_log_ensure_partitions('2150-01-01', 1)",
		]) {
			await assert.rejects(sql.raw(statement).execute(t.db.kysely), /permission denied|must be owner/, statement);
		}
	});

	test("even the owner cannot update, delete or truncate, on the parent or any partition", async () => {
		await t.db.withOwner((o) => o.query("SELECT access_log_ensure_partitions('2140-01-01', 1)"));
		const targets = ["access_log", ...(await partitions())];
		assert.ok(targets.includes("access_log_2140_01"), "a partition made later is guarded too");
		// A row in every monthly partition, so the row triggers have something to refuse.
		for (const name of targets.filter((n) => /_\d{4}_\d{2}$/.test(n))) {
			const [, year, month] = /_(\d{4})_(\d{2})$/.exec(name) ?? [];
			await t.db.kysely
				.insertInto("access_log")
				.values({ action: "view", record_type: "person", at: new Date(`${year}-${month}-15T12:00:00Z`) })
				.execute();
		}
		for (const table of targets) {
			for (const statement of [`UPDATE ${table} SET action = 'x'`, `DELETE FROM ${table}`, `TRUNCATE ${table}`]) {
				await assert.rejects(
					t.db.withOwner((o) => o.exec(statement)),
					/append-only/,
					`${statement} must be refused`,
				);
			}
		}
		const [{ n }] = await t.db.withOwner((o) => o.query<{ n: number }>("SELECT count(*)::int AS n FROM access_log"));
		assert.ok(n >= 2);
	});

	test("a change row commits with the change and vanishes with its rollback", async () => {
		const log = new AccessLog(t.db.kysely);
		await t.db.kysely.transaction().execute(async (trx) => {
			await log.change(trx, { ...ENTRY, action: "update", recordId: "kept", before: { a: 1 }, after: { a: 2 } });
		});
		await assert.rejects(
			t.db.kysely.transaction().execute(async (trx) => {
				await log.change(trx, { ...ENTRY, action: "update", recordId: "rolled-back", before: null, after: null });
				throw new Error("the change failed");
			}),
			/the change failed/,
		);
		const rows = await t.db.kysely
			.selectFrom("access_log")
			.select(["record_id", "detail"])
			.where("record_id", "in", ["kept", "rolled-back"])
			.execute();
		assert.deepEqual(
			rows.map((r) => r.record_id),
			["kept"],
		);
		assert.deepEqual(rows[0]?.detail, { before: { a: 1 }, after: { a: 2 } });
	});

	test("views are buffered for at most the flush interval, and flushed on demand", async () => {
		const log = new AccessLog(t.db.kysely, { flushMs: 200 });
		log.view({ ...ENTRY, recordId: "timed" });
		log.view({ ...ENTRY, recordId: "timed" });
		assert.equal(log.pending, 2);
		await new Promise((r) => setTimeout(r, 400));
		await log.flush();
		const timed = await t.db.kysely.selectFrom("access_log").select("id").where("record_id", "=", "timed").execute();
		assert.equal(timed.length, 2);
		log.view({ ...ENTRY, recordId: "at-shutdown" });
		await log.flush();
		const flushed = await t.db.kysely
			.selectFrom("access_log")
			.select("id")
			.where("record_id", "=", "at-shutdown")
			.execute();
		assert.equal(flushed.length, 1);
	});
});

describe("the view log through a database outage", () => {
	/** A stand-in for the database that fails while `down`, recording each insert's size. */
	function flakyDb() {
		const state = { down: true, inserts: [] as number[] };
		// The log writes a batch as column arrays: the first array's length is the batch's size.
		const db = {
			insertInto: () => ({
				columns: () => ({
					expression: (rows: { toOperationNode(): { parameters: { value: unknown[] }[] } }) => ({
						execute: async () => {
							if (state.down) throw new Error("connection refused");
							state.inserts.push(rows.toOperationNode().parameters[0].value.length);
						},
					}),
				}),
			}),
		};
		return { state, db: db as unknown as ConstructorParameters<typeof AccessLog>[0] };
	}

	test("150,000 rows buffered in an outage are kept, not dropped or thrown, and written in batches when it ends", async () => {
		const clock = { now: new Date("2026-12-07T09:00:00Z") };
		const { state, db } = flakyDb();
		const errors: unknown[] = [];
		const log = new AccessLog(db, { now: () => clock.now, onError: (e) => errors.push(e), flushMs: 60_000 });
		for (let i = 0; i < 150_000; i++) log.view(ENTRY);
		await log.flush();
		assert.equal(log.pending, 150_000);
		assert.equal(errors.length, 1);
		assert.equal(log.refusing, false, "a short outage does not stop the service");
		clock.now = new Date("2026-12-07T09:00:31Z");
		await log.flush();
		assert.equal(log.refusing, true, "after 30 seconds of failing, records stop being shown");
		state.down = false;
		await log.flush();
		assert.equal(log.pending, 0);
		assert.equal(
			state.inserts.reduce((a, b) => a + b, 0),
			150_000,
		);
		assert.ok(Math.max(...state.inserts) <= 5000, "within PostgreSQL's parameter limit");
		assert.equal(log.refusing, false);
	});

	test("a full buffer stops records being shown at once", async () => {
		const { db } = flakyDb();
		const log = new AccessLog(db, { maxBuffered: 10, flushMs: 60_000 });
		for (let i = 0; i < 10; i++) log.view(ENTRY);
		assert.equal(log.refusing, true);
	});
});

describe("personal free text stays out of the security log", () => {
	test("a change row names free-text fields and their length, never the words; structured fields are kept", () => {
		const after = referenceFreeText({
			concern: "Ellie said her stepfather hit her.",
			rationale: "Asking the parents could put Ellie at risk.",
			rag: "red",
			state: "awaiting-triage",
			factors: [{ code: "3A", reason: "Bruising seen by the school nurse" }],
			referrerName: "Pat Teacher",
			note: "x".repeat(10),
			anythingLong: "y".repeat(201),
			receivedAt: new Date("2026-12-07T09:00:00Z"),
		}) as Record<string, unknown>;
		assert.deepEqual(after.concern, { freeText: 34 });
		assert.deepEqual(after.rationale, { freeText: 43 });
		assert.deepEqual(after.factors, [{ code: "3A", reason: { freeText: 33 } }]);
		assert.deepEqual(after.note, { freeText: 10 });
		assert.deepEqual(after.anythingLong, { freeText: 201 });
		assert.equal(after.rag, "red");
		assert.equal(after.state, "awaiting-triage");
		assert.equal(after.referrerName, "Pat Teacher");
		assert.ok(after.receivedAt instanceof Date);
		assert.equal(JSON.stringify(after).includes("stepfather"), false);
	});
});
