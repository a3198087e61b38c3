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

	test("feedback cannot be dated before the outcome was decided, and a correction keeps the version it replaces", async () => {
		const child = await triagedChild(t, await addChild(t, "Cal", "Drew", "2015-05-05"));
		await decidedChild(t, child, { outcome: "nfa", thresholdLevel: "1" });
		t.clock.now = new Date("2026-11-23T11:30:00Z");
		const officer = await t.as("contact-officer");
		await officer.get(`/front-door/children/${child}/feedback`);
		const early = await officer.post(`/front-door/children/${child}/feedback`, {
			"given-day": "22",
			"given-month": "11",
			"given-year": "2026",
			"given-time": "10:00",
			method: "phone",
			summary: "Told them no further action is needed.",
		});
		assert.equal(early.statusCode, 400);
		assert.match(errorMessages(early.body).join(), /before the contact was received/);
		const beforeDecided = await officer.post(`/front-door/children/${child}/feedback`, {
			"given-day": "23",
			"given-month": "11",
			"given-year": "2026",
			"given-time": "09:30",
			method: "phone",
			summary: "Told them no further action is needed.",
		});
		assert.equal(beforeDecided.statusCode, 400);
		assert.match(errorMessages(beforeDecided.body).join(), /before it was decided \(23 November 2026 at 10:00am\)/);
		const told = {
			"given-day": "23",
			"given-month": "11",
			"given-year": "2026",
			"given-time": "11:05",
			method: "phone",
			summary: "Told them no further action is needed.",
		};
		const recorded = await officer.post(`/front-door/children/${child}/feedback`, told);
		assert.equal(recorded.statusCode, 303, recorded.body.slice(0, 400));

		// The page now offers a correction, filled with what is recorded.
		const page = await officer.get(`/front-door/children/${child}/feedback`);
		assert.match(page.body, /Correct this feedback/);
		assert.match(page.body, /name="given-time" type="text" value="11:05"/);
		const correction = { ...told, version: "1", method: "email", "given-time": "11:08" };
		for (const [reason, message] of [
			["", "Say why the feedback is being corrected"],
			["x", "Say in a sentence why the feedback is being corrected"],
		]) {
			const refused = await officer.post(`/front-door/children/${child}/feedback/correct`, { ...correction, reason });
			assert.equal(refused.statusCode, 400);
			assert.deepEqual(errorMessages(refused.body), [message]);
			assert.match(refused.body, /name="given-time" type="text" value="11:08"/, "what was typed is kept");
		}
		const unchanged = await officer.post(`/front-door/children/${child}/feedback/correct`, {
			...told,
			version: "1",
			reason: "The record was typed from memory.",
		});
		assert.equal(unchanged.statusCode, 400);
		assert.match(errorMessages(unchanged.body).join(), /Nothing was changed/);
		const corrected = await officer.post(`/front-door/children/${child}/feedback/correct`, {
			...correction,
			reason: "The referrer was emailed, not phoned, as the email log shows.",
		});
		assert.equal(corrected.statusCode, 303, corrected.body.slice(0, 400));
		const stale = await officer.post(`/front-door/children/${child}/feedback/correct`, {
			...correction,
			"given-time": "11:10",
			reason: "A second correction from a form opened before the first.",
		});
		assert.equal(stale.statusCode, 409, "a correction from a form loaded before another is refused");
		assert.match(stale.body, /Someone else corrected this feedback/);

		const rows = await t.testDb.db.kysely
			.selectFrom("feedback")
			.selectAll()
			.where("contact_child_id", "=", child)
			.execute();
		assert.deepEqual([rows[0].method, rows[0].version], ["email", 2]);
		const kept = await t.testDb.db.kysely
			.selectFrom("feedback_version")
			.selectAll()
			.where("contact_child_id", "=", child)
			.execute();
		assert.deepEqual([kept.length, kept[0].method, kept[0].version], [1, "phone", 1]);
		const record = await officer.get(`/front-door/children/${child}?saved=feedback-corrected`);
		assert.match(record.body, /Feedback to the referrer corrected/);
		assert.match(record.body, /Corrected 1 time: earlier versions/);
		assert.match(record.body, /because: The referrer was emailed, not phoned, as the email log shows\./);
		assert.match(record.body, /It said: 23 November 2026 at 11:05am: Told them no further action is needed\./);
	});
});
