import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";

// The pages a form can end on when it cannot be saved as sent.
describe("pages for forms that cannot be saved as sent", { skip: browserSkipReason() }, () => {
	let h: BrowserHarness;
	before(async () => {
		h = await startBrowserHarness();
	});
	after(async () => h?.close());

	test("an expired form says so and leads back to it; a kept form already sent says so", async () => {
		const page = await h.newPage();
		await signIn(page, "contact-officer");
		await page.getByRole("link", { name: "Add a person" }).click();
		// As if the form had been opened in a session that has since been replaced.
		await page.evaluate(() => {
			for (const input of document.querySelectorAll<HTMLInputElement>('main input[name="_csrf"]'))
				input.value = "stale";
		});
		await page.getByRole("button", { name: "Continue" }).click();
		await page.getByRole("heading", { name: "This form has expired" }).waitFor();
		await checkPage(page, "form-expired");
		await page.getByRole("link", { name: "Open the form again" }).click();
		assert.match(page.url(), /\/people\/new$/);

		await page.goto(`/drafts/${randomUUID()}`);
		await page.getByRole("heading", { name: "This form has already been sent or discarded" }).waitFor();
		await checkPage(page, "draft-gone");
		await page.close();
	});
});
