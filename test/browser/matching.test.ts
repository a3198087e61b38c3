import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";
import { addChild, recordDescribed } from "../support/front-door.ts";

describe("matching: a child a partner agency described is matched, then triaged", { skip: browserSkipReason() }, () => {
	let h: BrowserHarness;
	before(async () => {
		h = await startBrowserHarness();
		// Monday 23 November 2026, 10:00 in London.
		h.t.clock.now = new Date("2026-11-23T10:00:00Z");
		await addChild(h.t, "Maisie", "Hollins", "2017-06-14");
		await addChild(h.t, "Jayden", "Hollins", "2013-01-05");
		await addChild(h.t, "Mason", "Hollis", "2017-06-04");
	});
	after(async () => h?.close());

	test("the queue is empty, then shows the agency's child; the typo'd person is the first candidate", async () => {
		const page = await h.newPage();
		await signIn(page, "contact-officer");
		await page.getByRole("link", { name: "Matching" }).click();
		await page.getByText("No children are waiting to be matched").waitFor();
		await checkPage(page, "matching-queue-empty");

		// The police send a notification by the partner API: the child is described, not identified.
		await recordDescribed(
			h.t,
			[{ givenName: "Maisy", familyName: "Hollins", dateOfBirth: "2017-06-14", postcode: "ME14 1XQ" }],
			{
				receivedAt: new Date("2026-11-23T09:20:00Z"),
			},
		);
		await page.reload();
		await page.getByText("1 child waiting").waitFor();
		await checkPage(page, "matching-queue");
		const row = (await page.locator("tbody tr").first().textContent()) ?? "";
		assert.match(row, /Maisy Hollins[\s\S]*14 June 2017[\s\S]*ME14 1XQ[\s\S]*Demo Police/);

		await page.getByRole("link", { name: "Maisy Hollins" }).click();
		await page.getByRole("heading", { name: "What the agency said" }).waitFor();
		await checkPage(page, "matching-candidates");
		const first = page.locator("tbody tr").first();
		const firstText = (await first.textContent()) ?? "";
		assert.match(firstText, /Maisie Hollins/);
		assert.match(firstText, /date of birth/i, "the reasons say why it matched");

		// Searching again with nothing to search on is refused with the GOV.UK error summary.
		await page.getByLabel("Given name").fill("");
		await page.getByLabel("Family name").fill("");
		const dob = page.getByRole("group", { name: "Date of birth" });
		for (const part of ["Day", "Month", "Year"]) await dob.getByLabel(part).fill("");
		await page.getByLabel("Postcode").fill("");
		await page.getByRole("button", { name: "Search" }).click();
		await page.locator(".govuk-error-summary").waitFor();
		await checkPage(page, "matching-search-errors");
		await page.close();
	});

	test("a manager matches the child and finds it on the triage queue", async () => {
		const page = await h.newPage();
		await signIn(page, "team-manager");
		await page.goto("/triage");
		await checkPage(page, "matching-count-on-triage");
		await page.getByRole("link", { name: "1 child waiting to be matched" }).click();
		await page.getByRole("link", { name: "Maisy Hollins" }).click();
		await page.getByRole("button", { name: "Match Maisie Hollins to this child" }).click();
		await page.getByText("Matched to a person. The child is now waiting for triage.").waitFor();
		await checkPage(page, "matching-matched-child");
		assert.match((await page.locator("body").textContent()) ?? "", /matched the child/);

		await page.getByRole("link", { name: "Triage", exact: true }).click();
		await page.getByText("1 child waiting").waitFor();
		await page.getByRole("link", { name: "Maisie Hollins" }).waitFor();
		await checkPage(page, "matching-triage-queue");

		await page.getByRole("link", { name: "Matching" }).click();
		await page.getByText("No children are waiting to be matched").waitFor();
		await page.close();
	});

	test("matching a record whose details differ markedly shows the differences and asks why", async () => {
		await recordDescribed(h.t, [{ givenName: "Jaydon", familyName: "Hollins", dateOfBirth: "2015-08-20" }], {
			receivedAt: new Date("2026-11-23T09:40:00Z"),
		});
		const page = await h.newPage();
		await signIn(page, "contact-officer");
		await page.getByRole("link", { name: "Matching" }).click();
		await page.getByRole("link", { name: "Jaydon Hollins" }).click();
		await page.getByRole("button", { name: "Match Jayden Hollins to this child" }).click();
		const asked = page.locator("#differences");
		await asked.getByText("Date of birth: the agency said 20 August 2015; the record says 5 January 2013").waitFor();
		await page.locator(".govuk-error-summary").waitFor();
		await checkPage(page, "matching-differences");
		await asked.getByLabel("Why this is the same child").fill("x");
		await asked.getByRole("button", { name: "Match Jayden Hollins to this child" }).click();
		await page.getByText("Say in a sentence why this is the child the agency described").first().waitFor();
		await page
			.locator("#differences")
			.getByLabel("Why this is the same child")
			.fill("PC Ross confirmed the school records Jayden's birthday wrongly as 20 August 2015.");
		await page.locator("#differences").getByRole("button", { name: "Match Jayden Hollins to this child" }).click();
		await page.getByText("Matched to a person. The child is now waiting for triage.").waitFor();
		await page.close();
	});
});
