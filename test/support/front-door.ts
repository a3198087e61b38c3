import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { DEMO_AGENCY } from "../../src/demo/council.ts";
import type { DescribedChild } from "../../src/domain/front-door/contact.ts";
import { nameRow } from "../../src/modules/people/service.ts";
import type { Role } from "../../src/platform/roles.ts";
import { IDLE_LIMIT_MS } from "../../src/platform/sessions.ts";
import type { Client, TestApp } from "./app.ts";

/** Inserts a child directly: front-door tests are about contacts, not about creating people. */
export async function addChild(t: TestApp, given: string, family: string, dateOfBirth: string): Promise<string> {
	const row = await t.testDb.db.kysely
		.insertInto("person")
		.values({
			given_name: given,
			family_name: family,
			date_of_birth: dateOfBirth,
			sex: "U",
			ethnicity: "NOBT",
			updated_at: new Date(),
		})
		.returning("id")
		.executeTakeFirstOrThrow();
	await t.testDb.db.kysely
		.insertInto("person_name")
		.values(nameRow(row.id, "current", given, family))
		.execute();
	return row.id;
}

/** A contact form as a contact officer fills it in, received at `at` (England time "HH:MM"). */
export function contactForm(children: string[], overrides: Record<string, string | string[]> = {}) {
	return {
		kind: "contact",
		child: children,
		"received-day": "23",
		"received-month": "11",
		"received-year": "2026",
		"received-time": "09:15",
		source: "2A",
		referrerName: "Pat Teacher",
		referrerAgency: "Oak Primary School",
		referrerEmail: "pat@oak.example",
		concern: "Both children arrived hungry and the younger has a bruise on her arm.",
		request: "Advice and a visit",
		familyAware: "yes",
		...overrides,
	};
}

/**
 * The risk factors every triage answers, group by group as migrations/0033 seeds them
 * (the triage tests hold this to the database).
 */
export const RISK_FACTORS: Record<string, string[]> = {
	"abuse-neglect": [
		"neglect",
		"emotional-abuse",
		"physical-abuse-adult",
		"physical-abuse-child",
		"sexual-abuse-adult",
		"sexual-abuse-child",
	],
	"domestic-abuse": ["domestic-abuse-child", "domestic-abuse-parent", "domestic-abuse-household"],
	alcohol: ["alcohol-child", "alcohol-parent", "alcohol-household"],
	drugs: ["drugs-child", "drugs-parent", "drugs-household"],
	"mental-health": ["mental-health-child", "mental-health-parent", "mental-health-household"],
	"learning-disability": ["learning-disability-child", "learning-disability-parent", "learning-disability-household"],
	"physical-disability": ["physical-disability-child", "physical-disability-parent", "physical-disability-household"],
	"outside-home": [
		"missing",
		"cse",
		"cce",
		"trafficking",
		"gangs",
		"extra-familial-harm",
		"online-harm",
		"radicalisation",
	],
	"harmful-practices": ["fgm", "faith-abuse"],
	circumstances: ["self-harm", "young-carer", "socially-unacceptable-behaviour", "uasc"],
	"private-fostering": [
		"private-fostering-overseas-return",
		"private-fostering-overseas-stay",
		"private-fostering-education",
		"private-fostering-family",
		"private-fostering-other",
	],
	other: ["other"],
};

/**
 * A complete triage form and one next step: neglect present, physical abuse by an adult
 * not known, domestic abuse of a parent ruled out with its group's reason, and every other
 * factor not known (a triage answers them all).
 */
export function triageForm(
	version: number,
	workerId: string,
	overrides: Record<string, string> = {},
): Record<string, string> {
	const factors: Record<string, string> = {};
	for (const code of Object.values(RISK_FACTORS).flat()) factors[`factor-${code}`] = "not-known";
	return {
		version: String(version),
		thresholdLevel: "3",
		rag: "amber",
		recommendation: "assessment",
		rationale: "Unexplained bruise and hunger reported by school.",
		...factors,
		"factor-neglect": "present",
		"factor-physical-abuse-adult": "not-known",
		"factor-domestic-abuse-parent": "ruled-out",
		"factors-domestic-abuse-reason": "No police call-outs; school knows of none.",
		"step-0-action": "Check with the GP and health visitor",
		"step-0-urgency": "same-day",
		"step-0-allocatedTo": workerId,
		...overrides,
	};
}

/**
 * In the browser: answers every risk factor on the triage form, `answers` by the factor's
 * name ("Neglect": "Present") and the rest `rest`; `reasons` by group heading ("Abuse and
 * neglect": "…") for the factors ruled out.
 */
export async function answerFactors(
	page: Page,
	answers: Record<string, "Present" | "Not known" | "Ruled out">,
	reasons: Record<string, string> = {},
	rest: "Not known" | "Ruled out" = "Not known",
) {
	const value = { Present: "present", "Not known": "not-known", "Ruled out": "ruled-out" };
	const byName = Object.fromEntries(Object.entries(answers).map(([name, a]) => [name, value[a]]));
	// One round trip for the 40-odd factors: each factor's radio clicked as a user would.
	const unknown = await page.evaluate(
		({ byName, rest }) => {
			const names = new Set(Object.keys(byName));
			for (const fieldset of document.querySelectorAll("fieldset:has(.app-census-code)")) {
				const legend =
					fieldset
						.querySelector("legend")
						?.textContent?.replace(/\s*\([^)]*\)\s*$/, "")
						.trim() ?? "";
				names.delete(legend);
				fieldset.querySelector<HTMLInputElement>(`input[value="${byName[legend] ?? rest}"]`)?.click();
			}
			return [...names];
		},
		{ byName, rest: value[rest] },
	);
	assert.deepEqual(unknown, [], "every factor answered is on the form");
	for (const [group, reason] of Object.entries(reasons)) {
		await page.getByLabel(`Why these were ruled out (${group})`).fill(reason);
	}
}

/**
 * Records a contact from the demo partner agency about children it only describes, as the
 * partner API does: through the contacts service, never creating a person.
 */
export async function recordDescribed(
	t: TestApp,
	described: Partial<DescribedChild>[],
	options: { receivedAt?: Date; personIds?: string[] } = {},
): Promise<{ contactId: string; childIds: string[] }> {
	const key = await t.testDb.db.kysely
		.selectFrom("api_key")
		.select("id")
		.where("agency", "=", DEMO_AGENCY)
		.executeTakeFirst();
	const blank = { givenName: null, familyName: null, dateOfBirth: null, nhsNumber: null, postcode: null };
	const contact = await t.app.services.contacts.record(
		{
			kind: "contact",
			receivedAt: options.receivedAt ?? new Date(t.clock.now.getTime() - 60 * 60_000),
			source: "6",
			referrer: { name: "PC Demo", agency: DEMO_AGENCY, phone: null, email: null },
			concern: "Police attended an incident at the family home; the child was present.",
			request: null,
			familyAware: "yes",
			domesticAbuse: null,
			children: [
				...(options.personIds ?? []).map((personId) => ({ personId, rag: null })),
				...described.map((d) => ({ described: { ...blank, ...d }, rag: null })),
			],
		},
		{ userId: null, apiKeyId: key?.id ?? null, role: null, requestId: "test-api", teamId: null, channel: "api" },
	);
	const children = await t.testDb.db.kysely
		.selectFrom("contact_child")
		.select("id")
		.where("contact_id", "=", contact.id)
		.where("person_id", "is", null)
		.orderBy("id")
		.execute();
	return { contactId: contact.id, childIds: children.map((c) => c.id) };
}

// Earlier steps set up in-process, for journeys whose own pages are under test: recording
// and triage (and review, decision, sign-off) are walked in the browser in front-door.test.ts.
// One sign-in per role per app, again once the test clock has moved past the idle sign-out.
const clients = new WeakMap<TestApp, Map<Role, { client: Client; at: number }>>();
async function client(t: TestApp, role: Role): Promise<Client> {
	const byRole = clients.get(t) ?? new Map<Role, { client: Client; at: number }>();
	clients.set(t, byRole);
	const now = t.clock.now.getTime();
	const known = byRole.get(role);
	const c = known && now - known.at < IDLE_LIMIT_MS / 2 ? known.client : await t.as(role);
	byRole.set(role, { client: c, at: now });
	return c;
}

export const childRow = (t: TestApp, id: string) =>
	t.testDb.db.kysely.selectFrom("contact_child").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

export async function teamId(t: TestApp, kind: "assessment" | "early-help"): Promise<string> {
	const row = await t.testDb.db.kysely
		.selectFrom("team")
		.select("id")
		.where("kind", "=", kind)
		.executeTakeFirstOrThrow();
	return row.id;
}

/** A contact officer records a contact about one child, received at `time` on 23 November 2026; the child's workflow id. */
/**
 * Posts the contact form; when it asks whether the contact repeats one the same referrer
 * made within the council's window, answers that it is new, as a worker who checked would.
 */
export async function postContact(officer: Client, form: Record<string, string | string[]>) {
	const res = await officer.post("/contacts/new/details", form);
	if (res.statusCode !== 409) return res;
	const seen = /name="repeatsSeen" value="([0-9a-f]+)"/.exec(res.body)?.[1];
	assert.ok(seen, "a 409 from the contact form is its repeat warning");
	return officer.post("/contacts/new/details", { ...form, notRepeat: seen });
}

export async function recordedChild(t: TestApp, personId: string, time = "09:15"): Promise<string> {
	const officer = await client(t, "contact-officer");
	await officer.get("/contacts/new");
	const res = await postContact(officer, contactForm([personId], { "received-time": time }));
	assert.equal(res.statusCode, 303, "contact recorded");
	const contactId = /\/contacts\/([0-9a-f-]{36})/.exec(res.headers.location as string)?.[1];
	const row = await t.testDb.db.kysely
		.selectFrom("contact_child")
		.select("id")
		.where("contact_id", "=", contactId ?? "")
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Records a contact and has the team manager triage it (`triageForm` overrides, e.g. the recommendation). */
export async function triagedChild(
	t: TestApp,
	personId: string,
	overrides: Record<string, string> = {},
	time = "09:15",
): Promise<string> {
	const childId = await recordedChild(t, personId, time);
	await triaged(t, childId, overrides);
	return childId;
}

/** The team manager triages a recorded child (`triageForm` overrides). */
export async function triaged(t: TestApp, childId: string, overrides: Record<string, string> = {}): Promise<void> {
	const manager = await client(t, "team-manager");
	await manager.get(`/front-door/children/${childId}/triage`);
	const practitionerId = await t.userIdFor("practitioner");
	const res = await manager.post(
		`/front-door/children/${childId}/triage`,
		triageForm((await childRow(t, childId)).version, practitionerId, overrides),
	);
	assert.equal(res.statusCode, 303, "triage saved");
}

/** The practitioner records each open next step on the child done: the child cannot leave the front door before. */
export async function finishNextSteps(t: TestApp, childId: string): Promise<void> {
	const open = await t.testDb.db.kysely
		.selectFrom("next_step")
		.select("id")
		.where("contact_child_id", "=", childId)
		.where("done_at", "is", null)
		.where("cancelled_at", "is", null)
		.execute();
	if (!open.length) return;
	const practitioner = await client(t, "practitioner");
	for (const step of open) {
		const url = `/front-door/children/${childId}/next-steps/${step.id}`;
		await practitioner.get(url);
		const res = await practitioner.post(`${url}/done`, { note: "Spoke to the GP, who has no concerns to add." });
		assert.equal(res.statusCode, 303, "next step recorded done");
	}
}

/**
 * The practitioner reviews the triage recommendation, as `reviewForm` answers it, where an
 * agency has not answered saying why its answer is not needed.
 */
export async function reviewed(t: TestApp, childId: string, review: Record<string, string>): Promise<void> {
	const practitioner = await client(t, "practitioner");
	await practitioner.get(`/front-door/children/${childId}/review`);
	const version = String((await childRow(t, childId)).version);
	const waiting = await t.testDb.db.kysely
		.selectFrom("enquiry")
		.select("agency")
		.where("contact_child_id", "=", childId)
		.where("answered_at", "is", null)
		.execute();
	const res = await practitioner.post(`/front-door/children/${childId}/review`, {
		version,
		...(review.confirmed === "yes" && waiting.length
			? { unansweredReason: "What the agencies still to answer could add would not change the recommendation." }
			: {}),
		...review,
	});
	assert.equal(res.statusCode, 303, "review saved");
}

/**
 * The practitioner reviews the recommendation in the light of the enquiries (confirming it,
 * or changing it to the outcome decided, with a reason) and decides (`decision` is the
 * decision form); the team manager signs off unless `signOff` is false.
 */
export async function decidedChild(
	t: TestApp,
	childId: string,
	decision: Record<string, string>,
	signOff = true,
): Promise<void> {
	const practitioner = await client(t, "practitioner");
	const triage = await t.testDb.db.kysely
		.selectFrom("triage")
		.select("recommendation")
		.where("contact_child_id", "=", childId)
		.executeTakeFirstOrThrow();
	const outcome = decision.outcome;
	await reviewed(
		t,
		childId,
		!outcome || outcome === triage.recommendation
			? { confirmed: "yes" }
			: {
					confirmed: "no",
					recommendation: outcome,
					reason: "The enquiries point to a different response from triage's.",
				},
	);
	let version = String((await childRow(t, childId)).version);
	const decided = await practitioner.post(`/front-door/children/${childId}/decision`, {
		version,
		rationale: "Proportionate to what the enquiries found.",
		...decision,
	});
	assert.equal(decided.statusCode, 303, "decision saved");
	if (!signOff) return;
	await finishNextSteps(t, childId);
	const manager = await client(t, "team-manager");
	await manager.get(`/front-door/children/${childId}/sign-off`);
	version = String((await childRow(t, childId)).version);
	const signed = await manager.post(`/front-door/children/${childId}/sign-off`, {
		version,
		answer: "agree",
		comment: "Agreed: proportionate to what the enquiries found.",
	});
	assert.equal(signed.statusCode, 303, "signed off");
}

// Browser steps shared by the journeys.

/** Fills a date-and-time group (Day, Month, Year, Time) found by its legend. */
export async function fillWhen(
	page: Page,
	legend: string | RegExp,
	time: string,
	day = "23",
	month = "11",
	year = "2026",
) {
	const group = page.getByRole("group", { name: legend }).first();
	await group.getByLabel("Day").fill(day);
	await group.getByLabel("Month").fill(month);
	await group.getByLabel("Year").fill(year);
	await group.getByLabel("Time").fill(time);
}

/** Fills a GOV.UK date input (Day, Month, Year) found by its legend inside `scope`. */
export async function fillDate(scope: Locator, legend: string | RegExp, date: string) {
	const [year, month, day] = date.split("-");
	const group = scope.getByRole("group", { name: legend });
	await group.getByLabel("Day").fill(day);
	await group.getByLabel("Month").fill(month);
	await group.getByLabel("Year").fill(year);
}

/**
 * From the child's page: confirm the triage recommendation in the review; where an agency
 * has not answered, `unansweredReason` says why its answer is not needed.
 */
export async function confirmReview(page: Page, childId: string, unansweredReason?: string) {
	await page.goto(`/front-door/children/${childId}`);
	await page.getByRole("button", { name: "Review the triage recommendation" }).click();
	await page.getByLabel("Yes, confirm it").check();
	if (unansweredReason) await page.getByLabel("Why the answers not yet given are not needed").fill(unansweredReason);
	await page.getByRole("button", { name: "Save review" }).click();
	await page.getByText("Review saved").waitFor();
}

export interface DecisionChoice {
	outcome: string;
	worker?: string;
	level?: string;
	tier?: string;
	familyAgreed?: boolean;
	team?: string;
	/** For "Passed to another council": the council as the list shows it, "Medway (887)". */
	council?: string;
	rationale: string;
	levelReason?: string;
	/** Why the outcome is not the one the review recommended. */
	departureReason?: string;
}

/** From the child's page (after the review): fills the decision form; `submit` false leaves it unsent. */
export async function fillDecision(page: Page, d: DecisionChoice) {
	await page.getByRole("button", { name: "Record the decision" }).click();
	await page.getByRole("group", { name: "Outcome" }).getByLabel(d.outcome, { exact: true }).check();
	if (d.level)
		await page.getByRole("group", { name: "Level of need the decision rests on" }).getByLabel(d.level).check();
	if (d.tier) await page.getByRole("group", { name: "Early-help tier" }).getByLabel(d.tier).check();
	if (d.familyAgreed !== undefined) {
		await page
			.getByRole("group", { name: "Has the family agreed to early help?" })
			.getByLabel(d.familyAgreed ? "Yes" : "No")
			.check();
	}
	if (d.team) await page.getByLabel("Receiving team", { exact: false }).selectOption({ label: d.team });
	if (d.worker)
		await page.getByLabel("The child's allocated worker", { exact: false }).selectOption({ label: d.worker });
	if (d.council) await page.getByLabel("The council the child is passed to").selectOption({ label: d.council });
	await page.getByLabel("Rationale").fill(d.rationale);
	if (d.levelReason) await page.getByLabel("If the outcome does not usually follow").fill(d.levelReason);
	if (d.departureReason)
		await page.getByLabel("If the outcome is not the one the review recommended").fill(d.departureReason);
}

export async function submitDecision(page: Page) {
	await page.getByRole("button", { name: "Record decision" }).click();
	await page.getByText("Decision recorded").waitFor();
}

/**
 * From My work: the signed-in worker records each of their next steps (for the named
 * child, or every child) done, as they must before a child leaves the front door.
 */
export async function finishNextStepsFromMyWork(page: Page, childName?: string) {
	const name = new RegExp(`^Next step for ${childName ?? ""}`);
	for (;;) {
		await page.getByRole("link", { name: "Home", exact: true }).click();
		const link = page.getByRole("table", { name: "Your tasks" }).getByRole("link", { name }).first();
		if (!(await link.count())) return;
		await link.click();
		await page.getByLabel("What was done?").fill("Spoke to the GP and the school, who had nothing further to add.");
		await page.getByRole("button", { name: "Record it done" }).click();
		await page.getByText("Next step recorded as done.").waitFor();
	}
}

/** From the sign-off list: a manager signs off the named child's decision. */
export async function signOffFromList(page: Page, name: string, check?: (page: Page) => Promise<void>) {
	await page.goto("/front-door/sign-off");
	await page.getByRole("link", { name }).click();
	await page.getByLabel("Yes, sign it off").check();
	await page.getByLabel("Management oversight comment").fill("Agreed: proportionate to what the enquiries found.");
	if (check) await check(page);
	await page.getByRole("button", { name: "Save answer" }).click();
	await page.getByText("Decision signed off").waitFor();
}

/** From the feedback-owed list: the referrer is told the outcome by phone. */
export async function feedbackFromList(page: Page, name: string, check?: (page: Page) => Promise<void>) {
	await page.goto("/front-door/feedback");
	await page.getByRole("link", { name }).click();
	await fillWhen(page, "When the referrer was told", "10:00");
	await page.getByLabel("Phone").check();
	await page.getByLabel("What they were told").fill("Told the referrer the outcome.");
	if (check) await check(page);
	await page.getByRole("button", { name: "Record feedback" }).click();
	await page.getByText("Feedback to the referrer recorded").waitFor();
}

/**
 * A contact officer records a police domestic-abuse notification about the children,
 * received at `time` on 23 November 2026 after an incident at 23:10 the night before
 * (form overrides: `riskTool`, `riskLevel`, the incident's parts); each child's workflow id.
 */
export async function recordedNotification(
	t: TestApp,
	personIds: string[],
	overrides: Record<string, string> = {},
	time = "09:40",
): Promise<string[]> {
	const officer = await client(t, "contact-officer");
	await officer.get("/contacts/new");
	const res = await officer.post(
		"/contacts/new/details",
		contactForm(personIds, {
			kind: "da-notification",
			source: "6",
			referrerName: "PC Amy Ross",
			referrerAgency: "Kent Police",
			referrerEmail: "",
			concern: "Police were called to a fight between the parents; the children were at home.",
			"received-time": time,
			"incident-day": "22",
			"incident-month": "11",
			"incident-year": "2026",
			"incident-time": "23:10",
			riskTool: "DASH",
			riskLevel: "high",
			...overrides,
		}),
	);
	assert.equal(res.statusCode, 303, "notification recorded");
	const contactId = /\/contacts\/([0-9a-f-]{36})/.exec(res.headers.location as string)?.[1];
	const rows = await t.testDb.db.kysely
		.selectFrom("contact_child")
		.select(["id", "person_id"])
		.where("contact_id", "=", contactId ?? "")
		.execute();
	return personIds.map((p) => rows.find((r) => r.person_id === p)!.id);
}
