import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";
import { addChild } from "../support/front-door.ts";

describe("a restricted record", { skip: browserSkipReason() }, () => {
	let h: BrowserHarness;
	before(async () => {
		h = await startBrowserHarness();
		await addChild(h.t, "Theo", "Marsh", "2015-09-09");
	});
	after(async () => h?.close());

	test("a manager restricts it; a contact officer finds that it exists, is refused, and opens it with a reason", async () => {
		const manager = await h.newPage();
		await signIn(manager, "team-manager");
		await manager.getByRole("link", { name: "People", exact: true }).click();
		await manager.getByLabel("Search").fill("Theo Marsh");
		await manager.getByRole("button", { name: "Search" }).click();
		await manager.getByRole("link", { name: /Theo Marsh/ }).click();
		await manager.getByRole("link", { name: "Restrict this record" }).click();
		await manager.getByLabel("Why is this record restricted?").fill("Theo's father is a social worker in this team.");
		await manager.getByLabel("Who else may open it?").fill("practitioner@demo.example");
		await checkPage(manager, "restriction-form");
		await manager.getByRole("button", { name: "Restrict the record" }).click();
		await manager.getByText("Restricted by Morgan Manager").waitFor();
		await checkPage(manager, "restricted-record-owner");

		const officer = await h.newPage();
		await signIn(officer, "contact-officer");
		await officer.getByRole("link", { name: "People", exact: true }).click();
		await officer.getByLabel("Search").fill("Theo Marsh");
		await officer.getByRole("button", { name: "Search" }).click();
		await officer.getByRole("link", { name: /Restricted record/ }).click();
		await officer.getByRole("heading", { name: "This record is restricted" }).waitFor();
		assert.doesNotMatch((await officer.locator("main").textContent()) ?? "", /Theo/);
		await officer.getByRole("button", { name: "Open the record" }).click();
		await officer.locator(".govuk-error-summary").waitFor();
		await checkPage(officer, "restricted-refused");
		await officer
			.getByLabel("Why do you need to open this record now?")
			.fill("His school has phoned: Theo has not been collected.");
		await officer.getByRole("button", { name: "Open the record" }).click();
		await officer.getByRole("heading", { name: "Theo Marsh" }).waitFor();

		await manager.reload();
		await manager.getByText("Theo has not been collected").waitFor();
		await manager.close();
		await officer.close();
	});

	test("an administrator scopes practitioners to their own work; a practitioner finds another child listed without details and refused", async () => {
		const admin = await h.newPage();
		await signIn(admin, "administrator");
		await admin.getByRole("link", { name: "Which records each role opens" }).click();
		await admin
			.getByRole("group", { name: "Practitioner (social worker)" })
			.getByLabel("Children allocated to them")
			.check();
		await admin.getByRole("button", { name: "Save record scope" }).click();
		await admin.getByText("Record scope saved").waitFor();
		await checkPage(admin, "record-scope-settings");
		await admin.close();

		const practitioner = await h.newPage();
		await signIn(practitioner, "practitioner");
		await practitioner.getByRole("link", { name: "People", exact: true }).click();
		await practitioner.getByLabel("Search").fill("Theo Marsh");
		await practitioner.getByRole("button", { name: "Search" }).click();
		// Named on the restriction, but Theo is not allocated to them.
		await practitioner.getByRole("link", { name: /Not in your work/ }).click();
		await practitioner.getByRole("heading", { name: "This child is not in your work" }).waitFor();
		assert.doesNotMatch((await practitioner.locator("main").textContent()) ?? "", /Theo/);
		await checkPage(practitioner, "out-of-scope-refused");
		await practitioner.close();
	});
});
