import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestApp, type TestApp } from "../../test/support/app.ts";
import { MODULES } from "../modules/index.ts";
import type { ModuleManifest } from "./modules.ts";

// Module-private records (ADR 22): a module that keeps records only its own role may
// read (LADO allegations) declares them; the platform refuses everyone else the route
// lets in, and the person a record is about and their managers, whatever their role.
const ALLEGATION = "0b6f7c1e-5a55-4c8e-9a43-3f1d2c000001";
const subjects = new Map<string, string[]>();

const allegations: ModuleManifest = {
	name: "allegations",
	routes: {
		"GET /allegations/:allegationId": {
			access: ["lado", "senior-leader", "team-manager"],
			shows: { record: "allegation", param: "allegationId" },
		},
	},
	register(app) {
		app.get("/allegations/:allegationId", async () => "Allegation about a member of staff");
	},
	privateRecords: {
		allegation: { roles: ["lado", "team-manager"], subjects: async (_db, id) => subjects.get(id) ?? [] },
	},
};

describe("module-private records", () => {
	let t: TestApp;
	before(async () => {
		t = await createTestApp({ modules: [...MODULES, allegations] });
	});
	after(async () => t.close());

	const open = async (role: "lado" | "senior-leader" | "team-manager" | "practitioner") =>
		(await (await t.as(role)).get(`/allegations/${ALLEGATION}`)).statusCode;

	test("the module's own role opens its record; a role the route lets in but the module does not is refused", async () => {
		assert.equal(await open("lado"), 200);
		assert.equal(await open("senior-leader"), 403);
		const page = await (await t.as("senior-leader")).get(`/allegations/${ALLEGATION}`);
		assert.match(page.body, /You cannot open this record/);
		assert.doesNotMatch(page.body, /member of staff/);
	});

	test("the person a record is about, and anyone up their management line, is refused even with the module's role", async () => {
		const db = t.testDb.db.kysely;
		const practitioner = await t.userIdFor("practitioner");
		const manager = await t.userIdFor("team-manager");
		const lado = await t.userIdFor("lado");
		assert.equal(await open("team-manager"), 200, "before the record names anyone they manage");
		// The practitioner is the subject; the team manager manages them, and the LADO manages the team manager.
		subjects.set(ALLEGATION, [practitioner]);
		await db.updateTable("app_user").set({ manager_id: manager }).where("id", "=", practitioner).execute();
		assert.equal(await open("team-manager"), 403, "the subject's line manager");
		assert.equal(await open("lado"), 200, "a LADO outside the line");
		await db.updateTable("app_user").set({ manager_id: lado }).where("id", "=", manager).execute();
		assert.equal(await open("lado"), 403, "two levels up the line");
		subjects.set(ALLEGATION, [lado]);
		assert.equal(await open("lado"), 403, "the subject themself");
		await t.app.services.accessLog.flush();
		const refused = await db
			.selectFrom("access_log")
			.select("record_id")
			.where("action", "=", "denied")
			.where("record_id", "like", "GET /allegations/%")
			.execute();
		assert.ok(refused.length >= 4, "each refusal is logged");
	});
});
