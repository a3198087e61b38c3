import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, clientFor, countRows, createTestApp, type TestApp } from "../../../test/support/app.ts";
import { SESSION_COOKIE } from "../../platform/access-control.ts";
import { managementLine } from "../../platform/management-line.ts";

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

	describe("line managers", () => {
		// Demo users no other test here changes.
		const LADO = "lado@demo.example";
		const EARLY_HELP = "early.help@demo.example";
		const MISSING = "missing@demo.example";
		const EXPLOITATION = "exploitation@demo.example";
		const UNKNOWN = "00000000-0000-4000-8000-000000000000";

		const idOf = async (email: string) =>
			(
				await t.testDb.db.kysely
					.selectFrom("app_user")
					.select("id")
					.where("email", "=", email)
					.executeTakeFirstOrThrow()
			).id;
		const row = async (id: string) =>
			t.testDb.db.kysely
				.selectFrom("app_user")
				.select(["manager_id", "version"])
				.where("id", "=", id)
				.executeTakeFirstOrThrow();
		/** Saves the user's form as loaded, with the line manager chosen. */
		const setManager = async (admin: Client, userId: string, managerId: string) => {
			const page = await admin.get(`/admin/users/${userId}`);
			const user = await t.app.services.users.get(userId);
			return admin.post(`/admin/users/${userId}`, {
				displayName: user.displayName,
				email: user.email,
				roles: user.roles,
				teamId: user.teamId ?? "",
				sweRegistration: user.sweRegistration ?? "",
				managerId,
				version: /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? "",
			});
		};

		test("an administrator sets a user's line manager, and the change is logged with before and after", async () => {
			const admin = await t.as("administrator");
			const [lado, earlyHelp] = [await idOf(LADO), await idOf(EARLY_HELP)];
			const res = await setManager(admin, lado, earlyHelp);
			assert.equal(res.statusCode, 303);
			assert.equal((await row(lado)).manager_id, earlyHelp);

			const page = await admin.get(`/admin/users/${lado}`);
			assert.match(page.body, new RegExp(`<option value="${earlyHelp}" selected>Erin Earlyhelp</option>`));
			const list = await admin.get("/admin/users");
			assert.match(list.body, /Lee Lado<\/a><\/td>[\s\S]*?<td class="govuk-table__cell">Erin Earlyhelp<\/td>/);

			const log = await t.testDb.db.kysely
				.selectFrom("access_log")
				.select("detail")
				.where("record_id", "=", lado)
				.where("action", "=", "update")
				.executeTakeFirstOrThrow();
			const detail = log.detail as { before: { managerId: unknown }; after: { managerId: unknown } };
			assert.equal(detail.before.managerId, null);
			assert.equal(detail.after.managerId, earlyHelp);

			// Choosing no line manager clears it.
			assert.equal((await setManager(admin, lado, "")).statusCode, 303);
			assert.equal((await row(lado)).manager_id, null);
		});

		test("the choice lists other enabled users, with the email where names are shared", async () => {
			const admin = await t.as("administrator");
			const lado = await idOf(LADO);
			await t.testDb.db.kysely
				.insertInto("app_user")
				.values([
					{ email: "erin.other@demo.example", display_name: "Erin Earlyhelp" },
					{ email: "gone@demo.example", display_name: "Gail Gone", disabled_at: new Date() },
				])
				.execute();
			const page = await admin.get(`/admin/users/${lado}`);
			const select = /<select[^>]*name="managerId"[\s\S]*?<\/select>/.exec(page.body)?.[0] ?? "";
			assert.match(select, /<option value="">No line manager<\/option>/);
			assert.match(select, /Erin Earlyhelp \(early\.help@demo\.example\)/);
			assert.match(select, /Erin Earlyhelp \(erin\.other@demo\.example\)/);
			assert.match(select, />Mina Missing</);
			assert.doesNotMatch(select, /Lee Lado/, "not the user themself");
			assert.doesNotMatch(select, /Gail Gone/, "not a disabled user");
		});

		test("a user cannot be their own line manager, nor have an unknown or disabled one; nothing is written", async () => {
			const admin = await t.as("administrator");
			const missing = await idOf(MISSING);
			const { id: gone } = await t.testDb.db.kysely
				.insertInto("app_user")
				.values({ email: "gone.too@demo.example", display_name: "Gary Gone", disabled_at: new Date() })
				.returning("id")
				.executeTakeFirstOrThrow();
			const before = await row(missing);
			const cases: [string, RegExp][] = [
				[missing, /A user cannot be their own line manager/],
				[UNKNOWN, /Select a line manager from the list/],
				["not-an-id", /Select a line manager from the list/],
				[gone, /Select a line manager from the list/],
			];
			for (const [managerId, message] of cases) {
				const res = await setManager(admin, missing, managerId);
				assert.equal(res.statusCode, 400, managerId);
				assert.match(res.body, /govuk-error-summary/);
				assert.match(res.body, /href="#managerId"/);
				assert.match(res.body, message);
			}
			assert.deepEqual(await row(missing), before);

			// Adding a user with an unknown line manager is refused the same way.
			const users = await countRows(t, "app_user");
			const created = await admin.post("/admin/users/new", {
				...VALID,
				email: "no.such.manager@demo.example",
				managerId: UNKNOWN,
			});
			assert.equal(created.statusCode, 400);
			assert.match(created.body, /Select a line manager from the list/);
			assert.equal(await countRows(t, "app_user"), users);
		});

		test("a choice that makes a cycle is refused, directly or further up the line", async () => {
			const admin = await t.as("administrator");
			const [missing, exploitation, earlyHelp] = [
				await idOf(MISSING),
				await idOf(EXPLOITATION),
				await idOf(EARLY_HELP),
			];
			// Mina is managed by Ellis, who is managed by Erin.
			assert.equal((await setManager(admin, missing, exploitation)).statusCode, 303);
			assert.equal((await setManager(admin, exploitation, earlyHelp)).statusCode, 303);
			for (const [userId, managerId] of [
				[exploitation, missing],
				[earlyHelp, missing],
				[earlyHelp, exploitation],
			]) {
				const before = await row(userId);
				const res = await setManager(admin, userId, managerId);
				assert.equal(res.statusCode, 400);
				assert.match(res.body, /govuk-error-summary/);
				assert.match(res.body, /is managed by the user, directly or through others/);
				assert.deepEqual(await row(userId), before);
			}
		});

		test("managementLine gives the managers up the chain, nearest first, and stops at a cycle and after 50", async () => {
			const db = t.testDb.db.kysely;
			const [missing, exploitation, earlyHelp] = [
				await idOf(MISSING),
				await idOf(EXPLOITATION),
				await idOf(EARLY_HELP),
			];
			await db.updateTable("app_user").set({ manager_id: exploitation }).where("id", "=", missing).execute();
			await db.updateTable("app_user").set({ manager_id: earlyHelp }).where("id", "=", exploitation).execute();
			await db.updateTable("app_user").set({ manager_id: null }).where("id", "=", earlyHelp).execute();
			assert.deepEqual(await managementLine(db, missing), [exploitation, earlyHelp]);
			assert.deepEqual(await managementLine(db, exploitation), [earlyHelp]);
			assert.deepEqual(await managementLine(db, earlyHelp), []);
			assert.deepEqual(await managementLine(db, UNKNOWN), []);
			assert.deepEqual(await managementLine(db, "not-an-id"), []);

			// The demo council's practitioner is managed by her team's manager.
			assert.deepEqual(await managementLine(db, await t.userIdFor("practitioner")), [
				await t.userIdFor("team-manager"),
			]);

			// A cycle written past the service still ends.
			await db.updateTable("app_user").set({ manager_id: missing }).where("id", "=", earlyHelp).execute();
			assert.deepEqual(await managementLine(db, missing), [exploitation, earlyHelp]);
			await db.updateTable("app_user").set({ manager_id: null }).where("id", "=", earlyHelp).execute();

			// A line 60 long is followed for 50.
			const chain = await db
				.insertInto("app_user")
				.values(
					Array.from({ length: 61 }, (_, i) => ({ email: `chain.${i}@demo.example`, display_name: `Chain ${i}` })),
				)
				.returning("id")
				.execute();
			for (let i = 0; i < 60; i++) {
				await db
					.updateTable("app_user")
					.set({ manager_id: chain[i + 1].id })
					.where("id", "=", chain[i].id)
					.execute();
			}
			assert.deepEqual(
				await managementLine(db, chain[0].id),
				chain.slice(1, 51).map((c) => c.id),
			);
		});
	});
});
