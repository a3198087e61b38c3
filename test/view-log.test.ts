import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { MODULES } from "../src/modules/index.ts";
import type { Shows } from "../src/platform/modules.ts";
import type { Role } from "../src/platform/roles.ts";
import { permissionTable } from "../src/server.ts";
import { type Client, createTestApp, type TestApp } from "./support/app.ts";
import { addChild, decidedChild, recordDescribed, recordedChild, teamId, triagedChild } from "./support/front-door.ts";

// The platform logs every view of a child's record (ADR 19). This walks every page that
// takes a record's id, and every list page, as a role allowed to open it, and looks for
// the view rows naming what it showed: a page added without them fails here.

const ROUTES = Object.values(MODULES).flatMap((m) =>
	Object.entries(m.routes).flatMap(([key, spec]) =>
		key.startsWith("GET ") && spec.shows ? [{ key, shows: spec.shows }] : [],
	),
);
const TABLE = permissionTable();
// Whom to ask for a page: the first of these the table lets in.
const PREFERRED: Role[] = [
	"team-manager",
	"senior-leader",
	"practitioner",
	"contact-officer",
	"early-help",
	"administrator",
	"analyst",
];

describe("every view of a record is logged by the platform", () => {
	let t: TestApp;
	const clients = new Map<Role, Client>();
	const ids: Record<string, string> = {};
	/** The record each list page must name among its rows. */
	const listed: Record<string, { kind: string; id: string; query?: string }> = {};

	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		const person = await addChild(t, "Lily", "Stone", "2015-05-05");
		const waiting = await recordedChild(t, person, "09:00");
		const decided = await triagedChild(t, await addChild(t, "Owen", "Marsh", "2014-04-04"), {}, "08:40");
		await decidedChild(t, decided, {
			outcome: "assessment",
			thresholdLevel: "3",
			receivingTeamId: await teamId(t, "assessment"),
		});
		const unsigned = await triagedChild(t, await addChild(t, "Ava", "Reed", "2016-06-06"), {}, "08:50");
		await decidedChild(t, unsigned, { outcome: "nfa", thresholdLevel: "1" }, false);
		const {
			childIds: [described],
		} = await recordDescribed(t, [{ givenName: "Mia", familyName: "Hart", dateOfBirth: "2017-07-07" }], {
			receivedAt: new Date("2026-11-23T09:30:00Z"),
		});
		const db = t.testDb.db.kysely;
		const transfer = await db
			.selectFrom("transfer")
			.select("id")
			.where("contact_child_id", "=", decided)
			.executeTakeFirstOrThrow();
		const contact = await db
			.selectFrom("contact_child")
			.select("contact_id")
			.where("id", "=", waiting)
			.executeTakeFirstOrThrow();
		const task = await db
			.selectFrom("task")
			.select("id")
			.where("record_id", "=", waiting)
			.where("kind", "=", "front-door.triage")
			.executeTakeFirstOrThrow();
		const step = await db
			.selectFrom("next_step")
			.select("id")
			.where("contact_child_id", "=", decided)
			.executeTakeFirstOrThrow();
		// A linking question about an imported child (ADR 36).
		await sql`INSERT INTO ssd_person (pers_person_id, pers_forename, pers_surname, ssd_source)
			VALUES ('Q1', 'Walk', 'Child', 'walk')`.execute(db);
		const question = await db
			.insertInto("extract_link_question")
			.values({ ssd_source: "walk", pers_person_id: "Q1", asked_at: new Date() })
			.returning("id")
			.executeTakeFirstOrThrow();
		Object.assign(ids, {
			questionId: question.id,
			taskId: task.id,
			stepId: step.id,
			// No sharing waits for authorisation here: the page answers 404 and shows nothing to log.
			sharingId: "00000000-0000-4000-8000-000000000000",
			personId: person,
			childId: waiting,
			contactId: contact.contact_id,
			transferId: transfer.id,
			userId: await t.userIdFor("practitioner"),
			// An import waiting to run is enough for its page.
			jobId: await t.app.services.ssdImportJobs.queue(
				{
					source: "walk",
					validOnly: false,
					files: [{ name: "ssd_department.csv", content: new TextEncoder().encode("dept_team_id\nT1") }],
				},
				{ id: await t.userIdFor("analyst"), roles: ["analyst"] },
			),
		});
		Object.assign(listed, {
			"GET /triage": { kind: "contact-child", id: waiting, query: "team=all" },
			"GET /": { kind: "contact-child", id: waiting },
			"GET /work/team": { kind: "contact-child", id: waiting },
			"GET /front-door/sign-off": { kind: "contact-child", id: unsigned },
			"GET /front-door/feedback": { kind: "contact-child", id: decided },
			"GET /dashboard/children": {
				kind: "contact-child",
				id: waiting,
				query: "list=contacts&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z",
			},
			"GET /front-door/matching": { kind: "contact-child", id: described },
			"GET /front-door/transfers": { kind: "transfer", id: transfer.id, query: "team=all" },
			"GET /people": { kind: "person", id: person, query: "q=Lily+Stone" },
			"GET /contacts/new": { kind: "person", id: person, query: `child=${person}` },
			"GET /contacts/new/details": { kind: "person", id: person, query: `child=${person}` },
			"GET /admin/access-log": { kind: "person", id: person, query: `personId=${person}` },
			// An SSD family row whose child the source does not hold: an orphan, listed by the data-quality pages.
			"GET /ssd/quality/rows": { kind: "ssd-row", id: "ssd_family/walk/F9", query: "check=orphan&source=walk" },
			"GET /ssd/quality/rows.csv": { kind: "ssd-quality-check", id: "orphan/walk", query: "check=orphan&source=walk" },
		});
		await sql`INSERT INTO ssd_family (fami_table_id, fami_family_id, fami_person_id, ssd_source)
			VALUES ('F9', 'FAM9', 'NOBODY', 'walk')`.execute(db);
		for (const role of PREFERRED) clients.set(role, await t.as(role));
	});
	after(async () => t.close());

	const roleFor = (key: string): Role => {
		const access = TABLE[key];
		const role = PREFERRED.find((r) => Array.isArray(access) && access.includes(r));
		assert.ok(role, `no preferred role may open ${key}`);
		return role;
	};

	async function viewRows(requestId: string) {
		await t.app.services.accessLog.flush();
		// A search's rows record the people it listed (action "search"); every other showing is a "view".
		const { rows } = await sql<{ record_type: string; record_id: string }>`
			SELECT record_type, record_id FROM access_log WHERE request_id = ${requestId} AND action IN ('view', 'search')`.execute(
			t.testDb.db.kysely,
		);
		return rows;
	}

	test("each page that takes a record's id logs a view of that record", async () => {
		// A partner's read-back (an "api" route) is logged against its key by the service, not by the
		// platform's hook for users: contact-api.test.ts checks those rows.
		const record = ROUTES.filter(
			(r): r is { key: string; shows: Extract<Shows, { record: string }> } =>
				typeof r.shows === "object" && "record" in r.shows && TABLE[r.key] !== "api",
		);
		assert.ok(record.length >= 15, "the walk reaches the record pages");
		const opened: string[] = [];
		const unlogged: string[] = [];
		for (const { key, shows } of record) {
			const url = key.slice(4).replace(/:(\w+)/g, (_, name: string) => ids[name] ?? `missing-${name}`);
			assert.doesNotMatch(url, /missing-/, `${key}: the walk has no record for this page`);
			const res = await (clients.get(roleFor(key)) as Client).get(url);
			// A step the record's state does not offer refuses without showing it: nothing to log.
			if (res.statusCode !== 200) continue;
			opened.push(key);
			const rows = await viewRows(String(res.headers["x-request-id"]));
			const id = ids[shows.param];
			if (!rows.some((r) => r.record_id === id && r.record_type === shows.record)) {
				unlogged.push(`${key} showed ${shows.record} ${id} without logging it (logged: ${JSON.stringify(rows)})`);
			}
		}
		assert.deepEqual(unlogged, []);
		assert.ok(opened.length >= 8, `most record pages open for the walk (${opened.join(", ")})`);
	});

	test("each list page logs the records it lists", async () => {
		const lists = ROUTES.filter((r) => typeof r.shows === "object" && "list" in r.shows).map((r) => r.key);
		// Step-ups need a step-down and a new referral months later: strategy.test.ts checks that list's views.
		const unwalked = lists.filter((key) => !(key in listed) && key !== "GET /front-door/step-ups");
		assert.deepEqual(unwalked, [], "every list page is walked here");
		const unlogged: string[] = [];
		for (const [key, expected] of Object.entries(listed)) {
			const url = `${key.slice(4)}${expected.query ? `?${expected.query}` : ""}`;
			const res = await (clients.get(roleFor(key)) as Client).get(url);
			assert.equal(res.statusCode, 200, `${key}: ${res.statusCode}`);
			const rows = await viewRows(String(res.headers["x-request-id"]));
			if (!rows.some((r) => r.record_id === expected.id && r.record_type === expected.kind)) {
				unlogged.push(
					`${key} listed ${expected.kind} ${expected.id} without logging it (logged: ${JSON.stringify(rows)})`,
				);
			}
		}
		assert.deepEqual(unlogged, []);
	});

	test("a list address with an impossible period is a 400 page, not a database error", async () => {
		const leader = clients.get("senior-leader") as Client;
		const res = await leader.get("/dashboard/children?list=contacts&from=0000-01-01&to=2026-12-01");
		assert.equal(res.statusCode, 400);
		assert.match(res.body, /Open the list from a figure on the dashboard/);
	});
});
