import { ConfigError, loadConfig } from "./config.ts";
import { DataDirInUse, lockDataDir } from "./db/data-dir-lock.ts";
import { type Database, openDatabase } from "./db/engine.ts";
import { checkApplicationRole, ensureAccessLogPartitions } from "./db/maintenance.ts";
import { migrate } from "./db/migrate.ts";
import { DEMO_API_KEY, DEMO_PASSWORD, demoLoginLines, loadDemoCouncil } from "./demo/council.ts";
import { loadDemoContacts } from "./demo/front-door.ts";
import { loadSynthetic } from "./demo/synthetic/load.ts";
import { buildApp } from "./server.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
// Enough families for searches and duplicates to feel real, small enough to load in seconds.
const DEMO_PEOPLE = 3000;

async function hasPeople(db: Database): Promise<boolean> {
	return (await db.kysely.selectFrom("person").select("id").limit(1).execute()).length > 0;
}

async function main() {
	const config = loadConfig();
	const releaseLock = config.database.url ? () => undefined : lockDataDir(config.database.dataDir);
	const db = await openDatabase(
		config.database.url
			? { kind: "postgres", url: config.database.url, ownerUrl: config.database.ownerUrl }
			: { kind: "pglite", dataDir: config.database.dataDir },
	);
	await migrate(db);
	await ensureAccessLogPartitions(db);
	const problems = await checkApplicationRole(db);
	if (problems.length) {
		throw new ConfigError(
			problems.map((p) => `database: ${p}; connect as a role that can only insert into and read the log`),
		);
	}
	const demoLoaded = config.demoCouncil ? await loadDemoCouncil(db) : false;
	// Also when an earlier first start stopped before the people were in.
	if (config.demoCouncil && (demoLoaded || !(await hasPeople(db)))) {
		process.stdout.write(`Loading the demo council's ${DEMO_PEOPLE} people (first start only)…\n`);
		const target = config.database.url
			? { kind: "postgres" as const, url: config.database.ownerUrl ?? config.database.url }
			: { kind: "pglite" as const, db };
		await loadSynthetic(target, { people: DEMO_PEOPLE, years: 5, seed: 1, today: new Date() });
	}

	const app = await buildApp({ config, db });
	if (config.demoCouncil && (await loadDemoContacts(app, db.kysely))) {
		process.stdout.write("Recorded the demo council's first contacts.\n");
	}
	const upkeep = setInterval(() => {
		ensureAccessLogPartitions(db).catch((err) => app.log.error({ err }, "could not create access log partitions"));
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
			await app.close();
			await db.close();
		} finally {
			releaseLock();
			process.exit(0);
		}
	};
	process.on("SIGTERM", () => void stop("SIGTERM"));
	process.on("SIGINT", () => void stop("SIGINT"));

	await app.listen({ port: config.port, host: config.host });
	const where = config.database.url ? "PostgreSQL" : `the embedded database in ${config.database.dataDir}`;
	const lines = ["", `Threshold is running at http://localhost:${config.port} on ${where}.`];
	if (config.demoCouncil) {
		lines.push(
			demoLoaded ? "The demo council has been loaded." : "Using the demo council loaded earlier.",
			`Demo logins (password for all: ${DEMO_PASSWORD}):`,
			...demoLoginLines(),
			`Demo agency API key: ${DEMO_API_KEY}`,
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
