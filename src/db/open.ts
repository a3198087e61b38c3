import type { Config } from "../config.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import { type Database, openDatabase } from "./engine.ts";

/**
 * The configured database: PostgreSQL at DATABASE_URL (with the owner's connection when
 * given), or the embedded one in DATA_DIR, which only one process may hold at a time.
 * `release` lets go of that hold once the database is closed.
 */
export async function openConfigured(config: Config): Promise<{ db: Database; release(): void }> {
	const release = config.database.url ? () => undefined : lockDataDir(config.database.dataDir);
	const db = await openDatabase(
		config.database.url
			? { kind: "postgres", url: config.database.url, ownerUrl: config.database.ownerUrl }
			: { kind: "pglite", dataDir: config.database.dataDir },
	);
	return { db, release };
}
