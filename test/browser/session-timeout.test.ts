import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DEMO_PASSWORD } from "../../src/demo/council.ts";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";
import { addChild } from "../support/front-door.ts";

// WCAG 2.2.1: two minutes before the idle sign-out, a warning offers more time; after it,
// the page keeps what was typed (a form sent then is kept: platform/drafts.ts).
// One app and browser for both: the first test moves only the page's clock, the second the app's.
describe("the session timeout", { skip: browserSkipReason() }, () => {
	let h: BrowserHarness;
	before(async () => {
		h = await startBrowserHarness();
	});
	after(async () => h?.close());

	test("the warning comes two minutes before, keeps the session when asked, and says what happens after", async () => {
		const page = await h.newPage();
		await page.clock.install();
		await signIn(page, "contact-officer");
		await page.getByRole("link", { name: "Record a contact" }).first().click();
		// The idle timers start when the page's script runs; a click returns once the
		// navigation commits, so advancing the clock before the load raced the script.
		await page.waitForURL(/\/contacts\/new/, { waitUntil: "load" });
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

	test("a contact sent after it is kept: after signing in again the officer sends it unchanged, and it is recorded", async () => {
		h.t.clock.now = new Date("2026-11-23T10:00:00Z");
		await addChild(h.t, "Poppy", "Lane", "2018-08-08");
		const page = await h.newPage();
		await signIn(page, "contact-officer");
		await page.getByRole("link", { name: "Record a contact" }).click();
		await page.getByLabel("Search").fill("Poppy Lane");
		await page.getByRole("button", { name: "Search" }).click();
		await page.getByRole("link", { name: "Add Poppy Lane" }).click();
		await page.getByRole("button", { name: "Continue" }).click();
		const received = page.getByRole("group", { name: "When was it received?" });
		await received.getByLabel("Day").fill("23");
		await received.getByLabel("Month").fill("11");
		await received.getByLabel("Year").fill("2026");
		await received.getByLabel("Time").fill("09:40");
		await page.getByLabel("Who is it from?").selectOption("5A");
		await page.getByLabel("Name", { exact: true }).fill("Dr Amir Shah");
		const concern = "Poppy's mother told the GP she cannot keep Poppy safe from her partner.";
		await page.getByLabel("What is the concern?").fill(concern);

		// The officer was called away: 31 minutes pass before the form is sent.
		h.t.clock.now = new Date("2026-11-23T10:31:00Z");
		await page.getByRole("button", { name: "Record contact" }).click();
		await page.waitForURL(/\/sign-in\?returnTo=%2Fdrafts%2F/);
		await page.getByText("You were signed out because you had not done anything for 30 minutes.").waitFor();
		await page.getByLabel("Email address").fill("contact.officer@demo.example");
		await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
		await page.getByRole("button", { name: "Sign in" }).click();
		await page.getByRole("heading", { name: "Your form has not been sent yet" }).waitFor();
		await checkPage(page, "draft-after-timeout");
		await page.getByRole("button", { name: "Send the form" }).click();
		await page.waitForURL(/\/contacts\/[0-9a-f-]{36}/);
		assert.match((await page.locator("main").textContent()) ?? "", /Poppy Lane/);
		assert.ok(((await page.locator("main").textContent()) ?? "").includes(concern));
		await page.close();
	});
});
