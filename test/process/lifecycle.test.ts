import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openDatabase } from "../../src/db/engine.ts";
import { DEMO_PASSWORD, DEMO_USERS } from "../../src/demo/council.ts";
import { createEmptyPostgresDatabase, onPostgres } from "../support/db.ts";

// The real `npm start` entry point in a child process: start, refuse a second process,
// survive SIGKILL mid-write, and shut down cleanly on SIGTERM.
interface Running {
	child: ChildProcess;
	output: () => string;
	exited: Promise<number | null>;
}

function start(env: Record<string, string>): Running {
	const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
		env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn", ...env },
		stdio: ["ignore", "pipe", "pipe"],
	});
	let out = "";
	child.stdout?.on("data", (d) => {
		out += d;
	});
	child.stderr?.on("data", (d) => {
		out += d;
	});
	const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
	return { child, output: () => out, exited };
}

async function waitUntilRunning(r: Running, timeoutMs = 90_000) {
	const deadline = Date.now() + timeoutMs;
	while (!/Threshold is running/.test(r.output())) {
		if (r.child.exitCode !== null) throw new Error(`exited early:\n${r.output()}`);
		if (Date.now() > deadline) throw new Error(`did not start:\n${r.output()}`);
		await new Promise((res) => setTimeout(res, 200));
	}
}

class Browserless {
	cookies = new Map<string, string>();
	constructor(readonly base: string) {}
	async request(path: string, form?: Record<string, string>) {
		const res = await fetch(this.base + path, {
			method: form ? "POST" : "GET",
			redirect: "manual",
			headers: {
				cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
				...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
			},
			body: form ? new URLSearchParams(form).toString() : undefined,
		});
		for (const c of res.headers.getSetCookie()) {
			const [pair] = c.split(";");
			const [k, v] = pair.split("=");
			this.cookies.set(k, v);
		}
		return { status: res.status, body: await res.text() };
	}
	async signIn(email: string) {
		const page = await this.request("/sign-in");
		const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
		const res = await this.request("/sign-in", { _csrf: csrf, email, password: DEMO_PASSWORD });
		assert.equal(res.status, 303);
		const home = await this.request("/settings/calendar");
		return /name="_csrf" value="([^"]+)"/.exec(home.body)?.[1] ?? "";
	}
}

describe("the server process", () => {
	let env: Record<string, string>;
	let cleanup: () => Promise<void>;
	const port = String(20000 + (process.pid % 20000));
	const base = `http://127.0.0.1:${port}`;

	before(async () => {
		if (onPostgres()) {
			const db = await createEmptyPostgresDatabase();
			env = { DATABASE_URL: db.url, DEMO_COUNCIL: "true", PORT: port, HOST: "127.0.0.1" };
			cleanup = db.drop;
		} else {
			const dir = mkdtempSync(join(tmpdir(), "threshold-data-"));
			env = { DATA_DIR: dir, PORT: port, HOST: "127.0.0.1" };
			cleanup = async () => rmSync(dir, { recursive: true, force: true });
		}
	});
	after(async () => cleanup?.());

	test("starts, prints one demo login per role, and refuses a second process on the same data", async () => {
		const first = start(env);
		try {
			await waitUntilRunning(first);
			assert.match(first.output(), /Demo logins/);
			assert.equal(first.output().match(/@demo\.example/g)?.length, DEMO_USERS.length);
			assert.match(first.output(), /^Demo agency API key: thr_\S+$/m);
			if (!onPostgres()) {
				const second = start({ ...env, PORT: String(Number(port) + 1) });
				assert.equal(await second.exited, 1);
				assert.match(second.output(), /Another Threshold process \(pid \d+\) is already using the database/);
			}
			// Signing in writes a buffered view row; SIGTERM straight away must still flush it.
			await new Browserless(base).signIn("analyst@demo.example");
		} finally {
			first.child.kill("SIGTERM");
			assert.equal(await first.exited, 0);
		}
		const db = await openDatabase(
			onPostgres() ? { kind: "postgres", url: env.DATABASE_URL } : { kind: "pglite", dataDir: env.DATA_DIR },
		);
		try {
			const rows = await db.withOwner((o) =>
				o.query(
					"SELECT 1 FROM access_log a JOIN app_user u ON u.id = a.user_id WHERE a.action = 'sign-in' AND u.email = 'analyst@demo.example'",
				),
			);
			assert.equal(rows.length, 1, "the sign-in row was flushed at shutdown");
		} finally {
			await db.close();
		}
	});

	test("SIGKILL during a burst of writes loses nothing committed and leaves nothing half-written", async () => {
		const server = start(env);
		await waitUntilRunning(server);
		const client = new Browserless(base);
		const csrf = await client.signIn("admin@demo.example");
		const acknowledged: string[] = [];
		let killed = false;
		const writer = async (worker: number) => {
			for (let i = 0; !killed; i++) {
				const day = new Date(Date.UTC(2040 + worker, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
				const [y, m, d] = day.split("-");
				try {
					const res = await client.request("/settings/bank-holidays", {
						_csrf: csrf,
						"day-day": d,
						"day-month": m,
						"day-year": y,
						title: `Burst ${worker}-${i}`,
					});
					if (res.status === 303) acknowledged.push(day);
				} catch {
					return; // the connection died with the server
				}
			}
		};
		const writers = [0, 1, 2, 3].map(writer);
		while (acknowledged.length < 15) await new Promise((r) => setTimeout(r, 20));
		killed = true;
		server.child.kill("SIGKILL");
		await server.exited;
		await Promise.all(writers);

		// It starts again after the crash and serves pages.
		const again = start(env);
		try {
			await waitUntilRunning(again);
			assert.equal((await new Browserless(base).request("/sign-in")).status, 200);
		} finally {
			again.child.kill("SIGTERM");
			assert.equal(await again.exited, 0);
		}

		const db = await openDatabase(
			onPostgres() ? { kind: "postgres", url: env.DATABASE_URL } : { kind: "pglite", dataDir: env.DATA_DIR },
		);
		try {
			const holidays = (
				await db.withOwner((o) => o.query<{ day: string }>("SELECT day::text AS day FROM bank_holiday ORDER BY day"))
			).map((r) => r.day);
			for (const day of acknowledged) assert.ok(holidays.includes(day), `acknowledged ${day} was lost`);
			// Nothing half-written: every holiday has its log row and every log row its holiday.
			const logged = (
				await db.withOwner((o) =>
					o.query<{ day: string }>(
						"SELECT record_id AS day FROM access_log WHERE record_type = 'bank-holiday' AND action = 'create' ORDER BY 1",
					),
				)
			).map((r) => r.day);
			assert.deepEqual(logged, holidays);
		} finally {
			await db.close();
		}
		assert.ok(acknowledged.length >= 15);
	});
});
