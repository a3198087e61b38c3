import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";

describe("a contact officer finds and records people", { skip: browserSkipReason() }, () => {
	let h: BrowserHarness;
	before(async () => {
		h = await startBrowserHarness();
	});
	after(async () => h?.close());

	test("adds a child, is warned of the likely duplicate, and finds the child despite a typo", async () => {
		const page = await h.newPage();
		await signIn(page, "contact-officer");
		await page.getByRole("link", { name: "People", exact: true }).click();
		await checkPage(page, "people-search-empty");

		await page.getByRole("button", { name: "Search" }).click();
		await page.locator(".govuk-error-summary").waitFor();
		await checkPage(page, "people-search-error");

		await page.goto("/people/new");
		await page.getByLabel("Given name", { exact: false }).first().fill("Katherine");
		await page.getByLabel("Family name").fill("Okafor");
		const dob = page.getByRole("group", { name: "Date of birth", exact: true });
		await dob.getByLabel("Day").fill("7");
		await dob.getByLabel("Month").fill("9");
		await dob.getByLabel("Year").fill("2016");
		await page.getByLabel("Female").check();
		await page.getByLabel("Postcode").fill("ct1 2aa");
		await checkPage(page, "people-new");
		await page.getByRole("button", { name: "Continue" }).click();
		await page.getByText(/Record created: P\d+/).waitFor();
		await checkPage(page, "people-record");

		await page.goto("/people/new");
		await page.getByLabel("Given name", { exact: false }).first().fill("Kate");
		await page.getByLabel("Family name").fill("Okafor");
		const dob2 = page.getByRole("group", { name: "Date of birth", exact: true });
		await dob2.getByLabel("Day").fill("7");
		await dob2.getByLabel("Month").fill("9");
		await dob2.getByLabel("Year").fill("2016");
		await page.getByLabel("Female").check();
		await page.getByRole("button", { name: "Continue" }).click();
		await page.getByRole("heading", { name: "This person may already be known" }).waitFor();
		assert.match((await page.locator("table").textContent()) ?? "", /Katherine Okafor/);
		await checkPage(page, "people-duplicate-warning");

		await page.goto("/people");
		await page.getByLabel("Search").fill("Katherine Okafro");
		await page.getByRole("button", { name: "Search" }).click();
		await page.getByRole("link", { name: "Katherine Okafor" }).waitFor();
		await checkPage(page, "people-search-results");
		await page.getByRole("link", { name: "Katherine Okafor" }).click();
		await page.getByRole("heading", { name: /Katherine Okafor/ }).waitFor();
		await page.close();
	});
});
