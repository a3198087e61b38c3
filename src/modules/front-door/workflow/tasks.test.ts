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
			answer: "agree",
			comment: "Agreed: proportionate to what the enquiries found.",
		});
		assert.equal(signed.statusCode, 303);
		const transfer = (await tasksOf(childId)).find((k) => k.kind === "front-door.transfer")!;
		assert.equal(transfer.state, "open");
		assert.equal(transfer.team_kind, "assessment");
		assert.equal(transfer.timescale, "transfer-response");
		const receiver = await t.asUser("assessment.manager@demo.example");
		await receiver.get(`/front-door/transfers/${transfer.item_id}`);
		assert.equal((await receiver.post(`/front-door/transfers/${transfer.item_id}`, { accept: "yes" })).statusCode, 303);
		assert.deepEqual(await open(childId), ["front-door.feedback"], "only telling the referrer is left");
	});

	test("sign-off can return the decision with a reason: it goes back to its maker's tray, and a manager never lists their own", async () => {
		const other = await recordedChild(t, await addChild(t, "Sami", "Okafor", "2013-03-03"), "09:20");
		await triaged(t, other);
		await decidedChild(t, other, { outcome: "nfa", thresholdLevel: "1" }, false);
		const manager = await t.as("team-manager");
		assert.match((await manager.get("/front-door/sign-off")).body, /Sami Okafor/);
		const page = await manager.get(`/front-door/children/${other}/sign-off`);
		assert.match(page.body, /Risk factors considered/, "the whole record is shown to the manager");
		assert.match(page.body, /Check with the GP and health visitor/);
		const { version } = await t.testDb.db.kysely
			.selectFrom("contact_child")
			.select("version")
			.where("id", "=", other)
			.executeTakeFirstOrThrow();
		const bare = await manager.post(`/front-door/children/${other}/sign-off`, {
			version: String(version),
			answer: "return",
			comment: "No.",
		});
		assert.equal(bare.statusCode, 400);
		const reason = "The school's concern about hunger has not been followed up: ask the school before deciding.";
		const returned = await manager.post(`/front-door/children/${other}/sign-off`, {
			version: String(version),
			answer: "return",
			comment: reason,
		});
		assert.equal(returned.statusCode, 303);
		assert.match(returned.headers.location as string, /saved=returned/);
		const decision = (await tasksOf(other)).find((k) => k.kind === "front-door.decision" && k.state === "open");
		assert.ok(decision, "the decision task is open again");
		assert.equal(decision.owner_user_id, await t.userIdFor("practitioner"), "with the one who made the decision");
		const tray = await (await t.as("practitioner")).get("/");
		assert.match(tray.body, /Returned by Morgan Manager: The school&#39;s concern about hunger/);
		const child = await manager.get(`/front-door/children/${other}`);
		assert.match(child.body, /Decision returned to be made again/);
		assert.match(child.body, /Morgan Manager, [^<]*The school&#39;s concern about hunger[^<]*A new decision is needed/);

		// A manager's own decision is not in their sign-off list: someone else must sign it.
		await manager.get(`/front-door/children/${other}/decision`);
		const row = await t.testDb.db.kysely
			.selectFrom("contact_child")
			.select("version")
			.where("id", "=", other)
			.executeTakeFirstOrThrow();
		const own = await manager.post(`/front-door/children/${other}/decision`, {
			version: String(row.version),
			outcome: "information-advice",
			thresholdLevel: "1",
			rationale: "The school confirms Sami has breakfast club; advice to the family is enough.",
			// The review recommended no further action: the school's answer since is why not.
			departureReason: "The school asked for advice on breakfast club for the family.",
		});
		assert.equal(own.statusCode, 303);
		assert.doesNotMatch((await manager.get("/front-door/sign-off")).body, /Sami Okafor/);
		const leader = await t.as("senior-leader");
		assert.match((await leader.get("/front-door/sign-off")).body, /Sami Okafor/);
		// The one signing off the new decision reads the one returned, and why.
		const signing = await leader.get(`/front-door/children/${other}/sign-off`);
		assert.match(signing.body, /Decisions returned to be made again/);
		assert.match(signing.body, /Returned by Morgan Manager, [^<]*:<\/strong> The school&#39;s concern about hunger/);
	});

	test("sharing without agreement waits for its authoriser before sign-off; enquiries, feedback and first contact are tasks", async () => {
		const id = await recordedChild(t, await addChild(t, "Tia", "Okafor", "2012-12-12"), "09:25");
		await triaged(t, id);
		const officer = await t.as("contact-officer");
		await officer.get(`/front-door/children/${id}/enquiries`);
		const asked = await officer.post(`/front-door/children/${id}/enquiries`, {
			agency: "Kent Police",
			"requested-day": "23",
			"requested-month": "11",
			"requested-year": "2026",
			"requested-time": "09:40",
			urgency: "same-day",
		});
		assert.equal(asked.statusCode, 303);
		const enquiry = (await tasksOf(id)).find((k) => k.kind === "front-door.enquiry")!;
		assert.deepEqual([enquiry.state, enquiry.owner_user_id], ["open", officer.userId]);
		await officer.get(`/front-door/children/${id}/sharing`);
		const shared = await officer.post(`/front-door/children/${id}/sharing`, {
			personName: "Dee Okafor",
			agreement: "not-sought",
			informationShared: "yes",
			lawfulBasis: "public-task",
			rationale: "Asking could alert the adult who harmed her.",
			authorisedBy: await t.userIdFor("practitioner"),
		});
		assert.equal(shared.statusCode, 303);
		await decidedChild(
			t,
			id,
			{
				outcome: "early-help",
				thresholdLevel: "2",
				earlyHelpTier: "targeted",
				familyAgreed: "yes",
				receivingTeamId: await teamId(t, "early-help"),
			},
			false,
		);
		await finishNextSteps(t, id);
		const manager = await t.as("team-manager");
		await manager.get(`/front-door/children/${id}/sign-off`);
		const version = async () =>
			String(
				(
					await t.testDb.db.kysely
						.selectFrom("contact_child")
						.select("version")
						.where("id", "=", id)
						.executeTakeFirstOrThrow()
				).version,
			);
		const blocked = await manager.post(`/front-door/children/${id}/sign-off`, {
			version: await version(),
			answer: "agree",
			comment: "Agreed: early help is proportionate to what was found.",
		});
		assert.equal(blocked.statusCode, 409);
		assert.match(blocked.body, /awaiting authorisation by Priya Practitioner/);
		const sharing = (await tasksOf(id)).find((k) => k.kind === "front-door.authorise-sharing")!;
		const practitioner = await t.as("practitioner");
		const url = `/front-door/children/${id}/sharing/${sharing.item_id}/authorise`;
		await practitioner.get(url);
		assert.equal(
			(await practitioner.post(url, { answer: "confirmed", note: "I agreed it on the phone: asking would alert him." }))
				.statusCode,
			303,
		);
		const signed = await manager.post(`/front-door/children/${id}/sign-off`, {
			version: await version(),
			answer: "agree",
			comment: "Agreed: early help is proportionate to what was found.",
		});
		assert.equal(signed.statusCode, 303);
		const states = Object.fromEntries((await tasksOf(id)).map((k) => [k.kind, k.state]));
		assert.equal(states["front-door.enquiry"], "cancelled", "the unanswered enquiry ends when the child leaves");
		assert.equal(states["front-door.feedback"], "open", "the referrer is owed the outcome");
		const transfer = (await tasksOf(id)).find((k) => k.kind === "front-door.transfer")!;
		const earlyHelp = await t.as("early-help");
		await earlyHelp.get(`/front-door/transfers/${transfer.item_id}`);
		assert.equal(
			(await earlyHelp.post(`/front-door/transfers/${transfer.item_id}`, { accept: "yes" })).statusCode,
			303,
		);
		const first = (await tasksOf(id)).find((k) => k.kind === "front-door.first-contact")!;
		assert.deepEqual(
			[first.state, first.team_kind, first.timescale],
			["open", "early-help", "early-help-first-contact"],
		);
		await officer.get(`/front-door/children/${id}/feedback`);
		const told = await officer.post(`/front-door/children/${id}/feedback`, {
			method: "phone",
			summary: "Told the police officer early help will contact the family.",
			"given-day": "23",
			"given-month": "11",
			"given-year": "2026",
			"given-time": "10:00",
		});
		assert.equal(told.statusCode, 303);
		assert.equal(Object.fromEntries((await tasksOf(id)).map((k) => [k.kind, k.state]))["front-door.feedback"], "done");
	});

	test("passed to the allocated worker names them, and after sign-off the contact is in their tray", async () => {
		const id = await recordedChild(t, await addChild(t, "Kofi", "Okafor", "2011-11-11"), "09:35");
		await triaged(t, id);
		const practitioner = await t.as("practitioner");
		await practitioner.get(`/front-door/children/${id}/review`);
		const version = async () =>
			String(
				(
					await t.testDb.db.kysely
						.selectFrom("contact_child")
						.select("version")
						.where("id", "=", id)
						.executeTakeFirstOrThrow()
				).version,
			);
		await practitioner.post(`/front-door/children/${id}/review`, { version: await version(), confirmed: "yes" });
		const decision = {
			outcome: "allocated-worker",
			thresholdLevel: "3",
			rationale: "Kofi has an open case: his social worker should see this today.",
			departureReason: "Kofi's allocated worker assesses him already, so a second assessment is not needed.",
		};
		const unnamed = await practitioner.post(`/front-door/children/${id}/decision`, {
			version: await version(),
			...decision,
		});
		assert.equal(unnamed.statusCode, 400);
		assert.match(unnamed.body, /Select the child&#39;s allocated worker/);
		const worker = await t.userIdFor("practitioner");
		const named = await practitioner.post(`/front-door/children/${id}/decision`, {
			version: await version(),
			...decision,
			allocatedWorkerId: worker,
		});
		assert.equal(named.statusCode, 303);
		await finishNextSteps(t, id);
		const manager = await t.as("team-manager");
		await manager.get(`/front-door/children/${id}/sign-off`);
		const signed = await manager.post(`/front-door/children/${id}/sign-off`, {
			version: await version(),
			answer: "agree",
			comment: "Agreed: his allocated worker takes it up today.",
		});
		assert.equal(signed.statusCode, 303);
		const take = (await tasksOf(id)).find((k) => k.kind === "front-door.next-step" && k.state === "open");
		assert.ok(take, "the worker has the contact as a task");
		assert.equal(take.owner_user_id, worker);
		assert.match((await practitioner.get("/")).body, /Take up this contact on the child&#39;s open case/);
	});
});
