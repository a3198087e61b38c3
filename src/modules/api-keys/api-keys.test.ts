import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";

describe("partner API keys", () => {
	let t: TestApp;
	before(async () => {
		t = await createTestApp();
	});
	after(async () => t.close());

	const whoami = (authorization?: string) =>
		t.app.inject({ method: "GET", url: "/api/v1/whoami", headers: authorization ? { authorization } : {} });

	test("an administrator issues a key, shown once; only its hash is stored; it opens the API", async () => {
		const admin = await t.as("administrator");
		await admin.get("/admin/api-keys");
		const empty = await admin.post("/admin/api-keys", { agency: "" });
		assert.equal(empty.statusCode, 400);
		assert.match(empty.body, /Enter the agency the key is for/);
		// Too long is refused saying the limit, with what was typed kept; no key is issued.
		const long = await admin.post("/admin/api-keys", { agency: "A".repeat(201) });
		assert.equal(long.statusCode, 400);
		assert.match(long.body, /Agency must be 200 characters or fewer \(you entered 201\)/);
		assert.match(long.body, new RegExp(`name="agency" type="text" value="${"A".repeat(201)}"`));
		assert.doesNotMatch(long.body, /app-api-key/);
		// A key is an agency sending as its own referral sources: none chosen, or Anonymous, is refused.
		const sourceless = await admin.post("/admin/api-keys", { agency: "Kent Police" });
		assert.equal(sourceless.statusCode, 400);
		assert.match(sourceless.body, /Choose the referral sources the agency sends contacts as/);
		const anonymous = await admin.post("/admin/api-keys", { agency: "Kent Police", sources: ["6", "9"] });
		assert.equal(anonymous.statusCode, 400);
		assert.match(anonymous.body, /Choose referral sources from the list/);
		assert.match(anonymous.body, /value="6" checked/, "what was chosen is kept");
		assert.doesNotMatch(anonymous.body, /app-api-key/);
		const res = await admin.post("/admin/api-keys", { agency: "Kent Police", sources: "6" });
		assert.equal(res.statusCode, 200);
		assert.match(res.body, /sending as 6 \(Police\)/);
		assert.equal(res.headers["cache-control"], "no-store");
		const key = /<code class="app-api-key">([^<]+)<\/code>/.exec(res.body)?.[1] ?? "";
		assert.match(key, /^thr_[A-Za-z0-9_-]{40,}$/);
		const stored = await t.testDb.db.kysely
			.selectFrom("api_key")
			.selectAll()
			.where("agency", "=", "Kent Police")
			.executeTakeFirstOrThrow();
		assert.notEqual(stored.key_hash, key);
		assert.equal(JSON.stringify(stored).includes(key), false, "the key itself is never stored");
		const ok = await whoami(`Bearer ${key}`);
		assert.equal(ok.statusCode, 200);
		assert.equal(ok.json().agency, "Kent Police");
		assert.deepEqual(ok.json().referralSources, ["6"]);
		assert.deepEqual(stored.referral_sources, ["6"]);
		const list = await admin.get("/admin/api-keys");
		assert.doesNotMatch(list.body, new RegExp(key), "never shown again");

		await admin.post(`/admin/api-keys/${stored.id}/revoke`, {});
		const revoked = await whoami(`Bearer ${key}`);
		assert.equal(revoked.statusCode, 401);
		assert.equal(revoked.json().error.code, "unauthorized");
	});

	test("no key, a wrong key, or a user's session cookie: 401 with a precise error", async () => {
		for (const header of [undefined, "Bearer not-a-real-key-at-all-000000", "Basic abc", "Bearer "]) {
			const res = await whoami(header);
			assert.equal(res.statusCode, 401, String(header));
			assert.equal(res.headers["www-authenticate"], 'Bearer realm="threshold"');
		}
		const admin = await t.as("administrator");
		assert.equal((await admin.get("/api/v1/whoami")).statusCode, 401);
	});

	test("a key opens nothing but the API", async () => {
		const admin = await t.as("administrator");
		await admin.get("/admin/api-keys");
		const res = await admin.post("/admin/api-keys", { agency: "School", sources: "2A" });
		const key = /<code class="app-api-key">([^<]+)<\/code>/.exec(res.body)?.[1] ?? "";
		const page = await t.app.inject({
			method: "GET",
			url: "/admin/users",
			headers: { authorization: `Bearer ${key}` },
		});
		assert.equal(page.statusCode, 302, "treated as not signed in");
	});
});
