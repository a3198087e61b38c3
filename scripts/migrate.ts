import { loadConfig } from "../src/config.ts";
import { lockDataDir } from "../src/db/data-dir-lock.ts";
import { openDatabase } from "../src/db/engine.ts";
import { ensureAccessLogPartitions } from "../src/db/maintenance.ts";
import { migrate } from "../src/db/migrate.ts";

// npm run migrate: applies pending migrations and creates the access log's partitions,
// without starting the app or loading the demo council (for deployments).
const config = loadConfig();
const release = config.database.url ? () => undefined : lockDataDir(config.database.dataDir);
const db = await openDatabase(
	config.database.url
		? { kind: "postgres", url: config.database.url, ownerUrl: config.database.ownerUrl }
		: { kind: "pglite", dataDir: config.database.dataDir },
);
try {
	await migrate(db);
	await ensureAccessLogPartitions(db);
	process.stdout.write("Migrations applied.\n");
} finally {
	await db.close();
	release();
}
