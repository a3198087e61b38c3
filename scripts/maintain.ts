import { ConfigError, loadConfig } from "../src/config.ts";
import { ensureAccessLogPartitions, PARTITION_MONTHS_AHEAD, refreshNameFrequencies } from "../src/db/maintenance.ts";
import { openAsOwner } from "./owner-database.ts";

// npm run maintain: the daily upkeep that needs the schema owner, run by the host's
// scheduler (docs/deployment.md): the access log's monthly partitions, two years ahead, and
// the counts of each name that person search weighs names by.
try {
	const owner = await openAsOwner(loadConfig());
	try {
		const created = await ensureAccessLogPartitions(owner.db, new Date(), PARTITION_MONTHS_AHEAD);
		process.stdout.write(`Access log partitions ready for ${PARTITION_MONTHS_AHEAD} months ahead (${created} new).\n`);
		const names = await refreshNameFrequencies(owner.db);
		process.stdout.write(`Name frequencies for person search refreshed (${names} names).\n`);
	} finally {
		await owner.close();
	}
} catch (error) {
	process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
	process.exit(1);
}
