import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, countRows, createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { addChild, contactForm, triageForm } from "../../../../test/support/front-door.ts";
import type { DB } from "../../../db/schema.ts";

describe("front door: contacts and triage", () => {
	let t: TestApp;
	let officer: Client;
	let manager: Client;
	let practitionerId: string;
	let amy: string;
	let ben: string;
	let contactId: string;

	before(async () => {
		t = await createTestApp();
		// Monday 23 November 2026, 10:00 in London (GMT).
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		officer = await t.as("contact-officer");
		manager = await t.as("team-manager");
		practitionerId = await t.userIdFor("practitioner");
		amy = await addChild(t, "Amy", "Rowe", "2018-04-02");
		ben = await addChild(t, "Ben", "Rowe", "2015-09-30");
		await officer.get("/contacts/new");
	});
	after(async () => t.close());

	const count = (table: keyof DB) => countRows(t, table);

	const childrenOf = (id: string) =>
		t.testDb.db.kysely
			.selectFrom("contact_child")
			.selectAll()
			.where("contact_id", "=", id)
			.orderBy("received_at")
			.execute();

	test("the contact journey offers the children found by search", async () => {
		const res = await officer.get(`/contacts/new?child=${amy}&q=Ben+Rowe`);
		assert.equal(res.statusCode, 200);
		assert.match(res.body, /Amy Rowe/);
		assert.match(res.body, new RegExp(`child=${amy}&amp;child=${ben}`));
	});

	test("bad contacts get field errors and write nothing", async () => {
		await officer.get(`/contacts/new/details?child=${amy}`);
		const cases: [Record<string, string | string[]>, RegExp][] = [
			[{ "received-year": "2027" }, /must not be in the future/],
			[{ "received-time": "25:00" }, /real time/],
			[{ "received-time": "" }, /must include a time/],
			[{ source: "" }, /Select who the contact is from/],
			[{ concern: " " }, /Enter the concern/],
			[{ referrerName: "", referrerAgency: "" }, /referrer&#39;s name or agency/],
			[{ referrerEmail: "not an email" }, /email address in the correct format/],
			[{ concern: "x".repeat(20_001) }, /The concern must be 20,000 characters or fewer \(you entered 20,001\)/],
			[{ referrerAgency: "x".repeat(201) }, /agency or relationship must be 200 characters or fewer/],
		];
		for (const [overrides, message] of cases) {
			const res = await officer.post("/contacts/new/details", contactForm([amy], overrides));
			assert.equal(res.statusCode, 400, JSON.stringify(overrides));
			assert.match(res.body, /govuk-error-summary/);
			assert.match(res.body, message, JSON.stringify(overrides));
		}
		// Every problem in one round: a field's and the domain's rules' together.
		const both = await officer.post(
			"/contacts/new/details",
			contactForm([amy], { "received-year": "2027", source: "", referrerEmail: "nope", concern: "" }),
		);
		assert.equal(both.statusCode, 400);
		for (const message of [
			/must not be in the future/,
			/Select who the contact is from/,
			/correct format/,
			/Enter the concern/,
		]) {
			assert.match(both.body, message);
		}
		const none = await officer.post("/contacts/new/details", contactForm(["00000000-0000-4000-8000-000000000000"]));
		assert.equal(none.statusCode, 400);
		assert.match(none.body, /Add at least one child/);
		assert.equal(await count("contact"), 0);
		assert.equal(await count("contact_child"), 0);
	});

	test("a contact about two siblings gives each child its own workflow", async () => {
		const res = await officer.post(
			"/contacts/new/details",
			contactForm([amy, ben], { [`rag-${amy}`]: "red", [`rag-${ben}`]: "" }),
		);
		assert.equal(res.statusCode, 303, res.body);
		contactId = /\/contacts\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1];
		const children = await childrenOf(contactId);
		assert.equal(children.length, 2);
		assert.deepEqual(children.map((c) => c.state).sort(), ["awaiting-triage", "awaiting-triage"]);
		const amyRow = children.find((c) => c.person_id === amy)!;
		assert.equal(amyRow.rag, "red");
		assert.equal(amyRow.out_of_hours, false);
		// Received Monday 09:15: a decision is due within 1 working day.
		assert.equal(amyRow.decision_due_at.toISOString(), "2026-11-24T09:15:00.000Z");
		const page = await officer.get(`/contacts/${contactId}`);
		assert.equal(page.statusCode, 200);
		assert.match(page.body, /Amy Rowe/);
		assert.match(page.body, /Ben Rowe/);
		assert.match(page.body, /Owed/);
		// Each change has its log row with who did it.
		const logged = await t.testDb.db.kysely
			.selectFrom("access_log")
			.select(["record_type", "user_id"])
			.where("action", "=", "create")
			.where("record_type", "in", ["contact", "contact-child"])
			.execute();
		assert.equal(logged.length, 3);
		assert.ok(logged.every((l) => l.user_id === officer.userId));
	});

	test("the referrer's acknowledgement needs a method from the list, and is recorded once chosen", async () => {
		await officer.get(`/contacts/${contactId}`);
		for (const method of ["", "carrier-pigeon"]) {
			const bad = await officer.post(`/contacts/${contactId}/acknowledgement`, { method });
			assert.equal(bad.statusCode, 400, method);
			assert.match(bad.body, /Select how the referrer was acknowledged/);
		}
		const methods = await t.testDb.db.kysely
			.selectFrom("contact")
			.select("acknowledgement_method")
			.where("id", "=", contactId)
			.executeTakeFirstOrThrow();
		assert.equal(methods.acknowledgement_method, null);
		const good = await officer.post(`/contacts/${contactId}/acknowledgement`, { method: "email" });
		assert.equal(good.statusCode, 303);
	});

	test("a contact received at night is flagged out of hours", async () => {
		const res = await officer.post("/contacts/new/details", contactForm([ben], { "received-time": "02:10" }));
		assert.equal(res.statusCode, 303);
		const id = /\/contacts\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1];
		const [child] = await childrenOf(id);
		assert.equal(child.out_of_hours, true);
	});

	test("the triage queue lists Red first, then the oldest, with the wait", async () => {
		const res = await manager.get("/triage?team=all");
		assert.equal(res.statusCode, 200);
		const names = [...res.body.matchAll(/triage">(\w+ \w+)<\/a>/g)].map((m) => m[1]);
		assert.deepEqual(names, ["Amy Rowe", "Ben Rowe", "Ben Rowe"]);
		assert.match(res.body, /3 children waiting/);
		assert.match(res.body, /Out of hours/);
		const overnight = await manager.get("/triage?team=all&ooh=1");
		assert.match(overnight.body, /1 child waiting/);
		const red = await manager.get("/triage?team=all&rag=red");
		assert.match(red.body, /1 child waiting/);
		const forbidden = await officer.get("/triage");
		assert.equal(forbidden.statusCode, 403);
	});

	test("triage cannot be saved without a factor considered, an urgency on each step or a reason for ruling out", async () => {
		const [amyRow] = (await childrenOf(contactId)).filter((c) => c.person_id === amy);
		await manager.get(`/front-door/children/${amyRow.id}/triage`);
		const bad = triageForm(amyRow.version, practitionerId, {
			"factor-neglect": "",
			"factor-physical-abuse-adult": "",
			"factor-domestic-abuse-parent": "",
			"step-0-urgency": "",
		});
		const res = await manager.post(`/front-door/children/${amyRow.id}/triage`, bad);
		assert.equal(res.statusCode, 400);
		assert.match(res.body, /Consider at least one risk factor/);
		assert.match(res.body, /Choose how urgent next step 1 is/);
		const noReason = await manager.post(
			`/front-door/children/${amyRow.id}/triage`,
			triageForm(amyRow.version, practitionerId, { "factor-domestic-abuse-parent-reason": "" }),
		);
		assert.equal(noReason.statusCode, 400);
		assert.match(noReason.body, /Say why this risk factor was ruled out/);
		assert.equal(await count("triage"), 0);
		assert.equal(await count("next_step"), 0);
	});

	test("every problem with a triage comes in one round, and what was posted stays on the form", async () => {
		const [amyRow] = (await childrenOf(contactId)).filter((c) => c.person_id === amy);
		await manager.get(`/front-door/children/${amyRow.id}/triage`);
		const res = await manager.post(
			`/front-door/children/${amyRow.id}/triage`,
			triageForm(amyRow.version, practitionerId, {
				// Fields that do not parse…
				version: "1.5",
				"factor-neglect": "maybe",
				rationale: "x".repeat(4001),
				// …beside the domain's rules on the fields that did.
				immediateStrategyDiscussion: "yes",
				"factor-domestic-abuse-parent-reason": "",
				"step-2-action": "Ring the school",
			}),
		);
		assert.equal(res.statusCode, 400);
		for (const message of [
			/This form is out of date/,
			/Select whether Neglect is present, not known or ruled out/,
			/The rationale must be 4,000 characters or fewer \(you entered 4,001\)/,
			/An immediate strategy discussion is for a child rated Red/,
			/Say why this risk factor was ruled out/,
			/Choose how urgent next step 2 is/,
			/Allocate next step 2 to a worker/,
		]) {
			assert.match(res.body, message);
		}
		// A step entered in the third row is the second step: its problems point at that row.
		assert.match(res.body, /href="#step-2-urgency"/);
		assert.match(res.body, /<option value="not-known" selected>/, "a factor's status is kept");
		assert.match(res.body, /value="Ring the school"/);
		assert.equal(await count("triage"), 0);
		assert.equal((await childrenOf(contactId)).find((c) => c.id === amyRow.id)?.state, "awaiting-triage");
	});

	test("a triage records factors and due next steps; a second manager is told who got there first", async () => {
		const [amyRow] = (await childrenOf(contactId)).filter((c) => c.person_id === amy);
		const form = triageForm(amyRow.version, practitionerId, { rag: "red" });
		const second = await t.as("senior-leader");
		await second.get(`/front-door/children/${amyRow.id}/triage`);
		const first = await manager.post(`/front-door/children/${amyRow.id}/triage`, form);
		assert.equal(first.statusCode, 303, first.body);
		const late = await second.post(`/front-door/children/${amyRow.id}/triage`, form);
		assert.equal(late.statusCode, 409);
		assert.match(late.body, /Tom Manager|triaged this child/);
		assert.match(late.body, /Unexplained bruise/, "what the second manager entered is still on the form");
		assert.equal(await count("triage"), 1);
		const [after] = (await childrenOf(contactId)).filter((c) => c.person_id === amy);
		assert.equal(after.state, "enquiries");
		const step = await t.testDb.db.kysely.selectFrom("next_step").selectAll().executeTakeFirstOrThrow();
		// Set at 10:00 on a Monday, "same working day" is due at close of office.
		assert.equal(step.urgency, "same-day");
		assert.equal(step.allocated_to, practitionerId);
		assert.ok(step.due_at > t.clock.now);
		const page = await manager.get(`/front-door/children/${amyRow.id}`);
		assert.match(page.body, /Neglect/);
		assert.match(page.body, /No police call-outs/);
		assert.match(page.body, /triaged this child/);
	});

	test("a stale version is refused even when the state would allow it", async () => {
		const [benRow] = (await childrenOf(contactId)).filter((c) => c.person_id === ben);
		await manager.get(`/front-door/children/${benRow.id}/triage`);
		const res = await manager.post(
			`/front-door/children/${benRow.id}/triage`,
			triageForm(benRow.version + 5, practitionerId),
		);
		assert.equal(res.statusCode, 409);
		assert.equal((await childrenOf(contactId)).find((c) => c.id === benRow.id)?.state, "awaiting-triage");
	});

	test("a second contact about a child within 12 months is flagged as a repeat at triage", async () => {
		t.clock.now = new Date("2026-11-23T10:20:00Z");
		const res = await officer.post("/contacts/new/details", contactForm([amy], { "received-time": "10:10" }));
		assert.equal(res.statusCode, 303);
		const id = /\/contacts\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1];
		const [child] = await childrenOf(id);
		const form = await manager.get(`/front-door/children/${child.id}/triage`);
		assert.match(form.body, /Repeat contact: 1 earlier contact/);
		const saved = await manager.post(
			`/front-door/children/${child.id}/triage`,
			triageForm(child.version, practitionerId),
		);
		assert.equal(saved.statusCode, 303);
		const triage = await t.testDb.db.kysely
			.selectFrom("triage")
			.select("repeat_contact")
			.where("contact_child_id", "=", child.id)
			.executeTakeFirstOrThrow();
		assert.equal(triage.repeat_contact, true);
	});
});
