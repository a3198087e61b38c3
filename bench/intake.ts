import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import pg from "pg";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/engine.ts";
import { migrate } from "../src/db/migrate.ts";
import { DEMO_API_KEY, loadDemoCouncil } from "../src/demo/council.ts";
import { buildApp } from "../src/server.ts";
import { DEFAULT_ADMIN_URL } from "./dataset.ts";
import type { IntakeReply, IntakeRequest } from "./intake-load.ts";

// npm run bench:intake [-- --quick]: the partner API taking contacts from 16 connections,
// with one request in ten a retry, on a PostgreSQL database of its own (the intake writes
// rows, and the page benches' database must stay as built). The target: at least 200
// contacts a second, and afterwards no contact made twice.

const TARGET_PER_SECOND = 200;
const DATABASE = "threshold_bench_intake";

const { values } = parseArgs({ options: { quick: { type: "boolean" } } });
const load = values.quick
	? { connections: 16, warmupSeconds: 3, durationSeconds: 10 }
	: { connections: 16, warmupSeconds: 10, durationSeconds: 60 };

const log = (line: string) => process.stderr.write(`[intake] ${line}\n`);

function inChild(request: IntakeRequest): Promise<IntakeReply> {
	return new Promise((resolve, reject) => {
		const child = fork(new URL("./intake-load.ts", import.meta.url), {
			execArgv: ["--import", "tsx"],
			stdio: "inherit",
		});
		child.once("message", (m: { ok: boolean; reply?: IntakeReply; error?: string }) =>
			m.ok && m.reply ? resolve(m.reply) : reject(new Error(m.error)),
		);
		child.once("error", reject);
		child.send(request);
	});
}

const percentile = (sorted: number[], p: number) =>
	sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : Number.NaN;

async function main(): Promise<number> {
	const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
	await admin.query(`CREATE DATABASE ${DATABASE}`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${DATABASE}`;
	const db = await openDatabase({ kind: "postgres", url: url.toString() });
	await migrate(db);
	await loadDemoCouncil(db);
	const config = loadConfig({
		NODE_ENV: "test",
		LOG_LEVEL: "warn",
		DATABASE_URL: url.toString(),
		DEMO_COUNCIL: "false",
		// The bench measures intake, not the per-key allowance.
		API_REQUESTS_PER_MINUTE: "1000000",
	});
	const app = await buildApp({ config, db });
	await app.listen({ host: "127.0.0.1", port: 0 });
	const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
	try {
		const runId = randomBytes(4).toString("hex");
		log(
			`${load.connections} connections, ${load.warmupSeconds} s warm-up, ${load.durationSeconds} s measured; ` +
				"one request in ten retries an earlier key, half of them while it is in flight",
		);
		const reply = await inChild({ url: `${base}/api/v1/contacts`, apiKey: DEMO_API_KEY, runId, ...load });
		const counts = await sql<{ contacts: number; keys: number; twice: number }>`
			SELECT count(*)::int AS contacts,
			       count(DISTINCT concern)::int AS keys,
			       (SELECT count(*)::int FROM (
			          SELECT concern FROM contact GROUP BY concern HAVING count(*) > 1) d) AS twice
			  FROM contact
			 WHERE concern LIKE ${`Bench contact ${runId}-measured-%`}`.execute(db.kysely);
		const { contacts, twice } = counts.rows[0];
		const perSecond = contacts / reply.seconds;
		const sorted = [...reply.latenciesMs].sort((a, b) => a - b);
		const unexpected = Object.entries(reply.unexpected);
		const met = perSecond >= TARGET_PER_SECOND && twice === 0 && unexpected.length === 0 && reply.errors === 0;
		process.stdout.write(
			[
				"",
				"Partner API intake (PostgreSQL, 16 connections)",
				`  contacts made:        ${contacts} in ${reply.seconds.toFixed(1)} s = ${perSecond.toFixed(0)} contacts/s (target ≥ ${TARGET_PER_SECOND})`,
				`  201 answers:          ${reply.accepted} (first answers and replays); 409 in flight: ${reply.inFlight409}`,
				`  retries sent:         ${reply.retries.inFlight} while in flight, ${reply.retries.afterAnswer} after the answer`,
				`  contacts made twice:  ${twice} (target 0)`,
				`  latency of 201s:      median ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms`,
				`  other answers:        ${unexpected.length ? unexpected.map(([s, n]) => `${s}×${n}`).join(", ") : "none"}; errors ${reply.errors}, timeouts ${reply.timeouts}`,
				`  target:               ${met ? "met" : "MISSED"}`,
				"",
			].join("\n"),
		);
		return met ? 0 : 1;
	} finally {
		await app.close();
		await db.close();
	}
}

process.exitCode = await main();
