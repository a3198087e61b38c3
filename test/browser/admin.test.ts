import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";

describe("an administrator manages users, the calendar and the go-live date in the browser", {
	skip: browserSkipReason(),
}, () => {
	let h: BrowserHarness;
	before(async () => {
		h = await startBrowserHarness();
	});
	after(async () => h?.close());

	test("adds a user after fixing the errors the form points out", async () => {
		const page = await h.newPage();
		await signIn(page, "administrator");
		await page.goto("/admin/users");
		await page.getByRole("button", { name: "Add a user" }).click();
		await checkPage(page, "admin-user-new");
		await page.getByLabel("Email address").fill("not-an-email");
		await page.getByRole("button", { name: "Save user" }).click();
		const summary = page.locator(".govuk-error-summary");
		await summary.waitFor();
		assert.match((await summary.textContent()) ?? "", /Enter the user's name/);
		assert.match((await summary.textContent()) ?? "", /Select at least one role/);
		await checkPage(page, "admin-user-new-errors");
		// The summary links take the user to the field.
		await summary.getByRole("link", { name: "Enter the user's name" }).click();
		assert.equal(await page.evaluate(() => document.activeElement?.id), "displayName");

		await page.getByLabel("Name").fill("Ingrid Second-Inspector");
		await page.getByLabel("Email address").fill("second.inspector@demo.example");
		await page.getByLabel("Inspector").check();
		await page.getByLabel("Day").fill("1");
		await page.getByLabel("Month").fill("6");
		await page.getByLabel("Year").fill(String(new Date().getFullYear() + 1));
		await page.getByRole("button", { name: "Save user" }).click();
		await page.getByText("The user has been saved.").waitFor();
		await checkPage(page, "admin-user-saved");
		await page.close();
	});

	test("adds a bank holiday, and is told plainly when the date is not real", async () => {
		const page = await h.newPage();
		await signIn(page, "administrator");
		await page.goto("/settings/calendar");
		const holiday = page.locator("form[action='/settings/bank-holidays']");
		await holiday.getByLabel("Day").fill("30");
		await holiday.getByLabel("Month").fill("2");
		await holiday.getByLabel("Year").fill("2029");
		await holiday.getByLabel("Name").fill("Not a day");
		await holiday.getByRole("button", { name: "Add bank holiday" }).click();
		await page.locator(".govuk-error-summary").waitFor();
		assert.match((await page.locator(".govuk-error-summary").textContent()) ?? "", /Date must be a real date/);
		await checkPage(page, "settings-calendar-errors");

		// The go-live date (ADR 37): until one is saved, the day of the first contact stands.
		await page.goto("/settings/go-live");
		assert.match(
			(await page.locator(".govuk-summary-list").textContent()) ?? "",
			/The day the first contact was received/,
		);
		await checkPage(page, "settings-go-live");
		await page.getByLabel("Day").fill("31");
		await page.getByLabel("Month").fill("4");
		await page.getByLabel("Year").fill("2025");
		await page.getByRole("button", { name: "Save go-live date" }).click();
		const summary = page.locator(".govuk-error-summary");
		await summary.waitFor();
		await checkPage(page, "settings-go-live-errors");
		await summary.getByRole("link", { name: "The go-live date must be a real date" }).click();
		assert.equal(await page.evaluate(() => document.activeElement?.id), "date-day");
		await page.getByLabel("Day").fill("1");
		await page.getByRole("button", { name: "Save go-live date" }).click();
		await page.getByText("Go-live date saved.").waitFor();
		assert.match(
			(await page.locator(".govuk-summary-list").textContent()) ?? "",
			/1 April 2025\s*Where the date comes from\s*Set by the council/,
		);
		await checkPage(page, "settings-go-live-saved");
		await page.close();
	});

	test("issues a partner API key with the referral sources its agency sends as, after the form says what is missing", async () => {
		const page = await h.newPage();
		await signIn(page, "administrator");
		await page.goto("/admin/api-keys");
		await checkPage(page, "admin-api-keys");
		await page.getByRole("textbox", { name: "Agency" }).fill("Kent Police");
		await page.getByRole("button", { name: "Issue a key" }).click();
		const summary = page.locator(".govuk-error-summary");
		await summary.waitFor();
		assert.match((await summary.textContent()) ?? "", /Choose the referral sources the agency sends contacts as/);
		await checkPage(page, "admin-api-keys-errors");
		await summary.getByRole("link", { name: /Choose the referral sources/ }).click();
		assert.equal(await page.evaluate(() => document.activeElement?.id), "sources");
		assert.equal(
			await page.getByRole("textbox", { name: "Agency" }).inputValue(),
			"Kent Police",
			"what was typed is kept",
		);
		await page.getByLabel("6: Police").check();
		await page.getByRole("button", { name: "Issue a key" }).click();
		await page.getByText("Key issued to Kent Police, sending as 6 (Police)").waitFor();
		const row = page.locator("tr", { hasText: "Kent Police" });
		assert.match((await row.textContent()) ?? "", /Kent Police\s*6\s*thr_/);
		await checkPage(page, "admin-api-keys-issued");
		await page.close();
	});

	test("refused and missing pages use the layout and leak nothing", async () => {
		const page = await h.newPage();
		await signIn(page, "analyst");
		const refused = await page.goto("/admin/users");
		assert.equal(refused?.status(), 403);
		await checkPage(page, "error-403");
		const missing = await page.goto("/no-such-page");
		assert.equal(missing?.status(), 404);
		await checkPage(page, "error-404");
		await page.close();
	});
});
