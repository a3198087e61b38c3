// An analyst imports case history from the browser (issue 17, ADR 34): from their home page
// to the form, its error summary, a small valid extract loaded in the background with its
// counts, and one with a bad date refused with the problem listed and the CSV downloadable.
// Then its people are linked (ADR 36): Amir Khan is likely the Threshold Amir Khan born the
// same day, so the front door is asked; a contact officer opens the question from My work,
// compares the records and confirms, and a team manager who had it open is told it is decided.
// Every expected figure and message is counted by hand from test/support/ssd-extract.ts.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { createPeople } from "../../src/modules/people/index.ts";
import { analystByEmail } from "../../src/modules/ssd/index.ts";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";
import { EXTRACT } from "../support/ssd-extract.ts";

const files = (changes: Record<string, string> = {}) =>
	Object.entries({ ...EXTRACT, ...changes }).map(([name, content]) => ({
		name,
		mimeType: "text/csv",
		buffer: Buffer.from(content),
	}));

/** Presses "Refresh" until the job has finished, as an analyst waiting on the page would. */
async function refreshUntilFinished(page: Page) {
	for (let i = 0; i < 50; i++) {
		if ((await page.getByRole("button", { name: "Refresh" }).count()) === 0) return;
		await page.waitForTimeout(100);
		await page.getByRole("button", { name: "Refresh" }).click();
	}
	assert.fail("the import did not finish");
}

describe("SSD import from the browser", { skip: browserSkipReason() }, () => {
	let h: BrowserHarness;
	let amirNumber: string;
	before(async () => {
		h = await startBrowserHarness();
		const db = h.t.testDb.db.kysely;
		const analyst = await analystByEmail(db, "analyst@demo.example", new Date());
		await db.transaction().execute(async (trx) => {
			const [amir] = await createPeople(
				trx,
				h.t.app.services.accessLog,
				[
					{
						givenName: "Amir",
						familyName: "Khan",
						sex: "M",
						dateOfBirth: "2012-02-29",
						expectedBirthDate: null,
						deathDate: null,
						ethnicity: "NOBT",
						nhsNumber: null,
						upn: null,
						upnUnknown: null,
						nationality: null,
					},
				],
				analyst,
				new Date(),
				null,
			);
			amirNumber = (
				await trx.selectFrom("person").select("la_person_id").where("id", "=", amir).executeTakeFirstOrThrow()
			).la_person_id;
		});
		// As main.ts does after listening: the runner picks up what the form queues.
		await h.t.app.services.ssdImportRunner.start({ onlyProcess: true });
	});
	after(async () => {
		await h?.t.app.services.ssdImportRunner.stop();
		await h?.close();
	});

	test("an analyst imports an extract, then one with a bad date that is refused", async () => {
		const page = await h.newPage();
		await signIn(page, "analyst");
		await page.getByRole("link", { name: "Import case history" }).click();
		await page.getByRole("heading", { name: "Import case history" }).waitFor();
		await checkPage(page, "ssd-import-form");

		await page.getByRole("button", { name: "Import" }).click();
		const summary = page.locator(".govuk-error-summary");
		await summary.waitFor();
		assert.deepEqual(await summary.getByRole("link").allTextContents(), [
			"Enter the source: the case system the extract came from, such as liquidlogic",
			"Choose the extract's CSV files",
		]);
		assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary")), true);
		await checkPage(page, "ssd-import-errors");

		await page.getByLabel("Source").fill("liquidlogic");
		await page.getByLabel("CSV files").setInputFiles(files());
		await page.getByRole("button", { name: "Import" }).click();
		await page.waitForURL(/\/ssd\/imports\/[0-9a-f-]{36}$/);
		await refreshUntilFinished(page);
		await page.getByText("The extract was loaded: 15 rows.").waitFor();
		const person = page.getByRole("row", { name: /ssd_person\.csv/ });
		assert.deepEqual(await person.getByRole("cell").allTextContents(), ["ssd_person.csv", "ssd_person", "3", "3"]);
		await checkPage(page, "ssd-import-loaded");

		// The harness's clock stands still: a minute later, so the list's newest-first order is the journey's.
		h.t.clock.now = new Date(h.t.clock.now.getTime() + 60_000);
		await page.getByRole("link", { name: "All imports" }).click();
		await page.getByRole("button", { name: "Import case history" }).click();
		await page.getByLabel("Source").fill("mosaic-2019");
		const badDate = EXTRACT["ssd_person.csv"].replace("2012-02-29", "31/02/2024");
		await page.getByLabel("CSV files").setInputFiles(files({ "ssd_person.csv": badDate }));
		await page.getByRole("button", { name: "Import" }).click();
		await page.waitForURL(/\/ssd\/imports\/[0-9a-f-]{36}$/);
		await refreshUntilFinished(page);
		await page.getByText("Nothing was loaded: the extract has 4 errors.").waitFor();
		const dob = page.getByRole("row", { name: /pers_dob/ });
		assert.deepEqual(await dob.getByRole("cell").allTextContents(), [
			"ssd_person.csv",
			"4",
			"pers_dob",
			"Date '31/02/2024' is not a real date",
		]);
		await checkPage(page, "ssd-import-refused");

		const [download] = await Promise.all([
			page.waitForEvent("download"),
			page.getByRole("link", { name: "Download problems (CSV)" }).click(),
		]);
		assert.match(download.suggestedFilename(), /^ssd-problems-mosaic-2019-\d{8}T\d{6}\.csv$/);
		const csv = await readFile(await download.path(), "utf8");
		assert.ok(csv.startsWith("file,row,column,severity,reason\r\n"));
		assert.ok(csv.includes("ssd_person.csv,4,pers_dob,error,Date '31/02/2024' is not a real date\r\n"));
		assert.equal(csv.trimEnd().split("\r\n").length, 6, "the header, four errors and the warning");

		await page.getByRole("link", { name: "Imports", exact: true }).first().click();
		const rows = page.locator("tbody tr");
		assert.deepEqual(
			(await rows.allTextContents()).map((r) =>
				r
					.replace(/\s+/g, " ")
					.trim()
					.replace(/ \d.* (Loaded|Refused)/, " $1"),
			),
			["mosaic-2019 Ana Analyst Refused None", "liquidlogic Ana Analyst Loaded 15"],
		);
		await checkPage(page, "ssd-imports");

		// The clean extract loaded, the data-quality page finds nothing in it.
		await page.getByRole("link", { name: "Check data quality" }).click();
		await page.waitForURL(/\/ssd\/quality$/);
		await page.getByRole("heading", { name: "No problems found" }).waitFor();
		await page.getByLabel("Source").selectOption("liquidlogic");
		await page.getByRole("button", { name: "Show" }).click();
		await page.waitForURL(/\/ssd\/quality\?source=liquidlogic$/);
		await page.getByRole("heading", { name: "No problems found" }).waitFor();
		await checkPage(page, "ssd-quality");
		await page.close();
	});

	test("the front door is asked which person Amir Khan is, answers once, and a second answer is refused", async () => {
		const manager = await h.newPage();
		await signIn(manager, "team-manager");
		const page = await h.newPage();
		await signIn(page, "contact-officer");
		await page.getByText("Amir Khan, born 29 February 2012 (liquidlogic P3)").waitFor();
		await page.getByRole("link", { name: /Say which person an imported child is/ }).click();
		await page.getByRole("heading", { name: "Which person is Amir Khan?" }).waitFor();
		const candidate = page.getByRole("table", { name: `Candidate 1: Amir Khan (${amirNumber})` });
		assert.deepEqual(
			await candidate
				.getByRole("row", { name: /Date of birth/ })
				.getByRole("cell")
				.allTextContents(),
			["29 February 2012", "29 February 2012"],
		);
		await checkPage(page, "ssd-link-question");
		// The manager has the same question open before it is answered.
		await manager.goto(page.url());

		await page.getByLabel(`The same child as Amir Khan (${amirNumber})`).check();
		await page.getByRole("button", { name: "Save and link" }).click();
		await page.getByText("Saved: the child is linked.").waitFor();
		await page.getByText(`Linked to ${amirNumber}, confirmed as the same child, by Casey Contact on`).waitFor();
		await checkPage(page, "ssd-link-answered");

		await manager.getByLabel("None of these: make a new person from the case system's record").check();
		await manager.getByRole("button", { name: "Save and link" }).click();
		const summary = manager.locator(".govuk-error-summary");
		await summary.waitFor();
		assert.match((await summary.textContent()) ?? "", /Casey Contact already decided which person this child is/);
		await checkPage(manager, "ssd-link-refused");
		await page.close();
		await manager.close();
	});
});
