import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";
import { addChild } from "../support/front-door.ts";

describe("the front door: a contact about two siblings, triaged child by child", { skip: browserSkipReason() }, () => {
	let h: BrowserHarness;
	before(async () => {
		h = await startBrowserHarness();
		// Monday 23 November 2026, 10:00 in London.
		h.t.clock.now = new Date("2026-11-23T10:00:00Z");
		await addChild(h.t, "Maisie", "Hollins", "2017-06-14");
		await addChild(h.t, "Jayden", "Hollins", "2013-01-05");
	});
	after(async () => h?.close());

	async function addBySearch(page: Page, query: string, name: string) {
		await page.getByLabel("Search").fill(query);
		await page.getByRole("button", { name: "Search" }).click();
		await page.getByRole("link", { name: `Add ${name}` }).click();
	}

	test("a contact officer records a contact about two siblings", async () => {
		const page = await h.newPage();
		await signIn(page, "contact-officer");
		await page.getByRole("link", { name: "Record a contact" }).click();
		await checkPage(page, "contact-choose-children-empty");
		await addBySearch(page, "Maisy Hollins", "Maisie Hollins");
		await addBySearch(page, "Jayden Hollins 5/1/2013", "Jayden Hollins");
		await checkPage(page, "contact-choose-children");
		await page.getByRole("button", { name: "Continue" }).click();

		// Nothing filled in: the error summary lists what is missing.
		await page.getByLabel("What is the concern?").fill(" ");
		await page.getByRole("button", { name: "Record contact" }).click();
		await page.locator(".govuk-error-summary").waitFor();
		await checkPage(page, "contact-details-errors");

		const received = page.getByRole("group", { name: "When was it received?" });
		await received.getByLabel("Day").fill("23");
		await received.getByLabel("Month").fill("11");
		await received.getByLabel("Year").fill("2026");
		await received.getByLabel("Time").fill("09:15");
		await page.getByLabel("Who is it from?").selectOption("2A");
		await page.getByLabel("Name", { exact: true }).fill("Pat Teacher");
		await page.getByLabel("Agency or relationship to the child").fill("Oak Primary School");
		await page
			.getByRole("group", { name: /Maisie Hollins/ })
			.getByLabel("Red")
			.check();
		await page
			.getByRole("group", { name: /Jayden Hollins/ })
			.getByLabel("Green")
			.check();
		await page
			.getByLabel("What is the concern?")
			.fill("Maisie said her stepfather hit her; Jayden is worried about her.");
		await page.getByLabel("What does the referrer ask for?").fill("A social worker to visit");
		await page.getByRole("radio", { name: "Yes" }).check();
		await checkPage(page, "contact-details");
		await page.getByRole("button", { name: "Record contact" }).click();
		await page.getByText(/Recorded as C\d+/).waitFor();
		await checkPage(page, "contact-recorded");
		await page.getByRole("radio", { name: "Phone" }).check();
		await page.getByRole("button", { name: "Record acknowledgement" }).click();
		await page.getByText(/Referrer acknowledged/).waitFor();
		await page.close();
	});

	test("a manager triages each child from the queue", async () => {
		const page = await h.newPage();
		await signIn(page, "team-manager");
		await page.getByRole("link", { name: "Triage", exact: true }).click();
		await page.getByText("2 children waiting").waitFor();
		await checkPage(page, "triage-queue");
		const first = page.locator("tbody tr").first();
		assert.match((await first.textContent()) ?? "", /Maisie Hollins[\s\S]*Red/);

		await page.getByRole("link", { name: "Maisie Hollins" }).click();
		await page.getByRole("button", { name: "Save triage" }).click();
		await page.locator(".govuk-error-summary").waitFor();
		assert.match((await page.locator(".govuk-error-summary").textContent()) ?? "", /at least one risk factor/);
		await checkPage(page, "triage-errors");

		await page.getByLabel("Level 4: specialist", { exact: false }).check();
		await page.getByRole("group", { name: "RAG rating" }).getByLabel("Red").check();
		await page.getByLabel("Is Physical abuse by an adult present?").selectOption("present");
		await page.getByLabel("Is Domestic abuse: parent or carer present?").selectOption("not-known");
		await page.getByLabel("Is Neglect present?").selectOption("ruled-out");
		await page.getByLabel("Why Neglect was ruled out").fill("School reports she is well cared for.");
		await page.getByLabel("Strategy discussion (section 47)").check();
		await page.getByLabel("Rationale").fill("A disclosure of physical abuse by an adult in the household.");
		await page.getByLabel("Step 1").fill("Speak to the police about the household");
		await page.locator("#step-0-urgency").selectOption("within-4-hours");
		await page.locator("#step-0-allocatedTo").selectOption({ label: "Priya Practitioner" });
		await checkPage(page, "triage-form");
		await page.getByRole("button", { name: "Save triage" }).click();
		await page.getByText("Triage saved").waitFor();
		await checkPage(page, "front-door-child");

		await page.goto("/triage");
		await page.getByText("1 child waiting").waitFor();
		await page.close();
	});
});
