import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { clientFor, countRows, createTestApp, type TestApp } from "../../../test/support/app.ts";
import { SESSION_COOKIE } from "../../platform/access-control.ts";

const VALID = {
	displayName: "Nia Newstarter",
	email: "nia.newstarter@demo.example",
	roles: ["practitioner"],
	sweRegistration: "sw123456",
	password: "a-long-enough-password",
};

describe("administrators manage users", () => {
	let t: TestApp;
	before(async () => {
		t = await createTestApp();
	});
	after(async () => t.close());

	const userCount = () => countRows(t, "app_user");

	test("bad input gets a message per field and writes nothing", async () => {
		const admin = await t.as("administrator");
		await admin.get("/admin/users/new");
		const before = await userCount();
		const cases: [Record<string, string | string[]>, RegExp][] = [
			[{ ...VALID, displayName: "" }, /Enter the user&#39;s name/],
			[{ ...VALID, email: "not-an-email" }, /Enter an email address in the correct format/],
			[{ ...VALID, roles: [] }, /Select at least one role/],
			[{ ...VALID, roles: ["wizard"] }, /Select roles from the list/],
			[{ ...VALID, sweRegistration: "12345" }, /Social Work England registration number, like SW123456/],
			[{ ...VALID, password: "short" }, /Password must be 12 characters or more/],
			[{ ...VALID, roles: ["inspector"] }, /Enter the date an inspector&#39;s access ends/],
			[{ ...VALID, roles: ["inspector", "auditor"] }, /cannot have other roles/],
			[{ ...VALID, "expiresOn-day": "31", "expiresOn-month": "2", "expiresOn-year": "2030" }, /must be a real date/],
			[{ ...VALID, "expiresOn-day": "1", "expiresOn-month": "1" }, /must include a year/],
			[{ ...VALID, email: "ADMIN@demo.example" }, /already exists/],
			[{ ...VALID, teamId: "00000000-0000-4000-8000-000000000000" }, /Select a team from the list/],
		];
		for (const [form, message] of cases) {
			const res = await admin.post("/admin/users/new", form);
			assert.equal(res.statusCode, 400, JSON.stringify(form));
			assert.match(res.body, /govuk-error-summary/);
			assert.match(res.body, message);
		}
		assert.equal(await userCount(), before);
	});

	test("a new user is saved with roles, can sign in, and the change is logged with who and what", async () => {
		const admin = await t.as("administrator");
		await admin.get("/admin/users/new");
		const res = await admin.post("/admin/users/new", VALID);
		assert.equal(res.statusCode, 303);
		const id = /\/admin\/users\/([0-9a-f-]+)/.exec(String(res.headers.location))?.[1];
		assert.ok(id);
		const page = await admin.get(String(res.headers.location));
		assert.match(page.body, /The user has been saved/);
		assert.match(page.body, /value="SW123456"/);
		assert.match(page.body, /id="roles-2" name="roles" type="checkbox" value="practitioner" checked/);
		const signIn = await t.app.services.auth.signIn(VALID.email, VALID.password, "10.1.1.1", "test");
		assert.equal(signIn.ok, true);
		const log = await t.testDb.db.kysely
			.selectFrom("access_log")
			.selectAll()
			.where("record_type", "=", "user")
			.where("record_id", "=", id)
			.executeTakeFirstOrThrow();
		assert.equal(log.action, "create");
		assert.equal(log.user_id, admin.userId);
		const detail = log.detail as { before: unknown; after: Record<string, unknown> };
		assert.equal(detail.before, null);
		assert.equal(detail.after.email, VALID.email);
		assert.equal(JSON.stringify(detail).includes(VALID.password), false, "the password is never logged");
	});

	test("a stale form is refused with who changed it and when, and nothing is overwritten", async () => {
		const first = await t.as("administrator");
		const id = await t.userIdFor("analyst");
		const form = await first.get(`/admin/users/${id}`);
		const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? "";
		const base = { displayName: "Ana Analyst", email: "analyst@demo.example", roles: ["analyst"], version };

		const saved = await first.post(`/admin/users/${id}`, { ...base, displayName: "Ana First-Edit" });
		assert.equal(saved.statusCode, 303);
		const stale = await first.post(`/admin/users/${id}`, { ...base, displayName: "Ana Second-Edit" });
		assert.equal(stale.statusCode, 409);
		assert.match(stale.body, /This user was changed by Alex Admin at .* Your changes have not been saved/);
		const row = await t.testDb.db.kysely
			.selectFrom("app_user")
			.select("display_name")
			.where("id", "=", id)
			.executeTakeFirstOrThrow();
		assert.equal(row.display_name, "Ana First-Edit");
		const log = await t.testDb.db.kysely
			.selectFrom("access_log")
			.select("detail")
			.where("record_id", "=", id)
			.where("action", "=", "update")
			.execute();
		assert.equal(log.length, 1);
		const detail = log[0]?.detail as { before: { displayName: string }; after: { displayName: string } };
		assert.equal(detail.before.displayName, "Ana Analyst");
		assert.equal(detail.after.displayName, "Ana First-Edit");
	});

	test("disabling a user ends their sessions at once", async () => {
		const auditor = await t.as("auditor");
		assert.equal((await auditor.get("/")).statusCode, 200);
		const admin = await t.as("administrator");
		const form = await admin.get(`/admin/users/${auditor.userId}`);
		const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? "";
		const res = await admin.post(`/admin/users/${auditor.userId}`, {
			displayName: "Ada Auditor",
			email: "auditor@demo.example",
			roles: ["auditor"],
			disabled: "yes",
			version,
		});
		assert.equal(res.statusCode, 303);
		const after = await auditor.get("/");
		assert.equal(after.statusCode, 302);
	});

	test("an administrator cannot give themselves a role that opens children's records; another administrator can", async () => {
		const admin = await t.as("administrator");
		const edit = async (who: typeof admin, roles: string[]) => {
			const form = await who.get(`/admin/users/${admin.userId}`);
			const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? "";
			return who.post(`/admin/users/${admin.userId}`, {
				displayName: "Alex Admin",
				email: "admin@demo.example",
				roles,
				version,
			});
		};
		const self = await edit(admin, ["administrator", "team-manager"]);
		assert.equal(self.statusCode, 403);
		assert.match(self.body, /You cannot give yourself a role that opens children&#39;s records \(Team manager\)/);
		const roles = await t.testDb.db.kysely
			.selectFrom("user_role")
			.select("role")
			.where("user_id", "=", admin.userId)
			.execute();
		assert.deepEqual(
			roles.map((r) => r.role),
			["administrator"],
		);
		// A second administrator, made by the first, may.
		const created = await admin.post("/admin/users/new", {
			...VALID,
			email: "second.admin@demo.example",
			roles: ["administrator"],
		});
		assert.equal(created.statusCode, 303);
		const secondId = /\/admin\/users\/([0-9a-f-]{36})/.exec(String(created.headers.location))?.[1] ?? "";
		const second = await clientFor(
			t.app,
			secondId,
			`${SESSION_COOKIE}=${await t.app.services.sessions.create(secondId)}`,
		);
		assert.equal((await edit(second, ["administrator", "team-manager"])).statusCode, 303);
	});
});
