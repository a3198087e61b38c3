// What the SSD commands (npm run import:ssd, npm run export:ssd) share: the database the
// app uses (PostgreSQL at DATABASE_URL, or the embedded one in DATA_DIR), brought up to
// date as `npm start` does outside production, and failures told in one plain line.
import { resolve } from "node:path";
import { ConfigError, loadConfig } from "../src/config.ts";
import { DataDirInUse } from "../src/db/data-dir-lock.ts";
import type { Database } from "../src/db/engine.ts";
import { ensureAccessLogPartitions } from "../src/db/maintenance.ts";
import { migrate, pendingMigrations } from "../src/db/migrate.ts";
import { openConfigured } from "../src/db/open.ts";
import { Refused } from "../src/platform/errors.ts";

/**
 * A path as the user typed it: npm runs scripts from the package's folder, and says in
 * INIT_CWD where the command was typed.
 */
export function userPath(path: string): string {
	return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** "1 warning", "2 warnings". */
export function count(n: number, noun: string): string {
	return `${n.toLocaleString("en-GB")} ${noun}${n === 1 ? "" : "s"}`;
}

/** A failure the user can act on: its message is all they see. */
export class CommandError extends Error {}

/** Runs `work` with the database open, and closes it whatever happens. */
export async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
	const config = loadConfig();
	const { db, release } = await openConfigured(config);
	try {
		if (config.production) {
			const pending = await pendingMigrations(db);
			if (pending.length) throw new CommandError(`${pending.length} migrations are not applied: run npm run migrate`);
		} else {
			await migrate(db);
			await ensureAccessLogPartitions(db);
		}
		return await work(db);
	} finally {
		await db.close();
		release();
	}
}

/**
 * Ends the command with the message of what went wrong, never a stack trace: the
 * commands' users are analysts, and every failure they can cause has a message written
 * for them. Anything else is a fault of ours, and says so.
 */
export function fail(error: unknown): void {
	const known =
		error instanceof CommandError ||
		error instanceof ConfigError ||
		error instanceof DataDirInUse ||
		error instanceof Refused ||
		(error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"));
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(known ? `${message}\n` : `The command failed: ${message}\n`);
	process.exitCode = 1;
}
