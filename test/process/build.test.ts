import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, test } from "node:test";
import { createEmptyPostgresDatabase, onPostgres } from "../support/db.ts";

// The production build: `npm run build` makes JavaScript that plain `node` runs, and its
// entry point never loads the demo council or faker. Built and started once per CI run
// (the PGlite pass): what it proves does not depend on the engine.

/** Everything a child process prints, as it arrives. */
function outputOf(child: ReturnType<typeof spawn>): () => string {
	let out = "";
	child.stdout?.on("data", (d) => {
		out += d;
	});
	child.stderr?.on("data", (d) => {
		out += d;
	});
	return () => out;
}

/** The files a module imports statically (not `import()`), followed through relative paths. */
function staticGraph(entry: string): Set<string> {
	const seen = new Set<string>();
	const visit = (file: string) => {
		if (seen.has(file)) return;
		seen.add(file);
		if (!file.startsWith("/")) return; // a package: recorded, not followed
		const text = readFileSync(file, "utf8");
		for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+"([^"]+)"|^\s*import\s+"([^"]+)"/gm)) {
			const spec = m[1] ?? m[2];
			visit(spec.startsWith(".") ? resolve(dirname(file), spec) : spec);
		}
	};
	visit(resolve(entry));
	return seen;
}

describe("the production build", { skip: onPostgres() && "built and started on the PGlite pass" }, () => {
	test("builds, starts with plain node, and loads neither the demo council nor faker", async () => {
		execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "pipe" });
		const graph = [...staticGraph("dist/src/main.js")];
		assert.ok(
			graph.some((f) => f.endsWith("dist/src/server.js")),
			"the walk follows the entry point's imports",
		);
		assert.deepEqual(
			graph.filter((f) => f.includes("/demo/") || f.startsWith("@faker-js")),
			[],
			"the production entry point imports no demo code",
		);

		const dataDir = mkdtempSync(join(tmpdir(), "threshold-built-"));
		const port = String(40000 + Math.floor(Math.random() * 20000));
		const child = spawn(process.execPath, ["dist/src/main.js"], {
			env: {
				...process.env,
				NODE_ENV: "test",
				DATA_DIR: dataDir,
				PORT: port,
				DEMO_COUNCIL: "false",
				LOG_LEVEL: "warn",
			},
			stdio: ["ignore", "pipe", "pipe"],
		});
		const out = outputOf(child);
		try {
			const deadline = Date.now() + 90_000;
			while (!/Threshold is running/.test(out())) {
				assert.equal(child.exitCode, null, `exited early:\n${out()}`);
				assert.ok(Date.now() < deadline, `did not start:\n${out()}`);
				await new Promise((r) => setTimeout(r, 200));
			}
			const health = await fetch(`http://127.0.0.1:${port}/healthz`);
			assert.equal(health.status, 200);
			const page = await fetch(`http://127.0.0.1:${port}/sign-in`);
			assert.match(await page.text(), /Sign in/, "templates are served from the build");
		} finally {
			child.kill("SIGTERM");
			await new Promise((r) => child.once("exit", r));
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});

describe("the app in production holds no owner rights", () => {
	const production = (env: Record<string, string>) =>
		new Promise<{ code: number | null; out: string }>((done) => {
			const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
				env: {
					...process.env,
					NODE_ENV: "production",
					SESSION_SECRET: "s".repeat(40),
					PUBLIC_URL: "https://threshold.example.gov.uk",
					PORT: "0",
					...env,
				},
				stdio: ["ignore", "pipe", "pipe"],
			});
			const out = outputOf(child);
			child.on("exit", (code) => done({ code, out: out() }));
		});

	test("it refuses to start with the schema owner's connection in its environment", async () => {
		const { code, out } = await production({
			DATABASE_URL: "postgres://threshold_web@127.0.0.1:5432/threshold",
			MIGRATION_DATABASE_URL: "postgres://threshold_owner@127.0.0.1:5432/threshold",
		});
		assert.equal(code, 1);
		assert.match(out, /MIGRATION_DATABASE_URL: the app must not hold the schema owner's connection in production/);
	});

	test("it does not migrate: on a database without its migrations it stops and says to run npm run migrate", {
		skip: !onPostgres() && "needs a PostgreSQL server",
	}, async () => {
		const empty = await createEmptyPostgresDatabase();
		try {
			const { code, out } = await production({ DATABASE_URL: empty.url });
			assert.equal(code, 1, out);
			assert.match(out, /migrations are not applied .*run npm run migrate/);
		} finally {
			await empty.drop();
		}
	});
});
