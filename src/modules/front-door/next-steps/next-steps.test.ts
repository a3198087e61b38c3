import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { errorMessages } from "../../../../test/support/error-summary.ts";
import { addChild, childRow, recordedChild, triaged } from "../../../../test/support/front-door.ts";

// Next steps are tasks (ADR 23): the worker, or their manager, records one done with
// what was done; a manager cancels one with a reason; each only once, and nobody else.
describe("next steps", () => {
	let t: TestApp;
	let childId: string;
	let practitioner: Client;
	let manager: Client;
	const steps = () =>
		t.testDb.db.kysely
			.selectFrom("next_step")
			.selectAll()
			.where("contact_child_id", "=", childId)
			.orderBy("action")
			.execute();
	const taskOf = (stepId: string) =>
		t.testDb.db.kysely.selectFrom("task").selectAll().where("item_id", "=", stepId).executeTakeFirstOrThrow();

	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		childId = await recordedChild(t, await addChild(t, "Cara", "Linden", "2016-08-08"));
		const worker = await t.userIdFor("practitioner");
		await triaged(t, childId, {
			"step-1-action": "Ask the school about attendance",
			"step-1-urgency": "one-working-day",
			"step-1-allocatedTo": worker,
		});
		practitioner = await t.as("practitioner");
		manager = await t.as("team-manager");
	});
	after(async () => t.close());

	test("a one-word note, and someone who is neither the worker nor their manager, are refused; nothing is written", async () => {
		const [, gp] = await steps();
		const url = `/front-door/children/${childId}/next-steps/${gp.id}`;
		const page = await practitioner.get(url);
		assert.equal(page.statusCode, 200);
		assert.match(page.body, /Check with the GP and health visitor/);
		const vague = await practitioner.post(`${url}/done`, { note: "done" });
		assert.equal(vague.statusCode, 400);
		assert.deepEqual(errorMessages(vague.body), [
			"Say what was done in a sentence: who was contacted and what they said",
		]);
		const nightDuty = await t.as("out-of-hours");
		await nightDuty.get(url);
		const notTheirs = await nightDuty.post(`${url}/done`, { note: "Rang the GP surgery and left a message." });
		assert.equal(notTheirs.statusCode, 409);
		assert.match(notTheirs.body, /only they, or their manager, can record it done/);
		assert.equal((await steps())[1].done_at, null);
		assert.equal((await taskOf(gp.id)).state, "open");
	});

	test("the worker records it done once: the step and its task close together, and a second try is refused", async () => {
		const [, gp] = await steps();
		const url = `/front-door/children/${childId}/next-steps/${gp.id}`;
		const note = "Spoke to Dr Shah: no concerns, last seen in October for asthma.";
		assert.equal((await practitioner.post(`${url}/done`, { note })).statusCode, 303);
		const step = (await steps())[1];
		assert.equal(step.done_by, practitioner.userId);
		assert.equal(step.done_note, note);
		const task = await taskOf(gp.id);
		assert.deepEqual([task.state, task.closed_by, task.note], ["done", practitioner.userId, note]);
		const again = await manager.post(`${url}/done`, { note: "Spoke to the GP again about the bruise." });
		assert.equal(again.statusCode, 409);
		assert.match(again.body, /Priya Practitioner recorded this next step done on/);
		assert.match((await practitioner.get(`/front-door/children/${childId}`)).body, /Done/);
	});

	test("only a manager cancels, with a reason in a sentence; a cancelled step cannot then be done", async () => {
		const [school] = await steps();
		const url = `/front-door/children/${childId}/next-steps/${school.id}`;
		assert.equal((await practitioner.post(`${url}/cancel`, { reason: "Not needed any more." })).statusCode, 403);
		await manager.get(url);
		const bare = await manager.post(`${url}/cancel`, { reason: "no" });
		assert.equal(bare.statusCode, 400);
		assert.match(bare.body, /Say why this next step is no longer needed, in a sentence/);
		const reason = "The school nurse's referral already covers attendance this term.";
		assert.equal((await manager.post(`${url}/cancel`, { reason })).statusCode, 303);
		assert.deepEqual([(await taskOf(school.id)).state, (await steps())[0].cancel_reason], ["cancelled", reason]);
		const late = await practitioner.post(`${url}/done`, { note: "Rang the school office about attendance." });
		assert.equal(late.statusCode, 409);
		assert.match(late.body, /Morgan Manager cancelled this next step/);
	});

	test("a child withdrawn as entered in error takes its open next steps with it", async () => {
		const other = await recordedChild(t, await addChild(t, "Dev", "Linden", "2018-09-09"), "09:40");
		await triaged(t, other);
		await manager.get(`/front-door/children/${other}/withdraw`);
		const res = await manager.post(`/front-door/children/${other}/withdraw`, {
			version: String((await childRow(t, other)).version),
			how: "error",
			reason: "Recorded against the wrong child: Dev was not at the address.",
		});
		assert.equal(res.statusCode, 303);
		const open = await t.testDb.db.kysely
			.selectFrom("task")
			.select("kind")
			.where("record_id", "=", other)
			.where("state", "=", "open")
			.execute();
		assert.deepEqual(open, [], "no task is left open");
		const [step] = await t.testDb.db.kysely
			.selectFrom("next_step")
			.selectAll()
			.where("contact_child_id", "=", other)
			.execute();
		assert.match(step.cancel_reason ?? "", /withdrawn from the front door as entered in error/);
	});
});
