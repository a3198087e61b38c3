import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
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
	fillDate,
	fillWhen,
	finishNextStepsFromMyWork,
	signOffFromList,
	triagedChild,
} from "../support/front-door.ts";

const S47 = { recommendation: "strategy-discussion", thresholdLevel: "4", rag: "red" };

describe("the front door: strategy discussions", { skip: browserSkipReason() }, () => {
	let h: BrowserHarness;
	let lily: string;
	let omar: string;
	let tess: string;
	let ben: string;
	let zac: string;
	before(async () => {
		h = await startBrowserHarness();
		// Monday 23 November 2026, 10:00 in London.
		h.t.clock.now = new Date("2026-11-23T10:00:00Z");
		// Decisions are walked in the browser in front-door-outcomes.test.ts; here the discussion is the start.
		lily = await triagedChild(h.t, await addChild(h.t, "Lily", "Marsh", "2016-02-10"), S47, "08:30");
		await decidedChild(h.t, lily, { outcome: "strategy-discussion", thresholdLevel: "4" });
		omar = await triagedChild(h.t, await addChild(h.t, "Omar", "Reid", "2012-04-04"), S47, "08:40");
		await decidedChild(h.t, omar, { outcome: "strategy-discussion", thresholdLevel: "4" });
		ben = await triagedChild(h.t, await addChild(h.t, "Ben", "Reid", "2014-04-04"), S47, "08:45");
		await decidedChild(h.t, ben, { outcome: "strategy-discussion", thresholdLevel: "4" });
		zac = await triagedChild(h.t, await addChild(h.t, "Zac", "Reid", "2013-06-06"), S47, "08:55");
		await decidedChild(h.t, zac, { outcome: "strategy-discussion", thresholdLevel: "4" });
		// Held straight from triage: the discussion is itself the decision.
		tess = await triagedChild(
			h.t,
			await addChild(h.t, "Tess", "Wade", "2015-09-09"),
			{ ...S47, immediateStrategyDiscussion: "yes" },
			"08:50",
		);
	});
	after(async () => h?.close());

	/** Fills attendee rows in order: agency (as listed), name and role. */
	async function attendees(page: Page, rows: [agency: string, name: string, role: string][], from = 0) {
		for (const [i, [agency, name, role]] of rows.entries()) {
			const row = page.getByRole("group", { name: `Attendee ${from + i + 1}`, exact: true });
			await row.getByLabel("Agency").selectOption({ label: agency });
			await row.getByLabel("Name").fill(name);
			await row.getByLabel("Role").fill(role);
		}
	}
	const POLICE: [string, string, string] = ["Police", "DS Khan", "Detective Sergeant"];
	const CSC: [string, string, string] = ["Children's social care", "Sam Okafor", "Social worker, front door"];
	const HEALTH_VISITOR: [string, string, string] = ["Health: health visitor", "Jo Bell", "Health visitor"];

	test("section 47: attendees by agency, the 15-working-day conference clock, actions; later, conference not required", async () => {
		const page = await h.newPage();
		await signIn(page, "practitioner");
		await page.goto(`/front-door/children/${lily}`);
		await page.getByRole("button", { name: "Record the strategy discussion" }).click();
		await checkPage(page, "strategy-form");
		// Reflow (WCAG 1.4.10): at 320 CSS pixels each attendee's agency, name and role stack.
		const wide = page.viewportSize();
		await page.setViewportSize({ width: 320, height: 900 });
		assert.ok(
			await page.evaluate(() => document.documentElement.scrollWidth <= 320),
			"the strategy form fits 320 CSS pixels",
		);
		if (wide) await page.setViewportSize(wide);

		// Only the police, s47 without actions: each problem is named, and the row keeps what was typed.
		await attendees(page, [POLICE]);
		await page.getByLabel("Start section 47 enquiries").check();
		await page.getByRole("button", { name: "Save strategy discussion" }).click();
		const summary = page.locator(".govuk-error-summary");
		await summary.waitFor();
		const problems = (await summary.textContent()) ?? "";
		for (const p of [
			"Enter when the strategy discussion was held",
			"Record at least two agencies that took part: a strategy discussion is between agencies",
			"Record who took part from children's social care, or say why children's social care could not take part",
			"Record who took part from health, or say why health could not take part",
			"Select the team that takes the child on",
			"Record the reasons for the decision",
			"Record the actions to protect the child",
		]) {
			assert.ok(problems.includes(p), `error summary names: ${p}`);
		}
		const first = page.getByRole("group", { name: "Attendee 1", exact: true });
		assert.equal(await first.getByLabel("Agency").inputValue(), "police");
		assert.equal(await first.getByLabel("Name").inputValue(), "DS Khan");
		assert.equal(await first.getByLabel("Role").inputValue(), "Detective Sergeant");
		await checkPage(page, "strategy-errors");

		// Before the decision to hold it (10:00): refused, naming when that decision was taken.
		await fillWhen(page, "When it was held", "09:45");
		await attendees(page, [HEALTH_VISITOR, CSC], 1);
		await page.getByLabel("Team that takes the child on").selectOption({ label: "Assessment Team North" });
		await page.getByLabel("Reasons").fill("Disclosure of assault by an adult in the household.");
		await page.getByLabel("Action 1", { exact: true }).fill("Mother to keep Lily away from the stepfather");
		const actions = page.getByRole("group", { name: "Actions to protect the child" });
		await actions.getByLabel("Owner of action 1").fill("Dawn Hollins (mother)");
		await fillDate(actions, "Due date of action 1", "2026-11-24");
		await page.getByLabel("Action 2", { exact: true }).fill("Joint visit with the police");
		await actions.getByLabel("Owner of action 2").fill("Social worker and DS Khan");
		await fillDate(actions, "Due date of action 2", "2026-11-25");
		await page.getByRole("button", { name: "Save strategy discussion" }).click();
		await summary
			.getByText("When it was held cannot be before the decision to hold it, 23 November 2026 at 10:00am")
			.waitFor();
		assert.equal(
			await page.getByRole("group", { name: "Attendee 3", exact: true }).getByLabel("Name").inputValue(),
			"Sam Okafor",
		);
		await checkPage(page, "strategy-before-decision");
		await fillWhen(page, "When it was held", "10:00");
		await page.getByRole("button", { name: "Save strategy discussion" }).click();
		await page.getByText("Strategy discussion recorded").waitFor();
		// 15 working days from Monday 23 November 2026, 10:00: Monday 14 December.
		await page
			.getByText(/Start section 47 enquiries; initial child protection conference due by 14 December 2026 at 10:00am/)
			.waitFor();
		await page.getByText("Waiting for the receiving team").first().waitFor();
		await checkPage(page, "front-door-child-strategy");

		await page.getByRole("link", { name: /23 November 2026 at 10:00am/ }).click();
		await page.getByRole("cell", { name: "Joint visit with the police" }).waitFor();
		await page.getByText("DS Khan, Detective Sergeant (Police)").waitFor();
		await page.getByText("Jo Bell, Health visitor (Health: health visitor)").waitFor();
		await page.getByText("Children's social care, the police and health all took part").waitFor();
		await page.getByRole("button", { name: "Record conference not required" }).click();
		await summary.getByText("Say why a conference is not required").waitFor();
		await page
			.getByLabel(/no conference is needed, say why/)
			.fill("Enquiries found the injury accidental; mother protective.");
		await page.getByRole("button", { name: "Record conference not required" }).click();
		// A practitioner's record waits for a manager: the conference stays due until one agrees.
		await page.getByText("Awaiting a manager").waitFor();
		await page.getByText(/that it is not required: Enquiries found the injury accidental/).waitFor();
		await checkPage(page, "strategy-held");
		const transfer = await h.t.testDb.db.kysely
			.selectFrom("transfer")
			.selectAll()
			.where("contact_child_id", "=", lily)
			.executeTakeFirstOrThrow();
		assert.equal(transfer.kind, "assessment");
		await page.close();

		const manager = await h.newPage();
		await signIn(manager, "team-manager");
		await manager.getByRole("link", { name: "Your team's work, by worker" }).click();
		await manager.getByRole("link", { name: /^Agree no conference is needed/ }).click();
		await manager.getByLabel("Yes, no conference is needed").check();
		await manager.getByLabel("Your reasons").fill("ok");
		await manager.getByRole("button", { name: "Save answer" }).click();
		await manager
			.locator(".govuk-error-summary")
			.getByText(/Give your reasons in a sentence/)
			.waitFor();
		await checkPage(manager, "strategy-no-conference-errors");
		await manager.getByLabel("Your reasons").fill("I read the medical report and the police check.");
		await manager.getByRole("button", { name: "Save answer" }).click();
		await manager.getByText(/Not required: Enquiries found the injury accidental/).waitFor();
		await manager.getByText(/agreed by Morgan Manager/).waitFor();
		await checkPage(manager, "strategy-no-conference-agreed");
		await manager.close();
	});

	test("no section 47: no further action closes the child; section 17 goes to the assessment team", async () => {
		const page = await h.newPage();
		await signIn(page, "team-manager");
		await page.goto(`/front-door/children/${omar}/strategy-discussion`);
		await fillWhen(page, "When it was held", "10:00");
		await attendees(page, [POLICE, CSC, ["Education", "Pat Teacher", "Designated safeguarding lead"]]);
		await page.getByLabel("Why health could not take part").fill("busy");
		await page.getByLabel("No further action").check();
		await page.getByLabel("Reasons").fill("The police found no offence; school has no worries.");
		await page.getByRole("button", { name: "Save strategy discussion" }).click();
		await page
			.locator(".govuk-error-summary")
			.getByText("Say in a sentence why health could not take part: who was asked and what they said")
			.waitFor();
		await page
			.getByLabel("Why health could not take part")
			.fill("The school nurse and the GP surgery were asked; neither could join at short notice.");
		await page.getByRole("button", { name: "Save strategy discussion" }).click();
		await page.getByText("Strategy discussion recorded").waitFor();
		// Ending the front door's work is an exit: another manager signs it off before the child closes.
		await page.getByRole("definition").getByText("Waiting for sign-off", { exact: true }).waitFor();
		assert.equal((await childRow(h.t, omar)).state, "awaiting-sign-off");
		const leader = await h.newPage();
		await signIn(leader, "senior-leader");
		await signOffFromList(leader, "Omar", async (p) => {
			await p.getByText("The strategy discussion on").getByText("no further action").waitFor();
		});
		await leader.close();
		assert.equal((await childRow(h.t, omar)).state, "closed");
		// The child's record reads what the discussion decided, not the decision to hold one.
		await page.goto(`/front-door/children/${omar}`);
		const outcome = page.locator(".govuk-summary-list__row", { hasText: "Outcome" });
		await outcome.first().getByText("Strategy discussion held: no further action").waitFor();
		assert.equal(await outcome.filter({ hasText: "Strategy discussion (section 47)" }).count(), 0);
		await checkPage(page, "strategy-nfa-child");

		await page.goto(`/front-door/children/${ben}/strategy-discussion`);
		await fillWhen(page, "When it was held", "10:00");
		await attendees(page, [POLICE, CSC, HEALTH_VISITOR]);
		await page
			.getByRole("group", { name: "What did the discussion decide?" })
			.getByLabel("No section 47: a child in need assessment (section 17)")
			.check();
		await page.getByLabel("Team that takes the child on").selectOption({ label: "Assessment Team North" });
		await page.getByLabel("Reasons").fill("Not significant harm, but the family need an assessment.");
		await page.getByRole("button", { name: "Save strategy discussion" }).click();
		await page.getByText("Strategy discussion recorded").waitFor();
		await page.getByRole("link", { name: "Assessment Team North" }).waitFor();
		assert.equal((await childRow(h.t, ben)).state, "awaiting-transfer");
		await page.close();
	});

	test("held straight from triage: early help instead of section 47, signed off by a manager, sent to early help", async () => {
		const page = await h.newPage();
		await signIn(page, "practitioner");
		await page.goto(`/front-door/children/${tess}`);
		await page.getByRole("button", { name: "Record the strategy discussion" }).click();
		await fillWhen(page, "When it was held", "10:00");
		await attendees(page, [POLICE, HEALTH_VISITOR, CSC]);
		await page
			.getByRole("group", { name: "What did the discussion decide?" })
			.getByLabel("No section 47: early help")
			.check();
		await page.getByLabel("Team that takes the child on").selectOption({ label: "Early Help East" });
		await page.getByLabel("Reasons").fill("No significant harm; the family ask for help with routines.");
		await page.getByRole("button", { name: "Save strategy discussion" }).click();
		// Early help is voluntary and comes in tiers: both are asked, as on the decision form.
		const summary = page.locator(".govuk-error-summary");
		await summary.getByText("Select the early-help tier").waitFor();
		await summary
			.getByText("Early help is voluntary: record the family's agreement, or choose another outcome")
			.waitFor();
		await checkPage(page, "strategy-discussion-early-help-errors");
		await page.getByRole("group", { name: "Early-help tier" }).getByLabel("Intensive early help").check();
		await page.getByRole("group", { name: "Has the family agreed to early help?" }).getByLabel("Yes").check();
		await page.getByRole("button", { name: "Save strategy discussion" }).click();
		await page.getByText("Strategy discussion recorded").waitFor();
		await page.getByText("Waiting for sign-off").first().waitFor();
		await finishNextStepsFromMyWork(page, "Tess Wade");
		await page.close();

		const manager = await h.newPage();
		await signIn(manager, "team-manager");
		await signOffFromList(manager, "Tess Wade");
		await manager.getByText("Waiting for the receiving team").first().waitFor();
		await manager.getByRole("link", { name: "Early Help East" }).click();
		await manager
			.getByText("Strategy discussion held: no section 47, early help (intensive), 23 November 2026")
			.waitFor();
		await manager.close();

		// Early help sees it as its own and follows it up.
		const earlyHelp = await h.newPage();
		await signIn(earlyHelp, "early-help");
		await earlyHelp.getByRole("link", { name: "Transfers" }).click();
		await earlyHelp.getByRole("link", { name: "Tess Wade" }).click();
		await earlyHelp.getByLabel("Accept", { exact: true }).check();
		await earlyHelp.getByRole("button", { name: "Save answer" }).click();
		await fillWhen(earlyHelp, "When early help first contacted the family", "10:00");
		await earlyHelp.getByRole("button", { name: "Record first contact" }).click();
		await earlyHelp.getByText("23 November 2026 at 10:00am").last().waitFor();
		const transfer = await h.t.testDb.db.kysely
			.selectFrom("transfer")
			.selectAll()
			.where("contact_child_id", "=", tess)
			.executeTakeFirstOrThrow();
		assert.equal(transfer.kind, "early-help");
		assert.ok(transfer.first_contact_at);
		await earlyHelp.close();
	});

	test("the out-of-hours worker cannot record a discussion while the day teams are open; after 17:00 they can", async () => {
		const url = `/front-door/children/${zac}/strategy-discussion`;
		const fill = async (page: Page) => {
			await fillWhen(page, "When it was held", "10:00");
			await attendees(page, [POLICE, CSC, HEALTH_VISITOR]);
			await page.getByLabel("No further action").check();
			await page
				.getByLabel("Reasons")
				.fill("The police and the health visitor hold no worries; the bruise was a fall.");
		};
		const page = await h.newPage();
		await signInAs(page, "out.of.hours@demo.example");
		await page.goto(url);
		// Said before anything is typed, and refused again when sent.
		await page.getByText(/the front door's day team records this discussion/).waitFor();
		await fill(page);
		await page.getByRole("button", { name: "Save strategy discussion" }).click();
		await page
			.locator(".govuk-error-summary")
			.getByText(/^The out-of-hours service acts only when the day teams are closed, and they are open now/)
			.waitFor();
		assert.equal(
			await page.getByRole("group", { name: "Attendee 3", exact: true }).getByLabel("Name").inputValue(),
			"Jo Bell",
		);
		await checkPage(page, "strategy-out-of-hours-refused");
		await page.close();
		assert.equal((await childRow(h.t, zac)).state, "strategy-discussion", "nothing written");

		// Monday evening: the day teams have gone home.
		h.t.clock.now = new Date("2026-11-23T19:00:00Z");
		const evening = await h.newPage();
		await signInAs(evening, "out.of.hours@demo.example");
		await evening.goto(url);
		assert.equal(await evening.getByText(/the front door's day team records this discussion/).count(), 0);
		await fill(evening);
		await evening.getByRole("button", { name: "Save strategy discussion" }).click();
		await evening.getByText("Strategy discussion recorded").waitFor();
		assert.equal((await childRow(h.t, zac)).state, "awaiting-sign-off");
		await evening.close();
	});
});
