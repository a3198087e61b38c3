import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, createTestApp, type TestApp } from "../../../../test/support/app.ts";
import { errorMessages, errorSummary } from "../../../../test/support/error-summary.ts";
import { addChild, recordDescribed } from "../../../../test/support/front-door.ts";
import { describedQuery, readDescribed } from "../../../domain/front-door/described.ts";
import { decodeKey, encodeKey } from "./paging.ts";
import { MATCH_QUEUE_PAGE } from "./service.ts";

const UNKNOWN = "00000000-0000-4000-8000-000000000000";

describe("matching: pure parts", () => {
	test("a stored description is read whatever its shape, and bad identifiers are left out of the search", () => {
		assert.deepEqual(readDescribed('{"givenName":" Maisy ","familyName":"Hollins","dateOfBirth":5}'), {
			givenName: "Maisy",
			familyName: "Hollins",
			dateOfBirth: null,
			nhsNumber: null,
			postcode: null,
		});
		assert.equal(readDescribed("not json").givenName, null);
		const q = describedQuery({
			givenName: "Maisy",
			familyName: "Hollins",
			dateOfBirth: "2017-02-30",
			nhsNumber: "123",
			postcode: "me14 1xq",
		});
		assert.deepEqual(q, { given: "Maisy", family: "Hollins", postcode: "ME14 1XQ" });
		assert.deepEqual(describedQuery({ ...readDescribed({}), dateOfBirth: "2017-06-14" }).dob, {
			year: 2017,
			month: 6,
			day: 14,
		});
	});

	test("a queue key survives the address and a forged one is ignored", () => {
		const key = { at: "2026-11-23T09:15:00.123456Z", id: UNKNOWN };
		assert.deepEqual(decodeKey(encodeKey(key)), key);
		for (const bad of ["", "x", `2026-02-30T09:15:00.000000Z_${UNKNOWN}`, "2026-11-23T09:15:00.123456Z_nope", 7]) {
			assert.equal(decodeKey(bad), null, String(bad));
		}
	});
});

describe("matching: children an agency described", () => {
	let t: TestApp;
	let officer: Client;
	let manager: Client;
	let maisie: string;
	let jayden: string;

	before(async () => {
		t = await createTestApp();
		// Monday 23 November 2026, 10:00 in London (GMT).
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		officer = await t.as("contact-officer");
		manager = await t.as("team-manager");
		maisie = await addChild(t, "Maisie", "Hollins", "2017-06-14");
		jayden = await addChild(t, "Jayden", "Hollins", "2013-01-05");
	});
	after(async () => t.close());

	const db = () => t.testDb.db.kysely;
	const childRow = (id: string) =>
		db().selectFrom("contact_child").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
	/** Everything a match writes: a refused match must leave each of these as it was. */
	const written = async (childId: string) => {
		const child = await childRow(childId);
		const events = await db()
			.selectFrom("contact_child_event")
			.select((eb) => eb.fn.countAll().as("n"))
			.where("contact_child_id", "=", childId)
			.executeTakeFirstOrThrow();
		const changes = await db()
			.selectFrom("access_log")
			.select((eb) => eb.fn.countAll().as("n"))
			.where("action", "in", ["create", "update"])
			.executeTakeFirstOrThrow();
		return {
			state: child.state,
			person: child.person_id,
			version: child.version,
			events: Number(events.n),
			changes: Number(changes.n),
		};
	};
	const form = async (childId: string, personId: string, client = officer) => {
		await client.get(`/front-door/children/${childId}/match`);
		return { personId, version: String((await childRow(childId)).version) };
	};

	test("the queue says so when no child is waiting, and the triage page shows no count", async () => {
		const res = await officer.get("/front-door/matching");
		assert.equal(res.statusCode, 200);
		assert.match(res.body, /0 children waiting/);
		assert.match(res.body, /No children are waiting to be matched/);
		assert.doesNotMatch((await manager.get("/triage?team=all")).body, /waiting to be matched/);
	});

	test("the queue lists described children oldest first with what the agency said and the wait", async () => {
		await recordDescribed(t, [{ givenName: "Newer", familyName: "Child" }], {
			receivedAt: new Date("2026-11-23T09:30:00Z"),
		});
		await recordDescribed(
			t,
			[
				{
					givenName: "Maisy",
					familyName: "Hollins",
					dateOfBirth: "2017-06-14",
					nhsNumber: "943 476 5919",
					postcode: "ME14 1XQ",
				},
			],
			{ receivedAt: new Date("2026-11-23T08:00:00Z") },
		);
		const res = await officer.get("/front-door/matching");
		assert.equal(res.statusCode, 200);
		assert.match(res.body, /2 children waiting/);
		const names = [...res.body.matchAll(/\/match">([^<]+)<\/a>/g)].map((m) => m[1]);
		assert.deepEqual(names, ["Maisy Hollins", "Newer Child"]);
		assert.match(res.body, /14 June 2017/);
		assert.match(res.body, /943 476 5919/);
		assert.match(res.body, /ME14 1XQ/);
		assert.match(res.body, /Demo Police/);
		assert.match(res.body, /Police/);
		// Received 08:00, office hours from 09:00: one hour's wait at 10:00.
		assert.match(res.body, /1 office hours/);
		const triage = await manager.get("/triage?team=all");
		assert.match(triage.body, /2 children waiting to be matched/);
	});

	test("the match page shows the agency's description and the likely person first, with why; the view is logged", async () => {
		const { childIds } = await recordDescribed(t, [
			{ givenName: "Maisy", familyName: "Hollins", dateOfBirth: "2017-06-14", postcode: "ME14 1XQ" },
		]);
		const res = await officer.get(`/front-door/children/${childIds[0]}/match`);
		assert.equal(res.statusCode, 200, res.body.slice(0, 500));
		assert.match(res.body, /What the agency said/);
		assert.match(res.body, /<h1 class="govuk-heading-l">Match Maisy Hollins to a person<\/h1>/);
		assert.match(res.body, /Maisy/);
		const firstCandidate = /<tbody[\s\S]*?href="\/people\/([0-9a-f-]{36})">([^<]+)<\/a>[\s\S]*?<\/tr>/.exec(res.body);
		assert.ok(firstCandidate, "a candidate is listed");
		assert.equal(firstCandidate[1], maisie);
		assert.equal(firstCandidate[2], "Maisie Hollins");
		assert.match(firstCandidate[0], /date of birth/i, "the reasons say why it matched");
		assert.match(res.body, new RegExp(`name="personId" value="${maisie}"`));
		assert.match(res.body, /Add a new person/);
		await t.app.services.accessLog.flush();
		const views = await db()
			.selectFrom("access_log")
			.select("user_id")
			.where("action", "=", "view")
			.where("record_type", "=", "contact-child")
			.where("record_id", "=", childIds[0])
			.execute();
		assert.deepEqual(
			views.map((v) => v.user_id),
			[officer.userId],
		);
	});

	test("searching again with other terms replaces the agency's", async () => {
		const { childIds } = await recordDescribed(t, [{ givenName: "Unknown", familyName: "Child" }]);
		const res = await officer.get(
			`/front-door/children/${childIds[0]}/match?q=&given=Jayden&family=Hollins&dob-day=&dob-month=&dob-year=2013`,
		);
		assert.equal(res.statusCode, 200);
		assert.match(res.body, /Found by the terms you searched for/);
		assert.match(res.body, new RegExp(`name="personId" value="${jayden}"`));
		const empty = await officer.get(`/front-door/children/${childIds[0]}/match?q=&given=&family=`);
		assert.equal(empty.statusCode, 400);
		assert.match(empty.body, /govuk-error-summary/);
		assert.match(empty.body, /href="#given"/);
	});

	test("each refusal is explained and writes nothing", async () => {
		const { contactId, childIds } = await recordDescribed(
			t,
			[{ givenName: "Jaden", familyName: "Hollins", dateOfBirth: "2013-01-05" }],
			{ personIds: [jayden] },
		);
		assert.ok(contactId);
		const child = childIds[0];
		const survivor = await addChild(t, "Ellis", "Carter", "2016-03-01");
		const merged = await addChild(t, "Elis", "Carter", "2016-03-01");
		await db().updateTable("person").set({ merged_into: survivor }).where("id", "=", merged).execute();
		const before = await written(child);

		const cases: [string, RegExp][] = [
			["not-a-uuid", /Choose the person to match/],
			["", /Choose the person to match/],
			[UNKNOWN, /The person chosen is not known/],
			[merged, /has been merged into Ellis Carter/],
			[jayden, /Jayden Hollins \(.*\) is already a child on contact C/],
		];
		for (const [personId, message] of cases) {
			const res = await officer.post(`/front-door/children/${child}/match`, await form(child, personId));
			assert.equal(res.statusCode, 400, `${personId}: ${res.statusCode}`);
			assert.match(res.body, /govuk-error-summary/, personId);
			assert.match(res.body, message, personId);
			assert.match(res.body, /href="#personId"/, personId);
			if (personId === merged) {
				assert.match(res.body, new RegExp(`name="personId" value="${survivor}"`), "the survivor is offered");
			}
			assert.deepEqual(await written(child), before, personId);
		}

		// A version that is not a whole number is a form out of date, reported with the missing person at once.
		await officer.get(`/front-door/children/${child}/match`);
		const both = await officer.post(`/front-door/children/${child}/match`, { personId: "", version: "1.5" });
		assert.equal(both.statusCode, 400);
		assert.deepEqual(errorSummary(both.body), [
			{ href: "#version", text: "This form is out of date: go back to the record, reload it and try again" },
			{ href: "#personId", text: "Choose the person to match to this child" },
		]);
		assert.match(both.body, /<div id="version" class="govuk-error-message">/);
		assert.deepEqual(await written(child), before);

		for (const id of [UNKNOWN, "not-a-child"]) {
			const get = await officer.get(`/front-door/children/${id}/match`);
			assert.equal(get.statusCode, 404, id);
			const post = await officer.post(`/front-door/children/${id}/match`, { personId: maisie, version: "1" });
			assert.equal(post.statusCode, 404, id);
			assert.doesNotMatch(post.body, /at Object|Error:/);
		}

		const inspector = await t.as("inspector");
		const seen = await inspector.get(`/front-door/children/${child}/match`);
		assert.equal(seen.statusCode, 200);
		assert.doesNotMatch(
			seen.body,
			/Match <span class="govuk-visually-hidden">/,
			"no match buttons for a read-only role",
		);
		const denied = await inspector.post(`/front-door/children/${child}/match`, { personId: jayden, version: "1" });
		assert.equal(denied.statusCode, 403);
		const analyst = await t.as("analyst");
		assert.equal((await analyst.get("/front-door/matching")).statusCode, 403);
		assert.deepEqual(await written(child), before);
	});

	test("a match moves the child to triage with its history and log; a second worker is told who got there first", async () => {
		const { childIds } = await recordDescribed(t, [
			{ givenName: "Maisy", familyName: "Holins", dateOfBirth: "2017-06-14" },
		]);
		const child = childIds[0];
		const late = await form(child, jayden, officer);
		const first = await manager.post(`/front-door/children/${child}/match`, await form(child, maisie, manager));
		assert.equal(first.statusCode, 303, first.body.slice(0, 800));
		assert.equal(first.headers.location, `/front-door/children/${child}?saved=matched`);

		const row = await childRow(child);
		assert.equal(row.state, "awaiting-triage");
		assert.equal(row.person_id, maisie);
		const event = await db()
			.selectFrom("contact_child_event")
			.selectAll()
			.where("contact_child_id", "=", child)
			.where("event", "=", "match")
			.executeTakeFirstOrThrow();
		assert.equal(event.from_state, "awaiting-match");
		assert.equal(event.to_state, "awaiting-triage");
		assert.equal(event.by_user, manager.userId);
		const change = await db()
			.selectFrom("access_log")
			.selectAll()
			.where("action", "=", "update")
			.where("record_type", "=", "contact-child")
			.where("record_id", "=", child)
			.executeTakeFirstOrThrow();
		assert.equal(change.user_id, manager.userId);
		assert.equal(change.person_id, maisie);
		const detail = (typeof change.detail === "string" ? JSON.parse(change.detail) : change.detail) as {
			event: string;
			before: { person_id: string | null; state: string };
			after: { person_id: string; state: string };
		};
		assert.equal(detail.event, "match");
		assert.equal(detail.before.person_id, null);
		assert.equal(detail.after.person_id, maisie);

		const page = await manager.get(`/front-door/children/${child}?saved=matched`);
		assert.match(page.body, /Matched to a person/);
		assert.match(page.body, /matched the child/);
		assert.match(page.body, /Maisie Hollins/);
		const triage = await manager.get("/triage?team=all");
		assert.match(triage.body, new RegExp(`/front-door/children/${child}/triage">Maisie Hollins`));

		// The officer's page was loaded before the manager matched: refused, naming the manager.
		const before = await written(child);
		const second = await officer.post(`/front-door/children/${child}/match`, late);
		assert.equal(second.statusCode, 409);
		assert.match(second.body, /Morgan Manager matched the child/);
		assert.match(second.body, /govuk-error-summary/);
		assert.deepEqual(await written(child), before);
		// The page itself now leads to the child's record.
		const again = await officer.get(`/front-door/children/${child}/match`);
		assert.equal(again.statusCode, 303);
		assert.equal(again.headers.location, `/front-door/children/${child}`);
	});

	test("two matches of one child at the same moment: one wins, the other is told who did it", async () => {
		const { childIds } = await recordDescribed(t, [{ givenName: "Maisie", familyName: "Hollins" }]);
		const child = childIds[0];
		const { version } = await childRow(child);
		const as = async (client: Client, role: "contact-officer" | "team-manager") => ({
			userId: client.userId,
			role,
			requestId: `race-${role}`,
		});
		const results = await Promise.allSettled([
			t.app.services.matching.match(child, maisie, version, await as(officer, "contact-officer")),
			// Jayden's details differ from the agency's, so his match carries its reason: without
			// one, whichever request locked the child first decided whether the loser was told
			// "say why" or who matched it, and the test failed now and then.
			t.app.services.matching.match(
				child,
				jayden,
				version,
				await as(manager, "team-manager"),
				"The school gave the wrong given name; the address and family are Jayden's.",
			),
		]);
		const won = results.filter((r) => r.status === "fulfilled");
		const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
		assert.equal(won.length, 1);
		assert.equal(lost.length, 1);
		assert.match(String(lost[0].reason?.message), /(Casey Contact|Morgan Manager) matched the child/);
		const matches = await db()
			.selectFrom("contact_child_event")
			.select("id")
			.where("contact_child_id", "=", child)
			.where("event", "=", "match")
			.execute();
		assert.equal(matches.length, 1);
	});

	test("a person created from the match page comes back to it, ready to be matched", async () => {
		const { childIds } = await recordDescribed(t, [
			{ givenName: "Rowan", familyName: "Pike", dateOfBirth: "2019-02-03" },
		]);
		const match = `/front-door/children/${childIds[0]}/match`;
		const page = await officer.get(match);
		const href = /href="(\/people\/new\?[^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, "&") ?? "";
		const offered = new URL(href, "http://x").searchParams;
		assert.equal(offered.get("returnTo"), match);
		assert.equal(offered.get("familyName"), "Pike", "the form starts from the agency's description");
		const newForm = await officer.get(href);
		assert.match(newForm.body, new RegExp(`name="returnTo" value="${match}"`));
		assert.match(newForm.body, /name="familyName" type="text" spellcheck="false" value="Pike"/);
		assert.match(newForm.body, /name="dateOfBirth-year" type="text" value="2019"/);
		const created = await officer.post("/people/new", {
			returnTo: match,
			givenName: "Rowan",
			familyName: "Pike",
			"dateOfBirth-day": "3",
			"dateOfBirth-month": "2",
			"dateOfBirth-year": "2019",
			sex: "F",
			ethnicity: "NOBT",
			addressSituation: "no-fixed-abode",
		});
		assert.equal(created.statusCode, 303, created.body.slice(0, 1500));
		const location = created.headers.location as string;
		assert.match(location, new RegExp(`^${match}\\?child=[0-9a-f-]{36}$`));
		const back = await officer.get(location);
		assert.match(back.body, /You added/);
		const personId = location.split("child=")[1];
		const res = await officer.post(match, { personId, version: String((await childRow(childIds[0])).version) });
		assert.equal(res.statusCode, 303);
		assert.equal((await childRow(childIds[0])).person_id, personId);
	});
	test("matching to a record whose date of birth or name differs markedly shows the differences and needs a reason", async () => {
		const zoe = await addChild(t, "Zoe", "Marsh", "2020-06-15");
		const { childIds } = await recordDescribed(t, [
			{ givenName: "Ellie", familyName: "Marsh", dateOfBirth: "2014-03-02" },
		]);
		const child = childIds[0];
		const posted = await form(child, zoe);
		const before = await written(child);
		const asked = await officer.post(`/front-door/children/${child}/match`, posted);
		assert.equal(asked.statusCode, 400);
		assert.deepEqual(errorMessages(asked.body), [
			"Say why Zoe Marsh is the child the agency described, when the details differ",
		]);
		assert.match(asked.body, /Is Zoe Marsh this child\?/);
		assert.match(asked.body, /Date of birth: the agency said 2 March 2014; the record says 15 June 2020/);
		assert.match(asked.body, /Given name: the agency said Ellie; the record says Zoe/);
		const curt = await officer.post(`/front-door/children/${child}/match`, { ...posted, reason: "x" });
		assert.equal(curt.statusCode, 400);
		assert.deepEqual(errorMessages(curt.body), ["Say in a sentence why this is the child the agency described"]);
		assert.match(curt.body, /name="reason"[^>]*>x<\/textarea>/, "what was typed is kept");
		assert.deepEqual(await written(child), before, "nothing written while asking");
		const reason = "The officer confirmed by phone that Ellie is the name Zoe uses at school.";
		const matched = await officer.post(`/front-door/children/${child}/match`, { ...posted, reason });
		assert.equal(matched.statusCode, 303, matched.body.slice(0, 600));
		const event = await db()
			.selectFrom("contact_child_event")
			.select("detail")
			.where("contact_child_id", "=", child)
			.where("event", "=", "match")
			.executeTakeFirstOrThrow();
		const detail = (typeof event.detail === "string" ? JSON.parse(event.detail) : event.detail) as {
			reason: string;
			differences: string[];
		};
		assert.equal(detail.reason, reason);
		assert.equal(detail.differences.length, 2);

		// Day and month the other way round is a slip, not a different child: no reason asked.
		const amy = await addChild(t, "Amy", "Marsh", "2019-04-07");
		const swapped = await recordDescribed(t, [{ givenName: "Amy", familyName: "Marsh", dateOfBirth: "2019-07-04" }]);
		const plain = await officer.post(
			`/front-door/children/${swapped.childIds[0]}/match`,
			await form(swapped.childIds[0], amy),
		);
		assert.equal(plain.statusCode, 303);
	});

	test("the automatic search uses the postcode the agency gave, and the search form starts with it", async () => {
		// Two children of one name, and no date from the agency: only the postcode tells them apart.
		const elsewhere = await addChild(t, "Kasia", "Wren", "2015-05-01");
		const there = await addChild(t, "Kasia", "Wren", "2016-08-20");
		await db()
			.insertInto("person_address")
			.values([
				{ person_id: elsewhere, postcode: "ME14 1XQ", start_date: "2020-01-01" },
				{ person_id: there, postcode: "ME15 6YH", start_date: "2020-01-01" },
			])
			.execute();
		const { childIds } = await recordDescribed(t, [{ givenName: "Kasia", familyName: "Wren", postcode: "ME15 6YH" }]);
		const res = await officer.get(`/front-door/children/${childIds[0]}/match`);
		assert.equal(res.statusCode, 200);
		assert.match(res.body, /Found by what the agency said/);
		const firstRow = /<tbody[\s\S]*?<\/tr>/.exec(res.body)?.[0] ?? "";
		assert.match(firstRow, new RegExp(`href="/people/${there}"`), "the child at the agency's postcode first");
		assert.match(firstRow, /postcode/i, "the reasons say the postcode matched");
		assert.match(res.body, /name="postcode" type="text" value="ME15 6YH"/);
	});

	test("a date typed on the match page that is not real is named, and the search runs on its month and year", async () => {
		const { childIds } = await recordDescribed(t, [{ givenName: "Unknown", familyName: "Child" }]);
		const res = await officer.get(
			`/front-door/children/${childIds[0]}/match?q=&given=Maisie&family=Hollins&dob-day=31&dob-month=6&dob-year=2017`,
		);
		assert.equal(res.statusCode, 200);
		assert.doesNotMatch(res.body, /govuk-error-summary/);
		assert.match(
			res.body,
			/id="date-note"><p class="govuk-body">31\/6\/2017 is not a real date\. The search used June 2017\.<\/p>/,
		);
		assert.match(res.body, new RegExp(`name="personId" value="${maisie}"`));
		assert.match(res.body, /name="dob-day" type="text" value="31"/, "the date is kept as typed, to correct");
		const agencyTerms = await officer.get(`/front-door/children/${childIds[0]}/match`);
		assert.doesNotMatch(agencyTerms.body, /id="date-note"/);
	});
});

describe("matching: the queue pages by key", () => {
	let t: TestApp;
	let officer: Client;
	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		officer = await t.as("contact-officer");
		// Five contacts of twelve children, a minute apart: a page of 50 and a page of 10.
		for (let i = 0; i < 5; i++) {
			await recordDescribed(
				t,
				Array.from({ length: 12 }, (_, j) => ({ givenName: `Child${i * 12 + j}`, familyName: "Paging" })),
				{ receivedAt: new Date(Date.UTC(2026, 10, 23, 8, i)) },
			);
		}
	});
	after(async () => t.close());

	const rowsOf = (body: string) =>
		[...body.matchAll(/\/front-door\/children\/([0-9a-f-]{36})\/match"/g)].map((m) => m[1]);
	const link = (body: string, rel: "next" | "prev") =>
		new RegExp(`govuk-pagination__${rel}[\\s\\S]*?href="([^"]+)"`).exec(body)?.[1]?.replace(/&amp;/g, "&");

	test("next and previous walk the queue without skipping or repeating a child", async () => {
		const first = await officer.get("/front-door/matching");
		assert.match(first.body, /60 children waiting/);
		const page1 = rowsOf(first.body);
		assert.equal(page1.length, MATCH_QUEUE_PAGE);
		assert.equal(link(first.body, "prev"), undefined);
		const nextHref = link(first.body, "next");
		assert.ok(nextHref);
		const second = await officer.get(nextHref);
		const page2 = rowsOf(second.body);
		assert.equal(page2.length, 10);
		assert.equal(new Set([...page1, ...page2]).size, 60);
		assert.equal(link(second.body, "next"), undefined);
		const prevHref = link(second.body, "prev");
		assert.ok(prevHref);
		assert.deepEqual(rowsOf((await officer.get(prevHref)).body), page1);
		// A key made up in the address shows the first page, never an error.
		const forged = await officer.get("/front-door/matching?after=2026-13-40T99:00:00.000000Z_x&before=%27");
		assert.equal(forged.statusCode, 200);
		assert.deepEqual(rowsOf(forged.body), page1);
	});
});
