import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../test/support/app.ts";
import { loadDemoContacts } from "./front-door.ts";
import { loadSynthetic } from "./synthetic/load.ts";

// The demo council's front door is made through the real services, so it loads only if
// each triage passes today's rules; and it must not model the practice Ofsted criticised.
describe("the demo council's front door", () => {
	let t: TestApp;
	before(async () => {
		t = await createTestApp();
		await loadSynthetic({ kind: "pglite", db: t.testDb.db }, { people: 300, years: 5, seed: 1, today: new Date() });
		assert.equal(await loadDemoContacts(t.app, t.testDb.db.kysely), true);
	});
	after(async () => t?.close());

	it("answers every factor on each triage, or records no factors identified alone", async () => {
		const rows = await t.testDb.db.kysely
			.selectFrom("triage as t")
			.leftJoin("triage_factor as f", "f.contact_child_id", "t.contact_child_id")
			.select((eb) => [
				"t.contact_child_id",
				"t.no_factors_identified",
				eb.fn.count<string>("f.risk_factor").as("answered"),
				eb.fn.count<string>("f.risk_factor").filterWhere("f.status", "!=", "ruled-out").as("identified"),
			])
			.groupBy(["t.contact_child_id", "t.no_factors_identified"])
			.execute();
		const factors = await t.testDb.db.kysely
			.selectFrom("risk_factor")
			.select((eb) => eb.fn.countAll<string>().as("n"))
			.where("active", "=", true)
			.executeTakeFirstOrThrow();
		assert.ok(rows.length >= 8, `${rows.length} triages`);
		for (const r of rows) {
			if (r.no_factors_identified) assert.equal(Number(r.identified), 0);
			else assert.equal(Number(r.answered), Number(factors.n));
		}
		assert.ok(rows.some((r) => r.no_factors_identified));
	});

	it("never rules out domestic abuse on a notification, nor rates a child's disclosure of being hit Green", async () => {
		const da = await t.testDb.db.kysely
			.selectFrom("triage_factor as f")
			.innerJoin("contact_child as cc", "cc.id", "f.contact_child_id")
			.innerJoin("contact as c", "c.id", "cc.contact_id")
			.select(["f.risk_factor", "f.status"])
			.where("c.kind", "=", "da-notification")
			.where("f.risk_factor", "like", "domestic-abuse-%")
			.execute();
		assert.ok(da.some((f) => f.risk_factor === "domestic-abuse-parent" && f.status === "present"));
		assert.deepEqual(
			da.filter((f) => f.status === "ruled-out"),
			[],
		);
		const hit = await t.testDb.db.kysely
			.selectFrom("triage as t")
			.innerJoin("contact_child as cc", "cc.id", "t.contact_child_id")
			.innerJoin("contact as c", "c.id", "cc.contact_id")
			.select(["t.rag"])
			.where("c.concern", "like", "%boyfriend hits him%")
			.execute();
		assert.ok(hit.length > 0);
		assert.ok(hit.every((h) => h.rag === "red"));
	});
});
