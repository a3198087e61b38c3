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

	test("production refuses default secrets and a missing owner connection", () => {
		assert.throws(
			() => loadConfig({ NODE_ENV: "production" }),
			(error: ConfigError) =>
				error.problems.some((p) => p.startsWith("SESSION_SECRET: must be set in production")) &&
				error.problems.some((p) => p.startsWith("DATABASE_URL:")) &&
				error.problems.some((p) => p.startsWith("MIGRATION_DATABASE_URL:")),
		);
		const config = loadConfig({
			NODE_ENV: "production",
			SESSION_SECRET: "x".repeat(40),
			DATABASE_URL: "postgres://threshold_web@db/threshold",
			MIGRATION_DATABASE_URL: "postgres://threshold_owner@db/threshold",
		});
		assert.equal(config.demoCouncil, false);
		assert.equal(config.production, true);
	});
});
