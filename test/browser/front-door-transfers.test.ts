import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
	type BrowserHarness,
	browserSkipReason,
	checkPage,
	signIn,
	signInAs,
	startBrowserHarness,
} from "../support/browser.ts";
import {
	addChild,
	childRow,
	decidedChild,
	fillDecision,
	fillWhen,
	signOffFromList,
	submitDecision,
	teamId,
	triagedChild,
} from "../support/front-door.ts";

const ASSESSMENT_MANAGER = "assessment.manager@demo.example";

describe("the front door: transfers to early help and assessment teams, and step-ups", {
	skip: browserSkipReason(),
}, () => {
	let h: BrowserHarness;
	let evie: string;
	let eviePerson: string;
	let sam: string;
	let kai: string;
	before(async () => {
		h = await startBrowserHarness();
		// Monday 23 November 2026, 10:00 in London.
		h.t.clock.now = new Date("2026-11-23T10:00:00Z");
		// Decisions and sign-off are walked in the browser elsewhere; here the transfer is the start.
		const earlyHelpTeam = await teamId(h.t, "early-help");
		const assessmentTeam = await teamId(h.t, "assessment");
		eviePerson = await addChild(h.t, "Evie", "Lang", "2016-01-01");
		evie = await triagedChild(
			h.t,
			eviePerson,
			{ thresholdLevel: "2", rag: "green", recommendation: "early-help" },
			"08:30",
		);
		await decidedChild(h.t, evie, {
			outcome: "early-help",
			thresholdLevel: "2",
			earlyHelpTier: "intensive",
			familyAgreed: "yes",
			receivingTeamId: earlyHelpTeam,
		});
		sam = await triagedChild(h.t, await addChild(h.t, "Sam", "Price", "2013-03-03"), {}, "08:40");
		await decidedChild(h.t, sam, { outcome: "assessment", thresholdLevel: "3", receivingTeamId: assessmentTeam });
		kai = await triagedChild(h.t, await addChild(h.t, "Kai", "Moss", "2011-11-11"), {}, "08:50");
		await decidedChild(h.t, kai, { outcome: "assessment", thresholdLevel: "3", receivingTeamId: assessmentTeam });
	});
	after(async () => h?.close());

	test("early help accepts a child (with the tier) and records its first contact with the family", async () => {
		const page = await h.newPage();
		await signIn(page, "early-help");
		await page.getByRole("link", { name: "Transfers" }).click();
		await page.getByRole("cell", { name: "Early help (intensive)" }).waitFor();
		assert.equal(await page.getByRole("link", { name: "Sam Price" }).count(), 0, "only early help's own transfers");
		await checkPage(page, "transfers-list");
		await page.getByRole("link", { name: "Evie Lang" }).click();

		await page.getByRole("button", { name: "Save answer" }).click();
		await page.locator(".govuk-error-summary").getByText("Say whether your team accepts the child").waitFor();
		await checkPage(page, "transfer-errors");
		await page.getByLabel("Accept", { exact: true }).check();
		await page.getByRole("button", { name: "Save answer" }).click();
		await page.getByText("Transfer accepted.").waitFor();
		await checkPage(page, "transfer-accepted");

		await page.goto("/front-door/transfers");
		await page.getByRole("table", { name: "Accepted by early help, family not yet contacted" }).waitFor();
		await page.getByRole("link", { name: "Evie Lang" }).click();
		await fillWhen(page, "When early help first contacted the family", "10:30");
		await page.getByRole("button", { name: "Record first contact" }).click();
		await page.locator(".govuk-error-summary").getByText("First contact cannot be in the future").waitFor();
		await fillWhen(page, "When early help first contacted the family", "10:00");
		await page.getByRole("button", { name: "Record first contact" }).click();
		await page.getByText("First contact with the family recorded.").waitFor();
		assert.equal((await childRow(h.t, evie)).state, "closed");
		await page.goto("/front-door/transfers");
		await page.getByText("No transfers are waiting.").waitFor();
		await page.close();
	});

	test("the front door cannot answer for the assessment team", async () => {
		const page = await h.newPage();
		await signIn(page, "team-manager");
		await page.goto("/front-door/transfers?team=all");
		await page.getByRole("link", { name: "Sam Price" }).click();
		await page.getByText("Assessment Team North answers this transfer.").waitFor();
		assert.equal(await page.getByRole("button", { name: "Save answer" }).count(), 0);
		await checkPage(page, "transfer-another-team");
		await page.close();
	});

	test("an assessment team rejects with a reason: the child returns and the front door decides again", async () => {
		const page = await h.newPage();
		await signInAs(page, ASSESSMENT_MANAGER);
		await page.getByRole("link", { name: "Transfers" }).click();
		await page.getByRole("link", { name: "Sam Price" }).click();
		await page.getByLabel("Reject and return to the front door").check();
		await page.getByRole("button", { name: "Save answer" }).click();
		await page.locator(".govuk-error-summary").getByText("Say why the transfer is rejected").waitFor();
		await page.getByLabel("Reason for rejecting").fill("The family live in Medway: that council should assess.");
		await page.getByRole("button", { name: "Save answer" }).click();
		await page.getByText("Transfer rejected").waitFor();
		await page.getByRole("link", { name: "Open Sam Price's front-door record" }).click();
		await page.getByText("Waiting for a decision").first().waitFor();
		await page.getByText(/rejected 23 November 2026 at 10:00am: The family live in Medway/).waitFor();
		assert.equal(await page.getByRole("button", { name: "Record feedback to the referrer" }).count(), 0);
		await checkPage(page, "front-door-child-returned");
		await page.close();

		// A new decision, by a practitioner, signed off by the manager.
		const practitioner = await h.newPage();
		await signIn(practitioner, "practitioner");
		await practitioner.goto(`/front-door/children/${sam}`);
		await fillDecision(practitioner, {
			outcome: "Passed to another council",
			level: "Level 3",
			council: "Medway (887)",
			rationale: "The family live in Medway; passed to Medway's front door.",
		});
		// The review recommended an assessment, which the assessment team has refused: the decision says why it differs.
		await practitioner.getByRole("button", { name: "Record decision" }).click();
		await practitioner
			.locator(".govuk-error-summary")
			.getByRole("link", { name: /^The review recommended "Social work assessment \(section 17\)"/ })
			.click();
		assert.equal(await practitioner.evaluate(() => document.activeElement?.id), "departureReason");
		assert.equal(
			await practitioner.getByLabel("Rationale").inputValue(),
			"The family live in Medway; passed to Medway's front door.",
		);
		await checkPage(practitioner, "decision-departure-errors");
		await practitioner
			.getByLabel("If the outcome is not the one the review recommended")
			.fill("The assessment team found the family live in Medway, whose front door must assess.");
		await submitDecision(practitioner);
		await practitioner.close();
		const manager = await h.newPage();
		await signIn(manager, "team-manager");
		await signOffFromList(manager, "Sam Price");
		await manager.getByText("Passed to another council").first().waitFor();
		assert.equal((await childRow(h.t, sam)).state, "closed");
		await manager.close();
	});

	test("an assessment team's manager accepts a child", async () => {
		const page = await h.newPage();
		await signInAs(page, ASSESSMENT_MANAGER);
		await page.goto("/front-door/transfers");
		await page.getByRole("link", { name: "Kai Moss" }).click();
		await page.getByLabel("Accept", { exact: true }).check();
		await page.getByRole("button", { name: "Save answer" }).click();
		await page.getByText("Transfer accepted.").waitFor();
		// Only early help records a first contact.
		assert.equal(await page.getByRole("button", { name: "Record first contact" }).count(), 0);
		assert.equal((await childRow(h.t, kai)).state, "closed");
		await page.close();
	});

	test("a senior manager sees a child referred within 3 months of early help accepting them", async () => {
		// Early help accepted Evie above; a new worry about her is referred for assessment.
		const again = await triagedChild(h.t, eviePerson, { recommendation: "assessment" }, "10:00");
		// While the new worry is worked on, Evie's record says she is open to early help.
		const record = await h.newPage();
		await signIn(record, "team-manager");
		await record.goto(`/front-door/children/${again}`);
		await record
			.locator("#early-help")
			.getByText(/Open to early help \(.+\) since 23 November 2026/)
			.waitFor();
		await checkPage(record, "child-open-to-early-help");
		await record.close();
		await decidedChild(h.t, again, {
			outcome: "assessment",
			thresholdLevel: "3",
			receivingTeamId: await teamId(h.t, "assessment"),
			rationale: "Neglect worse than early help found.",
		});
		const page = await h.newPage();
		await signIn(page, "senior-leader");
		await page.getByRole("link", { name: "Transfers" }).click();
		await page.getByRole("link", { name: "Children stepped up within 3 months of a step-down" }).click();
		const row = page.locator("tbody tr", { hasText: "Evie Lang" });
		await row.waitFor();
		assert.match((await row.textContent()) ?? "", /intensive[\s\S]*Priya Practitioner[\s\S]*Proportionate/);
		await checkPage(page, "step-ups");
		await page.close();
	});
});
