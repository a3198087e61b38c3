// npm run export:ssd -- --table T --source NAME --as EMAIL [--out FILE]
// Writes one SSD table's rows for a source in the layout the importer reads
// (docs/ssd-csv.md), to FILE or to standard output. Run as an analyst, named by their
// Threshold email; every export is logged with the rows and children it holds.
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { analystByEmail, SsdExportService } from "../src/modules/ssd/index.ts";
import { AccessLog } from "../src/platform/access-log.ts";
import { CommandError, count, fail, userPath, withDatabase } from "./ssd-command.ts";

const USAGE = `Usage: npm run export:ssd -- --table T --source NAME --as EMAIL [--out FILE]
  --table   the SSD table, e.g. ssd_cin_episodes
  --source  the source whose rows to export
  --as      the email of the analyst running the export (only analysts may)
  --out     the file to write (default: standard output)`;

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			table: { type: "string" },
			source: { type: "string" },
			as: { type: "string" },
			out: { type: "string" },
			help: { type: "boolean", short: "h" },
		},
	});
	if (values.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	const missing = ["table", "source", "as"].filter((k) => !values[k as "table" | "source" | "as"]);
	if (missing.length) throw new CommandError(`Give ${missing.map((k) => `--${k}`).join(", ")}.\n${USAGE}`);
	const out = values.out ? userPath(values.out) : null;

	await withDatabase(async (db) => {
		const actor = await analystByEmail(db.kysely, values.as!, new Date());
		const exporter = new SsdExportService(db.kysely, new AccessLog(db.kysely));
		const result = await exporter.open({ table: values.table!, source: values.source! }, actor);
		await pipeline(result.csv, out ? createWriteStream(out) : process.stdout);
		// The summary goes to standard error when the rows go to standard output.
		const children = result.children === 1 ? "1 child" : `${result.children.toLocaleString("en-GB")} children`;
		const where = out ? ` to ${out}` : "";
		(out ? process.stdout : process.stderr).write(
			`Exported ${count(result.rows, "row")} of ${result.table} for source '${result.source}' (${children})${where}.\n`,
		);
		if (result.rows === 0) process.stderr.write(`Source '${result.source}' holds no ${result.table} rows.\n`);
	});
}

main().catch(fail);
