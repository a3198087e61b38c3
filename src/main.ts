import { ConfigError, loadConfig } from "./config.ts";
import { DataDirInUse } from "./db/data-dir-lock.ts";
import type { Database } from "./db/engine.ts";
import { checkApplicationRole, ensureAccessLogPartitions, partitionMonthsAhead } from "./db/maintenance.ts";
import { migrate, pendingMigrations } from "./db/migrate.ts";
import { openConfigured } from "./db/open.ts";
import { forgetOldDrafts } from "./platform/drafts.ts";
import { forgetOldSubmissions } from "./platform/once.ts";
import { buildApp } from "./server.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
// Enough families for searches and duplicates to feel real, small enough to load in seconds.
const DEMO_PEOPLE = 3000;

async function hasPeople(db: Database): Promise<boolean> {
	return (await db.kysely.selectFrom("person").select("id").limit(1).execute()).length > 0;
}

async function main() {
	const config = loadConfig();
	if (config.production && config.database.ownerUrl) {
		throw new ConfigError([
			"MIGRATION_DATABASE_URL: the app must not hold the schema owner's connection in production; run npm run migrate and npm run maintain with it instead (docs/deployment.md)",
		]);
	}
	const { db, release: releaseLock } = await openConfigured(config);
	if (config.production) {
		// The schema owner's work (migrations, partitions) runs as its own commands: the app holds no owner rights.
		const pending = await pendingMigrations(db);
		if (pending.length) {
			throw new ConfigError([
				`database: ${pending.length} migrations are not applied (${pending[0]} first): run npm run migrate`,
			]);
		}
		if ((await partitionMonthsAhead(db)) < 2) {
			process.stderr.write(
				"Warning: the access log has partitions for less than two months ahead: run npm run maintain daily.\n",
			);
		}
	} else {
		await migrate(db);
		await ensureAccessLogPartitions(db);
	}
	const problems = await checkApplicationRole(db);
	if (problems.length) {
		throw new ConfigError(
			problems.map((p) => `database: ${p}; connect as a role that can only insert into and read the log`),
		);
	}
	// The demo council (and faker behind it) is loaded only when asked for: never in production.
	const demo = config.demoCouncil ? await import("./demo/council.ts") : null;
	const demoLoaded = demo ? await demo.loadDemoCouncil(db) : false;
	// Also when an earlier first start stopped before the people were in.
	if (config.demoCouncil && (demoLoaded || !(await hasPeople(db)))) {
		process.stdout.write(`Loading the demo council's ${DEMO_PEOPLE} people (first start only)…\n`);
		const target = config.database.url
			? { kind: "postgres" as const, url: config.database.ownerUrl ?? config.database.url }
			: { kind: "pglite" as const, db };
		const { loadSynthetic } = await import("./demo/synthetic/load.ts");
		await loadSynthetic(target, { people: DEMO_PEOPLE, years: 5, seed: 1, today: new Date() });
	}
	// The case system's history of some of those children, through the importer (ADR 39).
	if (config.demoCouncil && (await (await import("./demo/ssd-history.ts")).loadDemoSsdHistory(db.kysely))) {
		process.stdout.write("Imported the demo council's case-system history (source liquidlogic).\n");
	}

	const app = await buildApp({ config, db });
	if (config.demoCouncil && (await (await import("./demo/front-door.ts")).loadDemoContacts(app, db.kysely))) {
		process.stdout.write("Recorded the demo council's first contacts.\n");
	}
	const upkeep = setInterval(() => {
		if (!config.production) {
			ensureAccessLogPartitions(db).catch((err) => app.log.error({ err }, "could not create access log partitions"));
		}
		forgetOldSubmissions(db.kysely, new Date()).catch((err) =>
			app.log.error({ err }, "could not forget old form tokens"),
		);
		forgetOldDrafts(db.kysely, new Date()).catch((err) => app.log.error({ err }, "could not forget old drafts"));
		app.services.idempotency
			.purge()
			.catch((err) => app.log.error({ err }, "could not forget old API idempotency keys"));
	}, DAY_MS);
	upkeep.unref();

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		app.log.info({ signal }, "shutting down: finishing requests and flushing the access log");
		clearInterval(upkeep);
		try {
			// A job cut off here is marked interrupted at the next start (ADR 34).
			await app.services.ssdImportRunner.stop();
			await app.close();
			await db.close();
		} finally {
			releaseLock();
			process.exit(0);
		}
	};
	process.on("SIGTERM", () => void stop("SIGTERM"));
	process.on("SIGINT", () => void stop("SIGINT"));
	// `npm start` exits on SIGTERM without passing it on, leaving the server running on its
	// own: when the npm that started us is gone, stop as if told to.
	if (process.env.npm_lifecycle_event) {
		const parent = process.ppid;
		setInterval(() => {
			if (process.ppid !== parent) void stop("npm exited");
		}, 1000).unref();
	}

	await app.listen({ port: config.port, host: config.host });
	// Background SSD imports (ADR 34). The embedded database's directory is locked to this
	// process, so a job it finds running was left by a process that stopped; on PostgreSQL
	// another instance may be running it, and only a job gone quiet is taken as abandoned.
	await app.services.ssdImportRunner.start({ onlyProcess: !config.database.url, log: app.log });
	const where = config.database.url ? "PostgreSQL" : `the embedded database in ${config.database.dataDir}`;
	const lines = ["", `Threshold is running at http://localhost:${config.port} on ${where}.`];
	if (demo) {
		lines.push(
			demoLoaded ? "The demo council has been loaded." : "Using the demo council loaded earlier.",
			`Demo logins (password for all: ${demo.DEMO_PASSWORD}):`,
			...demo.demoLoginLines(),
			`Demo agency API key: ${demo.DEMO_API_KEY}`,
		);
	}
	process.stdout.write(`${lines.join("\n")}\n\n`);
}

main().catch((error) => {
	if (error instanceof ConfigError || error instanceof DataDirInUse) {
		process.stderr.write(`${error.message}\n`);
	} else {
		process.stderr.write(`Threshold could not start: ${(error as Error).stack ?? error}\n`);
	}
	process.exit(1);
});
