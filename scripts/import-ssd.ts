// npm run import:ssd -- DIR --source NAME --as EMAIL [--valid-only] [--problems FILE]
// Loads the SSD extract in DIR (one <table>.csv per table, docs/ssd-csv.md) as source NAME,
// replacing what that source held in each table it has a file for (ADR 33). Run as an
// analyst, named by their Threshold email. Any problem found is written to a CSV file
// whose path is printed; the command fails when the import is refused. Once the import has
// committed, its people are linked to Threshold's (ADR 36), with progress as it goes.
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { SettingsService } from "../src/modules/settings/index.ts";
import {
	analystByEmail,
	filesInDirectory,
	type LinkSummary,
	problemsCsv,
	SsdImportService,
	SsdLinker,
} from "../src/modules/ssd/index.ts";
import { AccessLog } from "../src/platform/access-log.ts";
import { Tasks } from "../src/platform/tasks.ts";
import { CommandError, count, fail, userPath, withDatabase } from "./ssd-command.ts";

const USAGE = `Usage: npm run import:ssd -- DIR --source NAME --as EMAIL [--valid-only] [--problems FILE]
  DIR           a directory of SSD files, one <table>.csv per table (docs/ssd-csv.md)
  --source      the extract's source, e.g. the case system's name: re-importing a source replaces its rows
  --as          the email of the analyst running the import (only analysts may)
  --valid-only  load the rows without errors and leave the rest out, rather than refuse the whole import
  --problems    where to write the problems found (default: ssd-problems-<source>-<time>.csv in the current directory)`;

async function main(): Promise<void> {
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: {
			source: { type: "string" },
			as: { type: "string" },
			"valid-only": { type: "boolean", default: false },
			problems: { type: "string" },
			help: { type: "boolean", short: "h" },
		},
	});
	if (values.help) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}
	const missing = [
		positionals.length !== 1 && "one directory",
		!values.source && "--source",
		!values.as && "--as",
	].filter(Boolean);
	if (missing.length) throw new CommandError(`Give ${missing.join(", ")}.\n${USAGE}`);
	const dir = userPath(positionals[0]);
	const source = values.source!;
	// Checked before the database is opened, so a mistyped path is told at once.
	const files = await filesInDirectory(dir);

	let linked: LinkSummary | null = null;
	const summary = await withDatabase(async (db) => {
		const now = () => new Date();
		const log = new AccessLog(db.kysely);
		const actor = await analystByEmail(db.kysely, values.as!, now());
		const importer = new SsdImportService(db.kysely, log, now);
		const imported = await importer.run({ source, files, validOnly: values["valid-only"] }, actor);
		if (imported.outcome === "loaded") {
			const linker = new SsdLinker(
				db.kysely,
				log,
				now,
				new Tasks(db.kysely, log, now),
				new SettingsService(db.kysely, log, now),
			);
			const started = Date.now();
			linked = await linker.link(
				{
					source,
					onProgress: (p) => {
						if (p.toMatch)
							process.stdout.write(
								`  Matching people: ${p.matched.toLocaleString("en-GB")} of ${p.toMatch.toLocaleString("en-GB")}\r`,
							);
					},
				},
				actor,
			);
			const seconds = (Date.now() - started) / 1000;
			process.stdout.write(`\n  Linked in ${seconds.toFixed(1)} s\n`);
			await log.flush();
		}
		return imported;
	});

	const errorRows = (file: string) =>
		new Set(summary.problems.filter((p) => p.file === file && p.severity === "error").map((p) => p.row)).size;
	for (const f of summary.files) {
		const what = !f.table
			? "not read"
			: f.replaced
				? `${f.rowsLoaded.toLocaleString("en-GB")} of ${count(f.rowsRead, "row")} loaded`
				: `${count(f.rowsRead, "row")} read, not loaded${errorRows(f.file) ? ` (errors on ${count(errorRows(f.file), "row")})` : ""}`;
		process.stdout.write(`  ${f.file.padEnd(34)} ${what}\n`);
	}
	const found = `${count(summary.errors, "error")}, ${count(summary.warnings, "warning")}`;
	process.stdout.write(
		summary.outcome === "loaded"
			? `Loaded ${count(summary.rowsLoaded, "row")} as source '${summary.source}'` +
					`${summary.rowsRejected ? `, leaving out ${summary.rowsRejected.toLocaleString("en-GB")}` : ""}` +
					` (${found}; import ${summary.importId}).\n`
			: `Nothing was loaded: the extract has ${found}. ` +
					"Correct them, or run again with --valid-only to load only the rows without errors.\n",
	);
	if (linked) {
		const l: LinkSummary = linked;
		process.stdout.write(
			`People: ${l.kept.toLocaleString("en-GB")} kept as linked, ${l.byCaseSystemId.toLocaleString("en-GB")} linked by the case system's id, ` +
				`${l.byNhsNumber.toLocaleString("en-GB")} by NHS number, ${l.created.toLocaleString("en-GB")} made new, ` +
				`${(l.asked + l.waiting).toLocaleString("en-GB")} waiting for someone to decide, ${l.removed.toLocaleString("en-GB")} links removed (no longer in the extract).\n`,
		);
	}
	if (summary.problems.length) {
		const stamp = summary.startedAt.toISOString().replace(/[-:]/g, "").slice(0, 15);
		const path = userPath(values.problems ?? `ssd-problems-${source.replace(/[^\w-]+/g, "_")}-${stamp}.csv`);
		await pipeline(problemsCsv(summary.problems), createWriteStream(path));
		process.stdout.write(`Problems (file, row, column, severity, reason): ${path}\n`);
	}
	if (summary.outcome === "rejected") process.exitCode = 1;
}

main().catch(fail);
