import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { countRows, createTestApp, type TestApp } from "../../../../test/support/app.ts";
import type { DB } from "../../../db/schema.ts";
import { DEMO_API_KEY } from "../../../demo/council.ts";
import { ABANDONED_AFTER_MS, judgeExisting, KEPT_FOR_MS } from "./idempotency.ts";
import { EXAMPLE_BODY } from "./schema.ts";

const AUTH = { authorization: `Bearer ${DEMO_API_KEY}` };
const PUBLIC_URL = "https://threshold.council.example";

describe("partner API: contacts", () => {
	let t: TestApp;
	let serial = 0;
	before(async () => {
		t = await createTestApp({ env: { PUBLIC_URL } });
		t.clock.now = new Date("2026-11-23T10:00:00Z");
	});
	after(async () => t.close());

	const body = (overrides: Record<string, unknown> = {}) => ({
		...EXAMPLE_BODY,
		domesticAbuse: {
			...EXAMPLE_BODY.domesticAbuse,
			incidentAt: "2026-11-22T23:40:00Z",
			sentAt: "2026-11-23T08:05:00Z",
		},
		...overrides,
	});
	const send = (payload: unknown, headers: Record<string, string> = {}) =>
		t.app.inject({
			method: "POST",
			url: "/api/v1/contacts",
			headers: { ...AUTH, "content-type": "application/json", "idempotency-key": `k-${++serial}`, ...headers },
			payload: typeof payload === "string" ? payload : JSON.stringify(payload),
		});
	const count = (table: keyof DB) => countRows(t, table);

	test("a contact is recorded, its children wait to be matched, and nothing is created as a person", async () => {
		const people = await t.testDb.db.kysely
			.selectFrom("person")
			.select((eb) => eb.fn.countAll().as("n"))
			.executeTakeFirstOrThrow();
		const res = await send(body());
		assert.equal(res.statusCode, 201, res.body);
		const answer = res.json();
		assert.match(answer.reference, /\S/);
		assert.equal(answer.receivedAt, "2026-11-23T10:00:00.000Z");
		assert.deepEqual(
			answer.children.map((c: { status: string }) => c.status),
			["awaiting-match", "awaiting-match"],
		);
		const contact = await t.testDb.db.kysely
			.selectFrom("contact")
			.selectAll()
			.where("id", "=", answer.id)
			.executeTakeFirstOrThrow();
		assert.equal(contact.channel, "api");
		assert.equal(contact.kind, "da-notification");
		assert.equal(contact.risk_tool, "DASH");
		assert.ok(contact.api_key_id, "attributed to the agency's key");
		const after = await t.testDb.db.kysely
			.selectFrom("person")
			.select((eb) => eb.fn.countAll().as("n"))
			.executeTakeFirstOrThrow();
		assert.equal(Number(after.n), Number(people.n));
		await t.app.services.accessLog.flush();
		const logged = await t.testDb.db.kysely
			.selectFrom("access_log")
			.select(["api_key_id", "action"])
			.where("record_id", "=", answer.id)
			.execute();
		assert.deepEqual(logged, [{ api_key_id: contact.api_key_id, action: "create" }]);
	});

	test("a retry with the same key returns the first answer and makes no second contact", async () => {
		const headers = { "idempotency-key": "retry-1" };
		const first = await send(body(), headers);
		const before = await count("contact");
		t.clock.now = new Date(t.clock.now.getTime() + 23 * 3_600_000);
		const again = await send(body(), headers);
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		assert.equal(again.statusCode, 201);
		assert.equal(again.headers["idempotent-replayed"], "true");
		assert.equal(again.body, first.body, "the first answer, byte for byte");
		assert.match(again.headers["content-type"] as string, /^application\/json/);
		assert.equal(await count("contact"), before);
	});

	test("two requests with one key at the same moment make one contact", async () => {
		const before = await count("contact");
		const headers = { "idempotency-key": "race-1" };
		const answers = await Promise.all([send(body(), headers), send(body(), headers), send(body(), headers)]);
		const statuses = answers.map((a) => a.statusCode);
		assert.ok(statuses.includes(201), statuses.join());
		assert.ok(
			statuses.every((s) => s === 201 || s === 409),
			statuses.join(),
		);
		assert.equal(await count("contact"), before + 1);
	});

	test("the same key with a different body is refused and writes nothing", async () => {
		const headers = { "idempotency-key": "reuse-1" };
		await send(body(), headers);
		const before = await count("contact");
		const res = await send(body({ concern: "A different concern" }), headers);
		assert.equal(res.statusCode, 422);
		assert.equal(res.json().error.code, "idempotency_key_reused");
		assert.equal(await count("contact"), before);
	});

	test("keys are scoped to the agency: another agency may use the same key", async () => {
		const admin = await t.as("administrator");
		const issued = await admin.post("/admin/api-keys", { agency: "Neighbouring Police", sources: "6" });
		const other = /<code class="app-api-key">([^<]+)<\/code>/.exec(issued.body)?.[1] ?? "";
		const headers = { "idempotency-key": "shared-key" };
		const mine = await send(body(), headers);
		const theirs = await send(body(), { ...headers, authorization: `Bearer ${other}` });
		assert.equal(mine.statusCode, 201);
		assert.equal(theirs.statusCode, 201);
		assert.notEqual(theirs.json().id, mine.json().id);
		assert.equal(theirs.headers["idempotent-replayed"], undefined);
	});

	test("a retry while the first is in flight gets 409; an abandoned claim is taken over after a minute", async () => {
		const keyId = (
			await t.testDb.db.kysely
				.selectFrom("api_key")
				.select("id")
				.where("key_prefix", "like", "thr_demo%")
				.executeTakeFirstOrThrow()
		).id;
		const payload = body({ concern: "In flight" });
		// The first attempt claimed the key and is still working (or died): simulate its claim.
		const claim = await t.app.services.idempotency.claim(keyId, "in-flight-1", hashOf(payload));
		assert.equal(claim.kind, "claimed");
		const before = await count("contact");
		const busy = await send(payload, { "idempotency-key": "in-flight-1" });
		assert.equal(busy.statusCode, 409);
		assert.equal(busy.json().error.code, "request_in_progress");
		assert.equal(await count("contact"), before);

		t.clock.now = new Date(t.clock.now.getTime() + ABANDONED_AFTER_MS);
		const taken = await send(payload, { "idempotency-key": "in-flight-1" });
		assert.equal(taken.statusCode, 201, taken.body);
		assert.equal(await count("contact"), before + 1);
		// The first attempt, coming back late, cannot complete: its claim is gone.
		await assert.rejects(
			t.testDb.db.kysely.transaction().execute((trx) =>
				t.app.services.idempotency.complete(trx, keyId, "in-flight-1", claim.kind === "claimed" ? claim.token : "", {
					statusCode: 201,
					json: "{}",
				}),
			),
			/taken over/,
		);
		t.clock.now = new Date("2026-11-23T10:00:00Z");
	});

	test("bad requests get a precise code and write nothing", async () => {
		const before = { contacts: await count("contact"), keys: await count("api_idempotency") };
		const cases: [string, Awaited<ReturnType<typeof send>>, number, string][] = [
			["no key", await send(body(), { "idempotency-key": "" }), 400, "idempotency_key_required"],
			["bad key", await send(body(), { "idempotency-key": "has space" }), 400, "idempotency_key_invalid"],
			["malformed", await send("{not json"), 400, "malformed_json"],
			["no children", await send(body({ children: [] })), 422, "invalid_contact"],
			["unknown source", await send(body({ source: "99" })), 422, "invalid_contact"],
			["extra field", await send(body({ personId: "x" })), 422, "invalid_contact"],
			["number for a code", await send(body({ source: 6 })), 422, "invalid_contact"],
			[
				"future incident",
				await send(body({ domesticAbuse: { incidentAt: "2026-11-24T01:00:00Z" } })),
				422,
				"invalid_contact",
			],
			[
				"bad NHS number",
				await send(body({ children: [{ givenName: "Ann", familyName: "Lee", nhsNumber: "9434765918" }] })),
				422,
				"invalid_contact",
			],
			["nameless child", await send(body({ children: [{ dateOfBirth: "2015-01-01" }] })), 422, "invalid_contact"],
			[
				"impossible date",
				await send(body({ children: [{ givenName: "A", dateOfBirth: "2015-02-30" }] })),
				422,
				"invalid_contact",
			],
			["too large", await send(body({ concern: "x".repeat(300 * 1024) })), 413, "payload_too_large"],
		];
		for (const [name, res, status, code] of cases) {
			assert.equal(res.statusCode, status, `${name}: ${res.body}`);
			assert.equal(res.json().error.code, code, name);
		}
		const problems = cases.find(([n]) => n === "bad NHS number")?.[1].json().error.problems;
		assert.ok(problems["/children/0/nhsNumber"], JSON.stringify(problems));
		const dateProblem = cases.find(([n]) => n === "future incident")?.[1].json().error.problems;
		assert.ok(dateProblem["/domesticAbuse/incidentAt"], JSON.stringify(dateProblem));
		// Fastify neither strips nor coerces: the service sees the body as sent.
		const extra = cases.find(([n]) => n === "extra field")?.[1].json().error.problems;
		assert.ok(extra["/personId"], JSON.stringify(extra));
		const coerced = cases.find(([n]) => n === "number for a code")?.[1].json().error.problems;
		assert.ok(coerced["/source"], JSON.stringify(coerced));

		const form = await t.app.inject({
			method: "POST",
			url: "/api/v1/contacts",
			headers: { ...AUTH, "content-type": "application/x-www-form-urlencoded", "idempotency-key": "form-1" },
			payload: "concern=hello",
		});
		assert.equal(form.statusCode, 415);
		assert.equal(form.json().error.code, "unsupported_media_type");
		const xml = await t.app.inject({
			method: "POST",
			url: "/api/v1/contacts",
			headers: { ...AUTH, "content-type": "application/xml", "idempotency-key": "xml-1" },
			payload: "<contact/>",
		});
		assert.equal(xml.statusCode, 415);
		assert.equal(xml.json().error.code, "unsupported_media_type");
		assert.deepEqual({ contacts: await count("contact"), keys: await count("api_idempotency") }, before);
	});

	test("a missing, unknown or revoked key is refused with 401; a signed-in user's cookie does not open the API", async () => {
		const none = await send(body(), { authorization: "" });
		assert.equal(none.statusCode, 401);
		assert.equal(none.json().error.code, "unauthorized");
		const unknown = await send(body(), { authorization: "Bearer thr_nope" });
		assert.equal(unknown.statusCode, 401);
		const admin = await t.as("administrator");
		const issued = await admin.post("/admin/api-keys", { agency: "School trust", sources: "2A" });
		const key = /<code class="app-api-key">([^<]+)<\/code>/.exec(issued.body)?.[1] ?? "";
		const row = await t.testDb.db.kysely
			.selectFrom("api_key")
			.select("id")
			.where("agency", "=", "School trust")
			.executeTakeFirstOrThrow();
		await admin.post(`/admin/api-keys/${row.id}/revoke`, {});
		const revoked = await send(body(), { authorization: `Bearer ${key}` });
		assert.equal(revoked.statusCode, 401);
		const officer = await t.as("contact-officer");
		const cookie = await officer.post("/api/v1/contacts", {});
		assert.notEqual(cookie.statusCode, 201);
	});

	const openApi = (headers: Record<string, string> = {}) =>
		t.app.inject({ method: "GET", url: "/api/v1/openapi.json", headers });

	test("the OpenAPI document names the configured address, whatever Host the first caller sends", async () => {
		// The first request for the document: it once fixed the address for every later caller.
		const evil = await openApi({ host: "evil.example", "x-forwarded-host": "evil.example" });
		assert.equal(evil.statusCode, 200);
		assert.deepEqual(evil.json().servers, [{ url: PUBLIC_URL }]);
		const plain = await openApi();
		assert.deepEqual(plain.json().servers, [{ url: PUBLIC_URL }]);
		assert.doesNotMatch(plain.body, /evil\.example/);
	});

	test("the OpenAPI document lists the API routes only, with the bearer key as their security", async () => {
		const res = await openApi();
		assert.equal(res.statusCode, 200);
		assert.match(res.headers["content-type"] as string, /^application\/json/);
		const doc = res.json();
		assert.equal(doc.openapi, "3.1.0");
		assert.equal(doc.info.title, "Threshold partner API");
		assert.deepEqual(Object.keys(doc.paths).sort(), ["/api/v1/contacts", "/api/v1/whoami"]);
		for (const page of ["/contacts/new", "/front-door/matching", "/triage", "/admin/api-keys", "/sign-in", "/"]) {
			assert.equal(doc.paths[page], undefined, page);
		}
		assert.equal(doc.components.securitySchemes.agencyKey.type, "http");
		assert.equal(doc.components.securitySchemes.agencyKey.scheme, "bearer");
		assert.deepEqual(doc.security, [{ agencyKey: [] }]);
	});

	test("the OpenAPI document describes POST /api/v1/contacts from its route, with an example the API accepts", async () => {
		const doc = (await openApi()).json();
		const post = doc.paths["/api/v1/contacts"].post;
		assert.deepEqual(
			post.parameters.map((p: { in: string; name: string; required: boolean }) => [p.in, p.name, p.required]),
			[["header", "Idempotency-Key", true]],
			"the key is a parameter; Authorization is the security scheme's",
		);
		assert.equal(post.requestBody.required, true);
		const json = post.requestBody.content["application/json"];
		assert.deepEqual([...json.schema.required].sort(), ["children", "concern", "familyAware", "referrer", "source"]);
		assert.equal(json.schema.additionalProperties, false);
		assert.equal(json.schema.properties.children.maxItems, 12);
		assert.equal(json.schema.properties.concern.maxLength, 20_000);
		assert.deepEqual(Object.keys(post.responses).sort(), ["201", "400", "401", "409", "413", "415", "422"]);
		const created = post.responses["201"];
		assert.ok(created.headers["Idempotent-Replayed"], "a replay is marked");
		assert.deepEqual([...created.content["application/json"].schema.required].sort(), [
			"children",
			"id",
			"receivedAt",
			"reference",
		]);

		// Each error answer is documented with its shape and the codes the API really sends.
		const answered: [number, string, Awaited<ReturnType<typeof send>>][] = [
			[400, "malformed_json", await send("{not json")],
			[400, "idempotency_key_required", await send(body(), { "idempotency-key": "" })],
			[401, "unauthorized", await send(body(), { authorization: "Bearer thr_nope" })],
			[413, "payload_too_large", await send(body({ concern: "x".repeat(300 * 1024) }))],
			[415, "unsupported_media_type", await send(body(), { "content-type": "text/plain" })],
			[422, "invalid_contact", await send(body({ children: [] }))],
		];
		for (const [status, code, res] of answered) {
			assert.equal(res.statusCode, status, `${code}: ${res.body}`);
			assert.equal(res.json().error.code, code);
			const documented = post.responses[String(status)];
			assert.match(documented.description, new RegExp(`\\b${code}\\b`), `${status} names ${code}`);
			const error = documented.content["application/json"].schema.properties.error;
			assert.deepEqual([...error.required].sort(), ["code", "message"]);
		}
		assert.match(post.responses["409"].description, /\brequest_in_progress\b/);
		assert.match(post.responses["422"].description, /\bidempotency_key_reused\b/);

		const accepted = await send(json.example);
		assert.equal(accepted.statusCode, 201, accepted.body);
	});

	test("old keys are forgotten after 48 hours, not before", async () => {
		await send(body(), { "idempotency-key": "old-1" });
		t.clock.now = new Date(t.clock.now.getTime() + KEPT_FOR_MS - 60_000);
		await t.app.services.idempotency.purge();
		const kept = await t.testDb.db.kysely
			.selectFrom("api_idempotency")
			.select("idempotency_key")
			.where("idempotency_key", "=", "old-1")
			.execute();
		assert.equal(kept.length, 1);
		t.clock.now = new Date(t.clock.now.getTime() + 120_000);
		assert.ok((await t.app.services.idempotency.purge()) >= 1);
		const gone = await t.testDb.db.kysely
			.selectFrom("api_idempotency")
			.select("idempotency_key")
			.where("idempotency_key", "=", "old-1")
			.execute();
		assert.equal(gone.length, 0);
		t.clock.now = new Date("2026-11-23T10:00:00Z");
	});
});

describe("idempotency: judging an existing claim", () => {
	const now = new Date("2026-11-23T10:00:00Z");
	const row = {
		request_hash: "h",
		claim_token: "t",
		claimed_at: new Date(now.getTime() - 1000),
		completed_at: null,
		status_code: null,
		response: null,
	};
	test("each case", () => {
		assert.equal(judgeExisting(row, "other", now).kind, "reused");
		assert.equal(judgeExisting(row, "h", now).kind, "in-progress");
		assert.equal(
			judgeExisting({ ...row, claimed_at: new Date(now.getTime() - ABANDONED_AFTER_MS) }, "h", now).kind,
			"take-over",
		);
		const done = judgeExisting({ ...row, completed_at: now, status_code: 201, response: '{"id":"x"}' }, "h", now);
		assert.deepEqual(done, { kind: "replay", answer: { statusCode: 201, json: '{"id":"x"}' } });
	});
});

const hashOf = (payload: unknown) => createHash("sha256").update(JSON.stringify(payload)).digest("hex");

describe("partner API: each key's allowance", () => {
	let t: TestApp;
	before(async () => {
		t = await createTestApp({ env: { API_REQUESTS_PER_MINUTE: "3" } });
	});
	after(async () => t.close());

	const whoami = (authorization: string, remoteAddress = "10.1.1.1") =>
		t.app.inject({ method: "GET", url: "/api/v1/whoami", headers: { authorization }, remoteAddress });

	test("a key over its allowance gets 429 with Retry-After; another address's bad guesses are limited on their own", async () => {
		for (let i = 0; i < 3; i++) assert.equal((await whoami(AUTH.authorization)).statusCode, 200);
		const over = await whoami(AUTH.authorization);
		assert.equal(over.statusCode, 429);
		assert.ok(Number(over.headers["retry-after"]) >= 1);
		assert.equal(over.json().error.code, "too_many_requests");
		// Guesses at keys from one address: ten are answered 401, then 429.
		const guesses = [];
		for (let i = 0; i < 11; i++) guesses.push((await whoami(`Bearer thr_guess${i}`, "10.2.2.2")).statusCode);
		assert.deepEqual(guesses, [...Array(10).fill(401), 429]);
		assert.equal((await whoami("Bearer thr_guess", "10.3.3.3")).statusCode, 401, "another address is not held back");
	});
});
