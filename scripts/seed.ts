import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { lockDataDir } from "../src/db/data-dir-lock.ts";
import { type Database, openDatabase } from "../src/db/engine.ts";
import { migrate } from "../src/db/migrate.ts";
import { loadDemoCouncil } from "../src/demo/council.ts";
import { DEMO_SSD_SOURCE, linkedInWords, loadSsdHistory } from "../src/demo/ssd-history.ts";
import { type ContactLoadResult, loadContacts } from "../src/demo/synthetic/contacts-load.ts";
import { type LoadOptions, type LoadResult, type LoadTarget, loadSynthetic } from "../src/demo/synthetic/load.ts";

// npm run seed -- --people N --years Y --seed S [--contacts N] [--ssd N] [--truth file.csv] [--today YYYY-MM-DD]
// Fills the people tables with a synthetic council: PostgreSQL when DATABASE_URL is set,
// otherwise the embedded database in DATA_DIR (refused while another process has it open).

const USAGE = `Usage: npm run seed -- [--people N] [--years Y] [--seed S] [--contacts N] [--ssd N] [--truth file.csv] [--today YYYY-MM-DD]
  --people       person records to create, second records of the same person included (default 5000)
  --years        spread record creation over this many years (default 5)
  --seed         the same seed gives the same council (default 1)
  --contacts     also write N front-door contacts over the same years about the children in the database,
                 each child's whole history with them (default 0)
  --ssd          also import a case-system history of about N CIN episodes (referrals) over six years for
                 the children in the database, as source 'liquidlogic', through the importer (default 0)
  --truth        also write which records are the same individual, as CSV, for the bench
  --today        the day the council is generated "as at" (default today); fix it to repeat a run exactly
  --connections  PostgreSQL connections loading at once (default 2)`;

function options(): LoadOptions & { contacts: number; ssd: number } {
	const { values } = parseArgs({
		options: {
			people: { type: "string", default: "5000" },
			contacts: { type: "string", default: "0" },
			ssd: { type: "string", default: "0" },
			years: { type: "string", default: "5" },
			seed: { type: "string", default: "1" },
			truth: { type: "string" },
			today: { type: "string" },
			connections: { type: "string", default: "2" },
			help: { type: "boolean", short: "h" },
		},
	});
	if (values.help) {
		console.log(USAGE);
		process.exit(0);
	}
	const whole = (name: string, text: string, min: number) => {
		const n = Number(text);
		if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min}`);
		return n;
	};
	const years = Number(values.years);
	if (!(years > 0)) throw new Error("--years must be more than 0");
	if (values.today && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) throw new Error("--today must be YYYY-MM-DD");
	return {
		people: whole("people", values.people, 0),
		contacts: whole("contacts", values.contacts, 0),
		ssd: whole("ssd", values.ssd, 0),
		years,
		seed: whole("seed", values.seed, 0),
		today: values.today ? new Date(`${values.today}T18:00:00Z`) : new Date(),
		truthPath: values.truth,
		connections: whole("connections", values.connections, 1),
	};
}

function report(result: LoadResult, engine: string): void {
	const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
	const rate = (n: number) => Math.round(n / result.seconds).toLocaleString("en-GB");
	console.log(
		`Loaded into ${engine} in ${result.seconds.toFixed(1)} s (then ANALYZE ${result.analyzeSeconds.toFixed(1)} s):`,
	);
	for (const [table, n] of Object.entries(result.rows))
		console.log(`  ${table.padEnd(14)} ${n.toLocaleString("en-GB")}`);
	console.log(`  ${rate(result.rows.persons)} people/s, ${rate(total)} rows/s over all tables`);
	console.log(
		`  person numbers P${result.firstPersonNumber} to P${result.firstPersonNumber + result.rows.persons - 1}`,
	);
}

function reportContacts(result: ContactLoadResult): void {
	console.log(
		`Front door: ${result.summary.contacts.toLocaleString("en-GB")} contacts about ` +
			`${result.summary.children.toLocaleString("en-GB")} children in ${result.seconds.toFixed(1)} s ` +
			`(${result.summary.awaitingTriage.toLocaleString("en-GB")} waiting for triage):`,
	);
	for (const [table, n] of Object.entries(result.rows))
		console.log(`  ${table.padEnd(20)} ${n.toLocaleString("en-GB")}`);
}

/** Contacts about the people now in the database, over the same years, with the same seed. */
async function seedContacts(target: LoadTarget, load: LoadOptions & { contacts: number }): Promise<void> {
	if (load.contacts === 0) return;
	let lastShown = 0;
	reportContacts(
		await loadContacts(target, {
			contacts: load.contacts,
			years: load.years,
			seed: load.seed,
			today: load.today,
			minAwaitingTriage: 0,
			onProgress: ({ contacts, of, seconds }) => {
				if (seconds - lastShown < 5 && contacts < of) return;
				lastShown = seconds;
				console.log(
					`  ${contacts.toLocaleString("en-GB")} of ${of.toLocaleString("en-GB")} contacts (${seconds.toFixed(0)} s)`,
				);
			},
		}),
	);
}

/** The case system's history of the children now in the database, imported as the demo analyst would. */
async function seedSsd(db: Database, load: LoadOptions & { ssd: number }): Promise<void> {
	if (load.ssd === 0) return;
	const { summary, writeSeconds, linked } = await loadSsdHistory(db.kysely, {
		source: DEMO_SSD_SOURCE,
		today: load.today,
		years: 6,
		seed: load.seed,
		episodes: load.ssd,
		analystEmail: "analyst@demo.example",
	});
	const seconds = (summary.finishedAt.getTime() - summary.startedAt.getTime()) / 1000;
	console.log(
		`SSD history (source ${summary.source}): written in ${writeSeconds.toFixed(1)} s, imported in ${seconds.toFixed(1)} s, ` +
			`${summary.outcome}: ${summary.rowsLoaded.toLocaleString("en-GB")} rows, ${summary.errors} errors, ${summary.warnings} warnings; ${linkedInWords(linked)}`,
	);
}

async function main(): Promise<void> {
	const config = loadConfig();
	// Synthetic children must never be mixed into a live council's records.
	if (config.production) throw new Error("Refusing to seed synthetic people with NODE_ENV=production.");
	const load = options();
	let lastShown = 0;
	load.onProgress = ({ persons, of, seconds }) => {
		if (seconds - lastShown < 5 && persons < of) return;
		lastShown = seconds;
		console.log(
			`  ${persons.toLocaleString("en-GB")} of ${of.toLocaleString("en-GB")} people (${seconds.toFixed(0)} s)`,
		);
	};
	const { url, ownerUrl, dataDir } = config.database;
	if (url) {
		const db = await openDatabase({ kind: "postgres", url, ownerUrl });
		try {
			await migrate(db);
			// Contacts are recorded and worked by the demo council's staff, and its analyst imports the SSD history.
			if (load.contacts > 0 || load.ssd > 0) await loadDemoCouncil(db);
		} finally {
			await db.close();
		}
		const target = { kind: "postgres" as const, url: ownerUrl ?? url };
		report(await loadSynthetic(target, load), "PostgreSQL");
		await seedContacts(target, load);
		if (load.ssd > 0) {
			const app = await openDatabase({ kind: "postgres", url });
			try {
				await seedSsd(app, load);
			} finally {
				await app.close();
			}
		}
		return;
	}
	const unlock = lockDataDir(dataDir);
	try {
		const db = await openDatabase({ kind: "pglite", dataDir });
		try {
			await migrate(db);
			if (load.contacts > 0 || load.ssd > 0) await loadDemoCouncil(db);
			report(await loadSynthetic({ kind: "pglite", db }, load), `PGlite (${dataDir})`);
			await seedContacts({ kind: "pglite", db }, load);
			await seedSsd(db, load);
		} finally {
			await db.close();
		}
	} finally {
		unlock();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
