import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import {
	addChild,
	decidedChild,
	finishNextSteps,
	recordedChild,
	teamId,
	triaged,
} from "../../../../test/support/front-door.ts";

// The front door's tasks (ADR 23): each state that waits on someone puts one task in a
// tray, opened and closed in the transaction that moves the child; each next step is a
// task for its worker. Nothing is left open once the work is done.
describe("front-door tasks", () => {
	let t: TestApp;
	let childId: string;
	const tasksOf = (id: string) =>
		t.testDb.db.kysely
			.selectFrom("task as k")
			.leftJoin("team as tm", "tm.id", "k.owner_team_id")
			.select(["k.kind", "k.state", "k.owner_user_id", "tm.kind as team_kind", "k.timescale", "k.due_at", "k.item_id"])
			.where("k.record_id", "=", id)
			.orderBy("k.created_at")
			.orderBy("k.kind")
			.execute();
	const open = async (id: string) => (await tasksOf(id)).filter((k) => k.state === "open").map((k) => k.kind);

	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		childId = await recordedChild(t, await addChild(t, "Ruby", "Okafor", "2017-02-02"));
	});
	after(async () => t.close());

	test("a recorded contact puts the child in the front door's triage tray, due the same working day", async () => {
		const [triage] = await tasksOf(childId);
		assert.equal(triage.kind, "front-door.triage");
		assert.equal(triage.team_kind, "front-door");
		assert.equal(triage.owner_user_id, null);
		assert.equal(triage.timescale, "triage-same-working-day");
		assert.equal(triage.due_at.toISOString(), "2026-11-23T17:00:00.000Z");
	});

	test("triage closes its task, opens the decision for the team and each next step for its worker", async () => {
		await triaged(t, childId);
		const tasks = await tasksOf(childId);
		assert.deepEqual(
			tasks.map((k) => [k.kind, k.state]),
			[
				["front-door.decision", "open"],
				["front-door.next-step", "open"],
				["front-door.triage", "done"],
			],
		);
		const step = tasks.find((k) => k.kind === "front-door.next-step")!;
		assert.equal(step.owner_user_id, await t.userIdFor("practitioner"));
		assert.equal(step.timescale, "urgency-same-working-day");
		assert.ok(step.item_id, "the task names its next step");
	});

	test("the decision opens sign-off; sign-off opens the receiving team's transfer; its answer closes it", async () => {
		await decidedChild(
			t,
			childId,
			{ outcome: "assessment", thresholdLevel: "3", receivingTeamId: await teamId(t, "assessment") },
			false,
		);
		assert.deepEqual(await open(childId), ["front-door.next-step", "front-door.sign-off"]);
		await finishNextSteps(t, childId);
		assert.deepEqual(await open(childId), ["front-door.sign-off"], "the worker's note closed the next step's task");
		const manager = await t.as("team-manager");
		await manager.get(`/front-door/children/${childId}/sign-off`);
		const { version } = await t.testDb.db.kysely
			.selectFrom("contact_child")
			.select("version")
			.where("id", "=", childId)
			.executeTakeFirstOrThrow();
		const signed = await manager.post(`/front-door/children/${childId}/sign-off`, {
			version: String(version),
			comment: "Agreed: assessment.",
		});
		assert.equal(signed.statusCode, 303);
		const transfer = (await tasksOf(childId)).find((k) => k.kind === "front-door.transfer")!;
		assert.equal(transfer.state, "open");
		assert.equal(transfer.team_kind, "assessment");
		assert.equal(transfer.timescale, "transfer-response");
		const receiver = await t.asUser("assessment.manager@demo.example");
		await receiver.get(`/front-door/transfers/${transfer.item_id}`);
		assert.equal((await receiver.post(`/front-door/transfers/${transfer.item_id}`, { accept: "yes" })).statusCode, 303);
		assert.deepEqual(await open(childId), [], "nothing is left open");
	});
});
