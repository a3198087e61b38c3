import { type Config, ConfigError } from "../src/config.ts";
import type { Database } from "../src/db/engine.ts";
import { openConfigured } from "../src/db/open.ts";

/**
 * The database as its schema owner, for the commands that change the schema or its
 * partitions (npm run migrate, npm run maintain). In production the owner's connection
 * is MIGRATION_DATABASE_URL, which only these commands are given (docs/deployment.md).
 */
export async function openAsOwner(config: Config): Promise<{ db: Database; close(): Promise<void> }> {
	if (config.production && !config.database.ownerUrl) {
		throw new ConfigError([
			"MIGRATION_DATABASE_URL: must be set for this command in production: the schema owner's connection",
		]);
	}
	const { db, release } = await openConfigured(config);
	return {
		db,
		async close() {
			await db.close();
			release();
		},
	};
}
