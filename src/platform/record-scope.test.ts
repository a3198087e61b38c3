import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, createTestApp, type TestApp } from "../../test/support/app.ts";
import { addChild, recordedChild, triaged } from "../../test/support/front-door.ts";

// Record scope (ADR 22): a council narrows a role to its team's or its own allocated
// work; pages of other children are refused with a way to give a reason, lists hold
// only the reader's work, and a restricted child's name is withheld from queues.
describe("record scope", () => {
	let t: TestApp;
	let admin: Client;
	let practitioner: Client;
	let frontDoorManager: Client;
	let assessmentManager: Client;
	let allocated: string;
	let allocatedChild: string;
	let other: string;
	let otherChild: string;
	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		allocated = await addChild(t, "Ava", "Ellison", "2015-05-05");
		other = await addChild(t, "Noah", "Pembury", "2014-04-04");
		allocatedChild = await recordedChild(t, allocated);
		// The triage gives the practitioner a next step about Ava, and none about Noah.
		await triaged(t, allocatedChild);
		otherChild = await recordedChild(t, other);
		admin = await t.as("administrator");
		practitioner = await t.as("practitioner");
		frontDoorManager = await t.as("team-manager");
		assessmentManager = await t.asUser("assessment.manager@demo.example");
	});
	after(async () => t.close());

	test("by default every role opens every record its pages allow", async () => {
		assert.equal((await practitioner.get(`/people/${other}`)).statusCode, 200);
		assert.equal((await assessmentManager.get(`/front-door/children/${otherChild}`)).statusCode, 200);
	});

	test("an administrator scopes roles; a choice that is not offered is refused, and so is a stale form", async () => {
		const page = await admin.get("/settings/record-scope");
		assert.equal(page.statusCode, 200);
		assert.match(page.body, /Which records each role opens/);
		const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? "";
		const choices = {
			practitioner: "allocated",
			"team-manager": "team",
			"early-help": "all",
			"missing-coordinator": "all",
			"exploitation-lead": "all",
		};
		const bad = await admin.post("/settings/record-scope", { ...choices, version, practitioner: "everything" });
		assert.equal(bad.statusCode, 400);
		assert.match(bad.body, /Select which records a practitioner \(social worker\) opens/);
		assert.equal((await admin.post("/settings/record-scope", { ...choices, version })).statusCode, 303);
		const stale = await admin.post("/settings/record-scope", { ...choices, version });
		assert.equal(stale.statusCode, 409);
		const reader = await frontDoorManager.get("/settings/record-scope");
		assert.doesNotMatch(reader.body, /Save record scope/, "only an administrator changes it");
		assert.match(reader.body, /Children allocated to them/);
		const row = await t.testDb.db.kysely
			.selectFrom("council_setting")
			.select("value")
			.where("key", "=", "record-scope")
			.executeTakeFirstOrThrow();
		assert.deepEqual(row.value, { practitioner: "allocated", "team-manager": "team" });
	});

	test("a practitioner scoped to allocated work opens the child they were given and is refused the other", async () => {
		assert.equal((await practitioner.get(`/people/${allocated}`)).statusCode, 200);
		assert.equal((await practitioner.get(`/front-door/children/${allocatedChild}`)).statusCode, 200);
		for (const url of [`/people/${other}`, `/front-door/children/${otherChild}`]) {
			const res = await practitioner.get(url);
			assert.equal(res.statusCode, 403, url);
			assert.match(res.body, /This child is not in your work/);
			assert.match(res.body, /ask your manager to allocate the work/);
			assert.doesNotMatch(res.body, /Pembury/);
		}
		const search = await practitioner.get("/people?q=Noah+Pembury");
		assert.match(search.body, /Not in your work/);
		assert.doesNotMatch(search.body, /4 April 2014/);
	});

	test("a team manager scoped to the team sees their team's children and not another team's", async () => {
		const own = await frontDoorManager.get("/triage?team=all");
		assert.match(own.body, /Pembury/);
		const theirs = await assessmentManager.get("/triage?team=all");
		assert.equal(theirs.statusCode, 200);
		assert.doesNotMatch(theirs.body, /Pembury/, "the front door's children are not the assessment team's work");
		assert.equal((await assessmentManager.get(`/front-door/children/${otherChild}`)).statusCode, 403);
		assert.equal((await frontDoorManager.get(`/front-door/children/${otherChild}`)).statusCode, 200);
	});

	test("a reason opens an out-of-scope record for eight hours, kept with the reader's name", async () => {
		const vague = await practitioner.post(`/restricted/${other}/break-glass`, { reason: "need it" });
		assert.equal(vague.statusCode, 400);
		assert.match(vague.body, /This child is not in your work/);
		const reason = "Noah's school rang the duty line and his allocated worker is off sick today.";
		const opened = await practitioner.post(`/restricted/${other}/break-glass`, {
			reason,
			returnTo: `/people/${other}`,
		});
		assert.equal(opened.statusCode, 303);
		assert.equal((await practitioner.get(`/people/${other}`)).statusCode, 200);
		const kept = await t.testDb.db.kysely
			.selectFrom("break_glass")
			.select(["reason", "user_id"])
			.where("person_id", "=", other)
			.executeTakeFirstOrThrow();
		assert.deepEqual(kept, { reason, user_id: practitioner.userId });
	});

	test("a restricted child stays in the queue for the team to work, with the name withheld", async () => {
		await admin.get("/settings/record-scope");
		const page = await admin.get("/settings/record-scope");
		const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? "";
		const everyone = {
			practitioner: "all",
			"team-manager": "all",
			"early-help": "all",
			"missing-coordinator": "all",
			"exploitation-lead": "all",
		};
		assert.equal((await admin.post("/settings/record-scope", { ...everyone, version })).statusCode, 303);
		await assessmentManager.get(`/people/${other}/restriction`);
		const restricted = await assessmentManager.post(`/people/${other}/restriction`, {
			reason: "Noah's aunt works on the front door team.",
			users: "",
		});
		assert.equal(restricted.statusCode, 303);
		const queue = await frontDoorManager.get("/triage?team=all");
		assert.match(queue.body, /Restricted record/);
		assert.doesNotMatch(queue.body, /Pembury/);
		assert.doesNotMatch(queue.body, /4 April 2014/);
	});
});
