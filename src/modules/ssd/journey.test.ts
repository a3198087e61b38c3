// The one model of contacts and referrals (ADR 37, migrations/0047): Threshold's own front
// door in the SSD's shape, and the journey views that put it together with imported case
// history, on either engine. Threshold's records are made through the app; the imported rows
// and links are written as an import and a linker leave them, since loading is tested apart.
import assert from "node:assert/strict";
import { text } from "node:stream/consumers";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { addChild, decidedChild, recordedChild, teamId, triagedChild } from "../../../test/support/front-door.ts";
import { ssdTable } from "../../domain/ssd/spec.ts";
import { AccessLog } from "../../platform/access-log.ts";
import { analystByEmail, SsdExportService } from "./index.ts";

const SOURCE = "liquidlogic";

describe("contacts and referrals in one model", () => {
	let t: TestApp;
	const child: Record<string, { id: string; number: string }> = {};
	let referred: string;
	let undecided: string;
	let assessmentTeam: string;

	const db = () => t.testDb.db.kysely;

	async function person(key: string, given: string, family: string, dob: string) {
		const id = await addChild(t, given, family, dob);
		const row = await db().selectFrom("person").select("la_person_id").where("id", "=", id).executeTakeFirstOrThrow();
		child[key] = { id, number: row.la_person_id };
	}

	async function link(ssdPerson: string, personId: string) {
		await db()
			.insertInto("extract_person_link")
			.values({
				ssd_source: SOURCE,
				pers_person_id: ssdPerson,
				person_id: personId,
				how: "nhs-number",
				linked_at: new Date(),
			})
			.execute();
	}

	const imported = {
		contact: (id: string, ssdPerson: string, day: string) =>
			db()
				.insertInto("ssd_contacts")
				.values({
					ssd_source: SOURCE,
					cont_contact_id: id,
					cont_person_id: ssdPerson,
					cont_contact_date: day,
					cont_contact_source_code: "3A",
					cont_contact_source_desc: "GP",
					cont_contact_outcome_json: '{"NFA_FLAG":"Y"}',
				})
				.execute(),
		referral: (id: string, ssdPerson: string, day: string) =>
			db()
				.insertInto("ssd_cin_episodes")
				.values({
					ssd_source: SOURCE,
					cine_referral_id: id,
					cine_person_id: ssdPerson,
					cine_referral_date: day,
					cine_cin_primary_need_code: "N1",
					cine_referral_source_code: "6",
					cine_referral_nfa: "N",
				})
				.execute(),
	};

	const contactsOf = (personId: string) =>
		db()
			.selectFrom("journey_contacts")
			.select(["cont_contact_id", "cont_person_id", "cont_contact_date", "ssd_source"])
			.where("person_id", "=", personId)
			.orderBy("cont_contact_date")
			.execute();
	const referralsOf = async (personId: string) =>
		(
			await db()
				.selectFrom("journey_referrals")
				.select(["cine_referral_id", "cine_referral_date"])
				.where("person_id", "=", personId)
				.orderBy("cine_referral_date")
				.execute()
		).map((r) => `${r.cine_referral_date} ${r.cine_referral_id}`);

	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		assessmentTeam = await teamId(t, "assessment");
		await person("ava", "Ava", "Reid", "2015-03-02");
		await person("ben", "Ben", "Reid", "2017-08-19");
		await person("cara", "Cara", "Lowe", "2012-01-30");
		await person("caraAgain", "Carra", "Lowe", "2012-01-30");
		// Received 23 November 2026 at 9:15am: Ava's goes to an assessment, Ben's awaits triage.
		referred = await triagedChild(t, child.ava.id);
		await decidedChild(t, referred, { outcome: "assessment", thresholdLevel: "3", receivingTeamId: assessmentTeam });
		undecided = await recordedChild(t, child.ben.id, "09:20");
		await recordedChild(t, child.cara.id, "09:25");

		await link("LL-AVA", child.ava.id);
		await link("LL-CARA", child.caraAgain.id);
		await imported.contact("CON-1", "LL-AVA", "2026-06-01");
		// After go-live the case system's copy of a contact is not the record: Threshold's is.
		await imported.contact("CON-2", "LL-AVA", "2026-11-30");
		await imported.contact("CON-3", "LL-NOT-LINKED", "2026-05-01");
		await imported.contact("CON-4", "LL-CARA", "2026-02-14");
		await imported.referral("REF-1", "LL-AVA", "2026-06-01");
		await imported.referral("REF-2", "LL-AVA", "2026-11-20");
		// The day before Threshold's referral of the same worry: the same referral, keyed twice.
		await imported.referral("REF-3", "LL-AVA", "2026-11-22");
	});
	after(async () => t.close());

	test("Threshold's own contacts and referrals read in the SSD's columns, codes and flags", async () => {
		const shape = (table: string) => [...(ssdTable(table)?.fields.map((f) => f.name) ?? []), "ssd_source", "person_id"];
		const contacts = await db().selectFrom("threshold_contacts").selectAll().orderBy("cont_contact_id").execute();
		const contact = contacts.find((c) => c.cont_contact_id === referred);
		assert.ok(contact, "the referred child's contact");
		assert.deepEqual(Object.keys(contact), shape("ssd_contacts"));
		const { cont_contact_outcome_json: outcome, ...rest } = contact;
		assert.deepEqual(rest, {
			cont_contact_id: referred,
			cont_person_id: child.ava.number,
			cont_contact_date: "2026-11-23",
			cont_contact_source_code: "2A",
			cont_contact_source_desc: "Schools",
			ssd_source: "threshold",
			person_id: child.ava.id,
		});
		assert.deepEqual(JSON.parse(outcome ?? "null"), {
			NEW_REFERRAL_FLAG: "Y",
			EXISTING_REFERRAL_FLAG: "N",
			CP_ENQUIRY_FLAG: "N",
			NFA_FLAG: "N",
			NON_AGENCY_ADOPTION_FLAG: null,
			PRIVATE_FOSTERING_FLAG: null,
			ADVICE_FLAG: "N",
			MISSING_FLAG: null,
			OLA_CP_FLAG: null,
			OTHER_OUTCOMES_EXIST_FLAG: "N",
		});
		// Not decided yet: no outcome to give.
		const waiting = contacts.find((c) => c.cont_contact_id === undecided);
		assert.equal(waiting?.cont_contact_outcome_json, null);

		const [referral] = await db().selectFrom("threshold_cin_episodes").selectAll().execute();
		assert.deepEqual(Object.keys(referral), shape("ssd_cin_episodes"));
		const { cine_referral_id, cine_referral_outcome_json, ...episode } = referral;
		assert.match(String(cine_referral_id), /^[0-9a-f-]{36}$/);
		assert.deepEqual(episode, {
			cine_person_id: child.ava.number,
			cine_referral_date: "2026-11-23",
			cine_cin_primary_need_code: null,
			cine_referral_source_code: "2A",
			cine_referral_source_desc: "Schools",
			cine_referral_nfa: "N",
			cine_close_reason: null,
			cine_close_date: null,
			cine_referral_team: assessmentTeam,
			cine_referral_worker_id: await t.userIdFor("practitioner"),
			ssd_source: "threshold",
			person_id: child.ava.id,
		});
		const flags = JSON.parse(cine_referral_outcome_json ?? "null");
		assert.deepEqual([flags.SINGLE_ASSESSMENT_FLAG, flags.NFA_FLAG, flags.STRATEGY_DISCUSSION_FLAG], ["Y", "N", "N"]);
	});

	test("Threshold's own contacts and referrals export in the SSD's CSV layout, and only those tables", async () => {
		const exporter = new SsdExportService(db(), new AccessLog(db()), { rowsPerPage: 2 });
		const analyst = await analystByEmail(db(), "analyst@demo.example", t.clock.now);
		const contacts = await exporter.open({ table: "ssd_contacts", source: "threshold" }, analyst);
		assert.deepEqual([contacts.rows, contacts.children], [3, 3]);
		const rows = parse(await text(contacts.csv)) as string[][];
		assert.deepEqual(rows[0], [
			"cont_contact_id",
			"cont_person_id",
			"cont_contact_date",
			"cont_contact_source_code",
			"cont_contact_source_desc",
			"cont_contact_outcome_json",
		]);
		assert.equal(rows.length, 4, "three contacts, over two pages");
		const ava = rows.find((r) => r[0] === referred);
		assert.deepEqual(ava?.slice(0, 5), [referred, child.ava.number, "2026-11-23", "2A", "Schools"]);
		assert.equal(JSON.parse(ava?.[5] ?? "{}").NEW_REFERRAL_FLAG, "Y");
		await assert.rejects(exporter.open({ table: "ssd_person", source: "threshold" }, analyst), {
			message:
				"Threshold's own records export as ssd_contacts and ssd_cin_episodes only; ssd_person is held by the case system",
		});
	});

	test("imported history counts before go-live and Threshold's from it, an unlinked child under the extract's id", async () => {
		// No date set: go-live is the day the first contact arrived, 23 November 2026.
		assert.deepEqual(await contactsOf(child.ava.id), [
			{
				cont_contact_id: "CON-1",
				cont_person_id: child.ava.number,
				cont_contact_date: "2026-06-01",
				ssd_source: SOURCE,
			},
			{
				cont_contact_id: referred,
				cont_person_id: child.ava.number,
				cont_contact_date: "2026-11-23",
				ssd_source: "threshold",
			},
		]);
		const unlinked = await db()
			.selectFrom("journey_contacts")
			.select(["cont_person_id", "person_id"])
			.where("cont_contact_id", "=", "CON-3")
			.executeTakeFirstOrThrow();
		assert.deepEqual(unlinked, { cont_person_id: "LL-NOT-LINKED", person_id: null });
	});

	test("a referral in both, the same child within a day, counts once, as Threshold's", async () => {
		const threshold = await db()
			.selectFrom("referral")
			.select("id")
			.where("person_id", "=", child.ava.id)
			.executeTakeFirstOrThrow();
		// REF-3 (22 November) is Threshold's of the 23rd; REF-2, three days before, is another.
		assert.deepEqual(await referralsOf(child.ava.id), [
			"2026-06-01 REF-1",
			"2026-11-20 REF-2",
			`2026-11-23 ${threshold.id}`,
		]);
	});

	test("a merged child's imported and Threshold records come together under the surviving record", async () => {
		const manager = await db()
			.selectFrom("app_user")
			.select(["id", "email", "display_name"])
			.where("id", "=", await t.userIdFor("team-manager"))
			.executeTakeFirstOrThrow();
		const actor = {
			id: manager.id,
			email: manager.email,
			displayName: manager.display_name,
			roles: ["team-manager" as const],
			sweRegistration: null,
			teamId: null,
		};
		// The imported history is linked to the duplicate record, then merged into Cara's.
		await t.app.services.merges.merge(
			child.cara.id,
			child.caraAgain.id,
			"The same child recorded twice",
			actor,
			"req-merge",
		);
		const together = await contactsOf(child.cara.id);
		assert.deepEqual(
			together.map((c) => [c.cont_contact_date, c.ssd_source, c.cont_person_id]),
			[
				["2026-02-14", SOURCE, child.cara.number],
				["2026-11-23", "threshold", child.cara.number],
			],
		);
		// Merged again, into a third record: the link is followed along the chain.
		await person("caraThird", "Cara", "Lowe-Smith", "2012-01-30");
		await t.app.services.merges.merge(child.caraThird.id, child.cara.id, "The same child again", actor, "req-merge-2");
		assert.equal((await contactsOf(child.caraThird.id)).length, 2);
	});

	test("the council sets its go-live date on a form that says what is wrong, and the journey follows it", async () => {
		// Nine days on (a session of the 23rd has long expired).
		t.clock.now = new Date("2026-12-02T10:00:00Z");
		const admin = await t.as("administrator");
		const page = await admin.get("/settings/go-live");
		assert.equal(page.statusCode, 200);
		assert.match(page.body, /23 November 2026/);
		assert.match(page.body, /The day the first contact was received/);
		const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? "";
		const date = (d: string, m: string, y: string) => ({ version, "date-day": d, "date-month": m, "date-year": y });

		for (const [form, message] of [
			[date("", "", ""), "Enter the go-live date"],
			[date("31", "2", "2026"), "The go-live date must be a real date"],
			[date("3", "12", "2026"), "The go-live date must be today or in the past"],
		] as const) {
			const bad = await admin.post("/settings/go-live", form);
			assert.equal(bad.statusCode, 400, message);
			assert.match(bad.body, /govuk-error-summary/);
			assert.match(bad.body, new RegExp(`href="#date-day">${message}`));
		}
		const manager = await t.as("team-manager");
		assert.equal((await manager.post("/settings/go-live", date("1", "12", "2026"))).statusCode, 403);
		assert.equal((await admin.post("/settings/go-live", date("1", "12", "2026"))).statusCode, 303);

		// From 1 December: the imported copy of the 23rd's referral is the record, and
		// Threshold's contacts of the 23rd are before go-live; the case system's of the 30th count.
		assert.deepEqual(await referralsOf(child.ava.id), ["2026-06-01 REF-1", "2026-11-20 REF-2", "2026-11-22 REF-3"]);
		assert.deepEqual(
			(await contactsOf(child.ava.id)).map((c) => c.cont_contact_id),
			["CON-1", "CON-2"],
		);
		const saved = await db()
			.selectFrom("access_log")
			.select(["user_id", "detail"])
			.where("record_type", "=", "council-setting")
			.where("record_id", "=", "threshold-go-live")
			.executeTakeFirstOrThrow();
		assert.equal(saved.user_id, admin.userId);
		assert.match(JSON.stringify(saved.detail), /2026-12-01/);
	});
});
