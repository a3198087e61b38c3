import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import {
	type BrowserHarness,
	browserSkipReason,
	checkPage,
	signInAs,
	startBrowserHarness,
} from "../support/browser.ts";
import { addChild, answerFactors, childRow, recordedChild } from "../support/front-door.ts";

// ADR 28: the out-of-hours worker triages only when the day teams are closed. Monday 23
// November 2026; the demo council's office hours are 09:00 to 17:00 on weekdays.
describe("the front door: out of hours", { skip: browserSkipReason() }, () => {
	let h: BrowserHarness;
	let amy: string;
	before(async () => {
		h = await startBrowserHarness();
		h.t.clock.now = new Date("2026-11-23T10:00:00Z");
		amy = await recordedChild(h.t, await addChild(h.t, "Amy", "Dale", "2017-03-03"), "09:15");
	});
	after(async () => h?.close());

	async function triage(page: Page) {
		await page.goto(`/front-door/children/${amy}/triage`);
		await page.getByLabel("Level 3: intensive needs", { exact: false }).check();
		await page.getByRole("group", { name: "RAG rating" }).getByLabel("Amber").check();
		await answerFactors(page, { Neglect: "Present" });
		await page
			.getByRole("group", { name: "Recommended next step" })
			.getByLabel("Social work assessment (section 17)")
			.check();
		await page.getByLabel("Rationale").fill("Hungry at school three days running, and a bruise on her arm.");
		await page.getByLabel("Step 1").fill("Check with the GP and health visitor");
		await page.locator("#step-0-urgency").selectOption("same-day");
		await page.locator("#step-0-allocatedTo").selectOption({ label: "Priya Practitioner" });
		await page.getByRole("button", { name: "Save triage" }).click();
	}

	test("in office hours the triage is refused with the rule's reason and keeps every answer; at 19:00 it is saved", async () => {
		const page = await h.newPage();
		await signInAs(page, "out.of.hours@demo.example");
		await triage(page);
		await page
			.locator(".govuk-error-summary")
			.getByText(
				"The out-of-hours service acts only when the day teams are closed, and they are open now (Monday to Friday, 09:00 to 17:00, except bank holidays). Nothing was saved: the front door's day team takes this child.",
			)
			.waitFor();
		assert.equal(
			await page.getByLabel("Rationale").inputValue(),
			"Hungry at school three days running, and a bruise on her arm.",
		);
		assert.ok(await page.locator('input[name="factor-neglect"][value="present"]').isChecked(), "the factors are kept");
		await checkPage(page, "triage-out-of-hours-refused");
		await page.close();
		assert.equal((await childRow(h.t, amy)).state, "awaiting-triage", "nothing written");

		// Monday evening: the day teams have gone home.
		h.t.clock.now = new Date("2026-11-23T19:00:00Z");
		const evening = await h.newPage();
		await signInAs(evening, "out.of.hours@demo.example");
		await triage(evening);
		await evening.getByText("Triage saved").waitFor();
		assert.equal((await childRow(h.t, amy)).state, "enquiries");
		await evening.close();
	});
});
