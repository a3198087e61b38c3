import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { errorMessages } from "../../../../test/support/error-summary.ts";
import { addChild, childRow, decidedChild, teamId, triagedChild } from "../../../../test/support/front-door.ts";

describe("transfers are answered by the team they were sent to", () => {
	let t: TestApp;
	let transferId: (childId: string) => Promise<string>;
	let assessed: string;
	let helped: string;
	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		transferId = async (childId) =>
			(
				await t.testDb.db.kysely
					.selectFrom("transfer")
					.select("id")
					.where("contact_child_id", "=", childId)
					.executeTakeFirstOrThrow()
			).id;
		assessed = await triagedChild(t, await addChild(t, "Sam", "Price", "2013-03-03"), {}, "08:40");
		await decidedChild(t, assessed, {
			outcome: "assessment",
			thresholdLevel: "3",
			receivingTeamId: await teamId(t, "assessment"),
		});
		helped = await triagedChild(
			t,
			await addChild(t, "Evie", "Lang", "2016-01-01"),
			{ thresholdLevel: "2", rag: "green", recommendation: "early-help" },
			"08:30",
		);
		await decidedChild(t, helped, {
			outcome: "early-help",
			thresholdLevel: "2",
			earlyHelpTier: "targeted",
			familyAgreed: "yes",
			receivingTeamId: await teamId(t, "early-help"),
		});
	});
	after(async () => t.close());

	const answered = async (id: string) =>
		t.testDb.db.kysely.selectFrom("transfer").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

	test("the front door's manager is refused an assessment team's transfer, and nothing is written", async () => {
		const id = await transferId(assessed);
		const manager = await t.as("team-manager");
		const page = await manager.get(`/front-door/transfers/${id}`);
		assert.match(page.body, /Assessment Team North answers this transfer\./);
		assert.doesNotMatch(page.body, /Save answer/);
		const before = await childRow(t, assessed);
		const res = await manager.post(`/front-door/transfers/${id}`, { accept: "yes" });
		assert.equal(res.statusCode, 403);
		assert.match(res.body, /Only the team the child was transferred to can do this\./);
		assert.equal((await answered(id)).responded_at, null);
		assert.deepEqual(await childRow(t, assessed), before);
	});

	test("an answer's mistakes are all reported at once, what was typed is kept, and nothing is written", async () => {
		const id = await transferId(assessed);
		const own = await t.asUser("assessment.manager@demo.example");
		await own.get(`/front-door/transfers/${id}`);
		const both = await own.post(`/front-door/transfers/${id}`, { reason: "r".repeat(4001) });
		assert.equal(both.statusCode, 400);
		assert.deepEqual(errorMessages(both.body), [
			"Say whether your team accepts the child",
			"The reason must be 4,000 characters or fewer (you entered 4,001)",
		]);
		assert.match(both.body, /id="reason-error"/);
		assert.match(both.body, /id="accept-error"/);
		const noReason = await own.post(`/front-door/transfers/${id}`, { accept: "no", reason: "  " });
		assert.equal(noReason.statusCode, 400);
		assert.deepEqual(errorMessages(noReason.body), ["Say why the transfer is rejected"]);
		assert.match(noReason.body, /value="no" checked/);
		assert.equal((await answered(id)).responded_at, null);
	});

	test("the assessment team's manager answers it", async () => {
		const id = await transferId(assessed);
		const own = await t.asUser("assessment.manager@demo.example");
		assert.match((await own.get(`/front-door/transfers/${id}`)).body, /Save answer/);
		const res = await own.post(`/front-door/transfers/${id}`, { accept: "yes" });
		assert.equal(res.statusCode, 303);
		const row = await answered(id);
		assert.equal(row.accepted, true);
		assert.equal(row.responded_by, own.userId);
	});

	test("only early help records its first contact; a senior leader may answer for any team", async () => {
		const id = await transferId(helped);
		const leader = await t.as("senior-leader");
		await leader.get(`/front-door/transfers/${id}`);
		assert.equal((await leader.post(`/front-door/transfers/${id}`, { accept: "yes" })).statusCode, 303);
		const when = {
			"contacted-day": "23",
			"contacted-month": "11",
			"contacted-year": "2026",
			"contacted-time": "10:00",
		};
		const outsider = await t.asUser("assessment.manager@demo.example");
		await outsider.get(`/front-door/transfers/${id}`);
		const refused = await outsider.post(`/front-door/transfers/${id}/first-contact`, when);
		assert.equal(refused.statusCode, 403);
		assert.match(refused.body, /Only the team the child was transferred to can do this\./);
		assert.equal((await answered(id)).first_contact_at, null);
		const earlyHelp = await t.as("early-help");
		await earlyHelp.get(`/front-door/transfers/${id}`);
		const future = await earlyHelp.post(`/front-door/transfers/${id}/first-contact`, {
			...when,
			"contacted-time": "10:30",
		});
		assert.equal(future.statusCode, 400);
		assert.deepEqual(errorMessages(future.body), ["First contact cannot be in the future"]);
		assert.match(future.body, /name="contacted-time" type="text" value="10:30"/);
		const partial = await earlyHelp.post(`/front-door/transfers/${id}/first-contact`, { "contacted-day": "23" });
		assert.equal(partial.statusCode, 400);
		assert.deepEqual(errorMessages(partial.body), [
			"When early help first contacted the family must include a month and year",
		]);
		assert.equal((await earlyHelp.post(`/front-door/transfers/${id}/first-contact`, when)).statusCode, 303);
		assert.ok((await answered(id)).first_contact_at);
	});
});
