import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";

describe("settings: the threshold framework", { skip: browserSkipReason() }, () => {
	let h: BrowserHarness;
	before(async () => {
		h = await startBrowserHarness();
		h.t.clock.now = new Date("2026-11-23T10:00:00Z");
	});
	after(async () => h?.close());

	test("a team manager reads the framework but cannot change it", async () => {
		const page = await h.newPage();
		await signIn(page, "team-manager");
		await page.getByRole("link", { name: "Thresholds" }).click();
		await page.getByRole("heading", { name: "Level 1: universal" }).waitFor();
		await page.getByRole("heading", { name: "Early-help tiers" }).waitFor();
		assert.equal(await page.getByRole("button", { name: "Save framework" }).count(), 0);
		await checkPage(page, "thresholds-read-only");
		await page.close();
	});

	test("a senior leader's bad edit shows the error summary and saves nothing; a good edit saves", async () => {
		const page = await h.newPage();
		await signIn(page, "senior-leader");
		await page.getByRole("link", { name: "Thresholds" }).click();
		await checkPage(page, "thresholds-form");

		const level2 = page.getByRole("group", { name: "Level 2", exact: true });
		await level2.getByLabel("Name").fill("");
		await level2.getByRole("group", { name: "Usual outcomes" }).getByLabel("Information and advice").uncheck();
		await level2.getByRole("group", { name: "Usual outcomes" }).getByLabel("Early help").uncheck();
		await page.getByRole("button", { name: "Save framework" }).click();
		const summary = page.locator(".govuk-error-summary");
		await summary.waitFor();
		assert.match(
			(await summary.textContent()) ?? "",
			/Name level 2[\s\S]*Choose the outcomes level 2 usually leads to/,
		);
		await checkPage(page, "thresholds-errors");
		await summary.getByRole("link", { name: "Name level 2" }).click();
		assert.equal(await page.evaluate(() => document.activeElement?.id), "level-1-label");
		const saved = await h.t.app.services.settings.thresholdFramework();
		assert.equal(saved.levels[1].label, "Level 2: additional needs", "nothing saved");

		await level2.getByLabel("Name").fill("Level 2: early help");
		await level2.getByRole("group", { name: "Usual outcomes" }).getByLabel("Early help").check();
		await page.getByLabel("Tier 3").fill("Family support");
		await page.getByRole("button", { name: "Save framework" }).click();
		await page.getByText("Threshold framework saved.").waitFor();
		await page.getByText(/Last changed 23 November 2026 at 10:00am by Sam Director/).waitFor();
		assert.equal(await page.getByLabel("Tier 3").inputValue(), "Family support");
		await checkPage(page, "thresholds-saved");
		const framework = await h.t.app.services.settings.thresholdFramework();
		assert.equal(framework.levels[1].label, "Level 2: early help");
		assert.deepEqual(framework.levels[1].fits, ["early-help"]);
		assert.deepEqual(
			framework.earlyHelpTiers.map((t) => t.id),
			["targeted", "intensive", "family-support"],
		);
		await page.close();
	});

	test("an administrator can edit it too", async () => {
		const page = await h.newPage();
		await signIn(page, "administrator");
		await page.goto("/settings/thresholds");
		await page.getByRole("button", { name: "Save framework" }).waitFor();
		assert.equal(
			await page.getByRole("group", { name: "Level 2", exact: true }).getByLabel("Name").inputValue(),
			"Level 2: early help",
		);
		await page.close();
	});
});
