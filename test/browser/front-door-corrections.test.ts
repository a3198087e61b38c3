import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";
import { addChild, childRow, recordedChild } from "../support/front-door.ts";

describe("the front door: duplicate notifications and entries in error", { skip: browserSkipReason() }, () => {
	let h: BrowserHarness;
	let first: string;
	let duplicate: string;
	let mistaken: string;
	before(async () => {
		h = await startBrowserHarness();
		// Monday 23 November 2026, 10:00 in London.
		h.t.clock.now = new Date("2026-11-23T10:00:00Z");
		const ella = await addChild(h.t, "Ella", "Stone", "2019-03-03");
		const finn = await addChild(h.t, "Finn", "Archer", "2018-08-08");
		// Recording is walked in the browser in front-door.test.ts; here the contacts are the starting point.
		first = await recordedChild(h.t, ella, "08:00");
		duplicate = await recordedChild(h.t, ella, "09:00");
		mistaken = await recordedChild(h.t, finn, "09:30");
	});
	after(async () => h?.close());

	test("a manager links a second notification of the same incident to the first", async () => {
		const page = await h.newPage();
		await signIn(page, "team-manager");
		await page.goto(`/front-door/children/${duplicate}`);
		await page.getByRole("button", { name: "Duplicate or entered in error" }).click();
		await checkPage(page, "withdraw");

		await page.getByRole("button", { name: "Withdraw" }).click();
		await page.locator(".govuk-error-summary").waitFor();
		assert.match(
			(await page.locator(".govuk-error-summary").textContent()) ?? "",
			/Choose why this child leaves the front door/,
		);
		await checkPage(page, "withdraw-errors");
		await page.getByRole("link", { name: "Choose why this child leaves the front door" }).click();
		assert.equal(await page.evaluate(() => document.activeElement?.id), "how", "the summary link reaches the field");

		await page.getByLabel("A duplicate notification").check();
		// The earlier contact is shown in England time, as every date in the service is.
		await page
			.getByRole("group", { name: /earlier contact about the same incident/ })
			.getByLabel(/received 23 November 2026 at 8:00am/)
			.check();
		await page.getByRole("button", { name: "Withdraw" }).click();
		await page.getByText("Withdrawn from the front door. It stays").waitFor();
		await page.getByText("Duplicate of an earlier contact").waitFor();
		await page.getByText("marked this as a duplicate").waitFor();
		await checkPage(page, "withdrawn-duplicate");
		assert.equal((await childRow(h.t, duplicate)).duplicate_of, first);

		await page.getByRole("link", { name: "an earlier contact" }).click();
		await page.waitForURL(`**/front-door/children/${first}`);
		await page.getByText("Waiting for triage").first().waitFor();
		await page.close();
	});

	test("a manager withdraws an entry made in error, with the reason, and it stays in the history", async () => {
		const page = await h.newPage();
		await signIn(page, "team-manager");
		await page.goto(`/front-door/children/${mistaken}/withdraw`);
		await page.getByText("There are no earlier contacts for this child").waitFor();
		await page.getByLabel("Entered in error", { exact: true }).check();
		await page.getByRole("button", { name: "Withdraw" }).click();
		await page.locator(".govuk-error-summary").getByText("Say why this was entered in error").waitFor();
		await checkPage(page, "withdraw-error-no-reason");

		await page.getByLabel("If entered in error: what was wrong").fill("Recorded against the wrong child.");
		await page.getByRole("button", { name: "Withdraw" }).click();
		await page.getByText("Entered in error: Recorded against the wrong child.").waitFor();
		await page.getByText("marked this as entered in error").waitFor();
		await page.getByText("Not needed: withdrawn from the front door").waitFor();
		await checkPage(page, "withdrawn-in-error");
		// Nothing more can be done with it: no actions are offered.
		assert.equal(await page.getByRole("button", { name: "Triage this child" }).count(), 0);

		await page.goto("/triage?team=all");
		await page.getByText("1 child waiting").waitFor();
		await page.getByRole("link", { name: "Ella Stone" }).waitFor();
		await page.close();
	});
});
