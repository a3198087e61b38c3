import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { loadConfig } from "../src/config.ts";
import { SESSION_COOKIE } from "../src/platform/access-control.ts";
import type { Role } from "../src/platform/roles.ts";
import { buildApp } from "../src/server.ts";
import { baselineRoutes } from "./baselines.ts";
import { DEFAULT_ADMIN_URL, openDataset, SIZES } from "./dataset.ts";
import { type LoadSettings, MeasurementFailed, measure } from "./measure.ts";
import { BASELINES, MEASUREMENTS, type Measurement } from "./measurements.ts";
import { type Row, table, targetLines, writeResults } from "./report.ts";
import { checkTargets } from "./targets.ts";

// npm run bench [-- --quick] [-- --only <name>[,<name>]]: measures pages of the app as whole
// HTTP requests against a large PostgreSQL database, next to two baseline pages served by
// the same app in the same run. Never part of npm test. See docs/adr/0006-bench-harness.md.

const LOAD: Record<"full" | "quick", LoadSettings> = {
	// Four connections: a busy office's worth of concurrent requests, without saturating two cores.
	full: { connections: 4, warmupSeconds: 5, durationSeconds: 20 },
	quick: { connections: 4, warmupSeconds: 2, durationSeconds: 5 },
};

const RESULTS_DIR = fileURLToPath(new URL("../bench-results/", import.meta.url));

const started = performance.now();
const log = (line: string) => {
	const at = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
	process.stderr.write(`[bench ${at} s] ${line}\n`);
};

class UsageError extends Error {}

function parseCli() {
	let values: { quick?: boolean; only?: string[]; help?: boolean };
	try {
		({ values } = parseArgs({
			options: {
				quick: { type: "boolean", default: false },
				only: { type: "string", multiple: true },
				help: { type: "boolean", short: "h", default: false },
			},
		}));
	} catch (error) {
		throw new UsageError(`${(error as Error).message}; see --help`);
	}
	const names = MEASUREMENTS.map((m) => m.name);
	if (values.help) {
		process.stdout.write(
			`Usage: npm run bench -- [--quick] [--only <name>[,<name>...]]\n` +
				`  --quick   a small database (${SIZES.quick.database}) and short runs: about a minute\n` +
				`  --only    measure only these (the baselines always run): ${names.join(", ")}\n` +
				`  Admin connection: BENCH_DATABASE_URL, default ${DEFAULT_ADMIN_URL}\n`,
		);
		process.exit(0);
	}
	const only = (values.only ?? []).flatMap((v) => v.split(",")).filter(Boolean);
	const baselineNames: string[] = Object.values(BASELINES).map((b) => b.name);
	const unknown = only.filter((n) => !names.includes(n) && !baselineNames.includes(n));
	if (unknown.length) throw new UsageError(`unknown measurement ${unknown.join(", ")}; known: ${names.join(", ")}`);
	const selected = only.length ? MEASUREMENTS.filter((m) => only.includes(m.name)) : MEASUREMENTS;
	return { mode: values.quick ? ("quick" as const) : ("full" as const), selected };
}

async function main(): Promise<number> {
	const { mode, selected } = parseCli();
	// The view engine caches compiled templates outside development, as it does in production.
	process.env.NODE_ENV = "test";
	const settings = LOAD[mode];
	const dataset = await openDataset(SIZES[mode], process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL, log);
	const { facts } = dataset;
	log(
		`${SIZES[mode].database}: about ${facts.accessLogRows.toLocaleString("en-GB")} access_log rows; ` +
			`the person searched has ${facts.hotPersonRows.toLocaleString("en-GB")} rows over ` +
			`${facts.hotPersonPartitions} monthly partitions; the user searched has ` +
			`${facts.practitionerRows.toLocaleString("en-GB")}`,
	);
	const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "warn", DATABASE_URL: dataset.url, DEMO_COUNCIL: "false" });
	const app = await buildApp({ config, db: dataset.db, extraRoutes: baselineRoutes(dataset.db) });
	const inFlight = trackInFlight(app);
	try {
		await app.listen({ host: "127.0.0.1", port: 0 });
		const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
		const sessions = new Map<Role, string>();
		const signedIn = async (role: Role) => {
			const token = sessions.get(role) ?? (await app.services.sessions.create(facts.userIds[role]));
			sessions.set(role, token);
			return { cookie: `${SESSION_COOKIE}=${token}` };
		};

		const run = async (m: Measurement): Promise<Row> => {
			const url = `${base}${m.path(facts)}`;
			const headers = await signedIn(m.as);
			try {
				const response = await fetch(url, { headers, redirect: "manual" });
				const body = await response.text();
				const problem = response.status === 200 ? m.check(body, facts) : `status ${response.status}`;
				if (problem) throw new MeasurementFailed(`${m.path(facts)}: ${problem}`);
				log(`measuring ${m.name}: ${settings.warmupSeconds} s warm-up, ${settings.durationSeconds} s measured`);
				return { name: m.name, figures: await measure(url, headers, settings) };
			} catch (error) {
				if (!(error instanceof MeasurementFailed)) throw error;
				log(`${m.name} failed: ${error.message}`);
				return { name: m.name, figures: null, failure: error.message };
			}
		};

		const rows = [await run(BASELINES.static), await run(BASELINES.pk)];
		const [staticPage, pkPage] = rows.map((r) => r.figures);
		if (!staticPage || !pkPage) throw new Error("a baseline could not be measured, so nothing can be compared");
		const baselines = { static: staticPage, pk: pkPage };
		for (const m of selected) rows.push(await run(m));

		const measured = new Map(rows.flatMap((r) => (r.figures ? [[r.name, r.figures] as const] : [])));
		const targets = checkTargets(measured, baselines);
		const failed = rows.filter((r) => !r.figures);
		const passed = failed.length === 0 && targets.every((t) => t.met);

		const heading =
			`Threshold bench, ${mode}: ${SIZES[mode].database}, about ` +
			`${facts.accessLogRows.toLocaleString("en-GB")} access_log rows` +
			(dataset.reused ? " (reused)" : ` (built in ${dataset.buildSeconds?.toFixed(0)} s)`) +
			`\n${settings.connections} connections, ${settings.warmupSeconds} s warm-up, ` +
			`${settings.durationSeconds} s measured per page; latencies of whole requests`;
		process.stdout.write(`\n${heading}\n\n${table(rows, baselines)}\n\n${targetLines(targets)}\n`);

		const { rows: version } = await sql<{ server_version: string }>`SHOW server_version`.execute(dataset.db.kysely);
		const postgres = version[0]?.server_version ?? "unknown";
		const file = writeResults(RESULTS_DIR, { mode, settings, dataset, postgres, rows, baselines, targets, passed });
		process.stdout.write(`\nResults: ${file}\n`);
		if (!passed) {
			const missed = targets.filter((t) => !t.met).map((t) => `${t.measurement} (${t.why})`);
			const lines = [...missed.map((m) => `target missed: ${m}`), ...failed.map((r) => `failed: ${r.name}`)];
			process.stdout.write(`\n${lines.join("\n")}\n`);
		}
		return passed ? 0 : 1;
	} finally {
		await app.close();
		await inFlight.settled(10_000);
		await dataset.close();
	}
}

/**
 * The load generator abandons its last requests when it stops, and closing the server
 * does not wait for handlers whose client has gone; their queries would then fail on a
 * closed pool. Counted from the server's "request" event, before any hook, to onSend,
 * which runs even when the client has gone.
 */
function trackInFlight(app: FastifyInstance) {
	const counted = new WeakSet<IncomingMessage>();
	let running = 0;
	app.server.prependListener("request", (request: IncomingMessage) => {
		counted.add(request);
		running++;
	});
	app.addHook("onSend", async (request) => {
		if (counted.delete(request.raw)) running--;
	});
	return {
		async settled(timeoutMs: number) {
			const until = performance.now() + timeoutMs;
			while (running > 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
		},
	};
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		if (error instanceof UsageError) {
			process.stderr.write(`${error.message}\n`);
			process.exit(2);
		}
		process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
		process.exit(2);
	},
);
