import { spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { type Database, openDatabase } from "../src/db/engine.ts";
import { childrenForSsd, DEMO_SSD_SOURCE, linkedInWords, loadSsdHistory } from "../src/demo/ssd-history.ts";
import { writeSsdHistory } from "../src/demo/synthetic/ssd-files.ts";
import { ssdTable } from "../src/domain/ssd/spec.ts";
import { analystByEmail, filesInDirectory, type ImportSummary, SsdImportService } from "../src/modules/ssd/index.ts";
import { AccessLog } from "../src/platform/access-log.ts";
import { figuresOf, type Sample } from "./measure.ts";

// The SSD's share of the bench (issue 17, ADR 39): the bench council's case-system history,
// loaded through the importer once and stamped on its own (bench_fact 'ssd_stamp') as the
// contacts are; and the import measured against COPY, and against the pages it slows.

/** Bump when the SSD generator changes what it writes. */
export const SSD_VERSION = 2;
const SSD_SEED = 6;
const SSD_YEARS = 6;
/** The analyst every bench import is recorded against (the demo council's). */
const ANALYST = "analyst@demo.example";

export interface SsdSize {
	/** CIN episodes in the council's history (about 60,000 for 2 million people). */
	episodes: number;
	/** Rows in the extract the import is measured with (1 million at full size). */
	measureRows: number;
	today: Date;
}

type Log = (line: string) => void;

const stampOf = (size: SsdSize) => JSON.stringify({ version: SSD_VERSION, seed: SSD_SEED, ...size });

/** Imports the council's SSD history (source liquidlogic) unless the database already holds this one. */
export async function ensureSsdHistory(url: string, size: SsdSize, log: Log): Promise<void> {
	const db = await openDatabase({ kind: "postgres", url });
	try {
		const stamp = await db.withOwner(async (owner) => {
			await owner.query("CREATE TABLE IF NOT EXISTS bench_fact (name text PRIMARY KEY, value text NOT NULL)");
			const [row] = await owner.query<{ value: string }>("SELECT value FROM bench_fact WHERE name = 'ssd_stamp'");
			return row?.value;
		});
		if (stamp === stampOf(size)) return;
		log(`ssd: importing a history of about ${size.episodes.toLocaleString("en-GB")} CIN episodes (once)`);
		const { summary, writeSeconds, linked } = await loadSsdHistory(db.kysely, {
			source: DEMO_SSD_SOURCE,
			today: size.today,
			years: SSD_YEARS,
			seed: SSD_SEED,
			episodes: size.episodes,
			analystEmail: ANALYST,
		});
		if (summary.outcome !== "loaded" || summary.errors > 0) {
			throw new Error(
				`the bench council's SSD history did not load: ${summary.problems[0]?.reason ?? summary.outcome}`,
			);
		}
		log(
			`ssd: ${summary.rowsLoaded.toLocaleString("en-GB")} rows written in ${writeSeconds.toFixed(0)} s and imported in ` +
				`${seconds(summary).toFixed(0)} s; ${linkedInWords(linked)}`,
		);
		await db.withOwner(async (owner) => {
			for (const f of summary.files) if (f.table) await owner.query(`VACUUM (ANALYZE) ${f.table}`);
			await owner.query(
				`INSERT INTO bench_fact (name, value) VALUES ('ssd_stamp', $1)
				 ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
				[stampOf(size)],
			);
		});
	} finally {
		await db.close();
	}
}

const seconds = (s: ImportSummary) => (s.finishedAt.getTime() - s.startedAt.getTime()) / 1000;

export interface SsdImportFigures {
	rows: number;
	tables: number;
	importSeconds: number;
	copySeconds: number;
	/** COPY's time over the import's: the import's speed as a share of COPY's. */
	speedOfCopy: number;
}

/**
 * A clean extract of about `measureRows` rows for the council's children, written once per
 * run into a temporary directory; `measure` gets its path and removes it after.
 */
export async function withMeasureExtract<T>(
	db: Database,
	size: SsdSize,
	log: Log,
	measure: (dir: string) => Promise<T>,
): Promise<T> {
	const dir = await mkdtemp(join(tmpdir(), "threshold-bench-ssd-"));
	try {
		// About ten rows an episode with the child's own row (measured on the generator's output: ADR 39).
		const episodes = Math.ceil(size.measureRows / 10);
		const children = await childrenForSsd(db.kysely, {
			today: size.today,
			years: SSD_YEARS,
			seed: SSD_SEED + 1,
			limit: episodes * 2,
		});
		const t0 = performance.now();
		const written = await writeSsdHistory(children, {
			dir,
			seed: SSD_SEED + 1,
			today: size.today,
			years: SSD_YEARS,
			episodes,
		});
		const rows = Object.values(written.rows).reduce((a, b) => a + b, 0);
		log(
			`ssd import: ${rows.toLocaleString("en-GB")} rows in ${Object.keys(written.rows).length} files written in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
		);
		return await measure(dir);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

/** One import of the extract in `dir` as `source`, through the importer with every check. */
export async function importExtract(db: Database, dir: string, source: string, log: Log): Promise<ImportSummary> {
	const now = () => new Date();
	const analyst = await analystByEmail(db.kysely, ANALYST, now());
	const importer = new SsdImportService(db.kysely, new AccessLog(db.kysely), now);
	// When each phase began, so a slow import says where its time went.
	const phases = new Map<string, number>([["reading", performance.now()]]);
	const summary = await importer.run(
		{
			source,
			files: await filesInDirectory(dir),
			onProgress: ({ phase }) => {
				if (!phases.has(phase)) phases.set(phase, performance.now());
			},
		},
		analyst,
	);
	if (summary.outcome !== "loaded" || summary.errors > 0) {
		throw new Error(`the measured SSD import did not load: ${summary.problems[0]?.reason ?? summary.outcome}`);
	}
	const marks = [...phases, ["end", performance.now()] as const];
	// The service reports no phase of its own for the write, which follows the check in one transaction.
	const named = (phase: string) => (phase === "checking" && !phases.has("writing") ? "checking and writing" : phase);
	const split = marks
		.slice(0, -1)
		.map(([phase, at], i) => `${named(phase)} ${((marks[i + 1][1] - at) / 1000).toFixed(1)} s`);
	log(`ssd import (${source}): ${split.join(", ")}`);
	return summary;
}

/**
 * The same files by COPY into tables made LIKE the SSD tables (their keys, indexes and
 * defaults), in one transaction as the import is: the fastest PostgreSQL loads them at all.
 */
export async function copyExtract(url: string, dir: string): Promise<number> {
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	try {
		const files = (await readdir(dir)).filter((f) => f.endsWith(".csv")).sort();
		const tables = files.map((f) => f.replace(/\.csv$/, ""));
		await c.query("DROP SCHEMA IF EXISTS bench_copy CASCADE");
		await c.query("CREATE SCHEMA bench_copy");
		for (const t of tables) {
			await c.query(`CREATE TABLE bench_copy.${t} (LIKE public.${t} INCLUDING ALL)`);
			await c.query(`ALTER TABLE bench_copy.${t} ALTER COLUMN ssd_source SET DEFAULT 'bench-copy'`);
		}
		const started = performance.now();
		await c.query("BEGIN");
		for (const t of tables) {
			const columns = ssdTable(t)!
				.fields.map((f) => f.name)
				.join(", ");
			await pipeline(
				createReadStream(join(dir, `${t}.csv`)),
				c.query(copyFrom(`COPY bench_copy.${t} (${columns}) FROM STDIN (FORMAT csv, HEADER true)`)),
			);
		}
		await c.query("COMMIT");
		const took = (performance.now() - started) / 1000;
		await c.query("DROP SCHEMA bench_copy CASCADE");
		return took;
	} finally {
		await c.end();
	}
}

/** The extract loaded by `npm run import:ssd` in a child process, as an analyst loads one too big to upload. */
async function importByCommand(url: string, dir: string, source: string, log: Log): Promise<void> {
	const started = performance.now();
	const child = spawn(
		process.execPath,
		["--import", "tsx", "scripts/import-ssd.ts", dir, "--source", source, "--as", ANALYST],
		{
			cwd: fileURLToPath(new URL("..", import.meta.url)),
			env: { ...process.env, DATABASE_URL: url, NODE_ENV: "test", DEMO_COUNCIL: "false", INIT_CWD: dir },
			stdio: ["ignore", "pipe", "inherit"],
		},
	);
	let output = "";
	child.stdout.on("data", (chunk) => {
		output += chunk;
	});
	const [code] = await once(child, "exit");
	if (code !== 0) throw new Error(`npm run import:ssd failed (${code}): ${output.slice(-500)}`);
	const took = ((performance.now() - started) / 1000).toFixed(1);
	log(`ssd import: npm run import:ssd took ${took} s, start-up included: ${output.trim().split("\n").slice(-1)[0]}`);
}

/** Takes a measured import's rows out again, so the database stays as built. */
export async function removeSource(db: Database, source: string, tables: readonly string[]): Promise<void> {
	await db.withOwner(async (owner) => {
		for (const t of tables) await owner.query(`DELETE FROM ${t} WHERE ssd_source = $1`, [source]);
	});
}

export const SSD_IMPORT = "ssd-import";
/** The import's speed as a share of COPY's, at least (issue 17). */
export const SPEED_OF_COPY_TARGET = 0.5;
/** The primary-key page's p95 during an import, at most this many times its idle p95. */
export const PK_DURING_IMPORT_TARGET = 2;

export interface SsdImportResult extends SsdImportFigures {
	/** The primary-key page sampled idle and during an import, for equal lengths of time. */
	pkIdle: Sample;
	/** During `npm run import:ssd` in a process of its own: the target's. */
	pkDuring: Sample;
	/** During the same import in the app's process, as an uploaded one runs (ADR 34): reported, not held to the target. */
	pkDuringInApp: Sample;
	pkRatio: number;
	pkRatioInApp: number;
	met: { speed: boolean; pk: boolean };
}

/**
 * (b) the extract by COPY, then through the importer alone; (c) the primary-key page sampled
 * idle, then again while the same extract is imported a second time. `pk` samples the page
 * for the seconds given (after a one-second warm-up).
 */
export async function measureSsdImport(
	db: Database,
	url: string,
	size: SsdSize,
	log: Log,
	pk: (seconds: number) => Promise<Sample>,
): Promise<SsdImportResult> {
	return withMeasureExtract(db, size, log, async (dir) => {
		const copySeconds = await copyExtract(url, dir);
		log(`ssd import: COPY into identical indexed tables in ${copySeconds.toFixed(1)} s; now through the importer`);
		const alone = await importExtract(db, dir, "bench-import", log);
		const tables = alone.files.flatMap((f) => (f.table ? [f.table] : []));
		await removeSource(db, "bench-import", tables);
		const importSeconds = seconds(alone);
		const speedOfCopy = copySeconds / importSeconds;
		log(
			`ssd import: ${alone.rowsLoaded.toLocaleString("en-GB")} rows imported in ${importSeconds.toFixed(1)} s, ` +
				`${Math.round(100 * speedOfCopy)}% of COPY's speed`,
		);
		// Sampled for most of the import's length, so the loaded sample ends before the import does.
		const window = Math.max(2, Math.floor(importSeconds * 0.7));
		log(`ssd import: the primary-key page for ${window} s idle, then ${window} s during each of two imports`);
		const pkIdle = await pk(window);
		// An extract this size is over the upload's limit: it is loaded by npm run import:ssd, in a process of its own.
		const [pkDuring] = await Promise.all([pk(window), importByCommand(url, dir, "bench-import-command", log)]);
		await removeSource(db, "bench-import-command", tables);
		// A smaller one may be uploaded, and is imported in the app's process, as the page is served.
		const [pkDuringInApp, inApp] = await Promise.all([pk(window), importExtract(db, dir, "bench-import-in-app", log)]);
		await removeSource(db, "bench-import-in-app", tables);
		log(`ssd import: in the app's process, under the page's load, it took ${seconds(inApp).toFixed(1)} s`);
		const p95 = (s: Sample) => figuresOf([s]).p95Ms;
		const pkRatio = p95(pkDuring) / p95(pkIdle);
		return {
			rows: alone.rowsLoaded,
			tables: tables.length,
			importSeconds,
			copySeconds,
			speedOfCopy,
			pkIdle,
			pkDuring,
			pkDuringInApp,
			pkRatio,
			pkRatioInApp: p95(pkDuringInApp) / p95(pkIdle),
			met: { speed: speedOfCopy >= SPEED_OF_COPY_TARGET, pk: pkRatio <= PK_DURING_IMPORT_TARGET },
		};
	});
}

export function ssdImportLines(r: SsdImportResult): string {
	const p95 = (s: Sample) => figuresOf([s]).p95Ms.toFixed(1);
	return [
		`SSD import: ${r.rows.toLocaleString("en-GB")} rows in ${r.tables} tables, every check made, in ` +
			`${r.importSeconds.toFixed(1)} s; COPY into identical indexed tables ${r.copySeconds.toFixed(1)} s: ` +
			`${Math.round(100 * r.speedOfCopy)}% of COPY's speed (target ≥ ${100 * SPEED_OF_COPY_TARGET}%: ${r.met.speed ? "met" : "MISSED"})`,
		`primary-key page p95 during npm run import:ssd ${p95(r.pkDuring)} ms, idle ${p95(r.pkIdle)} ms: ` +
			`${r.pkRatio.toFixed(2)}× (target ≤ ${PK_DURING_IMPORT_TARGET}×: ${r.met.pk ? "met" : "MISSED"})`,
		`primary-key page p95 during the same import in the app's own process (an upload): ${p95(r.pkDuringInApp)} ms, ` +
			`${r.pkRatioInApp.toFixed(2)}× idle (not a target: uploads are at most 50 MB)`,
	].join("\n");
}
