import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { addChild, decidedChild, triagedChild } from "../../../../test/support/front-door.ts";

// "Passed to another council" says which council (its DfE code, or a council outside
// England by name); after sign-off the decision maker records when and how the referral
// was sent, which closes their task. Nothing is written for a bad answer.
describe("passing a child to another council", () => {
	let t: TestApp;
	let practitioner: Client;
	let child: string;
	const db = () => t.testDb.db.kysely;
	const decision = () =>
		db().selectFrom("decision").selectAll().where("contact_child_id", "=", child).executeTakeFirstOrThrow();
	const sendTask = () =>
		db()
			.selectFrom("task")
			.selectAll()
			.where("record_id", "=", child)
			.where("kind", "=", "front-door.send-to-council")
			.execute();
	const sent = { "sent-day": "23", "sent-month": "11", "sent-year": "2026", "sent-time": "11:30" };

	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		child = await triagedChild(t, await addChild(t, "Ada", "Lovelock", "2015-01-01"));
		practitioner = await t.as("practitioner");
	});
	after(async () => t.close());

	test("the decision names the council: none, a code not in the list, or an unnamed council outside England are refused", async () => {
		await decidedChild(t, child, { outcome: "information-advice", thresholdLevel: "1" }, false);
		const other = await triagedChild(t, await addChild(t, "Ben", "Carrow", "2014-02-02"));
		const page = `/front-door/children/${other}/decision`;
		await practitioner.get(`/front-door/children/${other}/review`);
		const version = async () =>
			String(
				(await db().selectFrom("contact_child").select("version").where("id", "=", other).executeTakeFirstOrThrow())
					.version,
			);
		await practitioner.post(`/front-door/children/${other}/review`, { version: await version(), confirmed: "yes" });
		const base = {
			outcome: "other-council",
			thresholdLevel: "3",
			rationale: "The family moved to Medway last month and the school there raised this.",
			departureReason: "The family now live in another council's area, which assesses children there.",
		};
		const form = await practitioner.get(page);
		assert.match(form.body, /Medway \(887\)/);
		for (const [values, message] of [
			[{}, /Select the council the child is passed to/],
			[{ otherCouncil: "999" }, /Select the council the child is passed to from the list/],
			[{ otherCouncil: "outside-england" }, /Enter the name of the council outside England/],
		] as const) {
			const res = await practitioner.post(page, { version: await version(), ...base, ...values });
			assert.equal(res.statusCode, 400);
			assert.match(res.body, message);
		}
		const none = await db().selectFrom("decision").select("id").where("contact_child_id", "=", other).execute();
		assert.equal(none.length, 0, "nothing written");
		const wales = await practitioner.post(page, {
			version: await version(),
			...base,
			otherCouncil: "outside-england",
			otherCouncilName: "Cardiff",
		});
		assert.equal(wales.statusCode, 303);
		const row = await db()
			.selectFrom("decision")
			.selectAll()
			.where("contact_child_id", "=", other)
			.executeTakeFirstOrThrow();
		assert.deepEqual([row.other_council_code, row.other_council_name], [null, "Cardiff"]);
	});

	test("after sign-off the decision maker records when and how it was sent, once", async () => {
		const medway = await triagedChild(t, await addChild(t, "Cleo", "Dane", "2013-03-03"));
		await decidedChild(t, medway, {
			outcome: "other-council",
			thresholdLevel: "3",
			otherCouncil: "887",
			rationale: "The family moved to Medway last month and the school there raised this.",
		});
		child = medway;
		assert.deepEqual([(await decision()).other_council_code, (await decision()).other_council_name], ["887", "Medway"]);
		const [task] = await sendTask();
		assert.equal(task.state, "open");
		assert.equal(task.owner_user_id, practitioner.userId, "the decision maker's to send");
		const home = await practitioner.get("/");
		assert.match(home.body, /Send the referral to the other council/);

		const url = `/front-door/children/${child}/other-council`;
		const page = await practitioner.get(url);
		assert.equal(page.statusCode, 200);
		assert.match(page.body, /Passed to another council: Medway \(887\)/);
		const empty = await practitioner.post(url, {});
		assert.equal(empty.statusCode, 400);
		assert.match(empty.body, /Enter when the referral was sent/);
		assert.match(empty.body, /Select how the referral was sent/);
		const future = await practitioner.post(url, { ...sent, "sent-day": "24", how: "secure-email" });
		assert.equal(future.statusCode, 400);
		assert.match(future.body, /When it was sent must be now or in the past/);
		const early = await practitioner.post(url, { ...sent, "sent-time": "08:00", how: "secure-email" });
		assert.equal(early.statusCode, 400);
		assert.match(early.body, /after the decision to pass the child on/);
		assert.equal((await decision()).sent_at, null, "nothing written");

		// Recorded a little later: the form accepts a time up to now.
		t.clock.now = new Date("2026-11-23T12:00:00Z");
		practitioner = await t.as("practitioner");
		const saved = await practitioner.post(url, {
			...sent,
			how: "secure-email",
			to: "Medway front door",
		});
		assert.equal(saved.statusCode, 303);
		const d = await decision();
		assert.equal(d.sent_at?.toISOString(), "2026-11-23T11:30:00.000Z");
		assert.deepEqual(
			[d.sent_how, d.sent_to, d.sent_recorded_by],
			["secure-email", "Medway front door", practitioner.userId],
		);
		assert.equal((await sendTask())[0].state, "done");
		const shown = await practitioner.get(`/front-door/children/${child}`);
		assert.match(shown.body, /Referral to Medway: Sent 23 November 2026/);
		const again = await practitioner.post(url, { ...sent, how: "post" });
		assert.equal(again.statusCode, 409);
	});

	test("a child not passed to another council has no such page", async () => {
		const other = await db()
			.selectFrom("contact_child")
			.select("id")
			.where("outcome", "=", "information-advice")
			.executeTakeFirstOrThrow();
		assert.equal((await practitioner.get(`/front-door/children/${other.id}/other-council`)).statusCode, 404);
	});
});
