import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { countRows } from "../support/app.ts";
import {
	type BrowserHarness,
	browserSkipReason,
	checkPage,
	SCREENSHOTS,
	signIn,
	startBrowserHarness,
} from "../support/browser.ts";
import { addChild, answerFactors, fillWhen, finishNextStepsFromMyWork, RISK_FACTORS } from "../support/front-door.ts";

const RISK_FACTOR_COUNT = Object.values(RISK_FACTORS).flat().length;

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

	test("the same referrer's second contact about Maisie that morning warns before it is saved", async () => {
		const page = await h.newPage();
		await signIn(page, "contact-officer");
		await page.getByRole("link", { name: "Record a contact" }).click();
		await addBySearch(page, "Maisy Hollins", "Maisie Hollins");
		await page.getByRole("button", { name: "Continue" }).click();
		const received = page.getByRole("group", { name: "When was it received?" });
		await received.getByLabel("Day").fill("23");
		await received.getByLabel("Month").fill("11");
		await received.getByLabel("Year").fill("2026");
		await received.getByLabel("Time").fill("09:17");
		await page.getByLabel("Who is it from?").selectOption("2A");
		await page.getByLabel("Name", { exact: true }).fill("Pat Teacher");
		await page.getByLabel("Agency or relationship to the child").fill("Oak Primary School");
		await page.getByLabel("What is the concern?").fill("Following up my call: Maisie said her stepfather hit her.");
		await page.getByRole("radio", { name: "Yes" }).check();
		await page.getByRole("button", { name: "Record contact" }).click();
		await page.getByText("This may already be recorded").waitFor();
		await checkPage(page, "contact-details-repeat");
		assert.equal(
			await page.getByLabel("What is the concern?").inputValue(),
			"Following up my call: Maisie said her stepfather hit her.",
		);
		// The worker sees it is the same worry and opens the earlier contact instead of recording it again.
		await page
			.locator("#repeats")
			.getByRole("link", { name: /Contact C\d+/ })
			.click();
		await page.getByText(/Maisie said her stepfather hit her; Jayden is worried about her\./).waitFor();
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
		assert.match((await page.locator(".govuk-error-summary").textContent()) ?? "", /Answer every risk factor/);
		await checkPage(page, "triage-errors");

		await page.getByLabel("Level 4: specialist", { exact: false }).check();
		await page.getByRole("group", { name: "RAG rating" }).getByLabel("Red").check();
		await answerFactors(
			page,
			{
				"Physical abuse by an adult": "Present",
				"Domestic abuse: the child": "Present",
				"Domestic abuse: a parent or carer": "Not known",
				Neglect: "Ruled out",
				"Privately fostered: another arrangement": "Ruled out",
			},
			{
				"Abuse and neglect": "School reports she is well cared for.",
				"Private fostering": "She has lived with her mother all her life.",
			},
		);
		await page.getByLabel("Strategy discussion (section 47)").check();
		await page.getByLabel("Rationale").fill("Disclosure");
		await page.getByLabel("Step 1").fill("Speak to the police about the household");
		await page.locator("#step-0-urgency").selectOption("within-4-hours");
		await page.locator("#step-0-allocatedTo").selectOption({ label: "Priya Practitioner" });
		await checkPage(page, "triage-form");
		// Reflow (WCAG 1.4.10): at 320 CSS pixels each factor's name, answer and reason stack; nothing scrolls sideways.
		const wide = page.viewportSize();
		await page.setViewportSize({ width: 320, height: 900 });
		assert.ok(
			await page.evaluate(() => document.documentElement.scrollWidth <= 320),
			"the triage form fits 320 CSS pixels",
		);
		await page.screenshot({ path: join(SCREENSHOTS, "triage-form-320.png"), fullPage: true });
		if (wide) await page.setViewportSize(wide);
		// One error (the rationale is not a sentence): every factor comes back as chosen.
		const chosen = () =>
			page.evaluate(() =>
				[...document.querySelectorAll<HTMLInputElement>('input[name^="factor-"]:checked')].map(
					(i) => `${i.name}=${i.value}`,
				),
			);
		const before = await chosen();
		assert.equal(before.length, RISK_FACTOR_COUNT);
		await page.getByRole("button", { name: "Save triage" }).click();
		await page.locator(".govuk-error-summary").getByText("Explain the triage decision in a sentence").waitFor();
		assert.deepEqual(await chosen(), before, "every factor is still as chosen");
		assert.equal(
			await page.getByLabel("Why these were ruled out (Private fostering)").inputValue(),
			"She has lived with her mother all her life.",
		);
		await page.getByLabel("Rationale").fill("A disclosure of physical abuse by an adult in the household.");
		await page.getByRole("button", { name: "Save triage" }).click();
		await page.getByText("Triage saved").waitFor();
		await checkPage(page, "front-door-child");
		const saved = await h.t.testDb.db.kysely
			.selectFrom("triage_factor")
			.select(["risk_factor", "status", "reason"])
			.where("status", "!=", "not-known")
			.orderBy("risk_factor")
			.execute();
		assert.deepEqual(saved, [
			{ risk_factor: "domestic-abuse-child", status: "present", reason: null },
			{ risk_factor: "neglect", status: "ruled-out", reason: "School reports she is well cared for." },
			{ risk_factor: "physical-abuse-adult", status: "present", reason: null },
			{
				risk_factor: "private-fostering-other",
				status: "ruled-out",
				reason: "She has lived with her mother all her life.",
			},
		]);
		assert.equal(await countRows(h.t, "triage_factor"), RISK_FACTOR_COUNT);

		await page.goto("/triage");
		await page.getByRole("link", { name: "Jayden Hollins" }).click();
		await page.getByLabel("Level 1: universal", { exact: false }).check();
		await page.getByRole("group", { name: "RAG rating" }).getByLabel("Green").check();
		// Nothing in the contact points to any factor for Jayden: "No factors identified" alone.
		await page.getByLabel("No factors identified (21)").check();
		await page.getByLabel("Information and advice").check();
		await page.getByLabel("Rationale").fill("Jayden is worried about his sister; no concerns about his own care.");
		await page.getByLabel("Step 1").fill("Ask school how Jayden is");
		await page.locator("#step-0-urgency").selectOption("three-working-days");
		await page.locator("#step-0-allocatedTo").selectOption({ label: "Priya Practitioner" });
		await page.getByRole("button", { name: "Save triage" }).click();
		await page.getByText("Triage saved").waitFor();
		await page.goto("/triage");
		await page.getByText("No children are waiting for triage").waitFor();
		await page.close();
	});

	test("a practitioner makes enquiries, records agreement and reviews each recommendation; decisions follow", async () => {
		const page = await h.newPage();
		await signIn(page, "practitioner");
		await page.goto(`/contacts/${await contactIdOf("Maisie")}`);
		await page.getByRole("link", { name: "Maisie Hollins" }).click();
		await checkPage(page, "front-door-child-enquiries");
		await page.getByRole("button", { name: "Enquiries and parents" }).click();
		await page.getByLabel("Agency asked").fill("Kent Police");
		await fillWhen(page, "When it was asked", "09:30");
		await page.getByLabel("Answer needed").selectOption("within-4-hours");
		await page.getByRole("button", { name: "Record enquiry" }).click();
		await page.getByLabel("What Kent Police said").fill("Stepfather has a caution for assault in 2024.");
		await fillWhen(page, "When they answered", "09:50");
		await page.getByRole("button", { name: "Record answer" }).click();
		await page.getByLabel("Who you spoke to").fill("Dawn Hollins (mother)");
		// The conversation's own "When" (not "When it was asked" or "When they answered").
		await fillWhen(page, /^When$/, "09:45");
		await page.getByLabel("What was said").fill("Mother is shocked and will keep Maisie away from him tonight.");
		await page.getByRole("button", { name: "Record conversation" }).click();
		await page.waitForURL(/saved=1/);
		await page.getByText("Mother is shocked").waitFor();
		assert.equal(await page.getByText("No conversations recorded yet.").count(), 0, "the conversation is recorded");
		await checkPage(page, "enquiries");

		await page.getByRole("link", { name: "Back to the child" }).click();
		await page.getByRole("button", { name: "Agreement to share" }).click();
		await page.getByLabel("Name of the person with parental responsibility").fill("Dawn Hollins");
		await page.getByLabel("Sought and given").check();
		await page.getByRole("group", { name: "Was information shared with agencies?" }).getByLabel("Yes").check();
		await page.getByLabel("Public task", { exact: false }).check();
		await page.getByRole("button", { name: "Save" }).click();
		await page.getByRole("cell", { name: /Dawn Hollins/ }).waitFor();
		await checkPage(page, "agreement-to-share");

		await page.getByRole("link", { name: "Back to the child" }).click();
		await page.getByRole("button", { name: "Review the triage recommendation" }).click();
		// What each agency said is on the review page itself, with when it was asked.
		const asked = page.getByRole("table", { name: "Enquiries of agencies" }).getByRole("row", { name: /Kent Police/ });
		assert.match(
			(await asked.textContent()) ?? "",
			/Kent Police\s*23 November 2026 at 9:30am\s*Stepfather has a caution for assault in 2024\.\s*Answered 23 November 2026 at 9:50am/,
		);
		await page
			.getByText(/spoke to Dawn Hollins \(mother\), 23 November 2026 at \d+:\d+[ap]m: Mother is shocked/)
			.waitFor();
		// "Confirm" with another recommendation and a reason contradicts itself: refused, saying how to give either.
		const assessment = page
			.getByRole("group", { name: "Your recommendation now" })
			.getByLabel("Social work assessment (section 17)");
		await page.getByLabel("Yes, confirm it").check();
		await assessment.check();
		const why = "Mother is protective; an assessment, not section 47, is proportionate.";
		await page.getByLabel("Why the enquiries change it").fill(why);
		await page.getByRole("button", { name: "Save review" }).click();
		const summary = page.locator(".govuk-error-summary");
		await summary
			.getByText(
				'You confirmed the triage recommendation, "Strategy discussion (section 47)", but chose "Social work assessment (section 17)" as your recommendation now: choose "No, change it" to recommend "Social work assessment (section 17)", or choose "Strategy discussion (section 47)" here to confirm it',
			)
			.waitFor();
		await summary
			.getByText(
				'You confirmed the recommendation, so it has no reason to change: clear this box, or choose "No, change it"',
			)
			.waitFor();
		await checkPage(page, "review-contradiction-errors");
		assert.ok(await assessment.isChecked(), "the recommendation chosen is kept");
		assert.equal(await page.getByLabel("Why the enquiries change it").inputValue(), why, "what was typed is kept");
		assert.equal(await countRows(h.t, "review"), 0, "nothing written");
		await page.getByLabel("No, change it").check();
		await checkPage(page, "review");
		await page.getByRole("button", { name: "Save review" }).click();
		await page.getByText("Review saved").waitFor();

		await page.getByRole("button", { name: "Record the decision" }).click();
		await page.getByRole("group", { name: "Outcome" }).getByLabel("Social work assessment (section 17)").check();
		await page.getByLabel("Receiving team", { exact: false }).selectOption({ label: "Assessment Team North" });
		await page.getByLabel("Rationale").fill("Assess the household with the mother's agreement.");
		await checkPage(page, "decision");
		await page.getByRole("button", { name: "Record decision" }).click();
		await page.getByText("Decision recorded").waitFor();

		await page.goto(`/contacts/${await contactIdOf("Maisie")}`);
		await page.getByRole("link", { name: "Jayden Hollins" }).click();
		await page.getByRole("button", { name: "Enquiries and parents" }).click();
		await page.getByLabel("Agency asked").fill("Oak Primary School");
		await fillWhen(page, "When it was asked", "09:35");
		await page.getByLabel("Answer needed").selectOption("same-day");
		await page.getByRole("button", { name: "Record enquiry" }).click();
		await page.getByLabel("What Oak Primary School said").waitFor();
		await page.getByRole("link", { name: "Back to the child" }).click();
		await page.getByRole("button", { name: "Review the triage recommendation" }).click();
		await page.getByRole("table", { name: "Enquiries of agencies" }).getByText("No answer yet").waitFor();
		// The school has not answered: confirming needs a word on why its answer is not needed.
		await page.getByLabel("Yes, confirm it").check();
		await page.getByRole("button", { name: "Save review" }).click();
		await page
			.locator(".govuk-error-summary")
			.getByText(
				"Oak Primary School has not answered yet: record the answer before you confirm the recommendation, or explain why it is not needed",
			)
			.waitFor();
		assert.ok(await page.getByLabel("Yes, confirm it").isChecked(), "the answer is kept");
		await page
			.getByLabel("Why the answers not yet given are not needed")
			.fill("Jayden's school is only confirming attendance, which cannot change advice to the family.");
		await checkPage(page, "review-unanswered");
		await page.getByRole("button", { name: "Save review" }).click();
		await page.getByText("Review saved").waitFor();
		await page
			.getByText(/Confirmed before every agency answered: Jayden's school is only confirming attendance/)
			.first()
			.waitFor();
		await page.getByRole("button", { name: "Record the decision" }).click();
		await page.getByLabel("Rationale").fill("School will support Jayden; advice given to mother.");
		await page.getByRole("button", { name: "Record decision" }).click();
		await page.getByText("Decision recorded").waitFor();
		await checkPage(page, "front-door-child-decided");
		// Neither child can leave the front door until the next steps triage gave are done.
		await finishNextStepsFromMyWork(page);
		await page.close();
	});

	test("a manager signs off both decisions and the contact officer gives feedback", async () => {
		const page = await h.newPage();
		await signIn(page, "team-manager");
		await page.getByRole("link", { name: "Sign-off", exact: true }).click();
		await checkPage(page, "sign-off-list");
		for (const name of ["Maisie Hollins", "Jayden Hollins"]) {
			await page.goto("/front-door/sign-off");
			await page.getByRole("link", { name }).click();
			await page.getByLabel("Yes, sign it off").check();
			await page.getByLabel("Management oversight comment").fill("Agreed: proportionate to what the enquiries found.");
			if (name === "Maisie Hollins") await checkPage(page, "sign-off");
			await page.getByRole("button", { name: "Save answer" }).click();
			await page.getByText("Decision signed off").waitFor();
		}
		await page.close();

		const officer = await h.newPage();
		await signIn(officer, "contact-officer");
		await officer.getByRole("link", { name: "Feedback owed" }).click();
		await checkPage(officer, "feedback-owed");
		for (const name of ["Maisie Hollins", "Jayden Hollins"]) {
			await officer.goto("/front-door/feedback");
			await officer.getByRole("link", { name }).click();
			await fillWhen(officer, "When the referrer was told", "10:00");
			await officer.getByLabel("Phone").check();
			await officer.getByLabel("What they were told").fill("Told Pat Teacher the outcome.");
			if (name === "Maisie Hollins") await checkPage(officer, "feedback");
			await officer.getByRole("button", { name: "Record feedback" }).click();
			await officer.getByText("Feedback to the referrer recorded").waitFor();
		}
		await officer.goto("/front-door/feedback");
		await officer.getByText("No feedback is owed").waitFor();
		await officer.goto(`/contacts/${await contactIdOf("Maisie")}`);
		await officer.getByText("Information and advice").waitFor();
		await checkPage(officer, "contact-after-decisions");
		await officer.close();

		const director = await h.newPage();
		await signIn(director, "senior-leader");
		await director.getByRole("link", { name: "Dashboard" }).click();
		const referrals = director.locator(".govuk-summary-list__row", { hasText: /^\s*Referrals/ }).first();
		assert.match((await referrals.textContent()) ?? "", /Referrals\s*1/);
		await checkPage(director, "dashboard");
		await referrals.getByRole("link").click();
		await director.getByRole("link", { name: "Maisie Hollins" }).waitFor();
		await checkPage(director, "dashboard-children");
		await director.close();
	});

	async function contactIdOf(given: string): Promise<string> {
		const row = await h.t.testDb.db.kysely
			.selectFrom("contact_child as cc")
			.innerJoin("person as p", "p.id", "cc.person_id")
			.select("cc.contact_id")
			.where("p.given_name", "=", given)
			.executeTakeFirstOrThrow();
		return row.contact_id;
	}
});
