import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { countRows, createTestApp, type TestApp } from "../../test/support/app.ts";
import { addChild, contactForm } from "../../test/support/front-door.ts";

// A form is saved once (platform/once.ts): the probe's double submissions made two
// contacts, two people, two aliases or two enquiries.
describe("a form posted twice is saved once", () => {
	let t: TestApp;
	let child: string;
	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		child = await addChild(t, "Nia", "Cole", "2016-02-02");
	});
	after(async () => t.close());

	test("two identical contact forms at once make one contact, and both lead to it", async () => {
		const officer = await t.as("contact-officer");
		const page = await officer.get(`/contacts/new/details?child=${child}`);
		const once = /name="_once" value="([0-9a-f-]{36})"/.exec(page.body)?.[1];
		assert.ok(once, "the form carries a one-time token");
		const before = await countRows(t, "contact");
		const form = { ...contactForm([child]), _once: once };
		const [a, b] = await Promise.all([
			officer.post("/contacts/new/details", form),
			officer.post("/contacts/new/details", form),
		]);
		assert.deepEqual([a.statusCode, b.statusCode], [303, 303]);
		assert.equal(a.headers.location, b.headers.location);
		assert.equal(await countRows(t, "contact"), before + 1);
		// Sent again later (the back button and "resubmit"): still the first result.
		const again = await officer.post("/contacts/new/details", form);
		assert.equal(again.headers.location, a.headers.location);
		assert.equal(await countRows(t, "contact"), before + 1);
	});

	test("a form refused for its errors can be corrected and sent with the same token", async () => {
		const officer = await t.as("contact-officer");
		const once = randomUUID();
		const before = await countRows(t, "contact");
		const wrong = await officer.post("/contacts/new/details", {
			...contactForm([child], { concern: "" }),
			_once: once,
		});
		assert.equal(wrong.statusCode, 400);
		// Another referrer's: the same referrer's contact about Nia within a day would first ask whether it is a repeat.
		const right = await officer.post("/contacts/new/details", {
			...contactForm([child], { referrerName: "Sam Nurse" }),
			_once: once,
		});
		assert.equal(right.statusCode, 303);
		assert.equal(await countRows(t, "contact"), before + 1);
	});

	test("another user's token is refused", async () => {
		const officer = await t.as("contact-officer");
		const once = randomUUID();
		const first = await officer.post("/contacts/new/details", {
			...contactForm([child], { referrerName: "Lee Warden" }),
			_once: once,
		});
		assert.equal(first.statusCode, 303);
		const practitioner = await t.as("practitioner");
		await practitioner.get(`/contacts/new/details?child=${child}`);
		const res = await practitioner.post("/contacts/new/details", {
			...contactForm([child], { referrerName: "Lee Warden" }),
			_once: once,
		});
		assert.equal(res.statusCode, 400);
	});
});
