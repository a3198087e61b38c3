import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";

export class DataDirInUse extends Error {}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === "EPERM";
	}
}

/**
 * PGlite is a database inside this process: two processes writing one directory would
 * corrupt it. A lock file naming the owner's pid keeps a second process out; a lock
 * left by a process that has died is taken over.
 */
export function lockDataDir(dir: string): () => void {
	mkdirSync(dir, { recursive: true });
	const path = join(dir, "threshold.lock");
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(path, "wx");
			writeSync(fd, String(process.pid));
			closeSync(fd);
			return () => rmSync(path, { force: true });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
			const pid = Number(readFileSync(path, "utf8").trim());
			if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
				throw new DataDirInUse(
					`Another Threshold process (pid ${pid}) is already using the database in ${resolve(dir)}. Stop it first, or set DATA_DIR to another folder.`,
				);
			}
			rmSync(path, { force: true });
		}
	}
	throw new DataDirInUse(`Could not lock ${resolve(dir)}.`);
}
