import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError, loadConfig } from "./config.ts";

describe("configuration", () => {
	test("development needs nothing set", () => {
		const config = loadConfig({});
		assert.equal(config.port, 3000);
		assert.equal(config.database.url, undefined);
		assert.equal(config.demoCouncil, true);
	});

	test("every bad setting is reported at once, one line each", () => {
		try {
			loadConfig({ PORT: "99999", DATABASE_URL: "mysql://x", LOG_LEVEL: "loud", OIDC_ISSUER: "https://idp.example" });
			assert.fail("should have thrown");
		} catch (error) {
			assert.ok(error instanceof ConfigError);
			const text = error.problems.join("\n");
			assert.match(text, /^PORT: /m);
			assert.match(text, /^DATABASE_URL: /m);
			assert.match(text, /^LOG_LEVEL: /m);
			assert.match(text, /^OIDC_ISSUER: .*must be set together/m);
		}
	});

	test("production refuses default secrets, a missing database and a missing address", () => {
		assert.throws(
			() => loadConfig({ NODE_ENV: "production" }),
			(error: ConfigError) =>
				error.problems.some((p) => p.startsWith("SESSION_SECRET: must be set in production")) &&
				error.problems.some((p) => p.startsWith("DATABASE_URL:")) &&
				!error.problems.some((p) => p.startsWith("MIGRATION_DATABASE_URL:")) &&
				error.problems.some((p) => p.startsWith("PUBLIC_URL: must be set in production")),
		);
		const config = loadConfig({
			NODE_ENV: "production",
			SESSION_SECRET: "x".repeat(40),
			DATABASE_URL: "postgres://threshold_web@db/threshold",
			MIGRATION_DATABASE_URL: "postgres://threshold_owner@db/threshold",
			PUBLIC_URL: "https://threshold.example.gov.uk",
		});
		assert.equal(config.demoCouncil, false);
		assert.equal(config.production, true);
		assert.equal(config.serviceUrl, "https://threshold.example.gov.uk");
	});

	test("the development secret and a short secret are refused in production", () => {
		const production = {
			NODE_ENV: "production",
			DATABASE_URL: "postgres://threshold_web@db/threshold",
			MIGRATION_DATABASE_URL: "postgres://threshold_owner@db/threshold",
			PUBLIC_URL: "https://threshold.example.gov.uk",
		};
		const problems = (secret: string) => {
			try {
				loadConfig({ ...production, SESSION_SECRET: secret });
				return [];
			} catch (error) {
				return (error as ConfigError).problems;
			}
		};
		assert.match(
			problems("development-only-secret-do-not-use-in-production").join("\n"),
			/SESSION_SECRET: the development secret/,
		);
		assert.match(problems("short").join("\n"), /SESSION_SECRET: must be at least 32 characters/);
		assert.deepEqual(problems("y".repeat(32)), []);
	});

	test("the demo council loads on the embedded database, on PostgreSQL only when asked, and never in production", () => {
		assert.equal(loadConfig({}).demoCouncil, true);
		assert.equal(loadConfig({ DATABASE_URL: "postgres://u@db/threshold" }).demoCouncil, false);
		assert.equal(loadConfig({ DATABASE_URL: "postgres://u@db/threshold", DEMO_COUNCIL: "true" }).demoCouncil, true);
		assert.throws(() => loadConfig({ NODE_ENV: "production", DEMO_COUNCIL: "true" }), /DEMO_COUNCIL/);
	});

	test("the service's address is PUBLIC_URL, an absolute http(s) address; localhost outside production", () => {
		assert.equal(loadConfig({}).serviceUrl, "http://localhost:3000");
		assert.equal(loadConfig({ PORT: "8080" }).serviceUrl, "http://localhost:8080");
		const set = loadConfig({ PUBLIC_URL: "https://threshold.example.gov.uk/" });
		assert.equal(set.serviceUrl, "https://threshold.example.gov.uk", "no trailing slash to double up before a path");
		assert.equal(set.publicUrl, "https://threshold.example.gov.uk/", "sign-in's redirect address is left as set");
		for (const bad of [
			"threshold.example.gov.uk",
			"/threshold",
			"ftp://threshold.example.gov.uk",
			"javascript:alert(1)",
		]) {
			assert.throws(
				() => loadConfig({ PUBLIC_URL: bad }),
				(error: ConfigError) => error.problems.some((p) => p.startsWith("PUBLIC_URL: must be an absolute http")),
				bad,
			);
		}
	});
});
