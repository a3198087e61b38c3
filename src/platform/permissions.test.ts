import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestApp, type TestApp } from "../../test/support/app.ts";
import { DEMO_API_KEY } from "../demo/council.ts";
import { type Access, decideAccess, ROUTE_ACCESS } from "./permissions.ts";
import { ALL_ROLES, type Role } from "./roles.ts";

const SAMPLE_ID = "00000000-0000-4000-8000-000000000000";
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, SAMPLE_ID).replace("*", "govuk-frontend.min.css");

describe("permissions: every route for every role, in-process", () => {
	let t: TestApp;
	before(async () => {
		t = await createTestApp();
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

	for (const [key, access] of Object.entries(ROUTE_ACCESS)) {
		const [method, url] = key.split(" ");
		test(`${key}`, async () => {
			if (access === "api") {
				// A partner key and nothing else: no user's session opens the API.
				for (const role of ALL_ROLES) {
					const client = await t.as(role);
					const res = method === "GET" ? await client.get(concrete(url)) : await client.post(concrete(url), {});
					assert.equal(res.statusCode, 401, `${role} must not reach ${key}`);
				}
				const withKey = await t.app.inject({
					method: method as "GET",
					url: concrete(url),
					headers: { authorization: `Bearer ${DEMO_API_KEY}` },
				});
				assert.notEqual(withKey.statusCode, 401, `the demo key should reach ${key}`);
				return;
			}
			for (const role of ALL_ROLES) {
				const client = await t.as(role);
				const res = method === "GET" ? await client.get(concrete(url)) : await client.post(concrete(url), {});
				const allowed = decideAccess(access as Access, method, url, { roles: [role] }) === "allow";
				if (allowed) {
					assert.notEqual(res.statusCode, 403, `${role} should reach ${key} (got 403: ${res.body.slice(0, 200)})`);
					assert.notEqual(res.statusCode, 401, `${role} should be signed in for ${key}`);
				} else {
					assert.equal(res.statusCode, 403, `${role} must be refused ${key}, got ${res.statusCode}`);
				}
			}
			if (access !== "public") {
				const anonymous = await t.app.inject({ method: method as "GET", url: concrete(url) });
				assert.ok(
					[302, 401, 403].includes(anonymous.statusCode),
					`an anonymous request to ${key} must be sent to sign in, got ${anonymous.statusCode}`,
				);
			}
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
