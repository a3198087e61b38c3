import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { countRows, createTestApp, type TestApp } from "../../test/support/app.ts";
import { addChild, contactForm } from "../../test/support/front-door.ts";

// A long form sent after the session timed out keeps what was typed (WCAG 2.2.1).
describe("a form sent after the session timed out is kept for its owner", () => {
	let t: TestApp;
	let child: string;
	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		child = await addChild(t, "Ruby", "Fox", "2016-03-03");
	});
	after(async () => t.close());

	test("the contact is kept, offered back after signing in to its owner only, and saved when sent", async () => {
		const officer = await t.as("contact-officer");
		await officer.get(`/contacts/new/details?child=${child}`);
		const contacts = await countRows(t, "contact");
		t.clock.now = new Date("2026-11-23T10:31:00Z"); // 31 minutes idle
		const concern = "Ruby told her teacher she is frightened to go home. ".repeat(20).trim();
		const late = await officer.post("/contacts/new/details", contactForm([child], { concern }));
		assert.equal(late.statusCode, 303);
		const location = String(late.headers.location);
		assert.match(location, /^\/sign-in\?returnTo=%2Fdrafts%2F[0-9a-f-]{36}&ended=idle$/);
		assert.equal(await countRows(t, "contact"), contacts, "nothing is saved yet");
		const draft = decodeURIComponent(/returnTo=([^&]+)/.exec(location)?.[1] ?? "");

		const someoneElse = await t.as("practitioner");
		assert.equal((await someoneElse.get(draft)).statusCode, 404, "a draft is its owner's alone");

		const again = await t.as("contact-officer");
		const page = await again.get(draft);
		assert.equal(page.statusCode, 200);
		assert.match(page.body, /Your form has not been sent yet/);
		assert.ok(page.body.includes(concern), "what was typed is all there");
		// The page's own form, not the header's sign-out.
		const main = page.body.slice(page.body.indexOf("<main"));
		const action = /<form method="post" action="([^"]+)"/.exec(main)?.[1] ?? "";
		assert.equal(action, "/contacts/new/details");
		const fields: Record<string, string[]> = {};
		for (const m of main.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
			if (m[1] === "_csrf") continue;
			const value = m[2]
				.replace(/&#39;/g, "'")
				.replace(/&quot;/g, '"')
				.replace(/&amp;/g, "&");
			fields[m[1]] = [...(fields[m[1]] ?? []), value];
		}
		const sent = await again.post(action, fields);
		assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
		assert.equal(await countRows(t, "contact"), contacts + 1);
		assert.equal((await again.get(draft)).statusCode, 404, "a kept form is handed back once");
	});

	test("a form from an ended session with a forged token is refused and nothing is kept", async () => {
		const officer = await t.as("contact-officer");
		await officer.get(`/contacts/new/details?child=${child}`);
		t.clock.now = new Date(t.clock.now.getTime() + 31 * 60 * 1000);
		const drafts = await countRows(t, "form_draft");
		const res = await officer.post("/contacts/new/details", { ...contactForm([child]), _csrf: "forged" });
		assert.equal(res.statusCode, 403);
		assert.equal(await countRows(t, "form_draft"), drafts);
	});
});
