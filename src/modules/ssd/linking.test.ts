// Linking imported SSD people to Threshold people (ADR 36), on the test database of either
// engine: the extract of test/support/ssd-extract.ts imported, then linked. Ellie Marsh's NHS
// number, name and date agree with a Threshold record (a certain link); Amir Khan is likely
// the Threshold Amir Khan born the same day, with nothing certain (a question in the front
// door's tray); the child with the formula for a name matches no one (a new person). The
// expected links, tasks and figures are worked out by hand from those records.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { type Client, createTestApp, type TestApp } from "../../../test/support/app.ts";
import { EXTRACT, extract } from "../../../test/support/ssd-extract.ts";
import { createPeople, type ImportedPerson } from "../people/index.ts";
import { analystByEmail, type SsdActor, SsdImportService } from "./index.ts";

const person = (p: Partial<ImportedPerson> & Pick<ImportedPerson, "givenName" | "familyName">): ImportedPerson => ({
	sex: "U",
	dateOfBirth: null,
	expectedBirthDate: null,
	deathDate: null,
	ethnicity: "NOBT",
	nhsNumber: null,
	upn: null,
	upnUnknown: null,
	nationality: null,
	...p,
});

describe("linking SSD people", () => {
	let t: TestApp;
	let analyst: SsdActor;
	let importer: SsdImportService;
	let ellie: string;
	let amir: string;
	let questionId: string;
	let reviewer: Client;

	const links = async (source: string) =>
		Object.fromEntries(
			(
				await t.testDb.db.kysely
					.selectFrom("extract_person_link")
					.select(["pers_person_id", "person_id", "how", "linked_by"])
					.where("ssd_source", "=", source)
					.orderBy("pers_person_id")
					.execute()
			).map((l) => [l.pers_person_id, l]),
		);
	const load = (source: string, changes: Record<string, string | null> = {}) =>
		importer.run({ source, files: extract(changes) }, analyst);
	const link = (source: string) => t.app.services.ssdLinker.link({ source }, analyst);

	before(async () => {
		t = await createTestApp();
		const db = t.testDb.db.kysely;
		analyst = await analystByEmail(db, "analyst@demo.example", new Date());
		importer = new SsdImportService(db, t.app.services.accessLog, () => t.clock.now);
		[ellie, amir] = await db.transaction().execute((trx) =>
			createPeople(
				trx,
				t.app.services.accessLog,
				[
					person({
						givenName: "Ellie",
						familyName: "Marsh",
						dateOfBirth: "2016-04-09",
						nhsNumber: "9434765919",
						sex: "F",
					}),
					person({ givenName: "Amir", familyName: "Khan", dateOfBirth: "2012-02-29", sex: "M" }),
				],
				analyst,
				new Date(),
				null,
			),
		);
		reviewer = await t.as("contact-officer");
	});
	after(async () => t.close());

	test("after an import: the NHS number links for certain, a likely match is asked of the front door, no match makes a person", async () => {
		await load("liquidlogic");
		const summary = await link("liquidlogic");
		assert.deepEqual(
			{ ...summary },
			{
				source: "liquidlogic",
				kept: 0,
				removed: 0,
				byCaseSystemId: 0,
				byNhsNumber: 1,
				asked: 1,
				waiting: 0,
				created: 1,
			},
		);
		const linked = await links("liquidlogic");
		assert.deepEqual(Object.keys(linked), ["P1", "P2"]);
		assert.equal(linked.P1.person_id, ellie);
		assert.equal(linked.P1.how, "nhs-number");
		assert.equal(linked.P1.linked_by, null, "made by the import itself");
		assert.equal(linked.P2.how, "created");

		const made = await t.testDb.db.kysely
			.selectFrom("person")
			.select(["given_name", "family_name", "date_of_birth", "sex", "created_by", "upn_unknown"])
			.where("id", "=", linked.P2.person_id)
			.executeTakeFirstOrThrow();
		assert.deepEqual(made, {
			given_name: "=cmd|' /C calc'!A0",
			family_name: "O'Neill, junior",
			date_of_birth: "2019-11-09",
			sex: "M",
			created_by: analyst.id,
			upn_unknown: "UN2",
		});

		const task = await t.testDb.db.kysely
			.selectFrom("task as k")
			.innerJoin("team as tm", "tm.id", "k.owner_team_id")
			.select(["k.record_id", "k.state", "k.detail", "tm.name", "k.owner_user_id"])
			.where("k.kind", "=", "ssd.link")
			.executeTakeFirstOrThrow();
		assert.equal(task.name, "Front Door (MASH)");
		assert.equal(task.owner_user_id, null);
		assert.equal(task.state, "open");
		assert.equal(task.detail, "Amir Khan, born 29 February 2012 (liquidlogic P3)");
		questionId = task.record_id;
	});

	test("the reviewer sees both records with the matcher's reasons, confirms, and a second answer is refused", async () => {
		const home = await reviewer.get("/");
		assert.match(home.body, new RegExp(`/ssd/links/${questionId}`), "on the front door's tray in My work");

		const page = await reviewer.get(`/ssd/links/${questionId}`);
		assert.equal(page.statusCode, 200);
		assert.match(page.body, /Which person is Amir Khan\?/);
		assert.match(page.body, /29 February 2012[\s\S]*29 February 2012/, "both dates of birth");
		assert.match(page.body, /date of birth/i);
		assert.match(page.body, new RegExp(`value="${amir}"`));
		const once = /name="_once" value="([^"]+)"/.exec(page.body)![1];

		// A colleague with the page open at the same time.
		const colleague = await t.as("team-manager");
		const theirs = await colleague.get(`/ssd/links/${questionId}`);
		const theirOnce = /name="_once" value="([^"]+)"/.exec(theirs.body)![1];

		const noAnswer = await reviewer.post(`/ssd/links/${questionId}`, { _once: once });
		assert.equal(noAnswer.statusCode, 400);
		assert.match(noAnswer.body, /Select the person this child is, or that none of them is/);

		const page2 = await reviewer.get(`/ssd/links/${questionId}`);
		const once2 = /name="_once" value="([^"]+)"/.exec(page2.body)![1];
		const saved = await reviewer.post(`/ssd/links/${questionId}`, { _once: once2, answer: amir });
		assert.equal(saved.statusCode, 303);
		const linked = await links("liquidlogic");
		assert.equal(linked.P3.person_id, amir);
		assert.equal(linked.P3.how, "confirmed");
		assert.equal(linked.P3.linked_by, reviewer.userId);
		const task = await t.testDb.db.kysely
			.selectFrom("task")
			.select(["state", "closed_by"])
			.where("record_id", "=", questionId)
			.executeTakeFirstOrThrow();
		assert.deepEqual(task, { state: "done", closed_by: reviewer.userId });

		const late = await colleague.post(`/ssd/links/${questionId}`, { _once: theirOnce, answer: "new" });
		assert.equal(late.statusCode, 409);
		assert.match(late.body, /Casey Contact already decided which person this child is/);
		assert.equal((await links("liquidlogic")).P3.how, "confirmed", "the first answer stands");

		await t.app.services.accessLog.flush();
		const viewed = await t.testDb.db.kysely
			.selectFrom("access_log")
			.select(["record_type", "record_id"])
			.where("user_id", "=", reviewer.userId)
			.where("action", "=", "view")
			.where("record_type", "in", ["ssd-link-question", "person"])
			.execute();
		assert.ok(viewed.some((v) => v.record_type === "ssd-link-question" && v.record_id === questionId));
		assert.ok(
			viewed.some((v) => v.record_type === "person" && v.record_id === amir),
			"each candidate shown is logged",
		);

		const auditor = await t.as("auditor");
		assert.equal((await auditor.get(`/ssd/links/${questionId}`)).statusCode, 403, "only those who do the task");
	});

	test("a re-import keeps links and decisions, and removes the links of people no longer in the source", async () => {
		const withoutP2 = EXTRACT["ssd_person.csv"]
			.split("\r\n")
			.filter((line) => !line.startsWith("P2,"))
			.join("\r\n");
		await load("liquidlogic", {
			"ssd_person.csv": withoutP2,
			"ssd_cin_episodes.csv": null,
			"ssd_cin_assessments.csv": null,
		});
		const summary = await link("liquidlogic");
		assert.deepEqual(
			{ ...summary },
			{
				source: "liquidlogic",
				kept: 2,
				removed: 1,
				byCaseSystemId: 0,
				byNhsNumber: 0,
				asked: 0,
				waiting: 0,
				created: 0,
			},
		);
		const linked = await links("liquidlogic");
		assert.deepEqual(Object.keys(linked), ["P1", "P3"]);
		assert.equal(linked.P3.how, "confirmed", "not asked again");
		const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM access_log
			WHERE action = 'delete' AND record_type = 'ssd-person-link' AND record_id = 'liquidlogic/P2'`.execute(
			t.testDb.db.kysely,
		);
		assert.equal(rows[0].n, 1, "the removed link is in the access log");
	});

	test("another source with the same ids links by the case system's id, and a merge shows on the survivor", async () => {
		await load("mosaic");
		const summary = await link("mosaic");
		assert.equal(summary.byCaseSystemId, 2, "P1 and P3, born as their linked people were");
		// P2's link went with the re-import above; the person made for them is now Threshold's,
		// a likely match, so this time a person is asked.
		assert.equal(summary.asked, 1);
		const linked = await links("mosaic");
		assert.equal(linked.P1.person_id, ellie);
		assert.equal(linked.P3.person_id, amir);
		assert.equal(linked.P3.how, "case-system-id");

		const [duplicate] = await t.testDb.db.kysely
			.transaction()
			.execute((trx) =>
				createPeople(
					trx,
					t.app.services.accessLog,
					[person({ givenName: "Ellie", familyName: "Marsh", dateOfBirth: "2016-04-09" })],
					analyst,
					new Date(),
					null,
				),
			);
		const manager = await t.testDb.db.kysely
			.selectFrom("app_user")
			.select(["id", "email", "display_name as displayName", "team_id as teamId"])
			.where("email", "=", "team.manager@demo.example")
			.executeTakeFirstOrThrow();
		await t.app.services.merges.merge(
			duplicate,
			ellie,
			"The same child recorded twice at the front door",
			{ ...manager, roles: ["team-manager"], sweRegistration: null },
			"req-merge",
		);
		assert.equal((await links("liquidlogic")).P1.person_id, ellie, "a merge never changes a link");
		assert.equal(await t.app.services.ssdLinker.personOf("liquidlogic", "P1"), duplicate, "read on the survivor");
		assert.equal(await t.app.services.ssdLinker.personOf("mosaic", "P1"), duplicate);
	});

	test("a restricted candidate the reviewer may not open is listed without its details and cannot be chosen", async () => {
		const db = t.testDb.db.kysely;
		const { id: questionId } = await db
			.selectFrom("extract_link_question")
			.select("id")
			.where("ssd_source", "=", "mosaic")
			.where("pers_person_id", "=", "P2")
			.executeTakeFirstOrThrow();
		const { id: candidate } = await db
			.selectFrom("person")
			.select("id")
			.where("family_name", "=", "O'Neill, junior")
			.executeTakeFirstOrThrow();
		const manager = await db
			.selectFrom("app_user")
			.select(["id", "email", "display_name as displayName", "team_id as teamId"])
			.where("email", "=", "team.manager@demo.example")
			.executeTakeFirstOrThrow();
		await t.app.services.restrictions.restrict(
			candidate,
			{ reason: "A child at risk from a relative who works for the council", emails: [] },
			{ ...manager, roles: ["team-manager"], sweRegistration: null },
			"req-restrict",
		);
		const page = await reviewer.get(`/ssd/links/${questionId}`);
		assert.equal(page.statusCode, 200);
		assert.match(page.body, /Candidate 1: a restricted record/);
		assert.doesNotMatch(page.body, /Candidate 1: =cmd/);
		assert.doesNotMatch(page.body, new RegExp(`value="${candidate}"`), "not offered");
		const once = /name="_once" value="([^"]+)"/.exec(page.body)![1];
		const forged = await reviewer.post(`/ssd/links/${questionId}`, { _once: once, answer: candidate });
		assert.equal(forged.statusCode, 409);
		assert.match(forged.body, /Select one of the people listed, or say none of them is this child/);
		const page2 = await reviewer.get(`/ssd/links/${questionId}`);
		const once2 = /name="_once" value="([^"]+)"/.exec(page2.body)![1];
		const none = await reviewer.post(`/ssd/links/${questionId}`, { _once: once2, answer: "new" });
		assert.equal(none.statusCode, 409, "'none of these' beside a record they cannot see could make the child twice");
		assert.match(none.body, /A likely match is a restricted record you may not open/);
		assert.equal((await links("mosaic")).P2, undefined, "nothing linked");
	});
});
