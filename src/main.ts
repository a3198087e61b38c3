import { ConfigError, loadConfig } from "./config.ts";
import { DataDirInUse, lockDataDir } from "./db/data-dir-lock.ts";
import { openDatabase } from "./db/engine.ts";
import { checkApplicationRole, ensureAccessLogPartitions } from "./db/maintenance.ts";
import { migrate } from "./db/migrate.ts";
import { DEMO_PASSWORD, demoLoginLines, loadDemoCouncil } from "./demo/council.ts";
import { buildApp } from "./server.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

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

	const app = await buildApp({ config, db });
	const upkeep = setInterval(() => {
		ensureAccessLogPartitions(db).catch((err) => app.log.error({ err }, "could not create access log partitions"));
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
