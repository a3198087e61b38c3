import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, countRows, createTestApp, type TestApp } from "../../test/support/app.ts";
import { addChild, recordedChild } from "../../test/support/front-door.ts";

// Record-level access (ADR 21): a role the route lets in is still refused a restricted
// record, told whom to ask, and may give a reason that is kept.
describe("restricted records", () => {
	let t: TestApp;
	let manager: Client;
	let named: Client;
	let officer: Client;
	let person: string;
	let childId: string;
	let contactId: string;
	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		person = await addChild(t, "Isla", "Quinn", "2016-03-03");
		childId = await recordedChild(t, person);
		const row = await t.testDb.db.kysely
			.selectFrom("contact_child")
			.select("contact_id")
			.where("id", "=", childId)
			.executeTakeFirstOrThrow();
		contactId = row.contact_id;
		manager = await t.as("team-manager");
		named = await t.as("practitioner");
		officer = await t.as("contact-officer");
	});
	after(async () => t.close());

	test("a manager restricts a record, with a real reason and only known users", async () => {
		await manager.get(`/people/${person}/restriction`);
		const vague = await manager.post(`/people/${person}/restriction`, { reason: "x", users: "" });
		assert.equal(vague.statusCode, 400);
		assert.match(vague.body, /Say why this record is restricted, in a sentence/);
		const unknown = await manager.post(`/people/${person}/restriction`, {
			reason: "Isla's mother works in the front door team.",
			users: "practitioner@demo.example\nnobody@demo.example",
		});
		assert.equal(unknown.statusCode, 400);
		assert.match(unknown.body, /There is no user with the email address nobody@demo.example/);
		assert.equal(await countRows(t, "person_restriction"), 0);
		const saved = await manager.post(`/people/${person}/restriction`, {
			reason: "Isla's mother works in the front door team.",
			users: "practitioner@demo.example",
		});
		assert.equal(saved.statusCode, 303);
		const page = await manager.get(`/people/${person}`);
		assert.match(page.body, /Restricted by Morgan Manager/);
	});

	test("its owner and the users named on it open it; another role the route lets in is refused everywhere", async () => {
		assert.equal((await named.get(`/people/${person}`)).statusCode, 200);
		assert.equal((await named.get(`/front-door/children/${childId}`)).statusCode, 200);
		for (const url of [`/people/${person}`, `/front-door/children/${childId}`, `/contacts/${contactId}`]) {
			const res = await officer.get(url);
			assert.equal(res.statusCode, 403, url);
			assert.match(res.body, /This record is restricted/);
			assert.match(res.body, /ask Morgan Manager, who restricted it/);
			assert.doesNotMatch(res.body, /Isla/, `${url} shows nothing of the child`);
		}
	});

	test("search shows that the record exists, without its details", async () => {
		const res = await officer.get("/people?q=Isla+Quinn");
		assert.equal(res.statusCode, 200);
		assert.match(res.body, /Restricted record/);
		assert.doesNotMatch(res.body, /3 March 2016/);
		const mine = await named.get("/people?q=Isla+Quinn");
		assert.match(mine.body, /3 March 2016/);
	});

	test("break-glass needs a reason in a sentence; given, the record opens and the reason is kept and logged", async () => {
		const page = await officer.get(`/people/${person}`);
		assert.equal(page.statusCode, 403);
		const bare = await officer.post(`/restricted/${person}/break-glass`, {
			reason: "urgent",
			returnTo: `/people/${person}`,
		});
		assert.equal(bare.statusCode, 400);
		assert.match(bare.body, /Say why you need to open this record now, in a sentence/);
		assert.equal(await countRows(t, "break_glass"), 0);
		const reason = "Police have called about Isla tonight and need her address.";
		const open = await officer.post(`/restricted/${person}/break-glass`, {
			reason,
			returnTo: `/people/${person}`,
		});
		assert.equal(open.statusCode, 303);
		assert.equal(open.headers.location, `/people/${person}`);
		assert.equal((await officer.get(`/people/${person}`)).statusCode, 200);
		const kept = await t.testDb.db.kysely.selectFrom("break_glass").selectAll().executeTakeFirstOrThrow();
		assert.equal(kept.reason, reason);
		assert.equal(kept.user_id, officer.userId);
		const logged = await t.testDb.db.kysely
			.selectFrom("access_log")
			.select(["record_id", "person_id"])
			.where("record_type", "=", "break-glass")
			.execute();
		assert.deepEqual(logged, [{ record_id: kept.id, person_id: person }]);
		// Its owner is shown who opened it, when, and why.
		const ownerPage = await manager.get(`/people/${person}`);
		assert.match(ownerPage.body, /Opened by giving a reason/);
		assert.ok(ownerPage.body.includes("Police have called about Isla tonight and need her address."));
		// Eight hours later it is closed again.
		t.clock.now = new Date("2026-11-23T18:01:00Z");
		const later = await t.as("contact-officer");
		assert.equal((await later.get(`/people/${person}`)).statusCode, 403);
	});

	test("lifting the restriction opens the record to every role the route lets in", async () => {
		const early = await t.as("early-help");
		assert.equal((await early.get(`/people/${person}`)).statusCode, 403);
		// Signed in again: the clock has moved on past the first session.
		const owner = await t.as("team-manager");
		await owner.get(`/people/${person}/restriction`);
		assert.equal((await owner.post(`/people/${person}/restriction/lift`, {})).statusCode, 303);
		assert.equal((await early.get(`/people/${person}`)).statusCode, 200);
	});
});
