import { ConfigError, loadConfig } from "../src/config.ts";
import { ensureAccessLogPartitions, PARTITION_MONTHS_AHEAD } from "../src/db/maintenance.ts";
import { migrate } from "../src/db/migrate.ts";
import { openAsOwner } from "./owner-database.ts";

// npm run migrate: applies pending migrations and creates the access log's partitions,
// as the schema owner, without starting the app or loading the demo council. In
// production it runs before each release; the app itself never migrates there.
try {
	const owner = await openAsOwner(loadConfig());
	try {
		const applied = await migrate(owner.db);
		await ensureAccessLogPartitions(owner.db, new Date(), PARTITION_MONTHS_AHEAD);
		process.stdout.write(applied.length ? `Applied ${applied.join(", ")}.\n` : "No migrations to apply.\n");
	} finally {
		await owner.close();
	}
} catch (error) {
	process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
	process.exit(1);
}
