import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { loadConfig } from "../src/config.ts";
import type { Database } from "../src/db/engine.ts";
import { SESSION_COOKIE } from "../src/platform/access-control.ts";
import { AccessLog, type LogEntry } from "../src/platform/access-log.ts";
import type { Role } from "../src/platform/roles.ts";
import { buildApp } from "../src/server.ts";
import { baselineRoutes } from "./baselines.ts";
import { contests } from "./ceiling.ts";
import { DEFAULT_ADMIN_URL, openDataset, SIZES, ssdSize } from "./dataset.ts";
import { frontDoorRoutes } from "./front-door.ts";
import { figuresOf, type LoadSettings, MeasurementFailed, measure, type Sample, sample } from "./measure.ts";
import { BASELINES, LOGGING_COST, MEASUREMENTS, type Measurement, PEOPLE_SEARCH, RECORD_PAGE } from "./measurements.ts";
import { type Accuracy, accuracyLines, measureAccuracy, type SearchQuery } from "./people.ts";
import { accuracyReport, type Row, table, targetLines, writeResults } from "./report.ts";
import { measureSsdImport, SSD_IMPORT, type SsdImportResult, ssdImportLines } from "./ssd.ts";
import { checkTargets } from "./targets.ts";
import { measureTriageRecording, TRIAGE_RECORDING, TRIAGE_RECORDING_NO_TASKS } from "./triage-recording.ts";

// npm run bench [-- --quick] [-- --only <name>[,<name>]]: measures pages of the app as whole
// HTTP requests against a large PostgreSQL database, next to two baseline pages served by
// the same app in the same run. Never part of npm test. See docs/adr/0006-bench-harness.md.

const LOAD: Record<"full" | "quick", LoadSettings> = {
	// Four connections: a busy office's worth of concurrent requests, without saturating two cores.
	full: { connections: 4, warmupSeconds: 5, durationSeconds: 20 },
	quick: { connections: 4, warmupSeconds: 2, durationSeconds: 5 },
};

// The logging cost is a difference of some percent in throughput, on a machine whose load
// drifts: each side is measured for longer (full 30 s, quick 8 s), in rounds that alternate
// which side goes first, each round in a freshly built app on the database as built.
const LOGGING_LOAD: Record<"full" | "quick", LoadSettings & { rounds: number }> = {
	full: { connections: 4, warmupSeconds: 5, durationSeconds: 10, rounds: 3 },
	quick: { connections: 4, warmupSeconds: 2, durationSeconds: 4, rounds: 2 },
};

/**
 * The access log with nothing behind its view writer, for the logging cost's second half:
 * views and searches are dropped, changes are still written in their transactions.
 */
class ViewsGoNowhere extends AccessLog {
	override view(_entry: LogEntry): void {}
	override async flush(): Promise<void> {}
}

// Triages recorded each way for the cost of tasks, after pairs whose figures are discarded.
const TRIAGE_PAIRS: Record<"full" | "quick", { pairs: number; warmupPairs: number }> = {
	full: { pairs: 390, warmupPairs: 10 },
	quick: { pairs: 200, warmupPairs: 10 },
};

// The issue states this one in seconds: a director asking for every figure again.
const DASHBOARD_RECOMPUTE_SECONDS = 20;

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
	const names = [...MEASUREMENTS.map((m) => m.name), LOGGING_COST, TRIAGE_RECORDING, SSD_IMPORT];
	if (values.help) {
		process.stdout.write(
			`Usage: npm run bench -- [--quick] [--only <name>[,<name>...]]\n` +
				`  --quick   a small database (${SIZES.quick.database}) and short runs: a few minutes\n` +
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
	const loggingCost = only.length === 0 || only.includes(LOGGING_COST);
	const triageRecording = only.length === 0 || only.includes(TRIAGE_RECORDING);
	const ssdImport = only.length === 0 || only.includes(SSD_IMPORT);
	return {
		mode: values.quick ? ("quick" as const) : ("full" as const),
		selected,
		loggingCost,
		triageRecording,
		ssdImport,
	};
}

/** The accuracy pass's figures with the first-place ceiling of each query (bench/ceiling.ts). */
async function judgeCeilings(dataset: { db: Database }, queries: SearchQuery[], accuracy: Accuracy): Promise<Accuracy> {
	const t0 = performance.now();
	const judged = await dataset.db.withOwner((owner) => contests(owner, queries, accuracy.outcomes, new Date()));
	const outcomes = accuracy.outcomes.map((o, i) => ({ ...o, ceiling: judged[i].ceiling }));
	log(`person search: first-place ceilings judged in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
	return { ...accuracy, outcomes, lines: accuracyLines(outcomes, accuracy.baseline) };
}

async function main(): Promise<number> {
	const { mode, selected, loggingCost, triageRecording, ssdImport } = parseCli();
	// The view engine caches compiled templates outside development, as it does in production.
	process.env.NODE_ENV = "test";
	const settings = LOAD[mode];
	const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
	const dataset = await openDataset(SIZES[mode], adminUrl, log);
	let datasetOpen = true;
	const { facts } = dataset;
	log(
		`${SIZES[mode].database}: about ${facts.people.toLocaleString("en-GB")} people and ` +
			`${facts.accessLogRows.toLocaleString("en-GB")} access_log rows; the child whose log is searched ` +
			`has ${facts.hotPersonRows.toLocaleString("en-GB")} rows over ${facts.hotPersonPartitions} monthly ` +
			`partitions; the user searched has ${facts.practitionerRows.toLocaleString("en-GB")}; ` +
			`${facts.searchQueries.length.toLocaleString("en-GB")} person-search queries`,
	);
	const fd = facts.frontDoor;
	log(
		`front door: ${fd.contacts.toLocaleString("en-GB")} contacts` +
			(fd.contactsBuildSeconds === null ? "" : ` (built in ${fd.contactsBuildSeconds} s)`) +
			`; ${fd.awaitingTriage} children waiting for triage in the front-door team; ` +
			`the 99th-percentile child's history has ${fd.p99Events} events`,
	);
	const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "warn", DATABASE_URL: dataset.url, DEMO_COUNCIL: "false" });
	// The app is built again, with another access log, for the logging cost.
	const serve = async (accessLog?: AccessLog) => {
		const app = await buildApp({
			config,
			db: dataset.db,
			extraRoutes: withFrontDoor(baselineRoutes(dataset.db)),
			accessLog,
		});
		const inFlight = trackInFlight(app);
		await app.listen({ host: "127.0.0.1", port: 0 });
		return { app, inFlight, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
	};
	const stop = async (server: Awaited<ReturnType<typeof serve>>) => {
		await server.app.close();
		await server.inFlight.settled(10_000);
	};
	let server: Awaited<ReturnType<typeof serve>> | null = await serve();
	try {
		// Sessions live in the database, so they outlast a rebuilt app.
		const sessions = new Map<Role, string>();
		const signedIn = async (role: Role) => {
			const token = sessions.get(role) ?? (await server!.app.services.sessions.create(facts.userIds[role]));
			sessions.set(role, token);
			return { cookie: `${SESSION_COOKIE}=${token}` };
		};

		const run = async (m: Measurement, load = settings): Promise<Row> => {
			const base = server!.base;
			const headers = await signedIn(m.as);
			try {
				const response = await fetch(`${base}${m.path(facts)}`, { headers, redirect: "manual" });
				const body = await response.text();
				const problem = response.status === 200 ? m.check(body, facts) : `status ${response.status}`;
				if (problem) throw new MeasurementFailed(`${m.path(facts)}: ${problem}`);
				const paths = m.paths?.(facts);
				log(
					`measuring ${m.name}${paths ? ` (${paths.length} requests in turn)` : ""}: ` +
						`${load.warmupSeconds} s warm-up, ${load.durationSeconds} s measured`,
				);
				return { name: m.name, figures: await measure(`${base}${m.path(facts)}`, headers, load, paths) };
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

		let accuracy: Accuracy | null = null;
		// The dashboard's figures from scratch: the live ones and 60 months, with nothing cached.
		let recompute: { seconds: number; met: boolean } | null = null;
		for (const m of selected) {
			if (m.name === "dashboard") {
				const dashboard = server.app.services.dashboard;
				const to = dashboard.periods().thisMonth;
				const [y, mo] = to.split("-").map(Number);
				const from = `${y - 5}-${String(mo).padStart(2, "0")}`;
				const t0 = performance.now();
				await dashboard.recompute(from, to);
				const seconds = (performance.now() - t0) / 1000;
				recompute = { seconds, met: seconds <= DASHBOARD_RECOMPUTE_SECONDS };
				log(
					`dashboard: every figure, live and ${from} to ${to} by month, recomputed from scratch in ${seconds.toFixed(1)} s`,
				);
			}
			if (m.name === PEOPLE_SEARCH) {
				log(`person search: running each of the ${facts.searchQueries.length} queries once for accuracy`);
				try {
					accuracy = await measureAccuracy(server.base, await signedIn(m.as), facts.searchQueries, baselines.pk);
					accuracy = await judgeCeilings(dataset, facts.searchQueries, accuracy);
				} catch (error) {
					if (!(error instanceof MeasurementFailed)) throw error;
					log(`${m.name} failed: ${error.message}`);
					rows.push({ name: m.name, figures: null, failure: error.message });
					continue;
				}
			}
			rows.push(await run(m));
		}

		// The import against COPY, and the primary-key page while it runs (ADR 39).
		let ssd: SsdImportResult | null = null;
		if (ssdImport) {
			try {
				const headers = await signedIn(BASELINES.pk.as);
				const url = `${server.base}${BASELINES.pk.path(facts)}`;
				ssd = await measureSsdImport(dataset.db, dataset.url, ssdSize(SIZES[mode]), log, (seconds) =>
					sample(url, headers, { connections: settings.connections, warmupSeconds: 1, durationSeconds: seconds }),
				);
				rows.push(
					{ name: `${SSD_IMPORT}-pk-idle`, figures: figuresOf([ssd.pkIdle]) },
					{ name: `${SSD_IMPORT}-pk-during`, figures: figuresOf([ssd.pkDuring]) },
					{ name: `${SSD_IMPORT}-pk-during-in-app`, figures: figuresOf([ssd.pkDuringInApp]) },
				);
			} catch (error) {
				if (!(error instanceof MeasurementFailed)) throw error;
				log(`${SSD_IMPORT} failed: ${error.message}`);
				rows.push({ name: SSD_IMPORT, figures: null, failure: error.message });
			}
		}

		if (loggingCost) {
			const load = LOGGING_LOAD[mode];
			const samples: Record<"on" | "off", Sample[]> = { on: [], off: [] };
			const names = { on: RECORD_PAGE.name, off: `${RECORD_PAGE.name}-no-log` };
			let failure: string | null = null;
			try {
				for (let round = 1; round <= load.rounds && !failure; round++) {
					for (const side of round % 2 === 1 ? (["off", "on"] as const) : (["on", "off"] as const)) {
						await stop(server);
						server = null;
						// Every round starts from the database as built: the views logged so far are taken out.
						await dataset.removeWrittenRows();
						server = await serve(side === "off" ? new ViewsGoNowhere(dataset.db.kysely) : undefined);
						const headers = await signedIn(RECORD_PAGE.as);
						const url = `${server.base}${RECORD_PAGE.path(facts)}`;
						const response = await fetch(url, { headers, redirect: "manual" });
						const body = await response.text();
						const problem = response.status === 200 ? RECORD_PAGE.check(body, facts) : `status ${response.status}`;
						if (problem) throw new MeasurementFailed(`${RECORD_PAGE.path(facts)}: ${problem}`);
						log(
							`measuring ${names[side]}, round ${round} of ${load.rounds}: ` +
								`${load.warmupSeconds} s warm-up, ${load.durationSeconds} s measured`,
						);
						samples[side].push(await sample(url, headers, load));
					}
				}
			} catch (error) {
				if (!(error instanceof MeasurementFailed)) throw error;
				log(`${LOGGING_COST} failed: ${error.message}`);
				failure = error.message;
			}
			for (const side of ["off", "on"] as const) {
				rows.push(
					failure
						? { name: names[side], figures: null, failure }
						: { name: names[side], figures: figuresOf(samples[side]) },
				);
			}
		}

		const { rows: version } = await sql<{ server_version: string }>`SHOW server_version`.execute(dataset.db.kysely);
		const postgres = version[0]?.server_version ?? "unknown";

		if (triageRecording) {
			// It copies the bench database, which PostgreSQL does only with nobody connected to it.
			if (server) await stop(server);
			server = null;
			await dataset.close();
			datasetOpen = false;
			const names = { on: TRIAGE_RECORDING, off: TRIAGE_RECORDING_NO_TASKS };
			try {
				const samples = await measureTriageRecording({
					adminUrl,
					source: SIZES[mode].database,
					config,
					...TRIAGE_PAIRS[mode],
					log,
				});
				for (const side of ["off", "on"] as const)
					rows.push({ name: names[side], figures: figuresOf([samples[side]]) });
			} catch (error) {
				log(`${TRIAGE_RECORDING} failed: ${(error as Error).message}`);
				for (const side of ["off", "on"] as const) {
					rows.push({ name: names[side], figures: null, failure: (error as Error).message });
				}
			}
		}

		const measured = new Map(rows.flatMap((r) => (r.figures ? [[r.name, r.figures] as const] : [])));
		const targets = checkTargets({
			figures: measured,
			baselines,
			accuracy: new Map(accuracy ? [[PEOPLE_SEARCH, accuracy.lines]] : []),
		});
		const failed = rows.filter((r) => !r.figures);
		const ssdMet = !ssd || (ssd.met.speed && ssd.met.pk);
		const passed = failed.length === 0 && targets.every((t) => t.met) && recompute?.met !== false && ssdMet;

		const heading =
			`Threshold bench, ${mode}: ${SIZES[mode].database}, about ` +
			`${facts.people.toLocaleString("en-GB")} people and ` +
			`${facts.accessLogRows.toLocaleString("en-GB")} access_log rows` +
			(dataset.reused
				? " (reused)"
				: dataset.buildSeconds === null
					? " (migrated forward)"
					: ` (built in ${dataset.buildSeconds.toFixed(0)} s)`) +
			`\n${settings.connections} connections, ${settings.warmupSeconds} s warm-up, ` +
			`${settings.durationSeconds} s measured per page (the record page for the logging cost: ` +
			`${LOGGING_LOAD[mode].rounds} rounds of ${LOGGING_LOAD[mode].warmupSeconds} s + ` +
			`${LOGGING_LOAD[mode].durationSeconds} s each way); latencies of whole requests`;
		const sections = [heading, table(rows, baselines)];
		if (accuracy) sections.push(accuracyReport(accuracy));
		sections.push(targetLines(targets));
		if (recompute) {
			sections.push(
				`dashboard figures recomputed from scratch: ${recompute.seconds.toFixed(1)} s ` +
					`(target ≤ ${DASHBOARD_RECOMPUTE_SECONDS} s: ${recompute.met ? "met" : "MISSED"})`,
			);
		}
		if (ssd) sections.push(ssdImportLines(ssd));
		process.stdout.write(`\n${sections.join("\n\n")}\n`);

		const file = writeResults(RESULTS_DIR, {
			mode,
			settings,
			loggingLoad: LOGGING_LOAD[mode],
			dataset,
			postgres,
			rows,
			baselines,
			targets,
			accuracy,
			ssdImport: ssd && {
				rows: ssd.rows,
				tables: ssd.tables,
				importSeconds: ssd.importSeconds,
				copySeconds: ssd.copySeconds,
				speedOfCopy: ssd.speedOfCopy,
				pkP95RatioDuringImport: ssd.pkRatio,
				pkP95RatioDuringImportInApp: ssd.pkRatioInApp,
				met: ssd.met,
			},
			passed,
		});
		process.stdout.write(`\nResults: ${file}\n`);
		if (!passed) {
			const missed = targets
				.filter((t) => !t.met)
				.map((t) => `${t.measurement}${t.line ? ` [${t.line}]` : ""} (${t.why})`);
			const lines = [...missed.map((m) => `target missed: ${m}`), ...failed.map((r) => `failed: ${r.name}`)];
			if (recompute && !recompute.met) lines.push("target missed: dashboard figures recomputed from scratch");
			if (ssd && !ssd.met.speed) lines.push("target missed: SSD import at half COPY's speed");
			if (ssd && !ssd.met.pk) lines.push("target missed: primary-key page p95 during an SSD import");
			process.stdout.write(`\n${lines.join("\n")}\n`);
		}
		return passed ? 0 : 1;
	} finally {
		if (server) await stop(server);
		if (datasetOpen) await dataset.close();
	}
}

/**
 * The load generator abandons its last requests when it stops, and closing the server
 * does not wait for handlers whose client has gone; their queries would then fail on a
 * closed pool. Counted from the server's "request" event, before any hook, to onSend,
 * which runs even when the client has gone.
 */
/** The baselines and the front door's bare-SQL route, registered together. */
function withFrontDoor(
	baselines: ReturnType<typeof baselineRoutes>,
	frontDoor = frontDoorRoutes(),
): ReturnType<typeof baselineRoutes> {
	return {
		access: { ...baselines.access, ...frontDoor.access },
		register(app) {
			baselines.register(app);
			frontDoor.register(app);
		},
	};
}

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
