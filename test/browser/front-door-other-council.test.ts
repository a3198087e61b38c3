import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";
import {
	addChild,
	confirmReview,
	fillDecision,
	fillWhen,
	finishNextStepsFromMyWork,
	signOffFromList,
	submitDecision,
	triagedChild,
} from "../support/front-door.ts";

describe("the front door: a child passed to another council", { skip: browserSkipReason() }, () => {
	let h: BrowserHarness;
	let child: string;
	before(async () => {
		h = await startBrowserHarness();
		// Monday 23 November 2026, 10:00 in London.
		h.t.clock.now = new Date("2026-11-23T10:00:00Z");
		child = await triagedChild(h.t, await addChild(h.t, "Maya", "Stone", "2014-04-04"), { thresholdLevel: "3" });
	});
	after(async () => h?.close());

	test("the practitioner names the council; a manager signs it off; the practitioner records it sent from My work", async () => {
		const page = await h.newPage();
		await signIn(page, "practitioner");
		await confirmReview(page, child);
		await fillDecision(page, {
			outcome: "Passed to another council",
			rationale: "The family moved to Medway last month; the school there raised the concern.",
		});
		await page.getByRole("button", { name: "Record decision" }).click();
		await page.locator(".govuk-error-summary").getByText("Select the council the child is passed to").waitFor();
		await checkPage(page, "decision-other-council-errors");
		await page.getByLabel("The council the child is passed to").selectOption({ label: "Medway (887)" });
		await submitDecision(page);
		await finishNextStepsFromMyWork(page);

		const manager = await h.newPage();
		await signIn(manager, "team-manager");
		await signOffFromList(manager, "Maya Stone", async (p) => {
			await p.getByText("Passed to another council: Medway (887)").waitFor();
			await checkPage(p, "sign-off-other-council");
		});
		await manager.close();

		await page.getByRole("link", { name: "Home", exact: true }).click();
		await page.getByRole("link", { name: /^Send the referral to the other council/ }).click();
		await page.getByRole("button", { name: "Save" }).click();
		const summary = page.locator(".govuk-error-summary");
		await summary.getByText("Enter when the referral was sent").waitFor();
		await summary.getByText("Select how the referral was sent").waitFor();
		await checkPage(page, "other-council-errors");
		await fillWhen(page, "When it was sent", "10:00");
		await page.getByLabel("Secure email").check();
		await page.getByLabel("Who it was sent to").fill("Medway front door");
		await page.getByRole("button", { name: "Save" }).click();
		await page.getByText("Recorded when and how the referral was sent to the other council.").waitFor();
		await page
			.getByText(/Referral to Medway: Sent 23 November 2026 at 10:00am by secure email to Medway front door/)
			.waitFor();
		await checkPage(page, "front-door-child-other-council");
		await page.getByRole("link", { name: "Home", exact: true }).click();
		assert.equal(await page.getByRole("link", { name: /^Send the referral to the other council/ }).count(), 0);
		await page.close();
	});
});
