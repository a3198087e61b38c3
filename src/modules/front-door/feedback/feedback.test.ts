import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { errorMessages } from "../../../../test/support/error-summary.ts";
import { addChild, childRow, decidedChild, teamId, triagedChild } from "../../../../test/support/front-door.ts";

describe("feedback to the referrer", () => {
	let t: TestApp;
	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
	});
	after(async () => t.close());

	test("is not owed, nor recorded, while a returned child waits for a new decision", async () => {
		const child = await triagedChild(t, await addChild(t, "Ada", "Byrne", "2013-03-03"));
		await decidedChild(t, child, {
			outcome: "assessment",
			thresholdLevel: "3",
			receivingTeamId: await teamId(t, "assessment"),
		});
		const transfer = await t.testDb.db.kysely
			.selectFrom("transfer")
			.select("id")
			.where("contact_child_id", "=", child)
			.executeTakeFirstOrThrow();
		const assessmentTeam = await t.asUser("assessment.manager@demo.example");
		await assessmentTeam.get(`/front-door/transfers/${transfer.id}`);
		const rejected = await assessmentTeam.post(`/front-door/transfers/${transfer.id}`, {
			accept: "no",
			reason: "The child lives in Medway now.",
		});
		assert.equal(rejected.statusCode, 303);
		assert.equal((await childRow(t, child)).state, "awaiting-decision");

		const officer = await t.as("contact-officer");
		const owed = await officer.get("/front-door/feedback");
		assert.doesNotMatch(owed.body, /Ada Byrne/, "the outcome the referrer would hear has been undone");
		const page = await officer.get(`/front-door/children/${child}`);
		assert.doesNotMatch(page.body, /Record feedback to the referrer/);
		await officer.get(`/front-door/children/${child}/feedback`);
		const res = await officer.post(`/front-door/children/${child}/feedback`, {
			"given-day": "23",
			"given-month": "11",
			"given-year": "2026",
			"given-time": "10:00",
			method: "phone",
			summary: "Told them an assessment will follow.",
		});
		assert.equal(res.statusCode, 409);
		assert.match(res.body, /new decision/);
	});

	test("every mistake on the feedback form comes in one round, with what was typed kept, and nothing is written", async () => {
		const child = await triagedChild(t, await addChild(t, "Bea", "Hart", "2014-04-04"));
		const officer = await t.as("contact-officer");
		await officer.get(`/front-door/children/${child}/feedback`);
		const res = await officer.post(`/front-door/children/${child}/feedback`, {
			"given-day": "23",
			"given-month": "11",
			"given-year": "2026",
			"given-time": "11:00",
			summary: "s".repeat(4001),
		});
		assert.equal(res.statusCode, 400);
		assert.deepEqual(errorMessages(res.body).sort(), [
			"Feedback cannot be given in the future",
			"Select how the referrer was told",
			"What the referrer was told must be 4,000 characters or fewer (you entered 4,001)",
		]);
		assert.match(res.body, /id="given-error"/);
		assert.match(res.body, /id="method-error"/);
		assert.match(res.body, /id="summary-error"/);
		assert.match(res.body, /name="given-time" type="text" value="11:00"/);
		const rows = await t.testDb.db.kysely.selectFrom("feedback").select("given_at").execute();
		assert.equal(rows.length, 0);
	});
});
