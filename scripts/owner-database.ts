import { type Config, ConfigError } from "../src/config.ts";
import { lockDataDir } from "../src/db/data-dir-lock.ts";
import { type Database, openDatabase } from "../src/db/engine.ts";

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
	const release = config.database.url ? () => undefined : lockDataDir(config.database.dataDir);
	const db = await openDatabase(
		config.database.url
			? { kind: "postgres", url: config.database.url, ownerUrl: config.database.ownerUrl }
			: { kind: "pglite", dataDir: config.database.dataDir },
	);
	return {
		db,
		async close() {
			await db.close();
			release();
		},
	};
}
