import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, createTestApp, type TestApp } from "../../../test/support/app.ts";

describe("access log search: what a bad search is told", () => {
	let t: TestApp;
	let admin: Client;
	before(async () => {
		t = await createTestApp();
		admin = await t.as("administrator");
	});
	after(async () => t.close());

	test("a record id that is not one, an unknown email and an over-long one get field messages together", async () => {
		const res = await admin.get(`/admin/access-log?personId=nope&user=${"x".repeat(255)}`);
		assert.equal(res.statusCode, 400);
		assert.match(res.body, /Enter a person&#39;s record id/);
		assert.match(res.body, /The email address must be 254 characters or fewer/);
		const unknown = await admin.get("/admin/access-log?user=nobody%40demo.example");
		assert.equal(unknown.statusCode, 400);
		assert.match(unknown.body, /There is no user with that email address/);
	});

	test("a user's own actions are found by their email", async () => {
		const res = await admin.get("/admin/access-log?user=admin%40demo.example");
		assert.equal(res.statusCode, 200);
	});
});
