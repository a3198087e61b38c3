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

	test("every request's log lines carry its request id, which the response returns", async () => {
		const res = await app.inject({ url: "/sign-in", headers: { "x-request-id": "trace-123" } });
		assert.equal(res.headers["x-request-id"], "trace-123");
		const mine = lines.filter((l) => l.reqId === "trace-123");
		assert.ok(mine.length >= 2, "incoming and completed lines");
		assert.ok(lines.filter((l) => "req" in l || "res" in l).every((l) => typeof l.reqId === "string"));
	});

	test("a failure is a 500 page with a reference, and the details stay in the log", async () => {
		const res = await app.inject({ url: "/boom", headers: { "x-request-id": "boom-1" } });
		assert.equal(res.statusCode, 500);
		assert.match(res.body, /Sorry, there is a problem with the service/);
		assert.match(res.body, /quote reference boom-1/);
		assert.doesNotMatch(res.body, /secret internal detail|SELECT|at .*\.ts/);
		assert.ok(lines.some((l) => l.reqId === "boom-1" && JSON.stringify(l).includes("secret internal detail")));
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
