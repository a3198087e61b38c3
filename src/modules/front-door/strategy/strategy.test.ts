import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { errorMessages } from "../../../../test/support/error-summary.ts";
import {
	addChild,
	contactForm,
	finishNextSteps,
	postContact,
	triageForm,
} from "../../../../test/support/front-door.ts";

describe("strategy discussions, transfers and step-ups", () => {
	let t: TestApp;
	let officer: Client;
	let manager: Client;
	let practitioner: Client;
	let earlyHelp: Client;
	let assessmentTeam: string;
	let earlyHelpTeam: string;

	const db = () => t.testDb.db.kysely;
	const childRow = (id: string) =>
		db().selectFrom("contact_child").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
	const when = (name: string, time: string, day = "23") => ({
		[`${name}-day`]: day,
		[`${name}-month`]: "11",
		[`${name}-year`]: "2026",
		[`${name}-time`]: time,
	});

	/** Records a contact for one child and triages it; returns the child's workflow id. */
	async function triaged(personId: string, overrides: Record<string, string>, time = "09:15") {
		await officer.get("/contacts/new");
		// A second worry from the same referrer is warned of first: the officer checked, and it is new.
		const res = await postContact(officer, contactForm([personId], { "received-time": time }));
		const contactId = /\/contacts\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1];
		const row = await db()
			.selectFrom("contact_child")
			.selectAll()
			.where("contact_id", "=", contactId)
			.executeTakeFirstOrThrow();
		await manager.get(`/front-door/children/${row.id}/triage`);
		const saved = await manager.post(
			`/front-door/children/${row.id}/triage`,
			triageForm(row.version, practitioner.userId, overrides),
		);
		assert.equal(saved.statusCode, 303, "triage saved");
		return row.id;
	}

	async function decide(childId: string, form: Record<string, string>) {
		let c = await childRow(childId);
		await practitioner.get(`/front-door/children/${childId}/review`);
		await practitioner.post(`/front-door/children/${childId}/review`, { version: String(c.version), confirmed: "yes" });
		c = await childRow(childId);
		const res = await practitioner.post(`/front-door/children/${childId}/decision`, {
			version: String(c.version),
			...form,
		});
		assert.equal(res.statusCode, 303, "decision saved");
		c = await childRow(childId);
		await finishNextSteps(t, childId);
		await manager.get(`/front-door/children/${childId}/sign-off`);
		const signed = await manager.post(`/front-door/children/${childId}/sign-off`, {
			version: String(c.version),
			answer: "agree",
			comment: "Agreed: proportionate to what the enquiries found.",
		});
		assert.equal(signed.statusCode, 303, "signed off");
	}

	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		officer = await t.as("contact-officer");
		manager = await t.as("team-manager");
		practitioner = await t.as("practitioner");
		earlyHelp = await t.as("early-help");
		const team = (kind: string) =>
			db().selectFrom("team").select("id").where("kind", "=", kind).executeTakeFirstOrThrow();
		assessmentTeam = (await team("assessment")).id;
		earlyHelpTeam = (await team("early-help")).id;
	});
	after(async () => t.close());

	test("an immediate strategy discussion starts section 47, the conference clock, and needs sign-off", async () => {
		const person = await addChild(t, "Lily", "Marsh", "2016-02-10");
		const childId = await triaged(person, {
			rag: "red",
			immediateStrategyDiscussion: "yes",
			recommendation: "strategy-discussion",
		});
		assert.equal((await childRow(childId)).state, "strategy-discussion");
		const referral = await db()
			.selectFrom("referral")
			.selectAll()
			.where("contact_child_id", "=", childId)
			.executeTakeFirst();
		assert.ok(referral, "an immediate strategy discussion is a referral");

		await practitioner.get(`/front-door/children/${childId}/strategy-discussion`);
		const version = String((await childRow(childId)).version);
		const police = {
			"attendee-0-agency": "police",
			"attendee-0-name": "DS Khan",
			"attendee-0-role": "Detective Sergeant, child abuse investigation",
		};
		const thin = await practitioner.post(`/front-door/children/${childId}/strategy-discussion`, {
			version,
			...when("held", "10:00"),
			...police,
			nextStep: "s47",
			rationale: "Disclosure of assault by the stepfather.",
			receivingTeamId: assessmentTeam,
		});
		assert.equal(thin.statusCode, 400);
		assert.deepEqual(errorMessages(thin.body), [
			"Record at least two agencies that took part: a strategy discussion is between agencies",
			"Record who took part from children's social care, or say why children's social care could not take part",
			"Record who took part from health, or say why health could not take part",
			"Record the actions to protect the child",
		]);

		// Fields that do not parse beside the discussion's rules on those that did, all in one round.
		const everything = await practitioner.post(`/front-door/children/${childId}/strategy-discussion`, {
			version: "1.5",
			...when("held", "11:00"),
			"attendee-0-agency": "police",
			"attendee-0-name": "x".repeat(201),
			"attendee-2-agency": "Kent Police",
			nextStep: "s47",
			rationale: "",
			receivingTeamId: assessmentTeam,
			"action-2-action": "Mother to keep Lily away from the stepfather",
			"action-3-due-day": "31",
			"action-3-due-month": "2",
			"action-3-due-year": "2027",
		});
		assert.equal(everything.statusCode, 400);
		for (const message of [
			/This form is out of date/,
			/The name of attendee 1 must be 200 characters or fewer \(you entered 201\)/,
			/Select the agency of attendee 3 from the list/,
			/Record the reasons for the decision/,
			/The due date of action 4 must be a real date/,
			/When it was held must be in the past/,
			/Enter the role of attendee 1/,
			/Give action 1 an owner and a due date/,
		]) {
			assert.match(everything.body, message);
		}
		// The first action entered is in the form's third row: its problem points there.
		assert.match(everything.body, /href="#action-2-action"/);
		assert.match(everything.body, /href="#action-3-due-day"/);
		assert.equal((await db().selectFrom("strategy_discussion").select("id").execute()).length, 0);

		// Before the decision to hold it (the triage, at 10:00); an absence said in a word; a
		// reason for an agency that did take part. Every row keeps what was typed.
		const contradictory = await practitioner.post(`/front-door/children/${childId}/strategy-discussion`, {
			version,
			...when("held", "09:59"),
			...police,
			"attendee-3-agency": "csc",
			"attendee-3-name": "Sam Okafor",
			"attendee-3-role": "Social worker, front door",
			"absent-police": "The sergeant joined late.",
			"absent-health": "busy",
			nextStep: "s47",
			rationale: "Disclosure of assault by an adult in the household.",
			receivingTeamId: assessmentTeam,
			"action-0-action": "Mother to keep Lily away from the stepfather",
			"action-0-owner": "Social worker",
			"action-0-due-day": "24",
			"action-0-due-month": "11",
			"action-0-due-year": "2026",
		});
		assert.equal(contradictory.statusCode, 400);
		assert.deepEqual(errorMessages(contradictory.body), [
			"When it was held cannot be before the decision to hold it, 23 November 2026 at 10:00am",
			"Remove why the police could not take part: an attendee from the police is recorded",
			"Say in a sentence why health could not take part: who was asked and what they said",
		]);
		for (const kept of [
			/<option value="police" selected>Police<\/option>/,
			/<option value="csc" selected>Children&#39;s social care<\/option>/,
			/name="attendee-0-name"[^>]*value="DS Khan"/,
			/name="attendee-3-role"[^>]*value="Social worker, front door"/,
			/>The sergeant joined late\.<\/textarea>/,
		]) {
			assert.match(contradictory.body, kept);
		}
		assert.equal((await db().selectFrom("strategy_discussion").select("id").execute()).length, 0);

		const res = await practitioner.post(`/front-door/children/${childId}/strategy-discussion`, {
			version,
			...when("held", "10:00"),
			...police,
			"attendee-3-agency": "csc",
			"attendee-3-name": "Sam Okafor",
			"attendee-3-role": "Social worker, front door",
			"absent-health": "The named nurse was on leave and no cover could join at short notice.",
			nextStep: "s47",
			rationale: "Disclosure of assault by an adult in the household.",
			"action-0-action": "Mother to keep Lily away from the stepfather",
			"action-0-owner": "Social worker",
			"action-0-due-day": "24",
			"action-0-due-month": "11",
			"action-0-due-year": "2026",
			receivingTeamId: assessmentTeam,
		});
		assert.equal(res.statusCode, 303);
		assert.equal((await childRow(childId)).state, "awaiting-sign-off");
		const sd = await db().selectFrom("strategy_discussion").selectAll().executeTakeFirstOrThrow();
		// 15 working days from Monday 23 November 2026, 10:00: Monday 14 December, 10:00.
		assert.equal(sd.icpc_due_at?.toISOString(), "2026-12-14T10:00:00.000Z");
		assert.deepEqual(sd.attendees, [
			{ agency: "police", name: "DS Khan", role: "Detective Sergeant, child abuse investigation" },
			{ agency: "csc", name: "Sam Okafor", role: "Social worker, front door" },
		]);
		assert.deepEqual(sd.absences, [
			{ agency: "health", reason: "The named nurse was on leave and no cover could join at short notice." },
		]);
		const shownPage = await practitioner.get(`/front-door/children/${childId}/strategy-discussion`);
		assert.match(shownPage.body, /DS Khan, Detective Sergeant, child abuse investigation \(Police\)/);
		assert.match(shownPage.body, /Health could not take part: The named nurse was on leave/);

		// Section 47 enquiries may show no conference is needed: that takes a reason, within its limit.
		const notRequired = `/front-door/children/${childId}/strategy-discussion/${sd.id}/conference-not-required`;
		const noWhy = await practitioner.post(notRequired, { [`reason-${sd.id}`]: " " });
		assert.equal(noWhy.statusCode, 400);
		assert.match(noWhy.body, /Say why a conference is not required/);
		const tooLong = await practitioner.post(notRequired, { [`reason-${sd.id}`]: "x".repeat(4001) });
		assert.equal(tooLong.statusCode, 400);
		assert.match(tooLong.body, /The reason must be 4,000 characters or fewer \(you entered 4,001\)/);
		assert.match(tooLong.body, /x{4001}<\/textarea>/, "what was typed stays on the form");
		assert.equal(
			(await db().selectFrom("strategy_discussion").selectAll().executeTakeFirstOrThrow()).icpc_not_required_reason,
			null,
		);

		const c = await childRow(childId);
		await finishNextSteps(t, childId);
		await manager.get(`/front-door/children/${childId}/sign-off`);
		await manager.post(`/front-door/children/${childId}/sign-off`, {
			version: String(c.version),
			answer: "agree",
			comment: "Agreed: proportionate to what the enquiries found.",
		});
		assert.equal((await childRow(childId)).state, "awaiting-transfer");
		const transfer = await db()
			.selectFrom("transfer")
			.selectAll()
			.where("contact_child_id", "=", childId)
			.executeTakeFirstOrThrow();
		assert.equal(transfer.to_team_id, assessmentTeam);

		// The assessment team rejects: the child goes back to the front door for a new decision.
		const assessmentManager = await t.asUser("assessment.manager@demo.example");
		await assessmentManager.get(`/front-door/transfers/${transfer.id}`);
		const noReason = await assessmentManager.post(`/front-door/transfers/${transfer.id}`, { accept: "no" });
		assert.equal(noReason.statusCode, 400);
		assert.match(noReason.body, /Say why the transfer is rejected/);
		const rejected = await assessmentManager.post(`/front-door/transfers/${transfer.id}`, {
			accept: "no",
			reason: "The child lives in Medway: pass to that council.",
		});
		assert.equal(rejected.statusCode, 303);
		assert.equal((await childRow(childId)).state, "awaiting-decision");
		const page = await manager.get(`/front-door/children/${childId}`);
		assert.match(page.body, /lives in Medway/);
	});

	test("an immediate strategy discussion that decides early help sends an early-help transfer, which early help can follow up", async () => {
		const person = await addChild(t, "Ruby", "Cole", "2015-05-05");
		const childId = await triaged(
			person,
			{ rag: "red", immediateStrategyDiscussion: "yes", recommendation: "strategy-discussion" },
			"08:45",
		);
		await practitioner.get(`/front-door/children/${childId}/strategy-discussion`);
		const form = {
			version: String((await childRow(childId)).version),
			...when("held", "10:00"),
			"attendee-0-agency": "police",
			"attendee-0-name": "PC Ward",
			"attendee-0-role": "Domestic abuse officer",
			"attendee-1-agency": "health-school-nurse",
			"attendee-1-name": "Jo Bell",
			"attendee-1-role": "School nurse",
			"attendee-2-agency": "csc",
			"attendee-2-name": "Sam Okafor",
			"attendee-2-role": "Social worker, front door",
			nextStep: "early-help",
			rationale: "No significant harm; the family want help.",
			receivingTeamId: earlyHelpTeam,
		};
		// Early help is voluntary and comes in tiers: a step down without either is refused whole.
		const unagreed = await practitioner.post(`/front-door/children/${childId}/strategy-discussion`, {
			...form,
			familyAgreed: "no",
		});
		assert.equal(unagreed.statusCode, 400);
		assert.match(unagreed.body, /Select the early-help tier/);
		assert.match(unagreed.body, /Early help is voluntary: record the family&#39;s agreement/);
		assert.equal(
			(await db().selectFrom("strategy_discussion").select("id").where("contact_child_id", "=", childId).execute())
				.length,
			0,
		);
		const res = await practitioner.post(`/front-door/children/${childId}/strategy-discussion`, {
			...form,
			earlyHelpTier: "intensive",
			familyAgreed: "yes",
		});
		assert.equal(res.statusCode, 303);
		const discussion = await db()
			.selectFrom("strategy_discussion")
			.selectAll()
			.where("contact_child_id", "=", childId)
			.executeTakeFirstOrThrow();
		assert.equal(discussion.early_help_tier, "intensive");
		assert.equal(discussion.family_agreed, true);
		await finishNextSteps(t, childId);
		await manager.get(`/front-door/children/${childId}/sign-off`);
		await manager.post(`/front-door/children/${childId}/sign-off`, {
			version: String((await childRow(childId)).version),
			answer: "agree",
			comment: "Agreed: proportionate to what the enquiries found.",
		});
		const transfer = await db()
			.selectFrom("transfer")
			.selectAll()
			.where("contact_child_id", "=", childId)
			.executeTakeFirstOrThrow();
		assert.equal(transfer.to_team_id, earlyHelpTeam);
		assert.equal(transfer.kind, "early-help", "a step down to early help is an early-help transfer");
		assert.equal(transfer.early_help_tier, "intensive", "the receiving team sees the tier agreed");
		await earlyHelp.get(`/front-door/transfers/${transfer.id}`);
		assert.equal((await earlyHelp.post(`/front-door/transfers/${transfer.id}`, { accept: "yes" })).statusCode, 303);
		const first = await earlyHelp.post(
			`/front-door/transfers/${transfer.id}/first-contact`,
			when("contacted", "10:00"),
		);
		assert.equal(first.statusCode, 303, "early help records its first contact");
	});

	test("a discussion that ends in no further action: the out-of-hours worker cannot record it in office hours, and the child's record reads what it decided", async () => {
		const person = await addChild(t, "Maya", "Holt", "2013-01-20");
		const childId = await triaged(person, { rag: "red", thresholdLevel: "4", recommendation: "strategy-discussion" });
		await decide(childId, {
			outcome: "strategy-discussion",
			thresholdLevel: "4",
			rationale: "A bruise on the face the child cannot explain needs a strategy discussion.",
		});
		assert.equal((await childRow(childId)).state, "strategy-discussion");
		const form = {
			version: String((await childRow(childId)).version),
			...when("held", "10:00"),
			"attendee-0-agency": "csc",
			"attendee-0-name": "Sam Okafor",
			"attendee-0-role": "Social worker, front door",
			"attendee-1-agency": "police",
			"attendee-1-name": "DS Khan",
			"attendee-1-role": "Detective Sergeant",
			"attendee-2-agency": "health-gp",
			"attendee-2-name": "Dr Shah",
			"attendee-2-role": "Family GP",
			nextStep: "nfa",
			rationale: "The GP saw the fall at football; no agency holds any other worry.",
		};
		const url = `/front-door/children/${childId}/strategy-discussion`;
		const nightDuty = await t.as("out-of-hours");
		await nightDuty.get(url);
		const refused = await nightDuty.post(url, form);
		assert.equal(refused.statusCode, 403);
		assert.match(errorMessages(refused.body)[0], /^The out-of-hours service acts only when the day teams are closed/);
		assert.match(refused.body, /name="attendee-2-name"[^>]*value="Dr Shah"/, "what was typed is kept");
		const held = () =>
			db().selectFrom("strategy_discussion").select("id").where("contact_child_id", "=", childId).execute();
		assert.deepEqual(await held(), [], "nothing written");

		await practitioner.get(url);
		assert.equal((await practitioner.post(url, form)).statusCode, 303);
		await manager.get(`/front-door/children/${childId}/sign-off`);
		const signed = await manager.post(`/front-door/children/${childId}/sign-off`, {
			version: String((await childRow(childId)).version),
			answer: "agree",
			comment: "Agreed: no agency holds a worry that needs more.",
		});
		assert.equal(signed.statusCode, 303);
		assert.equal((await childRow(childId)).state, "closed");
		const page = await manager.get(`/front-door/children/${childId}`);
		// The triage's recommendation still reads as recommended; every outcome reads what the discussion decided.
		const outcomes = [
			...page.body.matchAll(/Outcome\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*([^<]*?)\s*<\/dd>/g),
		].map((m) => m[1]);
		assert.deepEqual(outcomes, [
			"Strategy discussion held: no further action",
			"Strategy discussion held: no further action",
		]);
		const decisions = await db()
			.selectFrom("decision")
			.select(["outcome", "strategy_next_step"])
			.where("contact_child_id", "=", childId)
			.orderBy("decided_at")
			.execute();
		assert.deepEqual(decisions.at(-1), { outcome: "strategy-discussion", strategy_next_step: "nfa" });
	});

	test("early help accepts a step-down and records first contact; a referral within 3 months is a step-up", async () => {
		const person = await addChild(t, "Noah", "Fenn", "2014-07-01");
		const childId = await triaged(person, { thresholdLevel: "2", rag: "green", recommendation: "early-help" }, "08:30");
		await decide(childId, {
			outcome: "early-help",
			thresholdLevel: "2",
			earlyHelpTier: "targeted",
			familyAgreed: "yes",
			receivingTeamId: earlyHelpTeam,
			rationale: "Family want help with routines.",
		});
		const transfer = await db()
			.selectFrom("transfer")
			.selectAll()
			.where("contact_child_id", "=", childId)
			.executeTakeFirstOrThrow();
		const list = await earlyHelp.get("/front-door/transfers");
		assert.match(list.body, /Noah Fenn/);
		await earlyHelp.get(`/front-door/transfers/${transfer.id}`);
		assert.equal((await earlyHelp.post(`/front-door/transfers/${transfer.id}`, { accept: "yes" })).statusCode, 303);
		assert.equal((await childRow(childId)).state, "closed");
		const future = await earlyHelp.post(
			`/front-door/transfers/${transfer.id}/first-contact`,
			when("contacted", "11:00", "24"),
		);
		assert.equal(future.statusCode, 400);
		const first = await earlyHelp.post(
			`/front-door/transfers/${transfer.id}/first-contact`,
			when("contacted", "09:55"),
		);
		assert.equal(first.statusCode, 400, "before the decision");
		assert.match(first.body, /must come after the decision/);
		const recorded = await earlyHelp.post(
			`/front-door/transfers/${transfer.id}/first-contact`,
			when("contacted", "10:00"),
		);
		assert.equal(recorded.statusCode, 303);

		// A worry that arrived before early help accepted the child is not a step-up from it.
		const arrivedFirst = await triaged(person, { recommendation: "assessment" }, "09:50");
		await decide(arrivedFirst, {
			outcome: "assessment",
			thresholdLevel: "3",
			receivingTeamId: assessmentTeam,
			rationale: "Already known to the police.",
		});
		const earlier = await db()
			.selectFrom("referral")
			.select("step_up_from_transfer_id")
			.where("contact_child_id", "=", arrivedFirst)
			.executeTakeFirstOrThrow();
		assert.equal(earlier.step_up_from_transfer_id, null);

		t.clock.now = new Date("2026-11-23T10:30:00Z");
		const again = await triaged(person, { recommendation: "assessment" }, "10:20");
		await decide(again, {
			outcome: "assessment",
			thresholdLevel: "3",
			receivingTeamId: assessmentTeam,
			rationale: "Neglect worse than early help found.",
		});
		const referral = await db()
			.selectFrom("referral")
			.selectAll()
			.where("contact_child_id", "=", again)
			.executeTakeFirstOrThrow();
		assert.equal(referral.step_up_from_transfer_id, transfer.id);
		const stepUps = await manager.get("/front-door/step-ups");
		assert.match(stepUps.body, /Noah Fenn/);
		assert.match(stepUps.body, /Family want help with routines/);
		// The list is a view of each child on it (ADR 19; test/view-log.test.ts walks the other lists).
		await t.app.services.accessLog.flush();
		const viewed = await db()
			.selectFrom("access_log")
			.select("record_id")
			.where("request_id", "=", String(stepUps.headers["x-request-id"]))
			.where("action", "=", "view")
			.execute();
		assert.ok(viewed.some((v) => v.record_id === again));
	});

	test("no conference after section 47 ends protection planning only when a manager agrees", async () => {
		const sd = await db()
			.selectFrom("strategy_discussion")
			.selectAll()
			.where("next_step", "=", "s47")
			.executeTakeFirstOrThrow();
		const childId = sd.contact_child_id;
		const base = `/front-door/children/${childId}/strategy-discussion/${sd.id}/conference-not-required`;
		const discussion = () =>
			db().selectFrom("strategy_discussion").selectAll().where("id", "=", sd.id).executeTakeFirstOrThrow();
		const confirmTask = () =>
			db()
				.selectFrom("task")
				.selectAll()
				.where("record_id", "=", childId)
				.where("kind", "=", "front-door.confirm-no-conference")
				.execute();
		await practitioner.get(`/front-door/children/${childId}/strategy-discussion`);

		// "x" says nothing about what the enquiries found.
		const curt = await practitioner.post(base, { [`reason-${sd.id}`]: "x" });
		assert.equal(curt.statusCode, 400);
		assert.match(curt.body, /Say in a sentence why a conference is not required/);

		// A practitioner's record waits for a manager; the conference stays due meanwhile.
		const asked = await practitioner.post(base, {
			[`reason-${sd.id}`]: "The medical found an accidental injury and the stepfather has moved out.",
		});
		assert.equal(asked.statusCode, 303);
		assert.equal((await discussion()).icpc_not_required_agreed_at, null);
		const [task] = await confirmTask();
		assert.equal(task.state, "open");
		assert.equal(task.owner_user_id, null, "the team managers' to answer");
		const page = await practitioner.get(`/front-door/children/${childId}/strategy-discussion`);
		assert.match(page.body, /Awaiting a manager/);
		assert.doesNotMatch(page.body, /Do you agree\?/, "a practitioner cannot answer it");
		const home = await manager.get("/");
		assert.match(home.body, /Agree no conference is needed/);

		// Only a manager answers, with reasons in a sentence; a second record is refused.
		const notAManager = await practitioner.post(`${base}/answer`, {
			[`answer-${sd.id}`]: "agree",
			[`note-${sd.id}`]: "I read the enquiries and the medical report.",
		});
		assert.equal(notAManager.statusCode, 403);
		await manager.get(`/front-door/children/${childId}/strategy-discussion`);
		const terse = await manager.post(`${base}/answer`, { [`answer-${sd.id}`]: "agree", [`note-${sd.id}`]: "ok" });
		assert.equal(terse.statusCode, 400);
		assert.match(terse.body, /Give your reasons in a sentence/);
		assert.equal((await discussion()).icpc_not_required_agreed_at, null, "nothing written");

		// Refused: the conference is due again, and the child's history says who refused and why.
		const refused = await manager.post(`${base}/answer`, {
			[`answer-${sd.id}`]: "refuse",
			[`note-${sd.id}`]: "The school's new disclosure needs a conference to consider it.",
		});
		assert.equal(refused.statusCode, 303);
		const cleared = await discussion();
		assert.equal(cleared.icpc_not_required_reason, null);
		assert.equal((await confirmTask())[0].state, "done");
		const history = await db()
			.selectFrom("contact_child_event")
			.select("event")
			.where("contact_child_id", "=", childId)
			.execute();
		assert.ok(history.some((e) => e.event === "conference-not-required-refused"));

		// Asked again and agreed by the manager: recorded, with who agreed and when.
		await practitioner.get(`/front-door/children/${childId}/strategy-discussion`);
		await practitioner.post(base, {
			[`reason-${sd.id}`]: "The school's disclosure was considered with the police and is unfounded.",
		});
		await manager.get(`/front-door/children/${childId}/strategy-discussion`);
		const agreed = await manager.post(`${base}/answer`, {
			[`answer-${sd.id}`]: "agree",
			[`note-${sd.id}`]: "I read the police check and the school's note of the disclosure.",
		});
		assert.equal(agreed.statusCode, 303);
		const done = await discussion();
		assert.equal(done.icpc_not_required_agreed_by, manager.userId);
		assert.ok(done.icpc_not_required_agreed_at);
		assert.deepEqual(
			(await confirmTask()).map((x) => x.state),
			["done", "done"],
		);
		const shown = await manager.get(`/front-door/children/${childId}/strategy-discussion`);
		assert.match(shown.body, /agreed by Morgan Manager/);
		const again = await practitioner.post(base, { [`reason-${sd.id}`]: "Recording it once more for the file." });
		assert.equal(again.statusCode, 409);
	});

	test("the step-up window runs from the step-down decision, and a child open to early help says so", async () => {
		/** Moves the clock, signing everyone in again: it may pass the idle sign-out. */
		const at = async (time: string) => {
			t.clock.now = new Date(`2026-11-23T${time}:00Z`);
			[officer, manager, practitioner, earlyHelp] = await Promise.all(
				(["contact-officer", "team-manager", "practitioner", "early-help"] as const).map((r) => t.as(r)),
			);
		};
		/** A contact received at `time`, triaged and decided as early help: the transfer's id and the child's. */
		const steppedDown = async (person: string, time: string) => {
			const child = await triaged(person, { thresholdLevel: "2", rag: "green", recommendation: "early-help" }, time);
			await decide(child, {
				outcome: "early-help",
				thresholdLevel: "2",
				earlyHelpTier: "targeted",
				familyAgreed: "yes",
				receivingTeamId: earlyHelpTeam,
				rationale: "Family want help with routines.",
			});
			const { id } = await db()
				.selectFrom("transfer")
				.select("id")
				.where("contact_child_id", "=", child)
				.executeTakeFirstOrThrow();
			return { transfer: id, child };
		};
		await at("12:00");
		const person = await addChild(t, "Lila", "Grant", "2015-02-02");
		const { transfer } = await steppedDown(person, "11:00");
		// A worry after the step-down, while early help has yet to answer, is a step-up from it.
		await at("12:30");
		const back = await triaged(person, { recommendation: "assessment" }, "12:20");
		await decide(back, {
			outcome: "assessment",
			thresholdLevel: "3",
			receivingTeamId: assessmentTeam,
			rationale: "The school reports a new injury.",
		});
		const referral = await db()
			.selectFrom("referral")
			.select("step_up_from_transfer_id")
			.where("contact_child_id", "=", back)
			.executeTakeFirstOrThrow();
		assert.equal(referral.step_up_from_transfer_id, transfer);

		// Accepted by early help: the child's record and a new contact's triage page say so.
		const other = await addChild(t, "Ava", "Grant", "2016-03-03");
		const { transfer: sent, child: first } = await steppedDown(other, "12:25");
		await at("12:40");
		await earlyHelp.get(`/front-door/transfers/${sent}`);
		assert.equal((await earlyHelp.post(`/front-door/transfers/${sent}`, { accept: "yes" })).statusCode, 303);
		const record = await manager.get(`/front-door/children/${first}`);
		assert.match(record.body, /Open to early help \([^)]+, targeted\) since 23 November 2026 at 12:40pm/);
		await officer.get("/contacts/new");
		const form = contactForm([other], {
			"received-time": "12:35",
			referrerName: "Dr Lee",
			referrerAgency: "GP surgery",
		});
		const res = await officer.post("/contacts/new/details", form);
		assert.equal(
			res.statusCode,
			303,
			res.body.slice(
				res.body.indexOf("govuk-error-summary__list"),
				res.body.indexOf("govuk-error-summary__list") + 600,
			),
		);
		const contactId = /\/contacts\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1];
		const next = await db()
			.selectFrom("contact_child")
			.select("id")
			.where("contact_id", "=", contactId)
			.executeTakeFirstOrThrow();
		const triagePage = await manager.get(`/front-door/children/${next.id}/triage`);
		assert.match(triagePage.body, /Open to early help \([^)]+\) since 23 November 2026 at 12:40pm/);
		// Lila went to assessment after her step-down was decided: not shown as open to early help.
		const lila = await manager.get(`/front-door/children/${back}`);
		assert.doesNotMatch(lila.body, /Open to early help/);
	});
});
