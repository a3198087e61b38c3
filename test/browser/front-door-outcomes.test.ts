import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";
import {
	addChild,
	childRow,
	confirmReview,
	feedbackFromList,
	fillDecision,
	fillWhen,
	finishNextStepsFromMyWork,
	signOffFromList,
	submitDecision,
	triaged,
	triagedChild,
} from "../support/front-door.ts";

describe("the front door: a police notification, and every outcome by the right role", {
	skip: browserSkipReason(),
}, () => {
	let h: BrowserHarness;
	const ids: Record<string, string> = {};
	before(async () => {
		h = await startBrowserHarness();
		// Monday 23 November 2026, 10:00 in London.
		h.t.clock.now = new Date("2026-11-23T10:00:00Z");
		await addChild(h.t, "Zara", "Hill", "2015-02-02");
		await addChild(h.t, "Leo", "Hill", "2019-07-07");
		// Recording and triage are walked in the browser in front-door.test.ts; these children start triaged.
		const start = async (given: string, dob: string, overrides: Record<string, string>, time: string) => {
			ids[given] = await triagedChild(h.t, await addChild(h.t, given, "Okafor", dob), overrides, time);
		};
		await start("Noor", "2014-01-01", { thresholdLevel: "1", rag: "green", recommendation: "nfa" }, "08:10");
		await start("Ivy", "2016-06-06", { thresholdLevel: "2", rag: "green", recommendation: "early-help" }, "08:20");
		await start("Alfie", "2012-12-12", { thresholdLevel: "3", recommendation: "allocated-worker" }, "08:30");
		await start(
			"Rosa",
			"2010-10-10",
			{ thresholdLevel: "4", rag: "red", recommendation: "strategy-discussion" },
			"08:40",
		);
	});
	after(async () => h?.close());

	async function addBySearch(page: Page, query: string, name: string) {
		await page.getByLabel("Search").fill(query);
		await page.getByRole("button", { name: "Search" }).click();
		await page.getByRole("link", { name: `Add ${name}` }).click();
	}

	async function notification(page: Page, child: string, received: string) {
		await page.getByRole("link", { name: "Record a contact" }).click();
		await page.getByRole("link", { name: "Record a police domestic-abuse notification instead" }).click();
		await addBySearch(page, child, child);
		await page.getByRole("button", { name: "Continue" }).click();
		await fillWhen(page, "When was it received?", received);
		await fillWhen(page, "When did the incident happen?", "23:10", "22");
	}

	test("a contact officer records police domestic-abuse notifications, with a DASH level and with none", async () => {
		const page = await h.newPage();
		await signIn(page, "contact-officer");
		await notification(page, "Zara Hill", "09:40");
		await checkPage(page, "da-notification-details");
		await fillWhen(page, "When did the police send it?", "07:00");
		await page.getByLabel("Risk assessment tool").selectOption("DASH");
		assert.equal(await page.getByLabel("Who is it from?").inputValue(), "6", "the police are the source");
		await page.getByLabel("Name", { exact: true }).fill("PC Amy Ross");
		await page.getByLabel("Agency or relationship to the child").fill("Kent Police");
		await page
			.getByLabel("What is the concern?")
			.fill("Police called to a fight between the parents; Zara was at home.");
		await page.getByRole("button", { name: "Record notification" }).click();
		const summary = page.locator(".govuk-error-summary");
		await summary.getByText("Give both the risk assessment tool and its level, or neither").waitFor();
		await checkPage(page, "da-notification-errors");
		await summary.getByRole("link", { name: "Give both the risk assessment tool" }).click();
		assert.equal(await page.evaluate(() => document.activeElement?.id), "riskLevel");

		await page.getByLabel("Risk level").selectOption("high");
		await page.getByRole("button", { name: "Record notification" }).click();
		await page.getByText(/Recorded as C\d+/).waitFor();
		const details = page.locator(".govuk-summary-list");
		for (const [key, value] of [
			["Incident", "22 November 2026 at 11:10pm"],
			["Sent by the police", "23 November 2026 at 7:00am"],
			["Received", "23 November 2026 at 9:40am"],
			["Risk assessment", "DASH: High"],
		]) {
			const row = details.locator(".govuk-summary-list__row", { hasText: key }).first();
			assert.match((await row.textContent()) ?? "", new RegExp(value), `${key}: ${value}`);
		}
		await checkPage(page, "da-notification-recorded");
		await page.getByRole("radio", { name: "Secure email" }).check();
		await page.getByRole("button", { name: "Record acknowledgement" }).click();
		await page.getByText(/Referrer acknowledged/).waitFor();

		// No risk assessment came with the second, and it does not say when it was sent.
		await notification(page, "Leo Hill", "09:45");
		await page.getByLabel("Agency or relationship to the child").fill("Kent Police");
		await page.getByLabel("What is the concern?").fill("Leo was asleep upstairs during the incident.");
		await page.getByRole("button", { name: "Record notification" }).click();
		await page.getByText(/Recorded as C\d+/).waitFor();
		await page.locator(".govuk-summary-list__row", { hasText: "Risk assessment" }).getByText("None received").waitFor();
		await page.locator(".govuk-summary-list__row", { hasText: "Sent by the police" }).getByText("Not stated").waitFor();
		await page.close();

		const zara = await h.t.testDb.db.kysely
			.selectFrom("contact_child as cc")
			.innerJoin("person as p", "p.id", "cc.person_id")
			.select("cc.id")
			.where("p.given_name", "=", "Zara")
			.executeTakeFirstOrThrow();
		ids.Zara = zara.id;
		await triaged(h.t, zara.id, { thresholdLevel: "2", rag: "amber", recommendation: "information-advice" });
	});

	test("a practitioner reviews and decides: no further action, early help (a tier), allocated worker, strategy discussion", async () => {
		const page = await h.newPage();
		await signIn(page, "practitioner");
		await confirmReview(page, ids.Noor);
		await fillDecision(page, { outcome: "No further action", rationale: "School and GP have no worries." });
		await submitDecision(page);

		await confirmReview(page, ids.Ivy);
		// Early help without its tier, the family's agreement or a team: each is asked for.
		await fillDecision(page, { outcome: "Early help", rationale: "Routines have slipped since the baby was born." });
		await page.getByRole("button", { name: "Record decision" }).click();
		const summary = page.locator(".govuk-error-summary");
		await summary.waitFor();
		const problems = (await summary.textContent()) ?? "";
		assert.match(problems, /Select the early-help tier/);
		assert.match(problems, /Early help is voluntary/);
		assert.match(problems, /Select the team the child goes to/);
		await checkPage(page, "decision-early-help-errors");
		await page.getByRole("group", { name: "Early-help tier" }).getByLabel("Targeted early help").check();
		await page.getByRole("group", { name: "Has the family agreed to early help?" }).getByLabel("Yes").check();
		await page.getByLabel("Receiving team", { exact: false }).selectOption({ label: "Early Help East" });
		await submitDecision(page);
		await page.getByText("Early help (targeted)").waitFor();

		await confirmReview(page, ids.Alfie);
		await fillDecision(page, {
			outcome: "Passed to the allocated worker",
			worker: "Priya Practitioner",
			rationale: "Alfie already has a social worker; she will see him today.",
		});
		await submitDecision(page);

		await confirmReview(page, ids.Rosa);
		await fillDecision(page, { outcome: "Strategy discussion (section 47)", rationale: "Disclosure of sexual harm." });
		await submitDecision(page);
		await page.close();
	});

	test("a team manager reviews and decides information and advice; a senior leader signs it off", async () => {
		const page = await h.newPage();
		await signIn(page, "team-manager");
		await confirmReview(page, ids.Zara);
		await fillDecision(page, {
			outcome: "Information and advice",
			rationale: "A first incident; mother given advice and details of the domestic-abuse service.",
		});
		await submitDecision(page);
		// The one who decided cannot sign it off.
		await page.goto(`/front-door/children/${ids.Zara}/sign-off`);
		await page.getByLabel("Yes, sign it off").check();
		await page.getByLabel("Management oversight comment").fill("Agreed: the advice given is proportionate.");
		await page.getByRole("button", { name: "Save answer" }).click();
		await page
			.locator(".govuk-error-summary")
			.getByText("Someone other than the person who made the decision must do this.")
			.waitFor();
		await page.close();

		// Each child leaves the front door only once its next steps are done: the worker finds them in My work.
		const worker = await h.newPage();
		await signIn(worker, "practitioner");
		await finishNextStepsFromMyWork(worker);
		await worker.close();

		const leader = await h.newPage();
		await signIn(leader, "senior-leader");
		// The team manager triaged, reviewed and decided: the one signing off is told there was no second pair of eyes.
		await leader.goto("/front-door/sign-off");
		const listed = leader.getByRole("row", { name: /Zara Hill/ });
		await listed.getByText("Triaged, reviewed and decided by one person").waitFor();
		await signOffFromList(leader, "Zara Hill", async (p) => {
			await p
				.locator(".govuk-warning-text")
				.getByText(/Triaged, reviewed and decided by the same person: Morgan Manager\./)
				.waitFor();
			await checkPage(p, "sign-off-one-person");
		});
		await leader.close();
		assert.equal((await childRow(h.t, ids.Zara)).state, "closed");
	});

	test("a team manager signs each off from the list, and each child moves on", async () => {
		const page = await h.newPage();
		await signIn(page, "team-manager");
		await page.getByRole("link", { name: "Sign-off", exact: true }).click();
		assert.equal(await page.locator("tbody tr").count(), 4);
		// The early-help decision says which tier, as the decision does.
		await page.locator("tbody").getByText("Early help (targeted)").waitFor();
		await checkPage(page, "sign-off-list-outcomes");
		for (const name of ["Noor Okafor", "Ivy Okafor", "Alfie Okafor", "Rosa Okafor"]) await signOffFromList(page, name);
		await page.goto("/front-door/sign-off");
		await page.getByText("No decisions are waiting for sign-off.").waitFor();
		await page.close();
		const states = await Promise.all(
			["Noor", "Ivy", "Alfie", "Rosa"].map(async (g) => (await childRow(h.t, ids[g])).state),
		);
		assert.deepEqual(states, ["closed", "awaiting-transfer", "closed", "strategy-discussion"]);
	});

	test("a contact officer tells referrers the outcome from the feedback-owed list", async () => {
		const page = await h.newPage();
		await signIn(page, "contact-officer");
		await page.getByRole("link", { name: "Feedback owed" }).click();
		const rows = page.locator("tbody tr");
		assert.equal(await rows.count(), 5);
		assert.match((await rows.filter({ hasText: "Zara Hill" }).textContent()) ?? "", /PC Amy Ross, Kent Police/);
		await checkPage(page, "feedback-owed-outcomes");
		for (const name of ["Zara Hill", "Noor Okafor"]) await feedbackFromList(page, name);
		// Told by email, not phone: the officer corrects the record from Noor's page, saying why.
		await page.getByRole("button", { name: "Correct the feedback to the referrer" }).click();
		await page.getByLabel("Email", { exact: true }).check();
		await page.getByLabel("Why it is being corrected").fill("x");
		await page.getByRole("button", { name: "Correct feedback" }).click();
		await page
			.locator(".govuk-error-summary")
			.getByText("Say in a sentence why the feedback is being corrected")
			.waitFor();
		assert.equal(await page.getByLabel("Email", { exact: true }).isChecked(), true, "the choice is kept");
		await checkPage(page, "feedback-correction-errors");
		await page
			.getByLabel("Why it is being corrected")
			.fill("The referrer was emailed, not phoned, as the sent email shows.");
		await page.getByRole("button", { name: "Correct feedback" }).click();
		await page.getByText("Feedback to the referrer corrected").waitFor();
		await page.getByText("Corrected 1 time: earlier versions").click();
		await page.getByText(/because: The referrer was emailed, not phoned/).waitFor();
		await checkPage(page, "feedback-corrected-child");
		await page.goto("/front-door/feedback");
		assert.equal(await rows.count(), 3);
		assert.equal(await rows.filter({ hasText: "Zara Hill" }).count(), 0);
		await page.close();
	});
});
