/**
 * The files of an extract as named byte streams: a directory of `<table>.csv` files for the
 * command, an upload's parts for the page to come. Only I/O; which table a file holds is
 * the reader's question.
 */
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { Refused } from "../../platform/errors.ts";

export interface SsdFile {
	/** The name the analyst gave it: `ssd_person.csv`. */
	name: string;
	content: AsyncIterable<Uint8Array | string>;
}

/** Every `.csv` file directly in a directory, by name; other files (a README, a zip) are not the extract. */
export async function filesInDirectory(dir: string): Promise<SsdFile[]> {
	const found = await stat(dir).catch(() => null);
	if (!found) throw new Refused("ssd-no-directory", `There is no directory ${dir}`);
	if (!found.isDirectory()) throw new Refused("ssd-not-directory", `${dir} is a file, not a directory of CSV files`);
	const names = (await readdir(dir, { withFileTypes: true }))
		.filter((e) => e.isFile() && /\.csv$/i.test(e.name))
		.map((e) => e.name)
		.sort();
	if (names.length === 0) throw new Refused("ssd-no-files", `${dir} holds no .csv files`);
	// Each file is opened only when read: a file the import passes over is never opened.
	return names.map((name) => ({
		name,
		content: (async function* () {
			yield* createReadStream(join(dir, name));
		})(),
	}));
}
