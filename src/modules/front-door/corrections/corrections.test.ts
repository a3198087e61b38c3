import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { errorMessages, errorSummary } from "../../../../test/support/error-summary.ts";
import { addChild, contactForm, postContact } from "../../../../test/support/front-door.ts";

describe("duplicate notifications and entries in error", () => {
	let t: TestApp;
	let officer: Client;
	let manager: Client;
	let first: string;
	let second: string;

	const childOf = async (time: string, personId: string) => {
		const res = await postContact(officer, contactForm([personId], { "received-time": time }));
		const contactId = /\/contacts\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1];
		return (
			await t.testDb.db.kysely
				.selectFrom("contact_child")
				.selectAll()
				.where("contact_id", "=", contactId)
				.executeTakeFirstOrThrow()
		).id;
	};
	const row = (id: string) =>
		t.testDb.db.kysely.selectFrom("contact_child").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		officer = await t.as("contact-officer");
		manager = await t.as("team-manager");
		const person = await addChild(t, "Ella", "Stone", "2019-03-03");
		await officer.get("/contacts/new");
		first = await childOf("08:00", person);
		second = await childOf("09:00", person);
	});
	after(async () => t.close());

	test("every mistake on the withdraw form comes in one round, a version that is not a whole number among them", async () => {
		await manager.get(`/front-door/children/${second}/withdraw`);
		const before = await row(second);
		const res = await manager.post(`/front-door/children/${second}/withdraw`, {
			version: "1.5",
			reason: "r".repeat(4001),
		});
		assert.equal(res.statusCode, 400);
		assert.deepEqual(errorSummary(res.body), [
			{ href: "#version", text: "This form is out of date: go back to the record, reload it and try again" },
			{ href: "#how", text: "Choose why this child leaves the front door" },
			{ href: "#reason", text: "What was wrong must be 4,000 characters or fewer (you entered 4,001)" },
		]);
		assert.match(res.body, /<div id="version" class="govuk-error-message">/);
		assert.match(res.body, /id="reason-error"/);
		const duplicateOfNothing = await manager.post(`/front-door/children/${second}/withdraw`, {
			version: String(before.version),
			how: "duplicate",
			duplicateOf: "not-a-contact",
		});
		assert.equal(duplicateOfNothing.statusCode, 400);
		assert.deepEqual(errorMessages(duplicateOfNothing.body), ["Choose the earlier contact about the same incident"]);
		assert.match(duplicateOfNothing.body, /value="duplicate" checked/);
		assert.deepEqual(await row(second), before);
	});

	test("a second notification of the same incident is linked to the first and leaves the queue", async () => {
		await manager.get(`/front-door/children/${second}/withdraw`);
		const version = String((await row(second)).version);
		const none = await manager.post(`/front-door/children/${second}/withdraw`, { version });
		assert.equal(none.statusCode, 400);
		assert.match(none.body, /Choose why this child leaves the front door/);
		const wrong = await manager.post(`/front-door/children/${second}/withdraw`, {
			version,
			how: "duplicate",
			duplicateOf: second,
		});
		assert.equal(wrong.statusCode, 400);
		const res = await manager.post(`/front-door/children/${second}/withdraw`, {
			version,
			how: "duplicate",
			duplicateOf: first,
		});
		assert.equal(res.statusCode, 303);
		const after = await row(second);
		assert.equal(after.state, "duplicate");
		assert.equal(after.duplicate_of, first);
		const queue = await manager.get("/triage?team=all");
		assert.match(queue.body, /1 child waiting/);
	});

	test("an entry in error needs a reason, is withdrawn, and stays in the history", async () => {
		await manager.get(`/front-door/children/${first}/withdraw`);
		const version = String((await row(first)).version);
		const noReason = await manager.post(`/front-door/children/${first}/withdraw`, { version, how: "error" });
		assert.equal(noReason.statusCode, 400);
		assert.match(noReason.body, /Say why this was entered in error/);
		const res = await manager.post(`/front-door/children/${first}/withdraw`, {
			version,
			how: "error",
			reason: "Recorded against the wrong child.",
		});
		assert.equal(res.statusCode, 303);
		const page = await manager.get(`/front-door/children/${first}`);
		assert.match(page.body, /Entered in error: Recorded against the wrong child/);
		const contact = await t.testDb.db.kysely
			.selectFrom("contact")
			.innerJoin("contact_child", "contact_child.contact_id", "contact.id")
			.select("contact.closed_at")
			.where("contact_child.id", "=", first)
			.executeTakeFirstOrThrow();
		assert.ok(contact.closed_at, "a contact closes when all its children have left the workflow");
		const again = await manager.post(`/front-door/children/${first}/withdraw`, {
			version: String((await row(first)).version),
			how: "error",
			reason: "Entered twice by mistake today.",
		});
		assert.equal(again.statusCode, 409);
	});

	test("withdrawn by someone who is not a manager, the child stays in the queues until a manager signs it off", async () => {
		const person = await addChild(t, "Finn", "Stone", "2018-04-04");
		const third = await childOf("09:30", person);
		const nightDuty = await t.as("out-of-hours");
		await nightDuty.get(`/front-door/children/${third}/withdraw`);
		const asked = await nightDuty.post(`/front-door/children/${third}/withdraw`, {
			version: String((await row(third)).version),
			how: "error",
			reason: "Recorded on the wrong family's contact.",
		});
		assert.equal(asked.statusCode, 303);
		assert.match(asked.headers.location as string, /saved=withdrawal-requested/);
		assert.equal((await row(third)).state, "awaiting-triage", "still in the queue");
		assert.match((await manager.get("/triage?team=all")).body, /Finn Stone/);
		const twice = await nightDuty.post(`/front-door/children/${third}/withdraw`, {
			version: String((await row(third)).version),
			how: "error",
			reason: "Recorded on the wrong family's contact.",
		});
		assert.equal(twice.statusCode, 409);
		assert.match(twice.body, /a manager has not answered yet/);
		// The managers are asked in their team's tray; only a manager answers.
		assert.match((await manager.get("/")).body, /Sign off a withdrawal/);
		const confirm = `/front-door/children/${third}/withdraw/confirm`;
		assert.equal(
			(await nightDuty.post(confirm, { answer: "agree", note: "Yes it was the wrong family." })).statusCode,
			403,
		);
		await manager.get(confirm);
		const bare = await manager.post(confirm, { answer: "agree", note: "ok" });
		assert.equal(bare.statusCode, 400);
		const agreed = await manager.post(confirm, {
			answer: "agree",
			note: "Checked the referral: it names a different family at another address.",
		});
		assert.equal(agreed.statusCode, 303);
		const after = await row(third);
		assert.equal(after.state, "entered-in-error");
		assert.equal(after.error_reason, "Recorded on the wrong family's contact.");
		const open = await t.testDb.db.kysely
			.selectFrom("task")
			.select("kind")
			.where("record_id", "=", third)
			.where("state", "=", "open")
			.execute();
		assert.deepEqual(open, []);
		// Managers and auditors see every child that left by a side route this month.
		const list = "/dashboard/children?list=side-exits&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z";
		for (const reader of [manager, await t.as("auditor")]) {
			const page = await reader.get(list);
			assert.equal(page.statusCode, 200);
			assert.match(page.body, /Children who left the front door by a side route/);
			assert.match(page.body, /Finn Stone/);
			assert.match(page.body, /Ella Stone/);
		}
	});

	test("a contact about the same child from the same referrer within a day warns before it is saved", async () => {
		const person = await addChild(t, "Rory", "Vance", "2017-07-07");
		const before = await t.testDb.db.kysely.selectFrom("contact").select("id").execute();
		const firstForm = contactForm([person], { "received-time": "08:30" });
		assert.equal((await officer.post("/contacts/new/details", firstForm)).statusCode, 303);
		// The same referrer, two minutes later, typed a little differently.
		const again = contactForm([person], { "received-time": "08:32", referrerName: "  pat  TEACHER " });
		const warned = await officer.post("/contacts/new/details", again);
		assert.equal(warned.statusCode, 409);
		assert.match(
			warned.body,
			/This may already be recorded: the same referrer told us about this child within 24 hours/,
		);
		assert.match(warned.body, /href="\/contacts\/[0-9a-f-]{36}">Contact C/);
		assert.match(warned.body, /name="concern"[^>]*>Both children arrived hungry/, "what was typed is kept");
		const unticked = await officer.post("/contacts/new/details", again);
		assert.equal(unticked.statusCode, 409, "not saved until the worker says it is new");
		const forged = await officer.post("/contacts/new/details", { ...again, notRepeat: "0000000000000000" });
		assert.equal(forged.statusCode, 409);
		let count = (await t.testDb.db.kysely.selectFrom("contact").select("id").execute()).length;
		assert.equal(count, before.length + 1, "nothing written while asking");
		const seen = /name="repeatsSeen" value="([0-9a-f]+)"/.exec(warned.body)?.[1] ?? "";
		const confirmed = await officer.post("/contacts/new/details", { ...again, notRepeat: seen });
		assert.equal(confirmed.statusCode, 303);
		// Another referrer, or the same one a day and more later, is not asked about.
		const other = await officer.post(
			"/contacts/new/details",
			contactForm([person], { "received-time": "08:40", referrerName: "Sam Nurse", referrerAgency: "Health visiting" }),
		);
		assert.equal(other.statusCode, 303);
		const later = await officer.post(
			"/contacts/new/details",
			contactForm([person], { "received-day": "22", "received-time": "08:00" }),
		);
		assert.equal(later.statusCode, 303, "received more than 24 hours before the others");
		count = (await t.testDb.db.kysely.selectFrom("contact").select("id").execute()).length;
		assert.equal(count, before.length + 4);
	});
});
