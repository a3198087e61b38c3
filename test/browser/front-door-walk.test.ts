import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Locator, Page } from "playwright-core";
import {
	type BrowserHarness,
	browserSkipReason,
	checkPage,
	signIn,
	signInAs,
	startBrowserHarness,
} from "../support/browser.ts";
import { addChild, answerFactors, childRow, fillWhen, recordedChild } from "../support/front-door.ts";

// One child walked from contact to feedback (ADR 23), every role starting from My work ("/",
// where signing in lands) and going on only by the links and buttons it offers.
describe("the front door walked from My work: contact to feedback, and a withdrawal", {
	skip: browserSkipReason(),
}, () => {
	let h: BrowserHarness;
	let finn: string;
	const RUBY = "Ruby Marsh";
	const RETURN_REASON = "Sharing without agreement needs a stronger reason; say what the police told you.";
	before(async () => {
		h = await startBrowserHarness();
		// Monday 23 November 2026, 10:00 in London.
		h.t.clock.now = new Date("2026-11-23T10:00:00Z");
		await addChild(h.t, "Ruby", "Marsh", "2016-04-09");
		// The child withdrawn in the last step: recording is walked for Ruby, so Finn's contact starts recorded.
		finn = await recordedChild(h.t, await addChild(h.t, "Finn", "Archer", "2018-08-08"), "09:30");
	});
	after(async () => h?.close());

	/** A signed-in page on My work, checked that it is My work. */
	async function myWork(role: Parameters<typeof signIn>[1] | { email: string }): Promise<Page> {
		const page = await h.newPage();
		if (typeof role === "string") await signIn(page, role);
		else await signInAs(page, role.email);
		assert.equal(new URL(page.url()).pathname, "/", "signing in lands on My work");
		await page.getByRole("heading", { name: "My work", level: 1 }).waitFor();
		return page;
	}

	/** Back to My work by the menu's Home link, waiting until it is there. */
	async function home(page: Page) {
		await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Home" }).click();
		await page.getByRole("heading", { name: "My work", level: 1 }).waitFor();
	}
	const menu = (page: Page, name: string) =>
		page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name, exact: true });
	const tray = (page: Page, caption: string): Locator => page.getByRole("table", { name: caption });
	const yours = (page: Page) => tray(page, "Your tasks");
	const team = (page: Page) => tray(page, "Waiting for your team, not yet given to anyone");
	const taskName = (kind: string, child: string) => new RegExp(`^${kind} for ${child}, due`);
	const task = (table: Locator, kind: string, child: string) =>
		table.getByRole("link", { name: taskName(kind, child) });
	/** Moves the clock on to `time` (London, which is UTC in November) on `day` November 2026. */
	const at = (time: string, day = 23) => {
		h.t.clock.now = new Date(`2026-11-${day}T${time}:00Z`);
	};
	const banner = (page: Page, text: string) => page.locator(".govuk-notification-banner").getByText(text).waitFor();

	test("1. a contact officer records a contact about one child", async () => {
		const page = await myWork("contact-officer");
		await checkPage(page, "walk-1-my-work-contact-officer");
		const canDo = page.locator("h2:has-text('What you can do') + ul");
		await canDo.getByRole("link", { name: "Find a person" }).waitFor();
		// The front door's jobs are in the menu on every page, My work included.
		await menu(page, "Record a contact").click();
		await page.getByLabel("Search").fill("Rubie Marsh");
		await page.getByRole("button", { name: "Search" }).click();
		await page.getByRole("link", { name: `Add ${RUBY}` }).click();
		await checkPage(page, "walk-1-choose-child");
		await page.getByRole("button", { name: "Continue" }).click();

		await fillWhen(page, "When was it received?", "09:15");
		await page.getByLabel("Who is it from?").selectOption("2A");
		await page.getByLabel("Name", { exact: true }).fill("Pat Teacher");
		await page.getByLabel("Agency or relationship to the child").fill("Oak Primary School");
		await page
			.getByRole("group", { name: new RegExp(RUBY) })
			.getByLabel("Amber")
			.check();
		await page.getByLabel("What is the concern?").fill("Ruby has come to school hungry three days running.");
		await page.getByLabel("What does the referrer ask for?").fill("Advice on supporting the family");
		await page.getByRole("radio", { name: "Yes" }).check();
		await checkPage(page, "walk-1-contact-details");
		await page.getByRole("button", { name: "Record contact" }).click();
		await page.getByText(/Recorded as C\d+/).waitFor();
		await checkPage(page, "walk-1-contact-recorded");
		await page.getByRole("radio", { name: "Phone" }).check();
		await page.getByRole("button", { name: "Record acknowledgement" }).click();
		await page.getByText(/Referrer acknowledged/).waitFor();
		await page.close();
	});

	test("2. the team manager triages it from the team's unallocated work, a next step for the practitioner", async () => {
		at("10:30");
		const page = await myWork("team-manager");
		await task(team(page), "Triage", RUBY).waitFor();
		await checkPage(page, "walk-2-my-work-manager");
		await task(team(page), "Triage", RUBY).click();
		await page.getByRole("heading", { name: RUBY, level: 1 }).waitFor();
		await page.getByLabel("Level 2: additional needs", { exact: false }).check();
		await page.getByRole("group", { name: "RAG rating" }).getByLabel("Amber").check();
		await answerFactors(page, { Neglect: "Present" });
		await page.getByLabel("Information and advice").check();
		await page
			.getByLabel("Rationale")
			.fill("Repeated hunger at school suggests the family needs support, not social work.");
		await page.getByLabel("Step 1").fill("Ask the school nurse about Ruby's health");
		await page.locator("#step-0-urgency").selectOption("same-day");
		await page.locator("#step-0-allocatedTo").selectOption({ label: "Priya Practitioner" });
		await checkPage(page, "walk-2-triage");
		await page.getByRole("button", { name: "Save triage" }).click();
		await banner(page, "Triage saved");
		await checkPage(page, "walk-2-child-triaged");
		await home(page);
		assert.equal(await task(team(page), "Triage", RUBY).count(), 0, "the triage task is done");
		await page.close();
	});

	test("3. the practitioner finds the next step in My work and records it done", async () => {
		at("11:00");
		const page = await myWork("practitioner");
		await checkPage(page, "walk-3-my-work-practitioner");
		await task(yours(page), "Next step", RUBY).click();
		await page.getByLabel("What was done?").fill("The school nurse saw Ruby today and found her well but thin.");
		await checkPage(page, "walk-3-next-step");
		await page.getByRole("button", { name: "Record it done" }).click();
		await banner(page, "Next step recorded as done.");
		await home(page);
		assert.equal(await task(yours(page), "Next step", RUBY).count(), 0, "the next step left the tray");
		await page.close();
	});

	test("4. the practitioner reviews and decides, recording sharing without agreement for a senior leader to authorise", async () => {
		at("11:30");
		const page = await myWork("practitioner");
		await task(team(page), "Review and decide", RUBY).click();
		await page.getByRole("heading", { name: RUBY, level: 1 }).waitFor();
		await checkPage(page, "walk-4-child");

		await page.getByRole("button", { name: "Agreement to share" }).click();
		await page.getByLabel("Name of the person with parental responsibility").fill("Dawn Marsh");
		await page.getByLabel("Sought and refused").check();
		await page.getByRole("group", { name: "Was information shared with agencies?" }).getByLabel("Yes").check();
		await page
			.getByLabel("Rationale for sharing without agreement")
			.fill("Ruby's hunger is getting worse and the school nurse needed her history to help.");
		await page
			.getByLabel("Authorised by (registered social worker or manager)")
			.selectOption({ label: "Sam Director" });
		await page.getByLabel("Public task", { exact: false }).check();
		await checkPage(page, "walk-4-sharing-form");
		await page.getByRole("button", { name: "Save" }).click();
		await page.getByRole("cell", { name: /Awaiting authorisation by Sam Director/ }).waitFor();
		await checkPage(page, "walk-4-sharing-recorded");

		await page.getByRole("link", { name: "Back to the child" }).click();
		await page.getByRole("button", { name: "Review the triage recommendation" }).click();
		await page.getByLabel("Yes, confirm it").check();
		await checkPage(page, "walk-4-review");
		await page.getByRole("button", { name: "Save review" }).click();
		await banner(page, "Review saved");
		await page.getByRole("button", { name: "Record the decision" }).click();
		await page.getByRole("group", { name: "Outcome" }).getByLabel("Information and advice", { exact: true }).check();
		await page
			.getByLabel("Rationale")
			.fill("The school and the nurse can support Ruby; her mother has advice on food banks.");
		await checkPage(page, "walk-4-decision");
		await page.getByRole("button", { name: "Record decision" }).click();
		await banner(page, "Decision recorded");
		await home(page);
		assert.equal(await task(team(page), "Review and decide", RUBY).count(), 0, "decided: the task is done");
		await page.close();
	});

	test("5. the senior leader named as authoriser confirms the sharing from My work", async () => {
		at("12:00");
		const page = await myWork("senior-leader");
		await checkPage(page, "walk-5-my-work-authoriser");
		await task(yours(page), "Authorise sharing without agreement", RUBY).click();
		await page.getByLabel("Yes, I authorised it").check();
		await page
			.getByLabel("Your reasons")
			.fill("I agreed on the phone that the nurse needed Ruby's history to keep her safe.");
		await checkPage(page, "walk-5-authorise");
		await page.getByRole("button", { name: "Save answer" }).click();
		await banner(page, "Your answer on sharing without agreement is recorded.");
		await page.getByText(/authorised by Sam Director/).waitFor();
		await home(page);
		assert.equal(await task(yours(page), "Authorise sharing without agreement", RUBY).count(), 0);
		await page.close();
	});

	test("6. the team manager returns the decision with a reason in a sentence", async () => {
		at("12:30");
		const page = await myWork("team-manager");
		await task(team(page), "Sign off the decision", RUBY).click();
		await page.getByLabel("No, return it to be decided again").check();
		await page.getByLabel("Management oversight comment").fill("ok");
		await page.getByRole("button", { name: "Save answer" }).click();
		await page
			.locator(".govuk-error-summary")
			.getByText("Say in a sentence what you checked, or what must change")
			.waitFor();
		await checkPage(page, "walk-6-return-errors");
		assert.equal(await page.getByLabel("Management oversight comment").inputValue(), "ok", "what was typed is kept");
		assert.ok(await page.getByLabel("No, return it to be decided again").isChecked(), "the answer is kept");
		await page.getByLabel("Management oversight comment").fill(RETURN_REASON);
		await page.getByRole("button", { name: "Save answer" }).click();
		await banner(page, "Decision returned to be decided again.");
		await checkPage(page, "walk-6-returned");
		await home(page);
		assert.equal(await task(team(page), "Sign off the decision", RUBY).count(), 0, "returned: nothing to sign off");
		await page.close();
	});

	test("7. the practitioner finds the returned decision in My work, with who returned it and why, and decides again", async () => {
		at("13:00");
		const page = await myWork("practitioner");
		const row = yours(page)
			.getByRole("row")
			.filter({ has: page.getByRole("link", { name: taskName("Review and decide", RUBY) }) });
		assert.match((await row.textContent()) ?? "", new RegExp(`Returned by Morgan Manager: ${RETURN_REASON}`));
		await checkPage(page, "walk-7-my-work-returned");
		await task(yours(page), "Review and decide", RUBY).click();
		await page.getByRole("button", { name: "Record the decision" }).click();
		await page.getByRole("group", { name: "Outcome" }).getByLabel("Information and advice", { exact: true }).check();
		await page
			.getByLabel("Rationale")
			.fill(
				"Police told us of no incidents at the home; with the nurse's help and advice to her mother, Ruby needs no social work.",
			);
		await page.getByRole("button", { name: "Record decision" }).click();
		await banner(page, "Decision recorded");
		await home(page);
		assert.equal(await task(yours(page), "Review and decide", RUBY).count(), 0);
		await page.close();
	});

	test("8. the team manager signs it off", async () => {
		at("13:30");
		const page = await myWork("team-manager");
		await task(team(page), "Sign off the decision", RUBY).click();
		await page.getByLabel("Yes, sign it off").check();
		await page
			.getByLabel("Management oversight comment")
			.fill("Agreed: the police check answers my question and advice is proportionate.");
		await checkPage(page, "walk-8-sign-off");
		await page.getByRole("button", { name: "Save answer" }).click();
		await banner(page, "Decision signed off.");
		await page
			.locator(".govuk-summary-list__row", { hasText: "Stage" })
			.first()
			.getByText("Closed", { exact: true })
			.waitFor();
		await checkPage(page, "walk-8-signed-off");
		await page.close();
	});

	test("9. the contact officer finds the feedback owed in My work and tells the referrer", async () => {
		at("14:00");
		const page = await myWork("contact-officer");
		await checkPage(page, "walk-9-my-work-feedback");
		await task(team(page), "Tell the referrer the outcome", RUBY).click();
		await fillWhen(page, "When the referrer was told", "14:00");
		await page.getByLabel("Phone").check();
		await page.getByLabel("What they were told").fill("Told Pat Teacher the outcome: information and advice.");
		await checkPage(page, "walk-9-feedback");
		await page.getByRole("button", { name: "Record feedback" }).click();
		await banner(page, "Feedback to the referrer recorded.");
		await home(page);
		assert.equal(await task(team(page), "Tell the referrer the outcome", RUBY).count(), 0);
		await page.close();
	});

	test("10. the out-of-hours worker withdraws another child as entered in error; the manager agrees from My work", async () => {
		// Monday evening, out of hours.
		at("19:00");
		const worker = await myWork({ email: "out.of.hours@demo.example" });
		await checkPage(worker, "walk-10-my-work-out-of-hours");
		// Finn is the front door's, not out of hours': the triage queue for all teams, then his contact.
		// (The queue links to the triage form, which has no way to the child's page, where withdrawing is offered.)
		await menu(worker, "Triage").click();
		await worker.getByLabel("Team").selectOption({ label: "All teams" });
		await worker.getByRole("button", { name: "Filter" }).click();
		const finnRow = worker.getByRole("row").filter({ hasText: "Finn Archer" });
		await finnRow.waitFor();
		await checkPage(worker, "walk-10-triage-queue-all-teams");
		await finnRow.getByRole("link", { name: /^C\d+/ }).click();
		await worker.getByRole("link", { name: "Finn Archer" }).click();
		await worker.getByRole("button", { name: "Duplicate or entered in error" }).click();
		await worker.getByLabel("Entered in error", { exact: true }).check();
		await worker
			.getByLabel("If entered in error: what was wrong")
			.fill("Recorded against Finn when the call was about his cousin.");
		await checkPage(worker, "walk-10-withdraw");
		await worker.getByRole("button", { name: "Withdraw" }).click();
		await banner(worker, "Sent to a manager to sign off.");
		await checkPage(worker, "walk-10-withdrawal-requested");
		await worker.close();
		assert.equal((await childRow(h.t, finn)).state, "awaiting-triage", "it stays in the queues until signed off");

		// Tuesday morning: the team manager finds it in the team's work.
		at("09:00", 24);
		const manager = await myWork("team-manager");
		await task(team(manager), "Triage", "Finn Archer").waitFor();
		await task(team(manager), "Sign off a withdrawal", "Finn Archer").click();
		await manager.getByText("Owen Nightduty").first().waitFor();
		await manager.getByLabel("Yes, withdraw the child").check();
		await manager.getByLabel("Your reasons").fill("I checked the call log: the call was about his cousin.");
		await checkPage(manager, "walk-10-confirm-withdrawal");
		await manager.getByRole("button", { name: "Save answer" }).click();
		await banner(manager, "Withdrawn from the front door.");
		await home(manager);
		await manager.getByText("You have no tasks.").waitFor();
		for (const kind of ["Sign off a withdrawal", "Triage"]) {
			assert.equal(await task(team(manager), kind, "Finn Archer").count(), 0, `no ${kind} task for Finn`);
		}
		await menu(manager, "Triage").click();
		await manager.getByRole("heading", { name: "Waiting for triage" }).waitFor();
		assert.equal(await manager.getByRole("link", { name: "Finn Archer" }).count(), 0, "Finn left the triage queue");
		await manager.close();
		assert.equal((await childRow(h.t, finn)).state, "entered-in-error");
	});
});
