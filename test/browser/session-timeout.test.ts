import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";

// WCAG 2.2.1: two minutes before the idle sign-out, a warning offers more time; after it,
// the page keeps what was typed (a form sent then is kept: platform/drafts.ts).
describe("the session timeout warning", { skip: browserSkipReason() }, () => {
	let h: BrowserHarness;
	before(async () => {
		h = await startBrowserHarness();
	});
	after(async () => h?.close());

	test("warns two minutes before, keeps the session when asked, and says what happens after", async () => {
		const page = await h.newPage();
		await page.clock.install();
		await signIn(page, "contact-officer");
		await page.getByRole("link", { name: "Record a contact" }).first().click();
		const warning = page.getByRole("dialog", { name: "You are about to be signed out" });
		await page.clock.fastForward("27:00");
		assert.equal(await warning.isVisible(), false, "not before the last two minutes");
		await page.clock.fastForward("01:01");
		await warning.waitFor();
		assert.equal(
			await page.evaluate(() => document.activeElement?.textContent?.trim()),
			"Stay signed in",
			"focus moves to the choice",
		);
		await checkPage(page, "session-timeout-warning");
		const kept = page.waitForResponse((r) => r.url().endsWith("/session/keep-alive"));
		await page.getByRole("button", { name: "Stay signed in" }).click();
		assert.equal((await kept).status(), 204);
		await warning.waitFor({ state: "hidden" });

		await page.clock.fastForward("30:01");
		await page.getByText("You have been signed out. What you typed is still on this page").waitFor();
		await checkPage(page, "session-timeout-ended");
		await page.close();
	});
});
