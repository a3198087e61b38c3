import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, countRows, createTestApp, type TestApp } from "../../../../test/support/app.ts";
import {
	addChild,
	contactForm,
	finishNextSteps,
	recordedChild,
	triaged,
	triageForm,
} from "../../../../test/support/front-door.ts";
import type { DB } from "../../../db/schema.ts";

describe("front door after triage: enquiries, agreement, review, decision, sign-off, feedback", () => {
	let t: TestApp;
	let officer: Client;
	let manager: Client;
	let practitioner: Client;
	let childId: string;
	let contactId: string;
	let teamId: string;

	const child = () =>
		t.testDb.db.kysely.selectFrom("contact_child").selectAll().where("id", "=", childId).executeTakeFirstOrThrow();
	const count = (table: keyof DB) => countRows(t, table);
	const when = (name: string, time = "09:40") => ({
		[`${name}-day`]: "23",
		[`${name}-month`]: "11",
		[`${name}-year`]: "2026",
		[`${name}-time`]: time,
	});

	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		officer = await t.as("contact-officer");
		manager = await t.as("team-manager");
		practitioner = await t.as("practitioner");
		const amy = await addChild(t, "Amy", "Rowe", "2018-04-02");
		await officer.get("/contacts/new");
		const res = await officer.post("/contacts/new/details", contactForm([amy]));
		contactId = /\/contacts\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1];
		const row = await t.testDb.db.kysely
			.selectFrom("contact_child")
			.selectAll()
			.where("contact_id", "=", contactId)
			.executeTakeFirstOrThrow();
		childId = row.id;
		teamId = (
			await t.testDb.db.kysely
				.selectFrom("team")
				.select("id")
				.where("kind", "=", "assessment")
				.executeTakeFirstOrThrow()
		).id;
		await manager.get(`/front-door/children/${childId}/triage`);
		const triaged = await manager.post(
			`/front-door/children/${childId}/triage`,
			triageForm(row.version, practitioner.userId),
		);
		assert.equal(triaged.statusCode, 303);
		await practitioner.get(`/front-door/children/${childId}/enquiries`);
	});
	after(async () => t.close());

	test("a decision before the review is refused with a code and writes nothing", async () => {
		const c = await child();
		const res = await practitioner.post(`/front-door/children/${childId}/decision`, {
			version: String(c.version),
			outcome: "nfa",
			thresholdLevel: "1",
			rationale: "Nothing in the enquiries needs a response.",
		});
		assert.equal(res.statusCode, 409);
		assert.match(res.body, /only after triage and the review/);
		assert.equal(await count("decision"), 0);
	});

	test("enquiries and conversations with parents are recorded, with bad input refused", async () => {
		const bad = await practitioner.post(`/front-door/children/${childId}/enquiries`, {
			agency: "",
			urgency: "same-day",
			...when("requested", "11:00"),
		});
		assert.equal(bad.statusCode, 400);
		assert.match(bad.body, /Enter the agency asked/);
		assert.match(bad.body, /cannot be made in the future/);
		assert.equal(await count("enquiry"), 0);
		const ok = await practitioner.post(`/front-door/children/${childId}/enquiries`, {
			agency: "Kent Police",
			urgency: "same-day",
			...when("requested"),
		});
		assert.equal(ok.statusCode, 303);
		const enquiry = await t.testDb.db.kysely.selectFrom("enquiry").selectAll().executeTakeFirstOrThrow();
		// Each form's problems, its fields' and its rules', come in one round.
		const rounds: [string, Record<string, string>, RegExp[]][] = [
			[
				"/enquiries",
				{ agency: "x".repeat(201), urgency: "tomorrow", ...when("requested", "11:00") },
				[
					/The agency must be 200 characters or fewer \(you entered 201\)/,
					/The enquiry cannot be made in the future/,
					/Choose when the answer is needed/,
				],
			],
			[
				`/enquiries/${enquiry.id}/answer`,
				{ [`response-${enquiry.id}`]: " ", ...when(`answered-${enquiry.id}`, "11:00") },
				[/Enter what the agency said/, /The answer cannot be in the future/],
			],
			[
				"/parents",
				{ withWhom: "", summary: "x".repeat(20_001), ...when("spoke", "11:00") },
				[
					/Enter who you spoke to/,
					/The conversation cannot be in the future/,
					/What was said must be 20,000 characters or fewer \(you entered 20,001\)/,
				],
			],
		];
		for (const [path, form, messages] of rounds) {
			const res = await practitioner.post(`/front-door/children/${childId}${path}`, form);
			assert.equal(res.statusCode, 400, path);
			for (const message of messages) assert.match(res.body, message, path);
		}
		assert.equal(await count("enquiry"), 1);
		assert.equal(await count("parent_conversation"), 0);
		assert.equal(enquiry.answered_at, null);
		const answered = await practitioner.post(`/front-door/children/${childId}/enquiries/${enquiry.id}/answer`, {
			[`response-${enquiry.id}`]: "Two call-outs this year for shouting; no injuries.",
			...when(`answered-${enquiry.id}`, "09:55"),
		});
		assert.equal(answered.statusCode, 303);
		const parent = await practitioner.post(`/front-door/children/${childId}/parents`, {
			withWhom: "Dawn Rowe (mother)",
			summary: "Mother says Amy fell in the playground.",
			...when("spoke", "09:50"),
		});
		assert.equal(parent.statusCode, 303);
		const page = await practitioner.get(`/front-door/children/${childId}`);
		assert.match(page.body, /Two call-outs this year/);
		assert.match(page.body, /Mother says Amy fell/);
	});

	test("sharing without agreement needs a rationale and a qualified authoriser; a contact officer can record it", async () => {
		await officer.get(`/front-door/children/${childId}/sharing`);
		const bare = {
			personName: "Dawn Rowe",
			agreement: "not-sought",
			informationShared: "yes",
			lawfulBasis: "public-task",
		};
		const refused = await officer.post(`/front-door/children/${childId}/sharing`, bare);
		assert.equal(refused.statusCode, 400);
		assert.match(refused.body, /Explain why agreement was not sought/);
		assert.match(refused.body, /who authorised sharing/);
		const everything = await officer.post(`/front-door/children/${childId}/sharing`, {
			...bare,
			personName: "x".repeat(201),
			lawfulBasis: "consent",
			authorisedBy: "someone",
		});
		assert.equal(everything.statusCode, 400);
		for (const message of [
			/The name of the person with parental responsibility must be 200 characters or fewer \(you entered 201\)/,
			/Select the registered social worker or manager who authorised sharing/,
			/Explain why agreement was not sought/,
			/Consent cannot be the lawful basis when agreement was not given/,
		]) {
			assert.match(everything.body, message);
		}
		assert.match(everything.body, /value="x{201}"/, "what was typed stays on the form");
		const unqualified = await officer.post(`/front-door/children/${childId}/sharing`, {
			...bare,
			rationale: "Asking could alert the adult who harmed her.",
			authorisedBy: officer.userId,
		});
		assert.equal(unqualified.statusCode, 400);
		assert.match(unqualified.body, /Only a registered social worker or a manager/);
		assert.equal(await count("information_sharing"), 0);
		const saved = await officer.post(`/front-door/children/${childId}/sharing`, {
			...bare,
			rationale: "Asking could alert the adult who harmed her.",
			authorisedBy: manager.userId,
		});
		assert.equal(saved.statusCode, 303);
		assert.equal(await count("information_sharing"), 1);

		// The named authoriser is asked in their own tray, and answers signed in as themselves.
		const row = await t.testDb.db.kysely
			.selectFrom("information_sharing")
			.select(["id", "authorisation"])
			.executeTakeFirstOrThrow();
		assert.equal(row.authorisation, "awaiting");
		assert.match((await manager.get("/")).body, /Authorise sharing without agreement/);
		const url = `/front-door/children/${childId}/sharing/${row.id}/authorise`;
		await practitioner.get(url);
		const notThem = await practitioner.post(url, {
			answer: "confirmed",
			note: "I agree that sharing this with the police was right.",
		});
		assert.equal(notThem.statusCode, 409);
		assert.match(notThem.body, /Only the person named as the authoriser can confirm or refuse this/);
		await manager.get(url);
		const vague = await manager.post(url, { answer: "confirmed", note: "ok" });
		assert.equal(vague.statusCode, 400);
		assert.match(vague.body, /Give your reasons in a sentence/);
		const answered = await manager.post(url, {
			answer: "confirmed",
			note: "Asking the mother would have alerted the adult who harmed Amy.",
		});
		assert.equal(answered.statusCode, 303);
		const after = await t.testDb.db.kysely
			.selectFrom("information_sharing")
			.select(["authorisation", "authorised_at"])
			.executeTakeFirstOrThrow();
		assert.equal(after.authorisation, "confirmed");
		assert.ok(after.authorised_at);
		assert.equal(
			(await manager.post(url, { answer: "refused", note: "Changing my mind about this one now." })).statusCode,
			409,
		);
	});

	test("the review lists each enquiry and its answer, and confirms only once every agency has answered or with why not", async () => {
		const asked = await practitioner.post(`/front-door/children/${childId}/enquiries`, {
			agency: "Oak Primary School",
			urgency: "same-day",
			...when("requested", "09:45"),
		});
		assert.equal(asked.statusCode, 303);
		const page = await practitioner.get(`/front-door/children/${childId}/review`);
		// On the page itself, with when each was asked: not only a link to the child's record.
		assert.match(
			page.body,
			/<td class="govuk-table__cell">Kent Police<\/td>\s*<td class="govuk-table__cell">23 November 2026 at 9:40am<\/td>/,
		);
		assert.match(page.body, /Two call-outs this year for shouting; no injuries\./);
		assert.match(
			page.body,
			/Oak Primary School<\/td>\s*<td class="govuk-table__cell">23 November 2026 at 9:45am<\/td>\s*<td[^>]*><strong[^>]*>No answer yet/,
		);
		assert.match(page.body, /Mother says Amy fell/);
		const c = await child();
		const version = String(c.version);
		const bare = await practitioner.post(`/front-door/children/${childId}/review`, { version, confirmed: "yes" });
		assert.equal(bare.statusCode, 400);
		assert.match(
			bare.body,
			/Oak Primary School has not answered yet: record the answer before you confirm the recommendation, or explain why it is not needed/,
		);
		const x = await practitioner.post(`/front-door/children/${childId}/review`, {
			version,
			confirmed: "yes",
			unansweredReason: "x",
		});
		assert.equal(x.statusCode, 400);
		assert.match(x.body, /Oak Primary School has not answered yet: explain in a sentence why the answer is not needed/);
		assert.match(x.body, /<textarea[^>]*id="unansweredReason"[^>]*>x<\/textarea>/, "what was typed is kept");
		assert.equal(await count("review"), 0, "nothing written");
		assert.equal((await child()).state, "enquiries");
	});

	test("the review refuses answers that contradict each other, saying how to give either, and keeps what was given", async () => {
		const c = await child();
		const contradictory = await practitioner.post(`/front-door/children/${childId}/review`, {
			version: String(c.version),
			confirmed: "yes",
			recommendation: "early-help",
			reason: "Police history raises the level of concern.",
			unansweredReason: "The school's answer cannot change a recommendation for an assessment.",
		});
		assert.equal(contradictory.statusCode, 400);
		const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(contradictory.body)?.[0] ?? "";
		assert.match(
			summary,
			/You confirmed the triage recommendation, &quot;Social work assessment \(section 17\)&quot;, but chose &quot;Early help&quot; as your recommendation now: choose &quot;No, change it&quot; to recommend &quot;Early help&quot;, or choose &quot;Social work assessment \(section 17\)&quot; here to confirm it/,
		);
		assert.match(summary, /You confirmed the recommendation, so it has no reason to change: clear this box/);
		assert.match(contradictory.body, /<input[^>]*name="recommendation"[^>]*value="early-help"[^>]*checked/);
		assert.match(contradictory.body, /<input[^>]*name="confirmed"[^>]*value="yes"[^>]*checked/);
		assert.match(contradictory.body, /Police history raises the level of concern\.<\/textarea>/);
		const same = await practitioner.post(`/front-door/children/${childId}/review`, {
			version: String(c.version),
			confirmed: "no",
			recommendation: "assessment",
			reason: "Police history raises the level of concern.",
		});
		assert.equal(same.statusCode, 400);
		assert.match(
			same.body,
			/The triage already recommends &quot;Social work assessment \(section 17\)&quot;: choose &quot;Yes, confirm it&quot;/,
		);
		assert.equal(await count("review"), 0, "nothing written");
	});

	test("the review changes the recommendation only with a reason", async () => {
		await practitioner.get(`/front-door/children/${childId}/review`);
		const c = await child();
		const everything = await practitioner.post(`/front-door/children/${childId}/review`, {
			version: "1.5",
			confirmed: "no",
			reason: "x".repeat(4001),
		});
		assert.equal(everything.statusCode, 400, "a version that is not a whole number is the form's problem, not a 500");
		for (const message of [
			/This form is out of date/,
			/The reason must be 4,000 characters or fewer \(you entered 4,001\)/,
			/Select the recommendation you now make/,
		]) {
			assert.match(everything.body, message);
		}
		const noReason = await practitioner.post(`/front-door/children/${childId}/review`, {
			version: String(c.version),
			confirmed: "no",
			recommendation: "early-help",
		});
		assert.equal(noReason.statusCode, 400);
		assert.match(noReason.body, /Explain why the enquiries change the recommendation/);
		assert.equal(await count("review"), 0);
		// Changing it needs no word on the school's answer: only confirming it does.
		const res = await practitioner.post(`/front-door/children/${childId}/review`, {
			version: String(c.version),
			confirmed: "no",
			recommendation: "strategy-discussion",
			reason: "Police history raises the level of concern.",
		});
		assert.equal(res.statusCode, 303);
		assert.equal((await child()).state, "awaiting-decision");
		const review = await t.testDb.db.kysely.selectFrom("review").selectAll().executeTakeFirstOrThrow();
		assert.deepEqual([review.recommendation, review.unanswered_reason], ["strategy-discussion", null]);
	});

	test("a decision that does not fit the level needs a reason; a referral is made for a social-work response", async () => {
		const page = await practitioner.get(`/front-door/children/${childId}/decision`);
		// The form starts from the reviewed recommendation.
		assert.match(page.body, /<input[^>]*name="outcome"[^>]*value="strategy-discussion"[^>]*checked/);
		const c = await child();
		const form = {
			version: String(c.version),
			outcome: "assessment",
			thresholdLevel: "2",
			rationale: "Needs a full assessment of the home.",
			receivingTeamId: teamId,
		};
		const everything = await practitioner.post(`/front-door/children/${childId}/decision`, {
			...form,
			version: "1.5",
			outcome: "early-help",
			thresholdLevel: "4",
			rationale: "x".repeat(4001),
			receivingTeamId: "north",
		});
		assert.equal(everything.statusCode, 400);
		for (const message of [
			/This form is out of date/,
			/Select the team the child goes to/,
			/The rationale must be 4,000 characters or fewer \(you entered 4,001\)/,
			/does not usually follow from this level/,
			/Select the early-help tier/,
			/Early help is voluntary: record the family&#39;s agreement/,
		]) {
			assert.match(everything.body, message);
		}
		assert.match(everything.body, /<input[^>]*name="outcome"[^>]*value="early-help"[^>]*checked/);
		assert.equal(await count("decision"), 0);
		const mismatch = await practitioner.post(`/front-door/children/${childId}/decision`, form);
		assert.equal(mismatch.statusCode, 400);
		assert.match(mismatch.body, /does not usually follow from this level/);
		// The review recommended a strategy discussion: an assessment instead says why.
		const departs = await practitioner.post(`/front-door/children/${childId}/decision`, {
			...form,
			thresholdLevel: "4",
			departureReason: "x",
		});
		assert.equal(departs.statusCode, 400);
		assert.match(
			departs.body,
			/The review recommended &quot;Strategy discussion \(section 47\)&quot;: explain in a sentence why the decision is different/,
		);
		assert.match(departs.body, /<textarea[^>]*id="departureReason"[^>]*>x<\/textarea>/, "what was typed is kept");
		assert.match(departs.body, /<input[^>]*name="outcome"[^>]*value="assessment"[^>]*checked/);
		assert.equal(await count("decision"), 0, "nothing written");
		const res = await practitioner.post(`/front-door/children/${childId}/decision`, {
			...form,
			thresholdLevel: "4",
			departureReason: "The mother is protective: an assessment, not section 47, is proportionate.",
		});
		assert.equal(res.statusCode, 303);
		const after = await child();
		assert.equal(after.state, "awaiting-sign-off");
		assert.equal(after.outcome, "assessment");
		const referral = await t.testDb.db.kysely.selectFrom("referral").selectAll().executeTakeFirstOrThrow();
		assert.equal(referral.referral_date.toISOString(), after.received_at.toISOString());
		assert.equal(referral.re_referral, false);
	});

	test("closing without sign-off is impossible; the decision maker cannot sign off their own decision", async () => {
		const c = await child();
		const feedbackEarly = await officer.post(`/front-door/children/${childId}/feedback`, {
			method: "phone",
			summary: "Told the school the outcome.",
			...when("given"),
		});
		assert.equal(feedbackEarly.statusCode, 409);
		assert.match(feedbackEarly.body, /once the decision is signed off/);
		const notAManager = await practitioner.post(`/front-door/children/${childId}/sign-off`, {
			version: String(c.version),
			comment: "Fine",
		});
		assert.equal(notAManager.statusCode, 403);
		const list = await manager.get("/front-door/sign-off");
		assert.match(list.body, /Amy Rowe/);
		assert.doesNotMatch(list.body, /decided by one person/);
		const signing = await manager.get(`/front-door/children/${childId}/sign-off`);
		assert.match(
			signing.body,
			/Why it differs from the review\s*<\/dt>\s*<dd[^>]*>\s*The mother is protective: an assessment, not section 47, is proportionate\./,
		);
		assert.match(signing.body, /Triaged by\s*<\/dt>\s*<dd[^>]*>\s*Morgan Manager/);
		assert.match(signing.body, /Reviewed by\s*<\/dt>\s*<dd[^>]*>\s*Priya Practitioner/);
		assert.doesNotMatch(signing.body, /by the same person/, "triaged by one, reviewed and decided by another");
		const both = await manager.post(`/front-door/children/${childId}/sign-off`, { version: "1.5", comment: "" });
		assert.equal(both.statusCode, 400);
		assert.match(both.body, /This form is out of date/);
		assert.match(both.body, /Say whether you agree with the decision/);
		assert.match(both.body, /Add a sign-off comment/);
		// A stamp is not oversight: "Fine" says nothing of what was checked.
		const stamp = await manager.post(`/front-door/children/${childId}/sign-off`, {
			version: String(c.version),
			answer: "agree",
			comment: "Fine",
		});
		assert.equal(stamp.statusCode, 400);
		assert.match(stamp.body, /Say in a sentence what you checked, or what must change/);
		const long = await manager.post(`/front-door/children/${childId}/sign-off`, {
			version: String(c.version),
			answer: "agree",
			comment: "x ".repeat(2001),
		});
		assert.equal(long.statusCode, 400);
		assert.match(long.body, /The sign-off comment must be 4,000 characters or fewer \(you entered 4,001\)/);
		const empty = await manager.post(`/front-door/children/${childId}/sign-off`, {
			version: String(c.version),
			answer: "agree",
			comment: "",
		});
		assert.equal(empty.statusCode, 400);
		assert.match(empty.body, /Add a sign-off comment/);
		// The child cannot leave the front door with a next step nobody has finished.
		const stepsOpen = await manager.post(`/front-door/children/${childId}/sign-off`, {
			version: String(c.version),
			answer: "agree",
			comment: "Agree: the police history and the disclosure need an assessment.",
		});
		assert.equal(stepsOpen.statusCode, 409);
		assert.match(
			stepsOpen.body,
			/A next step is still open: &quot;Check with the GP and health visitor&quot; \(Priya Practitioner\)/,
		);
		await finishNextSteps(t, childId);
		const res = await manager.post(`/front-door/children/${childId}/sign-off`, {
			version: String(c.version),
			answer: "agree",
			comment: "Agree: the police history and the disclosure need an assessment.",
		});
		assert.equal(res.statusCode, 303);
		const after = await child();
		assert.equal(after.state, "awaiting-transfer");
		const transfer = await t.testDb.db.kysely.selectFrom("transfer").selectAll().executeTakeFirstOrThrow();
		assert.equal(transfer.to_team_id, teamId);
	});

	test("feedback to the referrer is owed after sign-off and recorded once", async () => {
		const owed = await officer.get("/front-door/feedback");
		assert.match(owed.body, /Amy Rowe/);
		await officer.get(`/front-door/children/${childId}/feedback`);
		const res = await officer.post(`/front-door/children/${childId}/feedback`, {
			method: "phone",
			summary: "Told Pat Teacher a social worker will assess.",
			...when("given", "10:00"),
		});
		assert.equal(res.statusCode, 303);
		const again = await officer.post(`/front-door/children/${childId}/feedback`, {
			method: "email",
			summary: "Told them again by email the same day.",
			...when("given", "10:00"),
		});
		assert.equal(again.statusCode, 409);
		assert.match(again.body, /already recorded/);
		assert.doesNotMatch((await officer.get("/front-door/feedback")).body, /Amy Rowe/);
		const history = await t.testDb.db.kysely
			.selectFrom("contact_child_event")
			.select("event")
			.where("contact_child_id", "=", childId)
			.orderBy("id")
			.execute();
		assert.deepEqual(
			history.map((h) => h.event),
			[
				"recorded",
				"triage",
				"enquiry",
				"enquiry-answered",
				"parent-conversation",
				"information-sharing",
				"sharing-authorised",
				"enquiry",
				"review",
				"decide",
				"next-step-done",
				"sign-off",
				"feedback",
			],
		);
	});

	test("the dashboard counts the child, and each figure lists the children behind it", async () => {
		const page = await manager.get("/dashboard");
		assert.equal(page.statusCode, 200);
		const figure = (label: string) => {
			const m = new RegExp(
				`${label}</dt><dd class="govuk-summary-list__value">(?:<a class="govuk-link" href="([^"]+)">)?([^<]+)`,
			).exec(page.body);
			return { href: m?.[1]?.replaceAll("&amp;", "&"), value: m?.[2] };
		};
		assert.equal(figure("Referrals").value, "1");
		assert.equal(figure("Contact-to-referral conversion").value, "100%");
		assert.equal(figure("Information shared without agreement").value, "1");
		assert.equal(figure("… and without a rationale \\(should be none\\)").value, "0");
		assert.equal(figure("Feedback owed to referrers").value, "0");
		const list = await manager.get(figure("Information shared without agreement").href as string);
		assert.equal(list.statusCode, 200);
		assert.match(list.body, /Amy Rowe/);
		const bad = await manager.get("/dashboard?from=2026-13&to=2026-11");
		assert.equal(bad.statusCode, 400);
		assert.match(bad.body, /Enter months as YYYY-MM/);
		const analyst = await t.as("analyst");
		const figures = await analyst.get("/dashboard");
		assert.equal(figures.statusCode, 200);
		assert.doesNotMatch(figures.body, /dashboard\/children/, "analysts see figures, not lists of children");
	});

	test("one person who triaged, reviewed and decided is recorded, and the manager signing off is told", async () => {
		const id = await recordedChild(t, await addChild(t, "Cara", "Lowe", "2016-06-06"), "09:20");
		await triaged(t, id);
		const version = async () =>
			String(
				(
					await t.testDb.db.kysely
						.selectFrom("contact_child")
						.select("version")
						.where("id", "=", id)
						.executeTakeFirstOrThrow()
				).version,
			);
		await practitioner.post(`/front-door/children/${id}/enquiries`, {
			agency: "Kent Police",
			urgency: "same-day",
			...when("requested", "09:30"),
		});
		await manager.get(`/front-door/children/${id}/review`);
		const why = "The police were asked only for history, which cannot make an assessment less needed.";
		const review = await manager.post(`/front-door/children/${id}/review`, {
			version: await version(),
			confirmed: "yes",
			unansweredReason: why,
		});
		assert.equal(review.statusCode, 303);
		const kept = await t.testDb.db.kysely
			.selectFrom("review")
			.select("unanswered_reason")
			.where("contact_child_id", "=", id)
			.executeTakeFirstOrThrow();
		assert.equal(kept.unanswered_reason, why);
		const event = await t.testDb.db.kysely
			.selectFrom("contact_child_event")
			.select("detail")
			.where("contact_child_id", "=", id)
			.where("event", "=", "review")
			.executeTakeFirstOrThrow();
		const enquiry = await t.testDb.db.kysely
			.selectFrom("enquiry")
			.select("id")
			.where("contact_child_id", "=", id)
			.executeTakeFirstOrThrow();
		assert.deepEqual(
			(event.detail as { unanswered: string[] }).unanswered,
			[enquiry.id],
			"the review's history names the enquiry it did not wait for",
		);
		await manager.get(`/front-door/children/${id}/decision`);
		const decided = await manager.post(`/front-door/children/${id}/decision`, {
			version: await version(),
			outcome: "assessment",
			thresholdLevel: "4",
			receivingTeamId: teamId,
			rationale: "Hunger and a bruise need a full assessment of the home.",
		});
		assert.equal(decided.statusCode, 303);
		const decision = await t.testDb.db.kysely
			.selectFrom("decision")
			.selectAll()
			.where("contact_child_id", "=", id)
			.executeTakeFirstOrThrow();
		assert.equal(decision.one_person, true);
		const leader = await t.as("senior-leader");
		const list = await leader.get("/front-door/sign-off");
		assert.match(list.body, /Cara Lowe[\s\S]*?Triaged, reviewed and decided by one person/);
		const page = await leader.get(`/front-door/children/${id}/sign-off`);
		assert.match(
			page.body,
			/govuk-warning-text[\s\S]*?Triaged, reviewed and decided by the same person: Morgan Manager\./,
		);
		assert.match(page.body, /Confirmed before every agency answered: The police were asked only for history/);
		const record = await leader.get(`/front-door/children/${id}`);
		assert.match(record.body, /Triaged, reviewed and decided by the same person/);
		assert.match(record.body, /Confirmed before every agency answered: The police were asked only for history/);
	});

	test("out of hours, one worker alone triages, reviews and decides: the day team's list shows the chain", async () => {
		t.clock.now = new Date("2026-11-23T21:00:00Z");
		const night = await t.as("out-of-hours");
		const officer = await t.as("contact-officer");
		const person = await addChild(t, "Dan", "Lowe", "2012-02-02");
		await officer.get("/contacts/new");
		const recorded = await officer.post("/contacts/new/details", contactForm([person], { "received-time": "20:30" }));
		assert.equal(recorded.statusCode, 303);
		const row = await t.testDb.db.kysely
			.selectFrom("contact_child")
			.selectAll()
			.where("person_id", "=", person)
			.executeTakeFirstOrThrow();
		const version = async () =>
			String(
				(
					await t.testDb.db.kysely
						.selectFrom("contact_child")
						.select("version")
						.where("id", "=", row.id)
						.executeTakeFirstOrThrow()
				).version,
			);
		await night.get(`/front-door/children/${row.id}/triage`);
		const triage = await night.post(`/front-door/children/${row.id}/triage`, triageForm(row.version, night.userId));
		assert.equal(triage.statusCode, 303, "triaged");
		await night.get(`/front-door/children/${row.id}/review`);
		assert.equal(
			(await night.post(`/front-door/children/${row.id}/review`, { version: await version(), confirmed: "yes" }))
				.statusCode,
			303,
		);
		await night.get(`/front-door/children/${row.id}/decision`);
		const decided = await night.post(`/front-door/children/${row.id}/decision`, {
			version: await version(),
			outcome: "assessment",
			thresholdLevel: "4",
			receivingTeamId: teamId,
			rationale: "The bruise needs a full assessment of the home tomorrow.",
			aloneOnDuty: "yes",
		});
		assert.equal(decided.statusCode, 303);
		const decision = await t.testDb.db.kysely
			.selectFrom("decision")
			.selectAll()
			.where("contact_child_id", "=", row.id)
			.executeTakeFirstOrThrow();
		assert.deepEqual([decision.out_of_hours_alone, decision.one_person], [true, true]);
		t.clock.now = new Date("2026-11-24T09:30:00Z");
		const day = await t.as("team-manager");
		const list = await day.get("/front-door/sign-off");
		assert.match(list.body, /Dan Lowe[\s\S]*?Out of hours, alone[\s\S]*?Triaged, reviewed and decided by one person/);
		const page = await day.get(`/front-door/children/${row.id}/sign-off`);
		assert.match(
			page.body,
			/Triaged, reviewed and decided by the same person: Owen Nightduty\. [^<]*They were alone on out-of-hours duty\./,
		);
	});
});
