import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { type Client, createTestApp, type TestApp } from "../../../test/support/app.ts";
import { triagedChild } from "../../../test/support/front-door.ts";
import { MODULES } from "../index.ts";

const base = { sex: "F", ethnicity: "BAFR", addressSituation: "postcode" };

describe("merging and unmerging duplicate records", () => {
	let t: TestApp;
	let officer: Client;
	let manager: Client;
	const ids: Record<string, string> = {};

	async function create(key: string, form: Record<string, string>) {
		let res = await officer.post("/people/new", { ...base, ...form });
		if (res.statusCode === 409) {
			// Warned of a likely duplicate: here it is meant, so confirm it.
			const checkedFingerprint = /name="checkedFingerprint" value="([^"]+)"/.exec(res.body)?.[1] ?? "";
			res = await officer.post("/people/new", { ...base, ...form, confirmNew: "yes", checkedFingerprint });
		}
		assert.equal(res.statusCode, 303, res.body.slice(0, 300));
		ids[key] = /\/people\/([0-9a-f-]+)/.exec(String(res.headers.location))?.[1] ?? "";
	}
	const number = async (id: string) =>
		(
			await t.testDb.db.kysely
				.selectFrom("person")
				.select("la_person_id")
				.where("id", "=", id)
				.executeTakeFirstOrThrow()
		).la_person_id;

	before(async () => {
		t = await createTestApp();
		officer = await t.as("contact-officer");
		manager = await t.as("team-manager");
		await officer.get("/people/new");
		await create("amara", {
			givenName: "Amara",
			familyName: "Osei",
			"dateOfBirth-day": "4",
			"dateOfBirth-month": "5",
			"dateOfBirth-year": "2014",
			postcode: "TN1 1AA",
		});
		await create("duplicate", {
			givenName: "Amarah",
			familyName: "Osei-Bonsu",
			"dateOfBirth-day": "5",
			"dateOfBirth-month": "4",
			"dateOfBirth-year": "2014",
			postcode: "DA1 1AA",
		});
		await create("mother", {
			givenName: "Efua",
			familyName: "Osei",
			"dateOfBirth-year": "1988",
			"dateOfBirth-month": "1",
			"dateOfBirth-day": "2",
		});
		await officer.get(`/people/${ids.duplicate}`);
		const rel = await officer.post(`/people/${ids.duplicate}/relationships`, {
			kind: "parent",
			otherPersonId: ids.mother,
			direction: "other-is",
			parentalResponsibility: "yes",
		});
		assert.equal(rel.statusCode, 303);
		await manager.get(`/people/${ids.amara}`);
	});
	after(async () => t.close());

	test("bad merges are refused and change nothing", async () => {
		const self = await manager.get(`/people/${ids.amara}/merge?duplicate=${await number(ids.amara)}`);
		assert.equal(self.statusCode, 400);
		assert.match(self.body, /cannot be merged into itself/);
		const unknown = await manager.get(`/people/${ids.amara}/merge?duplicate=P999999999`);
		assert.match(unknown.body, /There is no record P999999999/);
		const tooLong = await manager.get(`/people/${ids.amara}/merge?duplicate=${"P".repeat(21)}`);
		assert.equal(tooLong.statusCode, 400);
		assert.match(tooLong.body, /The record number must be 20 characters or fewer \(you entered 21\)/);
		const noReason = await manager.post(`/people/${ids.amara}/merge`, { duplicateId: ids.duplicate, reason: "" });
		assert.equal(noReason.statusCode, 400);
		assert.match(noReason.body, /Say why these records are the same person/);
		// A reason over the limit is refused whole, saying the limit: never cut to fit.
		const long = await manager.post(`/people/${ids.amara}/merge`, {
			duplicateId: ids.duplicate,
			reason: "a".repeat(4001),
		});
		assert.equal(long.statusCode, 400);
		assert.match(long.body, /The reason must be 4,000 characters or fewer \(you entered 4,001\)/);
		const officerTries = await officer.post(`/people/${ids.amara}/merge`, { duplicateId: ids.duplicate, reason: "x" });
		assert.equal(officerTries.statusCode, 403);
		const row = await t.testDb.db.kysely
			.selectFrom("person")
			.select("merged_into")
			.where("id", "=", ids.duplicate)
			.executeTakeFirstOrThrow();
		assert.equal(row.merged_into, null);
	});

	test("a merge moves the links, keeps the old record findable, and the log follows it", async () => {
		const compare = await manager.get(`/people/${ids.amara}/merge?duplicate=${await number(ids.duplicate)}`);
		assert.match(compare.body, /Merge this duplicate into it/);
		const res = await manager.post(`/people/${ids.amara}/merge`, {
			duplicateId: ids.duplicate,
			reason: "Same child: school confirmed",
		});
		assert.equal(res.statusCode, 303);

		const page = await manager.get(`/people/${ids.amara}`);
		assert.match(page.body, /Efua Osei/, "the mother moved to the surviving record");
		assert.match(page.body, /merged into .* by Morgan Manager/);
		// The timeline is the people module's own history, not the security log.
		const events = await t.testDb.db.kysely
			.selectFrom("person_event")
			.select(["person_id", "event"])
			.where("event", "=", "merged")
			.execute();
		assert.deepEqual(events.map((e) => e.person_id).sort(), [ids.amara, ids.duplicate].sort());
		assert.match(page.body, /Records merged<\/strong>/);
		const old = await manager.get(`/people/${ids.duplicate}`);
		assert.equal(old.statusCode, 303);
		assert.equal(old.headers.location, `/people/${ids.amara}?from=${await number(ids.duplicate)}`);

		const found = await officer.get("/people?q=Amarah+Osei-Bonsu");
		assert.match(found.body, /Amara Osei/);
		assert.match(found.body, /matched merged record/);

		const intoMerged = await manager.post(`/people/${ids.mother}/merge`, { duplicateId: ids.duplicate, reason: "x" });
		assert.equal(intoMerged.statusCode, 400);
		assert.match(intoMerged.body, /already been merged/);

		// The officer viewed the duplicate before the merge: "who viewed Amara" shows it.
		await t.app.services.accessLog.flush();
		const log = await t.app.services.accessLogSearch.search({ personId: ids.amara });
		assert.ok(log.rows.some((r) => r.personId === ids.duplicate && r.action === "view" && r.userId === officer.userId));
		const raw = await t.testDb.db.kysely
			.selectFrom("access_log")
			.select("person_id")
			.where("person_id", "=", ids.duplicate)
			.execute();
		assert.ok(raw.length > 0, "the log rows themselves are untouched");
	});

	test("an unmerge restores both records and every moved link", async () => {
		const merge = await t.testDb.db.kysely
			.selectFrom("person_merge")
			.select("id")
			.where("merged_id", "=", ids.duplicate)
			.executeTakeFirstOrThrow();
		const noReason = await manager.post(`/people/merges/${merge.id}/undo`, { undoReason: "", returnTo: ids.amara });
		assert.equal(noReason.statusCode, 400);
		assert.match(noReason.body, /Say why the merge is being undone/);
		// Too long is refused saying the limit, and what was typed stays in the box it was typed in.
		const long = await manager.post(`/people/merges/${merge.id}/undo`, {
			undoReason: "b".repeat(4001),
			returnTo: ids.amara,
		});
		assert.equal(long.statusCode, 400);
		assert.match(long.body, /The reason must be 4,000 characters or fewer \(you entered 4,001\)/);
		assert.match(long.body, new RegExp(`id="undoReason" name="undoReason" type="text" value="${"b".repeat(4001)}"`));
		const nowhere = await manager.post(`/people/merges/${merge.id}/undo`, { undoReason: "", returnTo: "not-an-id" });
		assert.equal(nowhere.statusCode, 400);
		assert.match(nowhere.body, /Go back and give a reason/);
		const res = await manager.post(`/people/merges/${merge.id}/undo`, {
			undoReason: "Twins, not one child",
			returnTo: ids.amara,
		});
		assert.equal(res.statusCode, 303);
		const restored = await manager.get(`/people/${ids.duplicate}`);
		assert.equal(restored.statusCode, 200);
		assert.match(restored.body, /Efua Osei/);
		const survivor = await manager.get(`/people/${ids.amara}`);
		assert.doesNotMatch(survivor.body, /Efua Osei/);
		assert.match(survivor.body, /undone/);
		assert.match(survivor.body, /Merge undone<\/strong>/);
		const again = await manager.post(`/people/merges/${merge.id}/undo`, { undoReason: "again", returnTo: ids.amara });
		assert.equal(again.statusCode, 409);
		assert.match(again.body, /already been undone/);
	});
});

describe("every link to a person is moved by a merge or kept on purpose", () => {
	let t: TestApp;
	before(async () => {
		t = await createTestApp();
	});
	after(async () => t.close());

	test("each foreign key to person(id) is a manifest's person link or kept on purpose, and the app may move each link", async () => {
		const { rows } = await sql<{ table: string; column: string }>`
			SELECT c.conrelid::regclass::text AS table, a.attname AS column
			  FROM pg_constraint c
			  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
			 WHERE c.contype = 'f' AND c.confrelid = 'person'::regclass
			 ORDER BY 1, 2`.execute(t.testDb.db.kysely);
		const key = (l: { table: string; column: string }) => `${l.table}.${l.column}`;
		const moved = MODULES.flatMap((m) => m.personLinks ?? []);
		const kept = MODULES.flatMap((m) => m.personLinksKept ?? []);
		const declared = new Set([...moved.map(key), ...kept.map(key)]);
		const inDatabase = new Set(rows.map(key));
		assert.deepEqual(
			[...inDatabase].filter((k) => !declared.has(k)),
			[],
			"a foreign key to person that a merge would neither move nor keep on purpose",
		);
		assert.deepEqual(
			[...declared].filter((k) => !inDatabase.has(k)),
			[],
			"a declared link with no foreign key behind it",
		);
		for (const link of moved) {
			const { rows: granted } = await sql<{ ok: boolean }>`
				SELECT has_column_privilege('threshold_app', ${link.table}, ${link.column}, 'UPDATE') AS ok`.execute(
				t.testDb.db.kysely,
			);
			assert.equal(granted[0]?.ok, true, `the app may not move ${key(link)}`);
		}
	});

	test("merging a parent moves their agreement-to-share records, and an unmerge puts them back", async () => {
		const officer = await t.as("contact-officer");
		const manager = await t.as("team-manager");
		const person = async (form: Record<string, string>) => {
			await officer.get("/people/new");
			let res = await officer.post("/people/new", { ...base, ...form });
			if (res.statusCode === 409) {
				const checkedFingerprint = /name="checkedFingerprint" value="([^"]+)"/.exec(res.body)?.[1] ?? "";
				res = await officer.post("/people/new", { ...base, ...form, confirmNew: "yes", checkedFingerprint });
			}
			assert.equal(res.statusCode, 303, res.body.slice(0, 300));
			return /\/people\/([0-9a-f-]+)/.exec(String(res.headers.location))?.[1] ?? "";
		};
		const birth = (d: string, m: string, y: string) => ({
			"dateOfBirth-day": d,
			"dateOfBirth-month": m,
			"dateOfBirth-year": y,
		});
		const child = await person({ givenName: "Kofi", familyName: "Mensah", ...birth("3", "3", "2016") });
		const mother = await person({ givenName: "Abena", familyName: "Mensah", ...birth("9", "9", "1985") });
		const motherAgain = await person({ givenName: "Abena", familyName: "Mensa", ...birth("9", "9", "1985") });
		await officer.get(`/people/${child}`);
		const rel = await officer.post(`/people/${child}/relationships`, {
			kind: "parent",
			otherPersonId: motherAgain,
			direction: "other-is",
			parentalResponsibility: "yes",
		});
		assert.equal(rel.statusCode, 303);
		const childId = await triagedChild(t, child);
		await officer.get(`/front-door/children/${childId}/sharing`);
		const shared = await officer.post(`/front-door/children/${childId}/sharing`, {
			holder: motherAgain,
			agreement: "sought-given",
			informationShared: "yes",
			lawfulBasis: "public-task",
		});
		assert.equal(shared.statusCode, 303, /govuk-error-summary__list[\s\S]*?<\/ul>/.exec(shared.body)?.[0]);
		const holderOfRecord = async () =>
			(
				await t.testDb.db.kysely
					.selectFrom("information_sharing")
					.select("person_id")
					.where("contact_child_id", "=", childId)
					.executeTakeFirstOrThrow()
			).person_id;
		assert.equal(await holderOfRecord(), motherAgain);

		await manager.get(`/people/${mother}`);
		const merged = await manager.post(`/people/${mother}/merge`, {
			duplicateId: motherAgain,
			reason: "Same mother: surname misspelt by the school",
		});
		assert.equal(merged.statusCode, 303);
		assert.equal(await holderOfRecord(), mother, "the agreement follows the surviving record");

		const merge = await t.testDb.db.kysely
			.selectFrom("person_merge")
			.select("id")
			.where("merged_id", "=", motherAgain)
			.executeTakeFirstOrThrow();
		const undone = await manager.post(`/people/merges/${merge.id}/undo`, {
			undoReason: "Two different women of the same name",
			returnTo: mother,
		});
		assert.equal(undone.statusCode, 303);
		assert.equal(await holderOfRecord(), motherAgain);
	});
});
