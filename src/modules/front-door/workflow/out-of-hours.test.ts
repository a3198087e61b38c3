import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { errorMessages } from "../../../../test/support/error-summary.ts";
import {
	addChild,
	childRow,
	recordedChild,
	teamId,
	triagedChild,
	triageForm,
} from "../../../../test/support/front-door.ts";

// ADR 28: the out-of-hours service triages, reviews and decides only while the day teams
// are closed. 23 November 2026 is a Monday; the demo council's office hours are 09:00 to
// 17:00 on weekdays.
const REASON =
	"The out-of-hours service acts only when the day teams are closed, and they are open now (Monday to Friday, 09:00 to 17:00, except bank holidays). Nothing was saved: the front door's day team takes this child.";
const MONDAY_MORNING = new Date("2026-11-23T10:00:00Z");
const MONDAY_EVENING = new Date("2026-11-23T19:30:00Z");

describe("the out-of-hours worker acts only when the day teams are closed", () => {
	let t: TestApp;
	let nightDuty: Client;
	let practitioner: Client;
	const db = () => t.testDb.db.kysely;
	const events = (childId: string) =>
		db().selectFrom("contact_child_event").select("event").where("contact_child_id", "=", childId).execute();

	/** Moves the clock, and signs in again: a session left idle for hours has ended. */
	async function at(now: Date) {
		t.clock.now = now;
		nightDuty = await t.as("out-of-hours");
		practitioner = await t.as("practitioner");
	}

	before(async () => {
		t = await createTestApp();
	});
	after(async () => t.close());

	test("a triage in office hours is refused with the rule's reason, nothing is written and every answer is kept; in the evening it is saved", async () => {
		await at(MONDAY_MORNING);
		const childId = await recordedChild(t, await addChild(t, "Ada", "Night", "2017-05-01"), "09:15");
		const before = await childRow(t, childId);
		const eventsBefore = await events(childId);
		await nightDuty.get(`/front-door/children/${childId}/triage`);
		const form = triageForm(before.version, practitioner.userId, {
			rationale: "Bruising seen by the school nurse this morning.",
		});
		const refused = await nightDuty.post(`/front-door/children/${childId}/triage`, form);
		assert.equal(refused.statusCode, 403);
		assert.deepEqual(errorMessages(refused.body), [REASON]);
		assert.match(refused.body, /Bruising seen by the school nurse this morning\./, "the rationale is kept");
		assert.match(refused.body, /name="factor-neglect" type="radio" value="present" checked/, "the factors are kept");
		const after = await childRow(t, childId);
		assert.deepEqual([after.state, after.version, after.rag], [before.state, before.version, before.rag]);
		assert.deepEqual(await events(childId), eventsBefore, "no history");
		const rows = await db()
			.selectFrom("triage")
			.select("contact_child_id")
			.where("contact_child_id", "=", childId)
			.execute();
		assert.equal(rows.length, 0, "no triage");
		const steps = await db().selectFrom("next_step").select("id").where("contact_child_id", "=", childId).execute();
		assert.equal(steps.length, 0, "no next steps");

		await at(MONDAY_EVENING);
		await nightDuty.get(`/front-door/children/${childId}/triage`);
		const saved = await nightDuty.post(`/front-door/children/${childId}/triage`, form);
		assert.equal(saved.statusCode, 303, "after 17:00 the duty worker triages");
		const triage = await db()
			.selectFrom("triage")
			.select("triaged_by")
			.where("contact_child_id", "=", childId)
			.executeTakeFirstOrThrow();
		assert.equal(triage.triaged_by, nightDuty.userId);
	});

	test("a review and a decision in office hours are refused, the decision's reasons kept; the day team's are saved, and the duty worker's after hours", async () => {
		await at(MONDAY_MORNING);
		const childId = await triagedChild(t, await addChild(t, "Ben", "Night", "2016-03-02"));
		const review = async (who: Client) => {
			await who.get(`/front-door/children/${childId}/review`);
			return who.post(`/front-door/children/${childId}/review`, {
				version: String((await childRow(t, childId)).version),
				confirmed: "yes",
			});
		};
		const refusedReview = await review(nightDuty);
		assert.equal(refusedReview.statusCode, 403);
		assert.deepEqual(errorMessages(refusedReview.body), [REASON]);
		assert.equal((await childRow(t, childId)).state, "enquiries");
		const reviews = await db()
			.selectFrom("review")
			.select("reviewed_by")
			.where("contact_child_id", "=", childId)
			.execute();
		assert.equal(reviews.length, 0, "no review");
		assert.equal((await review(practitioner)).statusCode, 303, "the same review by the day team is saved");

		const decision = async () => {
			await nightDuty.get(`/front-door/children/${childId}/decision`);
			return nightDuty.post(`/front-door/children/${childId}/decision`, {
				version: String((await childRow(t, childId)).version),
				thresholdLevel: "3",
				outcome: "assessment",
				receivingTeamId: await teamId(t, "assessment"),
				rationale: "Bruising and hunger call for an assessment of the family's needs.",
				aloneOnDuty: "yes",
			});
		};
		const refused = await decision();
		assert.equal(refused.statusCode, 403);
		assert.deepEqual(errorMessages(refused.body), [REASON]);
		assert.match(refused.body, /Bruising and hunger call for an assessment of the family&#39;s needs\./);
		assert.equal((await childRow(t, childId)).state, "awaiting-decision");
		const decisions = () =>
			db()
				.selectFrom("decision")
				.select(["decided_by", "out_of_hours_alone"])
				.where("contact_child_id", "=", childId)
				.execute();
		assert.deepEqual(await decisions(), [], "no decision");

		await at(MONDAY_EVENING);
		assert.equal((await decision()).statusCode, 303, "after 17:00 the duty worker decides");
		assert.deepEqual(await decisions(), [{ decided_by: nightDuty.userId, out_of_hours_alone: true }]);
	});

	test("someone who is both an out-of-hours worker and a practitioner reviews in office hours as a practitioner", async () => {
		await at(MONDAY_MORNING);
		const childId = await triagedChild(t, await addChild(t, "Cal", "Night", "2015-07-09"));
		await db().insertInto("user_role").values({ user_id: nightDuty.userId, role: "practitioner" }).execute();
		try {
			const both = await t.asUser("out.of.hours@demo.example");
			await both.get(`/front-door/children/${childId}/review`);
			const res = await both.post(`/front-door/children/${childId}/review`, {
				version: String((await childRow(t, childId)).version),
				confirmed: "yes",
			});
			assert.equal(res.statusCode, 303);
			assert.equal((await childRow(t, childId)).state, "awaiting-decision");
		} finally {
			await db()
				.deleteFrom("user_role")
				.where("user_id", "=", nightDuty.userId)
				.where("role", "=", "practitioner")
				.execute();
		}
	});
});
