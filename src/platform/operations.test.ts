import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import type pino from "pino";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { loadConfig } from "../config.ts";
import { buildApp } from "../server.ts";

describe("operations: health, readiness, logs, failures", () => {
	let t: TestDatabase;
	const lines: Record<string, unknown>[] = [];
	let app: Awaited<ReturnType<typeof buildApp>>;

	before(async () => {
		t = await createTestDatabase();
		const sink = new Writable({
			write(chunk, _enc, done) {
				for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
				done();
			},
		});
		app = await buildApp({
			config: loadConfig({ NODE_ENV: "test" }),
			db: t.db,
			logger: { level: "info", stream: sink } as unknown as pino.LoggerOptions,
			extraRoutes: {
				access: { "GET /boom": "public" },
				register(app) {
					app.get("/boom", async () => {
						throw new Error("secret internal detail: SELECT * FROM app_user");
					});
				},
			},
		});
	});
	after(async () => {
		await app.close();
		await t.close();
	});

	test("/healthz answers for the process and /readyz for the database", async () => {
		assert.deepEqual((await app.inject("/healthz")).json(), { status: "ok" });
		assert.deepEqual((await app.inject("/readyz")).json(), { status: "ok" });
	});

	test("every request's log lines carry the server's own request id, which the response returns; a client's id is kept beside it", async () => {
		const res = await app.inject({ url: "/sign-in", headers: { "x-request-id": "trace-123" } });
		const id = String(res.headers["x-request-id"]);
		assert.match(id, /^[0-9a-f-]{36}$/);
		const mine = lines.filter((l) => l.reqId === id);
		assert.ok(mine.length >= 2, "incoming and completed lines");
		assert.ok(
			mine.some((l) => l.clientRequestId === "trace-123" && "res" in l),
			"the completed line names the client's id",
		);
		assert.ok(!lines.some((l) => l.reqId === "trace-123"), "a client never chooses the id the log is searched by");
		assert.ok(lines.filter((l) => "req" in l || "res" in l).every((l) => typeof l.reqId === "string"));
	});

	test("text the database cannot store (a NUL, half a surrogate pair) is refused with a 400 page, never a 500", async () => {
		const form = await app.inject({
			method: "POST",
			url: "/sign-in",
			headers: { "content-type": "application/x-www-form-urlencoded", referer: "http://localhost/sign-in" },
			payload: "email=a%00b%40demo.example&password=x",
		});
		assert.equal(form.statusCode, 400);
		assert.match(form.body, /contains a character that cannot be saved/);
		const query = await app.inject({ url: "/sign-in?returnTo=%2Fpeople%3Fq%3D%00" });
		assert.equal(query.statusCode, 400);
		const json = await app.inject({
			method: "POST",
			url: "/sign-in",
			headers: { "content-type": "application/json" },
			payload: '{"email":"\\ud800"}',
		});
		assert.equal(json.statusCode, 400);
		assert.match(json.body, /cannot be saved/);
	});

	test("a failure is a 500 page with a reference, and the details stay in the log", async () => {
		const res = await app.inject({ url: "/boom" });
		const id = String(res.headers["x-request-id"]);
		assert.equal(res.statusCode, 500);
		assert.match(res.body, /Sorry, there is a problem with the service/);
		assert.match(res.body, new RegExp(`quote reference ${id}`));
		assert.doesNotMatch(res.body, /secret internal detail|SELECT|at .*\.ts/);
		assert.ok(lines.some((l) => l.reqId === id && JSON.stringify(l).includes("secret internal detail")));
	});

	test("a body over 256 KiB is refused with 413: a page that says nothing was saved and leads back", async () => {
		const res = await app.inject({
			method: "POST",
			url: "/sign-in",
			headers: {
				"content-type": "application/x-www-form-urlencoded",
				referer: "http://localhost:3000/sign-in?returnTo=%2Fpeople",
				host: "localhost:3000",
			},
			payload: `email=${"a".repeat(300 * 1024)}`,
		});
		assert.equal(res.statusCode, 413);
		assert.match(res.body, /govuk-heading-l">What you sent is too large/);
		assert.match(res.body, /Nothing was saved/);
		assert.match(res.body, /href="\/sign-in\?returnTo=%2Fpeople"/);
		const elsewhere = await app.inject({
			method: "POST",
			url: "/sign-in",
			headers: { "content-type": "application/x-www-form-urlencoded", referer: "https://evil.example/x" },
			payload: `email=${"a".repeat(300 * 1024)}`,
		});
		assert.equal(elsewhere.statusCode, 413);
		assert.doesNotMatch(elsewhere.body, /evil\.example/);
	});
});
