import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, countRows, createTestApp, type TestApp } from "../../../../test/support/app.ts";
import {
	addChild,
	contactForm,
	postContact,
	RISK_FACTORS,
	recordedNotification,
	teamId,
	triageForm,
} from "../../../../test/support/front-door.ts";
import type { DB } from "../../../db/schema.ts";

describe("front door: contacts and triage", () => {
	let t: TestApp;
	let officer: Client;
	let manager: Client;
	let practitionerId: string;
	let amy: string;
	let ben: string;
	let contactId: string;

	before(async () => {
		t = await createTestApp();
		// Monday 23 November 2026, 10:00 in London (GMT).
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		officer = await t.as("contact-officer");
		manager = await t.as("team-manager");
		practitionerId = await t.userIdFor("practitioner");
		amy = await addChild(t, "Amy", "Rowe", "2018-04-02");
		ben = await addChild(t, "Ben", "Rowe", "2015-09-30");
		await officer.get("/contacts/new");
	});
	after(async () => t.close());

	const count = (table: keyof DB) => countRows(t, table);

	const childrenOf = (id: string) =>
		t.testDb.db.kysely
			.selectFrom("contact_child")
			.selectAll()
			.where("contact_id", "=", id)
			.orderBy("received_at")
			.execute();

	test("the contact journey offers the children found by search", async () => {
		const res = await officer.get(`/contacts/new?child=${amy}&q=Ben+Rowe`);
		assert.equal(res.statusCode, 200);
		assert.match(res.body, /Amy Rowe/);
		assert.match(res.body, new RegExp(`child=${amy}&amp;child=${ben}`));
	});

	test("bad contacts get field errors and write nothing", async () => {
		await officer.get(`/contacts/new/details?child=${amy}`);
		const cases: [Record<string, string | string[]>, RegExp][] = [
			[{ "received-year": "2027" }, /must not be in the future/],
			[{ "received-time": "25:00" }, /real time/],
			[{ "received-time": "" }, /must include a time/],
			[{ source: "" }, /Select who the contact is from/],
			[{ concern: " " }, /Enter the concern/],
			[{ referrerName: "", referrerAgency: "" }, /referrer&#39;s name or agency/],
			[{ referrerEmail: "not an email" }, /email address in the correct format/],
			[{ concern: "x".repeat(20_001) }, /The concern must be 20,000 characters or fewer \(you entered 20,001\)/],
			[{ referrerAgency: "x".repeat(201) }, /agency or relationship must be 200 characters or fewer/],
		];
		for (const [overrides, message] of cases) {
			const res = await officer.post("/contacts/new/details", contactForm([amy], overrides));
			assert.equal(res.statusCode, 400, JSON.stringify(overrides));
			assert.match(res.body, /govuk-error-summary/);
			assert.match(res.body, message, JSON.stringify(overrides));
		}
		// Every problem in one round: a field's and the domain's rules' together.
		const both = await officer.post(
			"/contacts/new/details",
			contactForm([amy], { "received-year": "2027", source: "", referrerEmail: "nope", concern: "" }),
		);
		assert.equal(both.statusCode, 400);
		for (const message of [
			/must not be in the future/,
			/Select who the contact is from/,
			/correct format/,
			/Enter the concern/,
		]) {
			assert.match(both.body, message);
		}
		const none = await officer.post("/contacts/new/details", contactForm(["00000000-0000-4000-8000-000000000000"]));
		assert.equal(none.statusCode, 400);
		assert.match(none.body, /Add at least one child/);
		assert.equal(await count("contact"), 0);
		assert.equal(await count("contact_child"), 0);
	});

	test("a contact about two siblings gives each child its own workflow", async () => {
		const res = await officer.post(
			"/contacts/new/details",
			contactForm([amy, ben], { [`rag-${amy}`]: "red", [`rag-${ben}`]: "" }),
		);
		assert.equal(res.statusCode, 303, res.body);
		contactId = /\/contacts\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1];
		const children = await childrenOf(contactId);
		assert.equal(children.length, 2);
		assert.deepEqual(children.map((c) => c.state).sort(), ["awaiting-triage", "awaiting-triage"]);
		const amyRow = children.find((c) => c.person_id === amy)!;
		assert.equal(amyRow.rag, "red");
		assert.equal(amyRow.out_of_hours, false);
		// Received Monday 09:15: a decision is due within 1 working day.
		assert.equal(amyRow.decision_due_at.toISOString(), "2026-11-24T09:15:00.000Z");
		const page = await officer.get(`/contacts/${contactId}`);
		assert.equal(page.statusCode, 200);
		assert.match(page.body, /Amy Rowe/);
		assert.match(page.body, /Ben Rowe/);
		assert.match(page.body, /Owed/);
		// Each change has its log row with who did it.
		const logged = await t.testDb.db.kysely
			.selectFrom("access_log")
			.select(["record_type", "user_id"])
			.where("action", "=", "create")
			.where("record_type", "in", ["contact", "contact-child"])
			.execute();
		assert.equal(logged.length, 3);
		assert.ok(logged.every((l) => l.user_id === officer.userId));
	});

	test("the referrer's acknowledgement needs a method from the list, and is recorded once chosen", async () => {
		await officer.get(`/contacts/${contactId}`);
		for (const method of ["", "carrier-pigeon"]) {
			const bad = await officer.post(`/contacts/${contactId}/acknowledgement`, { method });
			assert.equal(bad.statusCode, 400, method);
			assert.match(bad.body, /Select how the referrer was acknowledged/);
		}
		const methods = await t.testDb.db.kysely
			.selectFrom("contact")
			.select("acknowledgement_method")
			.where("id", "=", contactId)
			.executeTakeFirstOrThrow();
		assert.equal(methods.acknowledgement_method, null);
		const good = await officer.post(`/contacts/${contactId}/acknowledgement`, { method: "email" });
		assert.equal(good.statusCode, 303);
	});

	test("a contact received at night is flagged out of hours", async () => {
		const res = await postContact(officer, contactForm([ben], { "received-time": "02:10" }));
		assert.equal(res.statusCode, 303);
		const id = /\/contacts\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1];
		const [child] = await childrenOf(id);
		assert.equal(child.out_of_hours, true);
	});

	test("the triage queue lists Red first, then the oldest, with the wait", async () => {
		const res = await manager.get("/triage?team=all");
		assert.equal(res.statusCode, 200);
		const names = [...res.body.matchAll(/triage">(\w+ \w+)<\/a>/g)].map((m) => m[1]);
		assert.deepEqual(names, ["Amy Rowe", "Ben Rowe", "Ben Rowe"]);
		assert.match(res.body, /3 children waiting/);
		assert.match(res.body, /Out of hours/);
		const overnight = await manager.get("/triage?team=all&ooh=1");
		assert.match(overnight.body, /1 child waiting/);
		const red = await manager.get("/triage?team=all&rag=red");
		assert.match(red.body, /1 child waiting/);
		const forbidden = await officer.get("/triage");
		assert.equal(forbidden.statusCode, 403);
	});

	/** The answers a page shows: each checked radio and each reason typed, as the browser would send them again. */
	const shown = (html: string) => {
		const answers: Record<string, string> = {};
		for (const m of html.matchAll(
			/<input class="govuk-radios__input" id="[^"]*" name="(factor-[^"]+)" type="radio" value="([^"]*)" checked/g,
		)) {
			answers[m[1]] = m[2];
		}
		for (const m of html.matchAll(
			/<textarea class="govuk-textarea[^"]*" id="[^"]*" name="(factors-[^"]+-reason)"[^>]*>([^<]*)<\/textarea>/g,
		)) {
			if (m[2].trim()) answers[m[1]] = m[2].trim();
		}
		return answers;
	};
	const childrenOfChild = (id: string) =>
		t.testDb.db.kysely.selectFrom("contact_child").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
	const triageCount = async (childId: string) =>
		Number(
			(
				await t.testDb.db.kysely
					.selectFrom("triage")
					.select((eb) => eb.fn.countAll<string>().as("n"))
					.where("contact_child_id", "=", childId)
					.executeTakeFirstOrThrow()
			).n,
		);
	const amyChild = async () => (await childrenOf(contactId)).filter((c) => c.person_id === amy)[0];

	test("the form asks about the complete CIN census list and the council's harm outside the home", async () => {
		const rows = await t.testDb.db.kysely
			.selectFrom("risk_factor")
			.select(["code", "cin_factor", "local", "group_code"])
			.where("active", "=", true)
			.execute();
		// The census's factors (../shared/standards/cin-census.md), never the retired 18A/19A nor 21 (the triage's own).
		const census = [
			...["1", "2", "3", "4", "5", "6"].flatMap((n) => [`${n}A`, `${n}B`, `${n}C`]),
			"7A",
			...["8B", "8C", "8D", "8E", "8F"],
			"9A",
			...["10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A"],
			...["18B", "18C", "19B", "19C", "20", "22A", "23A", "24A"],
		].sort();
		const national = rows.filter((r) => !r.local);
		assert.deepEqual(national.map((r) => r.cin_factor).sort(), census, "each census factor once");
		assert.deepEqual(
			rows
				.filter((r) => r.local)
				.map((r) => [r.code, r.cin_factor])
				.sort(),
			[
				["extra-familial-harm", "20"],
				["online-harm", "20"],
				["radicalisation", "20"],
			],
		);
		const byGroup: Record<string, string[]> = {};
		for (const r of rows) byGroup[r.group_code] = [...(byGroup[r.group_code] ?? []), r.code];
		for (const codes of Object.values(byGroup)) codes.sort();
		assert.deepEqual(
			byGroup,
			Object.fromEntries(Object.entries(RISK_FACTORS).map(([g, codes]) => [g, [...codes].sort()])),
			"the test forms answer what the database asks",
		);
		const amyRow = await amyChild();
		const page = await manager.get(`/front-door/children/${amyRow.id}/triage`);
		assert.equal(
			[
				...page.body.matchAll(
					/<fieldset class="govuk-fieldset"[^>]*>\s*<legend[^>]*>\s*[^<]+<span class="app-census-code">/g,
				),
			].length,
			rows.length,
		);
		assert.match(page.body, /Radicalisation <span class="app-census-code">\(20, council factor\)/);
		assert.doesNotMatch(page.body, /\((18|19)A\)/);
		assert.doesNotMatch(page.body, /<table/, "no wide table of factors");
	});

	test("a triage missing one factor is refused with the error summary, writes nothing, and keeps every answer", async () => {
		const amyRow = await amyChild();
		await manager.get(`/front-door/children/${amyRow.id}/triage`);
		// Answers of every kind across the groups, one factor left out.
		const posted = triageForm(amyRow.version, practitionerId, {
			"factor-cse": "present",
			"factor-online-harm": "ruled-out",
			"factor-radicalisation": "ruled-out",
			"factors-outside-home-reason": "She has no phone and is collected from school every day.",
			"factor-private-fostering-other": "ruled-out",
			"factors-private-fostering-reason": "She has lived with both parents all her life.",
		});
		const { "factor-gangs": _left, ...missing } = posted;
		const res = await manager.post(`/front-door/children/${amyRow.id}/triage`, missing);
		assert.equal(res.statusCode, 400);
		assert.match(res.body, /class="govuk-error-summary"/);
		assert.match(
			res.body,
			/<a href="#factor-gangs">Say whether Gang involvement is present, not known or ruled out<\/a>/,
		);
		assert.equal(
			[...res.body.matchAll(/govuk-error-summary__list[\s\S]*?<\/ul>/g)][0][0].match(/<li>/g)?.length,
			1,
			"one problem",
		);
		assert.equal(await count("triage"), 0);
		assert.equal(await count("triage_factor"), 0);
		assert.equal(await count("next_step"), 0);
		// Every answer is on the form again, as posted (the browser journey sends them back).
		const { version: _v, thresholdLevel: _l, rag: _r, recommendation: _c, rationale: _n, ...rest } = missing;
		const expected = Object.fromEntries(Object.entries(rest).filter(([k]) => k.startsWith("factor")));
		assert.deepEqual(shown(res.body), expected);
	});

	test("a factor ruled out needs its group's reason, in a sentence; a reason with nothing ruled out is refused", async () => {
		const amyRow = await amyChild();
		const cases: [Record<string, string>, string, RegExp][] = [
			[
				{ "factors-domestic-abuse-reason": "" },
				"factors-domestic-abuse-reason",
				/Say why you ruled out factors in Domestic abuse/,
			],
			[
				{ "factors-domestic-abuse-reason": "x" },
				"factors-domestic-abuse-reason",
				/Say in a sentence why you ruled out factors in Domestic abuse/,
			],
			[
				{ "factors-alcohol-reason": "Nobody in the house drinks." },
				"factors-alcohol-reason",
				/You ruled out no factor in Alcohol misuse: rule one out, or clear the reason/,
			],
		];
		for (const [overrides, field, message] of cases) {
			const res = await manager.post(
				`/front-door/children/${amyRow.id}/triage`,
				triageForm(amyRow.version, practitionerId, overrides),
			);
			assert.equal(res.statusCode, 400, JSON.stringify(overrides));
			assert.match(res.body, new RegExp(`<a href="#${field}">${message.source}`), JSON.stringify(overrides));
		}
		assert.equal(await count("triage"), 0);
	});

	test("'No factors identified' (21) is refused beside a factor present or not known, naming them", async () => {
		const amyRow = await amyChild();
		const res = await manager.post(
			`/front-door/children/${amyRow.id}/triage`,
			triageForm(amyRow.version, practitionerId, { noFactorsIdentified: "yes" }),
		);
		assert.equal(res.statusCode, 400);
		assert.match(
			res.body,
			/<a href="#noFactorsIdentified">&quot;No factors identified&quot; cannot be recorded with a factor present or not known: untick it, or change Neglect, Emotional abuse, Physical abuse by an adult and 40 more<\/a>/,
		);
		assert.equal(await count("triage"), 0);
		const none = await manager.post(`/front-door/children/${amyRow.id}/triage`, {
			...triageForm(amyRow.version, practitionerId),
			...Object.fromEntries(
				Object.values(RISK_FACTORS)
					.flat()
					.map((code) => [`factor-${code}`, ""]),
			),
			"factors-domestic-abuse-reason": "",
			"step-0-urgency": "",
		});
		assert.equal(none.statusCode, 400);
		assert.match(
			none.body,
			/<a href="#factors">Answer every risk factor \(present, not known, or ruled out with a reason\), or tick &quot;No factors identified&quot;/,
		);
		assert.match(none.body, /Choose how urgent next step 1 is/);
	});

	test("every problem with a triage comes in one round, and what was posted stays on the form", async () => {
		const [amyRow] = (await childrenOf(contactId)).filter((c) => c.person_id === amy);
		await manager.get(`/front-door/children/${amyRow.id}/triage`);
		const res = await manager.post(
			`/front-door/children/${amyRow.id}/triage`,
			triageForm(amyRow.version, practitionerId, {
				// Fields that do not parse…
				version: "1.5",
				"factor-neglect": "maybe",
				rationale: "x".repeat(4001),
				// …beside the domain's rules on the fields that did.
				immediateStrategyDiscussion: "yes",
				"factors-domestic-abuse-reason": "",
				"step-2-action": "Ring the school",
			}),
		);
		assert.equal(res.statusCode, 400);
		for (const message of [
			/This form is out of date/,
			/Select whether Neglect is present, not known or ruled out/,
			/The rationale must be 4,000 characters or fewer \(you entered 4,001\)/,
			/An immediate strategy discussion is for a child rated Red/,
			/Say why you ruled out factors in Domestic abuse/,
			/Choose how urgent next step 2 is/,
			/Allocate next step 2 to a worker/,
		]) {
			assert.match(res.body, message);
		}
		// A step entered in the third row is the second step: its problems point at that row.
		assert.match(res.body, /href="#step-2-urgency"/);
		assert.match(
			res.body,
			/name="factor-physical-abuse-adult" type="radio" value="not-known" checked/,
			"a factor's status is kept",
		);
		assert.match(res.body, /value="Ring the school"/);
		assert.equal(await count("triage"), 0);
		assert.equal((await childrenOf(contactId)).find((c) => c.id === amyRow.id)?.state, "awaiting-triage");
	});

	test("a triage records factors and due next steps; a second manager is told who got there first", async () => {
		const [amyRow] = (await childrenOf(contactId)).filter((c) => c.person_id === amy);
		const form = triageForm(amyRow.version, practitionerId, { rag: "red" });
		const second = await t.as("senior-leader");
		await second.get(`/front-door/children/${amyRow.id}/triage`);
		const first = await manager.post(`/front-door/children/${amyRow.id}/triage`, form);
		assert.equal(first.statusCode, 303, first.body);
		const late = await second.post(`/front-door/children/${amyRow.id}/triage`, form);
		assert.equal(late.statusCode, 409);
		assert.match(late.body, /Tom Manager|triaged this child/);
		assert.match(late.body, /Unexplained bruise/, "what the second manager entered is still on the form");
		assert.equal(await count("triage"), 1);
		const [after] = (await childrenOf(contactId)).filter((c) => c.person_id === amy);
		assert.equal(after.state, "enquiries");
		const step = await t.testDb.db.kysely.selectFrom("next_step").selectAll().executeTakeFirstOrThrow();
		// Set at 10:00 on a Monday, "same working day" is due at close of office.
		assert.equal(step.urgency, "same-day");
		assert.equal(step.allocated_to, practitionerId);
		assert.ok(step.due_at > t.clock.now);
		const page = await manager.get(`/front-door/children/${amyRow.id}`);
		assert.match(page.body, /Neglect/);
		assert.match(page.body, /No police call-outs/);
		assert.match(page.body, /triaged this child/);
	});

	test("a stale version is refused even when the state would allow it", async () => {
		const [benRow] = (await childrenOf(contactId)).filter((c) => c.person_id === ben);
		await manager.get(`/front-door/children/${benRow.id}/triage`);
		const res = await manager.post(
			`/front-door/children/${benRow.id}/triage`,
			triageForm(benRow.version + 5, practitionerId),
		);
		assert.equal(res.statusCode, 409);
		assert.equal((await childrenOf(contactId)).find((c) => c.id === benRow.id)?.state, "awaiting-triage");
	});

	test("'No factors identified' alone is recorded and read back, with any factor ruled out beside it", async () => {
		const [benRow] = (await childrenOf(contactId)).filter((c) => c.person_id === ben);
		await manager.get(`/front-door/children/${benRow.id}/triage`);
		const res = await manager.post(`/front-door/children/${benRow.id}/triage`, {
			...triageForm(benRow.version, practitionerId, { rag: "green", thresholdLevel: "1", recommendation: "nfa" }),
			...Object.fromEntries(
				Object.values(RISK_FACTORS)
					.flat()
					.map((code) => [`factor-${code}`, ""]),
			),
			"factor-domestic-abuse-parent": "ruled-out",
			noFactorsIdentified: "yes",
		});
		assert.equal(res.statusCode, 303, res.body);
		const triage = await t.testDb.db.kysely
			.selectFrom("triage")
			.select("no_factors_identified")
			.where("contact_child_id", "=", benRow.id)
			.executeTakeFirstOrThrow();
		assert.equal(triage.no_factors_identified, true);
		const factors = await t.testDb.db.kysely
			.selectFrom("triage_factor")
			.select(["risk_factor", "status", "reason"])
			.where("contact_child_id", "=", benRow.id)
			.execute();
		assert.deepEqual(factors, [
			{
				risk_factor: "domestic-abuse-parent",
				status: "ruled-out",
				reason: "No police call-outs; school knows of none.",
			},
		]);
		const page = await manager.get(`/front-door/children/${benRow.id}`);
		assert.match(page.body, /No factors identified \(21\)/);
	});

	test("a second contact about a child within 12 months is flagged as a repeat at triage", async () => {
		t.clock.now = new Date("2026-11-23T10:20:00Z");
		const res = await postContact(officer, contactForm([amy], { "received-time": "10:10" }));
		assert.equal(res.statusCode, 303);
		const id = /\/contacts\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1];
		const [child] = await childrenOf(id);
		const form = await manager.get(`/front-door/children/${child.id}/triage`);
		assert.match(form.body, /Repeat contact: 1 earlier contact/);
		const saved = await manager.post(
			`/front-door/children/${child.id}/triage`,
			triageForm(child.version, practitionerId),
		);
		assert.equal(saved.statusCode, 303);
		const triage = await t.testDb.db.kysely
			.selectFrom("triage")
			.select("repeat_contact")
			.where("contact_child_id", "=", child.id)
			.executeTakeFirstOrThrow();
		assert.equal(triage.repeat_contact, true);
	});

	describe("a police domestic-abuse notification (ADR 26)", () => {
		let zara: string;
		let leo: string;
		let zaraChild: string;
		let leoEarlier: string;

		before(async () => {
			zara = await addChild(t, "Zara", "Hill", "2017-05-14");
			leo = await addChild(t, "Leo", "Hill", "2019-01-03");
			const stranger = await addChild(t, "Mia", "Stone", "2016-02-02");
			// Leo is Zara's brother in the people module; Mia is nobody to her.
			await t.testDb.db.kysely
				.insertInto("relationship")
				.values({ person_id: leo, related_person_id: zara, kind: "sibling" })
				.execute();
			const earlier = { "received-day": "20", "incident-day": "19", riskLevel: "medium" };
			[leoEarlier] = await recordedNotification(t, [leo], earlier, "10:00");
			await recordedNotification(t, [stranger], earlier, "10:05");
			// Received Monday 09:40 after an incident on Saturday night at 23:10: 34 hours 30 minutes.
			[zaraChild] = await recordedNotification(t, [zara], { "incident-day": "21" });
		});

		const reference = async (childId: string) =>
			(
				await t.testDb.db.kysely
					.selectFrom("contact_child as cc")
					.innerJoin("contact as c", "c.id", "cc.contact_id")
					.select("c.reference")
					.where("cc.id", "=", childId)
					.executeTakeFirstOrThrow()
			).reference;
		const row = (html: string, key: string) =>
			new RegExp(
				`<dt class="govuk-summary-list__key">\\s*${key}\\s*</dt>\\s*<dd class="govuk-summary-list__value">([\\s\\S]*?)</dd>`,
			)
				.exec(html)?.[1]
				.trim() ?? "";
		/** The notification's facts as a page shows them. */
		const notice = async (html: string) => {
			const section = /<section class="app-da-notice"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
			assert.ok(section, "the notification's facts are on the page");
			return {
				incident: row(section, "Incident").trim(),
				delay: row(section, "Incident to receipt"),
				risk: row(section, "Risk assessment \\(DASH or DARA\\)"),
				prior: [...section.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1].replace(/<[^>]+>/g, "").trim()),
			};
		};

		test("triage shows the incident, the delay marked late, the DASH level and the household's earlier notifications", async () => {
			const page = await manager.get(`/front-door/children/${zaraChild}/triage`);
			assert.equal(page.statusCode, 200);
			const n = await notice(page.body);
			assert.equal(n.incident, "21 November 2026 at 11:10pm");
			assert.match(n.delay, /^34 hours 30 minutes <strong class="govuk-tag govuk-tag--red">\s*Late\s*<\/strong>/);
			assert.match(n.delay, /within 24 hours of the incident/);
			assert.match(n.risk, /^DASH: High <strong class="govuk-tag govuk-tag--red">\s*High risk/);
			// Leo's, as Zara's sibling; never Mia's, who is nobody to her.
			assert.deepEqual(n.prior, [
				`${await reference(leoEarlier)}, received 20 November 2026 at 10:00am, risk assessment: DASH: Medium; about Leo Hill (Sibling)`,
			]);
			assert.match(page.body, new RegExp(`href="/front-door/children/${leoEarlier}"`));
		});

		test("a notification within the council's threshold is not late, and one with no assessment says none was received", async () => {
			const [child] = await recordedNotification(t, [leo], { riskTool: "", riskLevel: "" }, "09:50");
			const n = await notice((await manager.get(`/front-door/children/${child}/triage`)).body);
			assert.match(n.delay, /^10 hours 40 minutes<br>/, "not marked late");
			assert.equal(n.risk, "None received");
			// His sister's from this morning, then his own from Friday.
			assert.equal(n.prior.length, 2);
			assert.match(
				n.prior[0],
				/received 23 November 2026 at 9:40am, risk assessment: DASH: High; about Zara Hill \(Sibling\)$/,
			);
			assert.match(
				n.prior[1],
				/received 20 November 2026 at 10:00am, risk assessment: DASH: Medium; about this child$/,
			);
			const plain = await manager.get(`/front-door/children/${(await childrenOf(contactId))[0].id}`);
			assert.doesNotMatch(plain.body, /app-da-notice/, "a plain contact shows no notification");
		});

		test("late is the council's own threshold: at 48 hours the same notification is not late", async () => {
			const { settings } = t.app.services;
			const actor = {
				id: await t.userIdFor("administrator"),
				email: "admin@demo.example",
				displayName: "Admin",
				roles: ["administrator" as const],
				sweRegistration: null,
				teamId: null,
			};
			const { overrides } = await settings.timescales();
			await settings.setTimescaleOverrides([{ id: "da-notification-late", amount: 48 }], overrides.version, actor, "t");
			try {
				const n = await notice((await manager.get(`/front-door/children/${zaraChild}/triage`)).body);
				assert.match(n.delay, /^34 hours 30 minutes<br>/, "not marked late");
				assert.match(n.delay, /within 48 hours of the incident/);
			} finally {
				const now = await settings.timescales();
				await settings.setTimescaleOverrides(overrides.value, now.overrides.version, actor, "t");
			}
		});

		test("the domestic-abuse factors start as present, and are only the form's first values", async () => {
			const page = await manager.get(`/front-door/children/${zaraChild}/triage`);
			const checked = shown(page.body);
			assert.deepEqual(checked, {
				"factor-domestic-abuse-child": "present",
				"factor-domestic-abuse-parent": "present",
			});
			assert.match(
				page.body,
				/From the police notification, “Domestic abuse: the child” and “Domestic abuse: a parent or carer” start as present: confirm or change them/,
			);
			// Posted without them, they are unanswered: nothing is assumed for the manager.
			const version = (await childrenOfChild(zaraChild)).version;
			const {
				"factor-domestic-abuse-child": _c,
				"factor-domestic-abuse-parent": _p,
				"factors-domestic-abuse-reason": _r,
				...without
			} = triageForm(version, practitionerId);
			const res = await manager.post(`/front-door/children/${zaraChild}/triage`, without);
			assert.equal(res.statusCode, 400);
			assert.match(res.body, /<a href="#factor-domestic-abuse-child">Say whether Domestic abuse: the child is present/);
			assert.match(res.body, /<a href="#factor-domestic-abuse-parent">Say whether Domestic abuse: a parent or carer/);
			assert.deepEqual(
				Object.keys(shown(res.body)).filter((k) => k.startsWith("factor-domestic")),
				["factor-domestic-abuse-household"],
				"what was posted is shown again, not the pre-selection",
			);
			assert.equal(await triageCount(zaraChild), 0);
		});

		test("a high-risk DASH rated Green is refused without a reason in a sentence, and saved and shown with one", async () => {
			const version = (await childrenOfChild(zaraChild)).version;
			const green = triageForm(version, practitionerId, {
				rag: "green",
				thresholdLevel: "2",
				recommendation: "early-help",
				"factor-domestic-abuse-child": "not-known",
				"factor-domestic-abuse-parent": "present",
				"factors-domestic-abuse-reason": "",
			});
			for (const [reason, message] of [
				["", "The police assessed the risk as high (DASH): rate the child Amber or Red, or say why not"],
				["x", "The police assessed the risk as high (DASH): rate the child Amber or Red, or say in a sentence why not"],
			]) {
				const res = await manager.post(`/front-door/children/${zaraChild}/triage`, { ...green, urgencyReason: reason });
				assert.equal(res.statusCode, 400, reason);
				assert.match(res.body, /class="govuk-error-summary"/);
				assert.match(res.body, new RegExp(`<a href="#urgencyReason">${message.replace(/[()]/g, "\\$&")}`), reason);
				assert.match(res.body, /<textarea class="govuk-textarea govuk-textarea--error" id="urgencyReason"/);
			}
			assert.equal(await triageCount(zaraChild), 0, "nothing written");
			assert.equal(
				await t.testDb.db.kysely
					.selectFrom("next_step")
					.select((eb) => eb.fn.countAll<string>().as("n"))
					.where("contact_child_id", "=", zaraChild)
					.executeTakeFirstOrThrow()
					.then((r) => Number(r.n)),
				0,
			);
			const reason = "Mother has left with the children for a refuge and the police hold the father.";
			const saved = await manager.post(`/front-door/children/${zaraChild}/triage`, { ...green, urgencyReason: reason });
			assert.equal(saved.statusCode, 303, saved.body);
			const triage = await t.testDb.db.kysely
				.selectFrom("triage")
				.select(["rag", "urgency_reason"])
				.where("contact_child_id", "=", zaraChild)
				.executeTakeFirstOrThrow();
			assert.deepEqual(triage, { rag: "green", urgency_reason: reason });
			const factors = await t.testDb.db.kysely
				.selectFrom("triage_factor")
				.select(["risk_factor", "status"])
				.where("contact_child_id", "=", zaraChild)
				.where("risk_factor", "like", "domestic-abuse-%")
				.orderBy("risk_factor")
				.execute();
			assert.deepEqual(
				factors.map((f) => [f.risk_factor, f.status]),
				[
					["domestic-abuse-child", "not-known"],
					["domestic-abuse-household", "not-known"],
					["domestic-abuse-parent", "present"],
				],
				"the manager's change is kept",
			);
			const record = await manager.get(`/front-door/children/${zaraChild}`);
			assert.match(row(record.body, "Why the rating or urgency does not follow the risk"), new RegExp(reason));
			assert.match((await notice(record.body)).delay, /34 hours 30 minutes/);
		});

		test("the review and decision pages show the notification", async () => {
			const practitioner = await t.as("practitioner");
			const review = await practitioner.get(`/front-door/children/${zaraChild}/review`);
			assert.equal(review.statusCode, 200);
			let n = await notice(review.body);
			assert.match(n.delay, /34 hours 30 minutes.*Late/s);
			assert.match(n.risk, /DASH: High/);
			assert.equal(n.prior.length, 1);
			const version = String((await childrenOfChild(zaraChild)).version);
			const reviewed = await practitioner.post(`/front-door/children/${zaraChild}/review`, {
				version,
				confirmed: "yes",
			});
			assert.equal(reviewed.statusCode, 303, reviewed.body);
			const decision = await practitioner.get(`/front-door/children/${zaraChild}/decision`);
			assert.equal(decision.statusCode, 200);
			n = await notice(decision.body);
			assert.equal(n.incident, "21 November 2026 at 11:10pm");
			assert.match(n.risk, /DASH: High/);
			assert.match(n.prior[0], /Leo Hill \(Sibling\)/);
			// The manager signing off reads the notification and why the triage rated it Green.
			const decided = await practitioner.post(`/front-door/children/${zaraChild}/decision`, {
				version: String((await childrenOfChild(zaraChild)).version),
				outcome: "early-help",
				thresholdLevel: "2",
				earlyHelpTier: "targeted",
				familyAgreed: "yes",
				receivingTeamId: await teamId(t, "early-help"),
				rationale: "Mother has asked for help and is safe at the refuge with the children.",
			});
			assert.equal(decided.statusCode, 303, decided.body);
			const signOff = await (await t.as("senior-leader")).get(`/front-door/children/${zaraChild}/sign-off`);
			assert.equal(signOff.statusCode, 200);
			assert.match(
				row(signOff.body, "Why the rating or urgency does not follow the risk"),
				/Mother has left with the children for a refuge/,
			);
			assert.match((await notice(signOff.body)).risk, /DASH: High/);
		});

		test("an earlier notification about a restricted record is listed without its name or a link", async () => {
			// Leo's record is restricted to the senior leader: the practitioner may not open it (ADR 21).
			await t.testDb.db.kysely
				.insertInto("person_restriction")
				.values({
					person_id: leo,
					owner_id: await t.userIdFor("senior-leader"),
					reason: "A relative of his works in the front door.",
					restricted_at: t.clock.now,
				})
				.execute();
			const page = await (await t.as("practitioner")).get(`/front-door/children/${zaraChild}`);
			assert.equal(page.statusCode, 200);
			const n = await notice(page.body);
			assert.deepEqual(n.prior, [
				`${await reference(leoEarlier)}, received 20 November 2026 at 10:00am, risk assessment: DASH: Medium; about a restricted record`,
			]);
			assert.doesNotMatch(page.body, /Leo Hill/);
			assert.doesNotMatch(page.body, new RegExp(`href="/front-door/children/${leoEarlier}"`));
			// Its owner still reads it.
			const owner = await (await t.as("senior-leader")).get(`/front-door/children/${zaraChild}`);
			assert.match((await notice(owner.body)).prior[0], /about Leo Hill \(Sibling\)$/);
			await t.testDb.db.kysely.deleteFrom("person_restriction").where("person_id", "=", leo).execute();
		});

		test("a Red child with only steps a working day or more away is refused, nothing written", async () => {
			const mo = await addChild(t, "Mo", "Khan", "2014-07-07");
			const officer2 = await t.as("contact-officer");
			await officer2.get("/contacts/new");
			const res0 = await officer2.post("/contacts/new/details", contactForm([mo], { "received-time": "10:15" }));
			const id = /\/contacts\/([0-9a-f-]{36})/.exec(res0.headers.location as string)![1];
			const [child] = await childrenOf(id);
			await manager.get(`/front-door/children/${child.id}/triage`);
			const red = triageForm(child.version, practitionerId, {
				rag: "red",
				"step-0-urgency": "one-working-day",
				"step-1-action": "Ask the school how he is",
				"step-1-urgency": "three-working-days",
				"step-1-allocatedTo": practitionerId,
			});
			const res = await manager.post(`/front-door/children/${child.id}/triage`, red);
			assert.equal(res.statusCode, 400);
			assert.match(
				res.body,
				/<a href="#urgencyReason">This child is rated Red: give a next step within 4 hours or the same working day, or say why not<\/a>/,
			);
			assert.equal(await triageCount(child.id), 0);
			// A reason where nothing departs from the risk is refused rather than kept.
			const amber = await manager.post(`/front-door/children/${child.id}/triage`, {
				...red,
				rag: "amber",
				urgencyReason: "He is at his grandmother's until Friday and safe there.",
			});
			assert.equal(amber.statusCode, 400);
			assert.match(
				amber.body,
				/<a href="#urgencyReason">Only a triage whose rating or urgency does not follow the risk/,
			);
			const sameDay = await manager.post(`/front-door/children/${child.id}/triage`, {
				...red,
				"step-1-urgency": "same-day",
			});
			assert.equal(sameDay.statusCode, 303, sameDay.body);
			const page = await manager.get(`/front-door/children/${child.id}`);
			assert.doesNotMatch(page.body, /Why the rating or urgency does not follow the risk/);
		});
	});
});
