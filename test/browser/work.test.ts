import { after, before, describe, test } from "node:test";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";
import { addChild, recordedChild, triaged } from "../support/front-door.ts";

// Work reaches the people who must do it (ADR 23): each role starts from My work.
describe("work trays", { skip: browserSkipReason() }, () => {
	let h: BrowserHarness;
	before(async () => {
		h = await startBrowserHarness();
		h.t.clock.now = new Date("2026-11-23T10:00:00Z");
		await triaged(h.t, await recordedChild(h.t, await addChild(h.t, "Nell", "Ashby", "2015-03-03"), "09:00"));
		await recordedChild(h.t, await addChild(h.t, "Omar", "Benn", "2013-04-04"), "09:30");
	});
	after(async () => h?.close());

	test("a manager allocates the team's triage from their team's page; it is then in their own work", async () => {
		const page = await h.newPage();
		await signIn(page, "team-manager");
		await page.getByRole("table", { name: "Waiting for your team, not yet given to anyone" }).waitFor();
		await checkPage(page, "my-work-manager");
		await page.getByRole("link", { name: "Your team's work, by worker" }).click();
		await checkPage(page, "team-work");
		await page.getByRole("link", { name: /^Allocate Triage for Omar Benn/ }).click();
		await page.getByRole("button", { name: "Allocate" }).click();
		await page.locator(".govuk-error-summary").getByText("Select who will do it").waitFor();
		await checkPage(page, "allocate-errors");
		await page.getByLabel("Morgan Manager").check();
		await page.getByRole("button", { name: "Allocate" }).click();
		await page.getByText("Allocated: Triage").waitFor();
		await page.getByRole("link", { name: "Home", exact: true }).click();
		await page
			.getByRole("table", { name: "Your tasks" })
			.getByRole("link", { name: /^Triage for Omar Benn/ })
			.click();
		await page
			.getByRole("heading", { name: /Triage/ })
			.first()
			.waitFor();
		await page.close();
	});

	test("a practitioner finds the next step in My work, overdue the next evening, and records it done", async () => {
		h.t.clock.now = new Date("2026-11-24T19:00:00Z");
		const page = await h.newPage();
		await signIn(page, "practitioner");
		await page.getByText("1 day 2 hours late (8 working hours)").waitFor();
		await checkPage(page, "my-work-overdue");
		await page.getByRole("link", { name: /^Next step for Nell Ashby/ }).click();
		await page.getByRole("button", { name: "Record it done" }).click();
		await page.locator(".govuk-error-summary").getByText("Say what was done").waitFor();
		await checkPage(page, "next-step-errors");
		await page.getByLabel("What was done?").fill("Spoke to the health visitor: Nell was seen last week and is well.");
		await page.getByRole("button", { name: "Record it done" }).click();
		await page.getByText("Next step recorded as done.").waitFor();
		await page.getByRole("link", { name: "Home", exact: true }).click();
		await page.getByText("You have no tasks.").waitFor();
		await page.close();
	});

	test("a senior leader sees every team's work and opens one team's list", async () => {
		const page = await h.newPage();
		await signIn(page, "senior-leader");
		await page.getByRole("link", { name: "Front Door (MASH)" }).click();
		await page.getByRole("heading", { name: "Your team's work" }).waitFor();
		await page.getByRole("link", { name: "Team's work", exact: true }).click();
		await checkPage(page, "every-team");
		await page.close();
	});
});
