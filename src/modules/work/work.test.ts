import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, createTestApp, type TestApp } from "../../../test/support/app.ts";
import { addChild, recordedChild, triaged } from "../../../test/support/front-door.ts";

// The work trays (ADR 23): each user's home page holds their tasks, their team's
// unallocated work and what is overdue with the people they manage; a manager allocates
// a team's task, and a second manager allocating the same task at once is told.
describe("work trays", () => {
	let t: TestApp;
	let practitioner: Client;
	let manager: Client;
	let leader: Client;
	let waiting: string;
	const db = () => t.testDb.db.kysely;
	const triageTask = () =>
		db()
			.selectFrom("task")
			.selectAll()
			.where("record_id", "=", waiting)
			.where("kind", "=", "front-door.triage")
			.executeTakeFirstOrThrow();

	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		const triagedChild = await recordedChild(t, await addChild(t, "Ada", "Lovelock", "2015-01-01"), "09:00");
		await triaged(t, triagedChild);
		waiting = await recordedChild(t, await addChild(t, "Ben", "Carrow", "2014-02-02"), "09:30");
		practitioner = await t.as("practitioner");
		manager = await t.as("team-manager");
		leader = await t.as("senior-leader");
	});
	after(async () => t.close());

	test("a practitioner's home page is their work: the next step they were given, linking to where it is done", async () => {
		const home = await practitioner.get("/");
		assert.equal(home.statusCode, 200);
		assert.match(home.body, /<h1 class="govuk-heading-l">My work<\/h1>/);
		assert.match(home.body, /You have 1 task\./);
		assert.match(home.body, /Check with the GP and health visitor/);
		assert.match(home.body, /Ada Lovelock/);
		assert.match(home.body, /href="\/front-door\/children\/[0-9a-f-]{36}\/next-steps\/[0-9a-f-]{36}"/);
		assert.doesNotMatch(home.body, /Ben Carrow/, "triage is not a practitioner's work");
	});

	test("a manager sees the team's unallocated triage, and the team page by worker", async () => {
		const home = await manager.get("/");
		assert.match(home.body, /Waiting for your team, not yet given to anyone/);
		assert.match(home.body, /Ben Carrow/);
		const team = await manager.get("/work/team");
		assert.equal(team.statusCode, 200);
		assert.match(team.body, /Priya Practitioner/);
		assert.match(team.body, /Not allocated/);
	});

	test("allocating refuses someone who does not do the work, another team's manager, and a stale form", async () => {
		const task = await triageTask();
		const url = `/work/tasks/${task.id}/allocate`;
		const page = await manager.get(url);
		assert.equal(page.statusCode, 200);
		assert.doesNotMatch(page.body, /Casey Contact/, "a contact officer does not triage");
		const officer = await t.userIdFor("contact-officer");
		const wrong = await manager.post(url, { version: String(task.version), worker: officer });
		assert.equal(wrong.statusCode, 400);
		assert.match(wrong.body, /Select someone who does this kind of work/);
		const blank = await manager.post(url, { version: String(task.version), worker: "" });
		assert.equal(blank.statusCode, 400);
		assert.match(blank.body, /Select who will do it/);
		const outsider = await db()
			.selectFrom("app_user")
			.select("id")
			.where("email", "=", "assessment.manager@demo.example")
			.executeTakeFirstOrThrow();
		const elsewhere = await manager.post(url, { version: String(task.version), worker: outsider.id });
		assert.equal(elsewhere.statusCode, 400, "a manager of another team does triage, but not this team's");
		assert.match(elsewhere.body, /Select someone in the team that holds this task/);
		const other = await t.asUser("assessment.manager@demo.example");
		assert.equal((await other.get(url)).statusCode, 403);
		assert.equal((await triageTask()).owner_user_id, null, "nothing written");

		await leader.get(url);
		const me = await t.userIdFor("team-manager");
		assert.equal((await manager.post(url, { version: String(task.version), worker: me })).statusCode, 303);
		const late = await leader.post(url, { version: String(task.version), worker: me });
		assert.equal(late.statusCode, 409);
		assert.match(late.body, /Morgan Manager changed this task at/);
		const mine = await manager.get("/");
		assert.match(mine.body, /Your tasks/);
		assert.match(mine.body, /Ben Carrow/);
		const events = await db().selectFrom("task_event").select("event").where("task_id", "=", task.id).execute();
		assert.deepEqual(
			events.map((e) => e.event),
			["opened", "allocated"],
		);
	});

	test("overdue work is red with how late, in clock and working time, and escalates to the owner's manager", async () => {
		// The next step was due by the end of Monday; it is now Tuesday evening.
		t.clock.now = new Date("2026-11-24T19:00:00Z");
		const again = await t.as("practitioner");
		const home = await again.get("/");
		assert.match(home.body, /1 overdue/);
		assert.match(home.body, /1 day 2 hours late \(8 working hours\)/);
		const boss = await t.as("team-manager");
		const page = await boss.get("/");
		assert.match(page.body, /Overdue with people you manage/);
		assert.match(page.body, /Check with the GP and health visitor/);
	});

	test("a senior leader sees every team's open and overdue work, each linking to the team's list", async () => {
		const home = await (await t.as("senior-leader")).get("/");
		assert.match(home.body, /Work across teams/);
		assert.match(home.body, /href="\/work\/team\?team=[0-9a-f-]{36}">Front Door \(MASH\)/);
	});

	test("a restricted child's task stays in the trays, with the name withheld from those who may not open it", async () => {
		const ben = await db()
			.selectFrom("contact_child")
			.select("person_id")
			.where("id", "=", waiting)
			.executeTakeFirstOrThrow();
		const owner = await t.asUser("assessment.manager@demo.example");
		await owner.get(`/people/${ben.person_id}/restriction`);
		const restricted = await owner.post(`/people/${ben.person_id}/restriction`, {
			reason: "Ben's uncle works in the front door team.",
			users: "",
		});
		assert.equal(restricted.statusCode, 303);
		const boss = await t.as("team-manager");
		for (const path of ["/", "/work/team"]) {
			const page = await boss.get(path);
			assert.match(page.body, /Restricted record/, path);
			assert.doesNotMatch(page.body, /Carrow/, path);
		}
	});
});
