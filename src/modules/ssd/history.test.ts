// A child's history imported from the case system, on the person's page (ADR 38), on either
// engine: the small extract (test/support/ssd-extract.ts) with a few more files, its people
// linked to Threshold people as the linking will link them, and the page read as a
// practitioner and as a contact officer. Expected entries and words are written by hand.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, createTestApp, type TestApp } from "../../../test/support/app.ts";
import { addChild } from "../../../test/support/front-door.ts";
import { extract } from "../../../test/support/ssd-extract.ts";
import { analystByEmail, historySql, SsdImportService } from "./index.ts";

// P3 (Amir) has twelve missing episodes, two more than the page lists; P1 (Ellie) a conference.
const missing = Array.from({ length: 12 }, (_, i) => `M${i + 1},P3,2023-${String(i + 1).padStart(2, "0")}-03,M,,,`);
const MORE: Record<string, string> = {
	"ssd_initial_cp_conference.csv": [
		"icpc_icpc_id,icpc_icpc_meeting_id,icpc_s47_enquiry_id,icpc_person_id,icpc_cp_plan_id,icpc_referral_id,icpc_icpc_transfer_in,icpc_icpc_target_date,icpc_icpc_date,icpc_icpc_outcome_cp_flag,icpc_icpc_outcome_json,icpc_icpc_team,icpc_icpc_worker_id",
		"IC1,,S1,P1,CP1,R1,N,2025-01-03,2024-12-30,Y,,,",
	].join("\n"),
	"ssd_legal_status.csv": [
		"lega_legal_status_id,lega_person_id,lega_legal_status,lega_legal_status_start_date,lega_legal_status_end_date",
		"L1,P3,V2,2023-06-01,2023-07-15",
	].join("\n"),
	"ssd_cla_placement.csv": [
		"clap_cla_placement_id,clap_cla_placement_start_date,clap_cla_placement_type,clap_cla_placement_urn,clap_cla_placement_distance,clap_cla_id,clap_cla_placement_provider,clap_cla_placement_postcode,clap_cla_placement_end_date,clap_cla_placement_change_reason,clap_person_id",
		"PL1,2023-06-01,U4,,,C1,,,2023-07-15,,P3",
	].join("\n"),
	"ssd_missing.csv": [
		"miss_table_id,miss_person_id,miss_missing_episode_start_date,miss_missing_episode_type,miss_missing_episode_end_date,miss_missing_rhi_offered,miss_missing_rhi_accepted",
		...missing,
	].join("\n"),
};

describe("the imported history on the person's page", () => {
	let t: TestApp;
	let practitioner: Client;
	let officer: Client;
	let manager: Client;
	const people: Record<string, string> = {};
	const link = (pers: string, personId: string) =>
		t.testDb.db.kysely
			.insertInto("extract_person_link")
			.values({
				ssd_source: "mosaic",
				pers_person_id: pers,
				person_id: personId,
				how: "confirmed",
				linked_at: new Date(),
			})
			.execute();
	const titles = (body: string) =>
		[...body.matchAll(/<h4 class="govuk-summary-card__title">([^<]+)<\/h4>/g)].map((m) => m[1]);

	before(async () => {
		t = await createTestApp();
		const analyst = await analystByEmail(t.testDb.db.kysely, "analyst@demo.example", new Date());
		const loaded = await new SsdImportService(t.testDb.db.kysely, t.app.services.accessLog, () => new Date()).run(
			{ source: "mosaic", files: extract(MORE) },
			analyst,
		);
		assert.equal(loaded.outcome, "loaded");
		people.ellie = await addChild(t, "Ellie", "Marsh", "2016-04-09");
		people.amir = await addChild(t, "Amir", "Khan", "2012-02-29");
		people.amirAgain = await addChild(t, "Amir", "Khan", "2012-02-29");
		people.ryan = await addChild(t, "Ryan", "O'Neill", "2019-11-09");
		people.unlinked = await addChild(t, "Nia", "Unlinked", "2018-01-01");
		await link("P1", people.ellie);
		// Amir's case-system record was linked to the duplicate, which is then merged into him.
		await link("P3", people.amirAgain);
		await link("P2", people.ryan);
		practitioner = await t.as("practitioner");
		officer = await t.as("contact-officer");
		manager = await t.as("team-manager");
	});
	after(async () => t.close());

	test("a linked child's history is listed newest first, in words, with the case system's ids", async () => {
		const page = await practitioner.get(`/people/${people.ellie}`);
		assert.equal(page.statusCode, 200);
		assert.match(
			page.body,
			/<h2 class="govuk-heading-m govuk-!-margin-top-8" id="case-history">History from the case system<\/h2>/,
		);
		assert.deepEqual(titles(page.body), [
			"Child protection plan, 2 January 2025",
			"Initial child protection conference, 30 December 2024",
			"Section 47 enquiry, 12 December 2024",
			"Assessment, 11 December 2024",
			"Referral, 10 December 2024",
		]);
		assert.deepEqual(
			[...page.body.matchAll(/<h3 class="govuk-heading-m govuk-!-font-size-24">(\d+)<\/h3>/g)].map((m) => m[1]),
			["2025", "2024"],
		);
		const referral = page.body.slice(page.body.indexOf("Referral, 10 December 2024"));
		for (const line of [
			/Referred by<\/dt>\s*<dd class="govuk-summary-list__value">Police \(6\)</,
			/Primary need<\/dt>\s*<dd class="govuk-summary-list__value">Abuse or neglect \(N1\)</,
			/Outcome<\/dt>\s*<dd class="govuk-summary-list__value">Assessment</,
			/Case system record<\/dt>\s*<dd class="govuk-summary-list__value">mosaic: referral R1, person P1</,
		]) {
			assert.match(referral, line);
		}
		assert.match(page.body, /Authorised<\/dt>\s*<dd class="govuk-summary-list__value">20 January 2025</);
		assert.match(page.body, /Child protection plan agreed<\/dt>\s*<dd class="govuk-summary-list__value">Yes</);
		assert.doesNotMatch(page.body, /older not listed/);
	});

	test("a closed referral says when and why in words", async () => {
		const page = await manager.get(`/people/${people.ryan}`);
		assert.match(page.body, /Closed<\/dt>\s*<dd class="govuk-summary-list__value">6 January 2025</);
		assert.match(
			page.body,
			/Reason for closure<\/dt>\s*<dd class="govuk-summary-list__value">Closed after assessment, no further action \(RC8\)</,
		);
		assert.match(
			page.body,
			/Referred by<\/dt>\s*<dd class="govuk-summary-list__value">Social care, for example adult social care \(5A\)</,
		);
	});

	test("a merged-away record's history shows on the survivor, with the newest ten missing episodes and the rest counted", async () => {
		const number = async (id: string) =>
			(
				await t.testDb.db.kysely
					.selectFrom("person")
					.select("la_person_id")
					.where("id", "=", id)
					.executeTakeFirstOrThrow()
			).la_person_id;
		assert.doesNotMatch((await practitioner.get(`/people/${people.amir}`)).body, /History from the case system/);
		await manager.get(`/people/${people.amir}/merge?duplicate=${await number(people.amirAgain)}`);
		const merged = await manager.post(`/people/${people.amir}/merge`, {
			duplicateId: people.amirAgain,
			reason: "The same boy, recorded twice by the case system import.",
		});
		assert.equal(merged.statusCode, 303);
		const page = await practitioner.get(`/people/${people.amir}`);
		const shown = titles(page.body);
		assert.equal(shown.filter((s) => s.startsWith("Missing episode")).length, 10);
		// The two oldest (January and February 2023) are the ones left out.
		assert.ok(shown.includes("Missing episode, 3 March 2023"));
		assert.ok(!shown.includes("Missing episode, 3 February 2023"));
		assert.match(page.body, /Showing the newest 10 of 12 missing episodes \(2 older not listed\)/);
		assert.ok(shown.includes("Looked after, 15 July 2023"));
		assert.match(
			page.body,
			/Status<\/dt>\s*<dd class="govuk-summary-list__value">Accommodated under section 20 \(single period\) \(V2\)</,
		);
		assert.match(page.body, /Reason for closure<\/dt>\s*<dd class="govuk-summary-list__value">Adopted \(RC1\)</);
		assert.match(
			page.body,
			/Placement type<\/dt>\s*<dd class="govuk-summary-list__value">Foster placement with other foster carers, long term \(U4\)</,
		);
	});

	test("a restricted child's history shows nothing to a reader who may not open the record; the view is the page's", async () => {
		await manager.get(`/people/${people.ryan}/restriction`);
		const restricted = await manager.post(`/people/${people.ryan}/restriction`, {
			reason: "Ryan's father works in the children's services team.",
			users: "",
		});
		assert.equal(restricted.statusCode, 303);
		const refused = await officer.get(`/people/${people.ryan}`);
		assert.equal(refused.statusCode, 403);
		for (const secret of [/History from the case system/, /R2/, /RC8/, /mosaic/])
			assert.doesNotMatch(refused.body, secret);
		const owner = await manager.get(`/people/${people.ryan}`);
		assert.match(owner.body, /History from the case system/);
		await t.app.services.accessLog.flush();
		const views = await t.testDb.db.kysely
			.selectFrom("access_log")
			.select(["record_type", "record_id"])
			.where("person_id", "=", people.ryan)
			.where("user_id", "=", manager.userId)
			.where("action", "=", "view")
			.execute();
		assert.ok(views.some((v) => v.record_type === "person" && v.record_id === people.ryan));
		assert.ok(
			views.every((v) => v.record_type === "person"),
			"the history adds no view rows of its own",
		);
	});

	test("the statement reads each table through its person index", async () => {
		// The test tables are tiny, so the planner would scan them whole; told not to, it must
		// still find an index for every part, which a condition the index cannot serve would lose.
		const query = historySql(people.ellie).compile(t.testDb.db.kysely);
		const plan = await t.testDb.db.withOwner(async (owner) => {
			await owner.exec("BEGIN; SET LOCAL enable_seqscan = off");
			try {
				return (await owner.query<{ "QUERY PLAN": string }>(`EXPLAIN ${query.sql}`, [...query.parameters]))
					.map((r) => r["QUERY PLAN"])
					.join("\n");
			} finally {
				await owner.exec("ROLLBACK");
			}
		});
		for (const index of [
			"extract_person_link_person",
			"ssd_cin_episodes_cine_person_id_idx",
			"ssd_cin_assessments_cina_person_id_idx",
			"ssd_s47_enquiry_s47e_person_id_idx",
			"ssd_initial_cp_conference_icpc_person_id_idx",
			"ssd_cp_plans_cppl_person_id_idx",
			"ssd_cin_plans_cinp_person_id_idx",
			"ssd_cla_episodes_clae_person_id_idx",
			"ssd_legal_status_lega_person_id_idx",
			"ssd_cla_placement_clap_person_id_idx",
			"ssd_missing_miss_person_id_idx",
			"ssd_permanence_perm_person_id_idx",
			"ssd_care_leavers_clea_person_id_idx",
		]) {
			assert.ok(plan.includes(index), `${index} in\n${plan}`);
		}
		assert.doesNotMatch(plan, /Seq Scan on (ssd_|extract_person_link)/);
	});

	test("a person with nothing linked has no such section", async () => {
		const page = await practitioner.get(`/people/${people.unlinked}`);
		assert.equal(page.statusCode, 200);
		assert.doesNotMatch(page.body, /History from the case system/);
	});
});
