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
		const summary = page.locator(".govuk-error-summary");
		await summary.getByText("Select the council the child is passed to").waitFor();
		// The review recommended an assessment: passing Maya on instead says why.
		await summary
			.getByText(
				'The review recommended "Social work assessment (section 17)": explain why the decision is different, or choose that outcome',
			)
			.waitFor();
		await checkPage(page, "decision-other-council-errors");
		await page.getByLabel("The council the child is passed to").selectOption({ label: "Medway (887)" });
		const why = "Maya now lives in Medway, whose own front door assesses children living there.";
		await page.getByLabel("If the outcome is not the one the review recommended").fill(why);
		await submitDecision(page);
		await finishNextStepsFromMyWork(page);

		const manager = await h.newPage();
		await signIn(manager, "team-manager");
		await signOffFromList(manager, "Maya Stone", async (p) => {
			await p.getByText("Passed to another council: Medway (887)").waitFor();
			const differs = p.locator(".govuk-summary-list__row", { hasText: "Why it differs from the review" });
			assert.match((await differs.textContent()) ?? "", /Maya now lives in Medway/);
			await checkPage(p, "sign-off-other-council");
		});
		await manager.close();

		await page.getByRole("link", { name: "Home", exact: true }).click();
		await page.getByRole("link", { name: /^Send the referral to the other council/ }).click();
		await page.getByRole("button", { name: "Save" }).click();
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
