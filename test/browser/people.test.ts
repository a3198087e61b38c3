import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { analystByEmail, SsdImportService } from "../../src/modules/ssd/index.ts";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";
import { extract } from "../support/ssd-extract.ts";

describe("a contact officer finds and records people", { skip: browserSkipReason() }, () => {
	let h: BrowserHarness;
	before(async () => {
		h = await startBrowserHarness();
		// The case system's records (test/support/ssd-extract.ts), for the history on a child's page.
		const db = h.t.testDb.db.kysely;
		const analyst = await analystByEmail(db, "analyst@demo.example", new Date());
		await new SsdImportService(db, h.t.app.services.accessLog, () => new Date()).run(
			{ source: "mosaic", files: extract() },
			analyst,
		);
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
		// A typo in the name and a day September does not have: still found, and the date is named.
		await page.getByLabel("Search").fill("Katherine Okafro 31/09/2016");
		await page.getByRole("button", { name: "Search" }).click();
		await page.getByRole("link", { name: "Katherine Okafor" }).waitFor();
		assert.equal(
			await page.locator("#date-note").textContent(),
			"31/09/2016 is not a real date. The search used September 2016.",
		);
		await checkPage(page, "people-search-results");
		await page.getByRole("link", { name: "Katherine Okafor" }).click();
		await page.getByRole("heading", { name: /Katherine Okafor/ }).waitFor();
		assert.equal(await page.getByRole("heading", { name: "History from the case system" }).count(), 0);

		// Her case-system record (P1) linked to her, as linking will: her page shows its history (ADR 38).
		await h.t.testDb.db.kysely
			.insertInto("extract_person_link")
			.values({
				ssd_source: "mosaic",
				pers_person_id: "P1",
				person_id: new URL(page.url()).pathname.split("/")[2],
				how: "confirmed",
				linked_at: new Date(),
			})
			.execute();
		await page.reload();
		await page.getByRole("heading", { name: "History from the case system" }).waitFor();
		assert.deepEqual(await page.locator(".govuk-summary-card__title").allTextContents(), [
			"Child protection plan, 2 January 2025",
			"Section 47 enquiry, 12 December 2024",
			"Assessment, 11 December 2024",
			"Referral, 10 December 2024",
		]);
		await checkPage(page, "people-record-case-history");
		await page.close();
	});

	test("a manager merges a duplicate record and undoes the merge", async () => {
		const page = await h.newPage();
		await signIn(page, "team-manager");
		// The contact officer was warned about Kate Okafor; here she was recorded anyway, as happens.
		await page.goto("/people/new");
		await page.getByLabel("Given name", { exact: false }).first().fill("Kate");
		await page.getByLabel("Family name").fill("Okafor");
		const dob = page.getByRole("group", { name: "Date of birth", exact: true });
		await dob.getByLabel("Day").fill("9");
		await dob.getByLabel("Month").fill("7");
		await dob.getByLabel("Year").fill("2016");
		await page.getByLabel("Female").check();
		await page.getByRole("button", { name: "Continue" }).click();
		await page.getByLabel(/none of these records is this person/).check();
		await page.getByRole("button", { name: "Create record" }).click();
		const duplicateNumber = (await page.locator(".govuk-caption-l").textContent())?.trim() ?? "";
		assert.match(duplicateNumber, /^P\d+$/);

		await page.goto("/people?q=Katherine+Okafor");
		await page.getByRole("link", { name: "Katherine Okafor" }).click();
		await page.getByRole("link", { name: "Merge a duplicate record into this one" }).click();
		await checkPage(page, "people-merge-find");
		await page.getByLabel("Record number of the duplicate").fill(duplicateNumber);
		await page.getByRole("button", { name: "Compare records" }).click();
		await page.getByRole("heading", { name: "Merge this duplicate into it" }).waitFor();
		await checkPage(page, "people-merge-compare");
		await page.getByRole("button", { name: "Merge records" }).click();
		await page.locator(".govuk-error-summary").waitFor();
		await checkPage(page, "people-merge-error");
		await page
			.getByLabel("Why are these the same person?")
			.fill("Same child: Kate is Katherine; mother confirmed the date of birth was mistyped");
		await page.getByRole("button", { name: "Merge records" }).click();
		await page.getByText(`${duplicateNumber} merged into`).waitFor();
		await checkPage(page, "people-record-merged");

		await page.getByLabel(`Why undo merging ${duplicateNumber}?`).fill("Merged by mistake");
		await page.getByRole("button", { name: "Undo merge" }).click();
		await page.getByText(/\(undone /).waitFor();
		await page.goto("/people?q=Kate+Okafor");
		assert.equal(await page.getByRole("link", { name: "Kate Okafor" }).count(), 1, "the duplicate is a record again");
		await page.close();
	});
});
