import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";
import { addChild, answerFactors, childRow, recordedNotification } from "../support/front-door.ts";

// ADR 26: a police domestic-abuse notification's facts on triage, review and decision;
// its domestic-abuse factors pre-selected; a high-risk one rated Green needs a reason.
describe("the front door: a high-risk police notification, triaged, reviewed and decided", {
	skip: browserSkipReason(),
}, () => {
	let h: BrowserHarness;
	let zaraChild: string;
	before(async () => {
		h = await startBrowserHarness();
		// Monday 23 November 2026, 10:00 in London.
		h.t.clock.now = new Date("2026-11-23T10:00:00Z");
		const zara = await addChild(h.t, "Zara", "Hill", "2017-05-14");
		const leo = await addChild(h.t, "Leo", "Hill", "2019-01-03");
		await h.t.testDb.db.kysely
			.insertInto("relationship")
			.values({ person_id: leo, related_person_id: zara, kind: "sibling" })
			.execute();
		// Recording a notification is walked in the browser in front-door-outcomes.test.ts.
		await recordedNotification(
			h.t,
			[leo],
			{ "received-day": "20", "incident-day": "19", riskLevel: "medium" },
			"10:00",
		);
		[zaraChild] = await recordedNotification(h.t, [zara], { "incident-day": "21" });
	});
	after(async () => h?.close());

	/** The notification's facts on the page, row by row. */
	async function facts(page: Page) {
		const notice = page.locator(".app-da-notice");
		await notice.getByRole("heading", { name: "Police domestic-abuse notification" }).waitFor();
		const text = (t: string | null) => (t ?? "").replace(/\s+/g, " ").trim();
		const rows: Record<string, string> = {};
		for (const r of await notice.locator(".govuk-summary-list__row").all()) {
			rows[text(await r.locator("dt").textContent())] = text(await r.locator("dd").textContent());
		}
		const row = (key: string) => rows[key];
		return {
			incident: row("Incident"),
			delay: row("Incident to receipt"),
			risk: row("Risk assessment (DASH or DARA)"),
			earlier: (await notice.locator(".app-da-notice__prior li").allTextContents()).map(text),
		};
	}

	test("the manager sees the notification, confirms its factors, and must say why Green", async () => {
		const page = await h.newPage();
		await signIn(page, "team-manager");
		await page.getByRole("link", { name: "Triage", exact: true }).click();
		await page.getByRole("link", { name: "Zara Hill" }).click();
		const f = await facts(page);
		assert.equal(f.incident, "21 November 2026 at 11:10pm");
		assert.match(f.delay ?? "", /^34 hours 30 minutes Late The council expects a notification within 24 hours/);
		assert.equal(f.risk, "DASH: High High risk");
		assert.equal(f.earlier.length, 1);
		assert.match(
			f.earlier[0],
			/received 20 November 2026 at 10:00am, risk assessment: DASH: Medium; about Leo Hill \(Sibling\)/,
		);
		// The factors the notification speaks to start as present.
		for (const name of ["Domestic abuse: the child", "Domestic abuse: a parent or carer"]) {
			assert.equal(await page.getByRole("group", { name }).getByLabel("Present").isChecked(), true, name);
		}
		assert.equal(
			await page
				.getByRole("group", { name: "Domestic abuse: another person in the household" })
				.getByLabel("Present")
				.isChecked(),
			false,
		);
		await checkPage(page, "da-triage-form");

		// The manager changes one, and rates the child Green.
		await page.getByLabel("Level 2", { exact: false }).check();
		await page.getByRole("group", { name: "RAG rating" }).getByLabel("Green").check();
		await answerFactors(page, {
			"Domestic abuse: the child": "Not known",
			"Domestic abuse: a parent or carer": "Present",
		});
		await page.getByLabel("Early help", { exact: true }).check();
		await page.getByLabel("Rationale").fill("Mother wants support and has left the home with the children.");
		await page.getByLabel("Step 1").fill("Speak to mother at the refuge");
		await page.locator("#step-0-urgency").selectOption("same-day");
		await page.locator("#step-0-allocatedTo").selectOption({ label: "Priya Practitioner" });
		await page.getByRole("button", { name: "Save triage" }).click();
		const summary = page.locator(".govuk-error-summary");
		const message = "The police assessed the risk as high (DASH): rate the child Amber or Red, or say why not";
		await summary.getByRole("link", { name: message }).waitFor();
		assert.equal(await summary.locator("li").count(), 1, "the one problem");
		await checkPage(page, "da-triage-errors");
		await summary.getByRole("link", { name: message }).click();
		assert.equal(await page.evaluate(() => document.activeElement?.id), "urgencyReason");
		// What the manager chose is kept, not the pre-selection.
		const child = page.getByRole("group", { name: "Domestic abuse: the child" });
		assert.equal(await child.getByLabel("Not known").isChecked(), true);
		assert.equal(await childRow(h.t, zaraChild).then((r) => r.state), "awaiting-triage");

		const reason = "Mother has left with the children for a refuge and the police hold the father.";
		await page.getByLabel("Why the rating or urgency does not follow the risk").fill(reason);
		await page.getByRole("button", { name: "Save triage" }).click();
		await page.getByText("Triage saved").waitFor();
		const kept = page.locator(".govuk-summary-list__row", {
			hasText: "Why the rating or urgency does not follow the risk",
		});
		assert.match((await kept.textContent()) ?? "", new RegExp(reason));
		await facts(page);
		await checkPage(page, "da-child-record");
		await page.close();
	});

	test("the practitioner sees the same facts on the review and the decision", async () => {
		const page = await h.newPage();
		await signIn(page, "practitioner");
		await page.goto(`/front-door/children/${zaraChild}`);
		await page.getByRole("button", { name: "Review the triage recommendation" }).click();
		let f = await facts(page);
		assert.match(f.delay ?? "", /34 hours 30 minutes Late/);
		assert.equal(f.risk, "DASH: High High risk");
		await checkPage(page, "da-review");
		await page.getByLabel("Yes, confirm it").check();
		await page.getByRole("button", { name: "Save review" }).click();
		await page.getByText("Review saved").waitFor();
		await page.getByRole("button", { name: "Record the decision" }).click();
		f = await facts(page);
		assert.match(f.earlier[0], /Leo Hill \(Sibling\)/);
		await checkPage(page, "da-decision");
		await page.close();
	});
});
