import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, createTestApp, type TestApp } from "../../test/support/app.ts";
import { PIN_PATH, pinnedAccess, pinnedTableText } from "../../test/support/permissions-pin.ts";
import { DEMO_API_KEY } from "../demo/council.ts";
import { permissionTable } from "../server.ts";
import { decideAccess, printPermissionTable } from "./permissions.ts";
import { ALL_ROLES, type Role } from "./roles.ts";

const ROUTE_ACCESS = permissionTable();
const SAMPLE_ID = "00000000-0000-4000-8000-000000000000";
/** `count` of `from`, starting at `turn` and wrapping: a different few each time. */
const pick = <T>(from: readonly T[], turn: number, count: number): T[] =>
	from.length <= count ? [...from] : Array.from({ length: count }, (_, i) => from[(turn * count + i) % from.length]);
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, SAMPLE_ID).replace("*", "govuk-frontend.min.css");

describe("permissions: the table as data", () => {
	test("the app's table is the reviewed one in docs/permissions.md", () => {
		const actual = printPermissionTable(ROUTE_ACCESS).trim();
		if (actual !== pinnedTableText()) {
			// Printed whole, so the difference can be reviewed and, if meant, pasted in.
			console.log(`The permissions table the app enforces:\n${actual}`);
		}
		assert.equal(actual, pinnedTableText(), `the table differs from ${PIN_PATH}: review the difference`);
	});

	test("the reviewed table is read back as it reads", () => {
		// Guards the reader: a misread table would make the walk below prove nothing.
		const pinned = pinnedAccess();
		assert.equal(pinned.size, Object.keys(ROUTE_ACCESS).length);
		assert.deepEqual(pinned.get("GET /healthz"), { kind: "public" });
		assert.deepEqual(pinned.get("POST /api/v1/contacts"), { kind: "api" });
		const merge = pinned.get("POST /people/:personId/merge");
		assert.deepEqual(merge?.kind === "roles" && [...merge.allowed].sort(), ["senior-leader", "team-manager"]);
	});
});

describe("permissions: the app answers each route as the reviewed table says, in-process", () => {
	let t: TestApp;
	const clients = new Map<Role, Client>();
	const pinned = pinnedAccess();
	before(async () => {
		t = await createTestApp();
		// One signed-in client per role for the whole walk.
		for (const role of ALL_ROLES) clients.set(role, await t.as(role));
	});
	after(async () => t.close());

	test("every route in the table is served, and nothing is served that is not in it", () => {
		for (const key of Object.keys(ROUTE_ACCESS)) {
			const [method, url] = key.split(" ");
			assert.ok(t.app.hasRoute({ method: method as "GET", url }), `${key} is declared but not served`);
		}
		// The reverse holds by construction: registering an undeclared route throws.
		assert.throws(() => t.app.get("/not-declared", async () => "x"));
	});

	async function request(role: Role, method: string, url: string) {
		// Signing out ends the session: that route gets a client of its own.
		const client = url === "/sign-out" ? await t.as(role) : (clients.get(role) as Client);
		return method === "GET" ? client.get(concrete(url)) : client.post(concrete(url), {});
	}

	// Every route is asked by some roles it allows and some it refuses, taken in turn so
	// that across the walk every role meets both answers; the table test above covers
	// every cell as data.
	let turn = 0;
	for (const [key, expected] of pinned) {
		const [method, url] = key.split(" ");
		turn++;
		test(key, async () => {
			if (expected.kind === "public") {
				const res = await t.app.inject({ method: method as "GET", url: concrete(url) });
				assert.ok(res.statusCode < 500, `${key} answered ${res.statusCode} to an anonymous request`);
				// An anonymous form without its CSRF token is refused (403) by design; never sent to sign in.
				const refusals = method === "GET" ? [401, 403] : [401];
				assert.ok(!refusals.includes(res.statusCode), `${key} is public but refused an anonymous request`);
				return;
			}
			if (expected.kind === "api") {
				// A partner key and nothing else: no user's session opens the API.
				for (const role of pick(ALL_ROLES, turn, 3)) {
					const res = await request(role, method, url);
					assert.equal(res.statusCode, 401, `${role} must not reach ${key}`);
				}
				const withKey = await t.app.inject({
					method: method as "GET",
					url: concrete(url),
					headers: { authorization: `Bearer ${DEMO_API_KEY}` },
				});
				assert.ok(![401, 403].includes(withKey.statusCode), `the demo key should reach ${key}`);
				assert.ok(withKey.statusCode < 500, `${key} answered ${withKey.statusCode} to the demo key`);
				return;
			}
			const allowed = ALL_ROLES.filter((r) => expected.allowed.has(r));
			const refused = ALL_ROLES.filter((r) => !expected.allowed.has(r));
			for (const role of pick(allowed, turn, 2)) {
				const res = await request(role, method, url);
				assert.ok(
					![401, 403].includes(res.statusCode),
					`${role} should reach ${key} (got ${res.statusCode}: ${res.body.slice(0, 200)})`,
				);
				assert.ok(res.statusCode < 500, `${role} reached ${key} and it failed with ${res.statusCode}`);
			}
			for (const role of pick(refused, turn, 2)) {
				const res = await request(role, method, url);
				assert.equal(res.statusCode, 403, `${role} must be refused ${key}, got ${res.statusCode}`);
			}
			const anonymous = await t.app.inject({ method: method as "GET", url: concrete(url) });
			assert.ok(
				[302, 401, 403].includes(anonymous.statusCode),
				`an anonymous request to ${key} must be sent to sign in, got ${anonymous.statusCode}`,
			);
		});
	}

	test("the administration pages are for administrators only", () => {
		for (const key of Object.keys(ROUTE_ACCESS).filter((k) => k.includes(" /admin/"))) {
			const roles = ROUTE_ACCESS[key] as readonly Role[];
			assert.deepEqual([...roles], ["administrator"], key);
		}
	});

	test("an inspector can change nothing, whatever the table says", async () => {
		assert.equal(decideAccess(["inspector"], "POST", "/anything", { roles: ["inspector"] }), "deny");
		assert.equal(decideAccess(["inspector"], "GET", "/anything", { roles: ["inspector"] }), "allow");
		assert.equal(decideAccess(ALL_ROLES, "POST", "/sign-out", { roles: ["inspector"] }), "allow");
		const inspector = await t.as("inspector");
		const res = await inspector.post("/settings/timescales", {});
		assert.equal(res.statusCode, 403);
	});

	test("a refused request is written to the access log", async () => {
		const analyst = await t.as("analyst");
		const res = await analyst.get("/admin/users");
		assert.equal(res.statusCode, 403);
		assert.match(res.body, /You do not have access to this page/);
		await t.app.services.accessLog.flush();
		const row = await t.testDb.db.kysely
			.selectFrom("access_log")
			.selectAll()
			.where("user_id", "=", analyst.userId)
			.where("action", "=", "denied")
			.where("record_id", "=", "GET /admin/users")
			.executeTakeFirst();
		assert.equal((row?.detail as { status: number } | undefined)?.status, 403);
	});

	test("unknown URLs and tampered ids are 404 pages that leak nothing", async () => {
		const admin = await t.as("administrator");
		for (const url of ["/no-such-page", `/admin/users/${SAMPLE_ID}`, "/admin/users/'%20or%201=1--"]) {
			const res = await admin.get(url);
			assert.equal(res.statusCode, 404, url);
			assert.match(res.body, /Page not found/);
			assert.doesNotMatch(res.body, /stack|Error:|node_modules|SELECT/i);
		}
	});
});
