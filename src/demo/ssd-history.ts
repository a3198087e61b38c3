import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.ts";
import { SettingsService } from "../modules/settings/index.ts";
import {
	analystByEmail,
	filesInDirectory,
	type ImportSummary,
	type LinkSummary,
	SsdImportService,
	SsdLinker,
} from "../modules/ssd/index.ts";
import { AccessLog } from "../platform/access-log.ts";
import { Tasks } from "../platform/tasks.ts";
import { writeSsdHistory } from "./synthetic/ssd-files.ts";
import type { SsdChild } from "./synthetic/ssd-history.ts";

// The case system's history of the council's own children, loaded through the importer as
// an analyst would load an extract (ADR 39): the demo council gets a small one at its first
// start, the bench council a large one (bench/ssd.ts).

export const DEMO_SSD_SOURCE = "liquidlogic";
const DEMO_ANALYST = "analyst@demo.example";
// A few dozen referrals: a few hundred rows, loaded in about a second.
const DEMO_EPISODES = 40;

/**
 * Children the council holds who were under 18 at some time in the last `years`, alive and
 * not merged, up to `limit`, in an order fixed by `seed` (so a sample is the same each time).
 */
export async function childrenForSsd(
	db: Kysely<DB>,
	options: { today: Date; years: number; seed: number; limit: number },
): Promise<SsdChild[]> {
	const day = options.today.toISOString().slice(0, 10);
	const { rows } = await sql<SsdChild>`
		SELECT id AS "personId", la_person_id AS "laPersonId", given_name AS given, family_name AS family,
		       to_char(date_of_birth, 'YYYY-MM-DD') AS dob, sex, gender, ethnicity, nhs_number AS nhs, upn
		FROM person
		WHERE merged_into IS NULL AND death_date IS NULL
		  AND date_of_birth > ${day}::date - make_interval(years => ${options.years + 18})
		  AND date_of_birth <= ${day}::date - 60
		ORDER BY md5(${String(options.seed)} || id::text)
		LIMIT ${options.limit}`.execute(db);
	return rows;
}

export interface SsdLoad {
	source: string;
	today: Date;
	years: number;
	seed: number;
	episodes: number;
	/** The analyst the import is recorded against. */
	analystEmail: string;
	/** Where the extract is written; a temporary directory, removed after, if not given. */
	dir?: string;
	rowsPerStatement?: number;
}

/**
 * Writes a clean history for the children in the database, imports it and links its people
 * to Threshold's, as an import by command does (ADR 36).
 */
export async function loadSsdHistory(
	db: Kysely<DB>,
	load: SsdLoad,
): Promise<{ summary: ImportSummary; writeSeconds: number; linked: LinkSummary | null }> {
	const dir = load.dir ?? (await mkdtemp(join(tmpdir(), "threshold-ssd-")));
	try {
		const started = performance.now();
		// Enough children that the sample's re-referrals and skipped ones still reach the episodes wanted.
		const children = await childrenForSsd(db, { ...load, limit: Math.ceil(load.episodes * 1.5) + 50 });
		await writeSsdHistory(children, { ...load, dir });
		const writeSeconds = (performance.now() - started) / 1000;
		const now = () => new Date();
		const analyst = await analystByEmail(db, load.analystEmail, now());
		const log = new AccessLog(db);
		const importer = new SsdImportService(db, log, now, { rowsPerStatement: load.rowsPerStatement });
		const summary = await importer.run({ source: load.source, files: await filesInDirectory(dir) }, analyst);
		let linked: LinkSummary | null = null;
		if (summary.outcome === "loaded") {
			const linker = new SsdLinker(db, log, now, new Tasks(db, log, now), new SettingsService(db, log, now));
			linked = await linker.link({ source: load.source }, analyst);
			await log.flush();
		}
		return { summary, writeSeconds, linked };
	} finally {
		if (!load.dir) await rm(dir, { recursive: true, force: true });
	}
}

/** The demo council's case-system history, once: false when the source already holds it. */
export async function loadDemoSsdHistory(db: Kysely<DB>): Promise<boolean> {
	const held = await db
		.selectFrom("ssd_person")
		.select("pers_person_id")
		.where("ssd_source", "=", DEMO_SSD_SOURCE)
		.limit(1)
		.execute();
	if (held.length) return false;
	const { summary } = await loadSsdHistory(db, {
		source: DEMO_SSD_SOURCE,
		today: new Date(),
		years: 6,
		seed: 1,
		episodes: DEMO_EPISODES,
		analystEmail: DEMO_ANALYST,
	});
	if (summary.outcome !== "loaded" || summary.errors > 0) {
		throw new Error(
			`The demo council's SSD history did not load cleanly: ${summary.problems[0]?.reason ?? summary.outcome}`,
		);
	}
	return true;
}

/** One line saying how an import's people were linked, for the seed and bench commands. */
export function linkedInWords(l: LinkSummary | null): string {
	if (!l) return "not linked";
	return (
		`linked ${l.byNhsNumber.toLocaleString("en-GB")} by NHS number and ${l.byCaseSystemId.toLocaleString("en-GB")} ` +
		`by case-system id, ${l.asked.toLocaleString("en-GB")} left to a person to decide, ` +
		`${l.created.toLocaleString("en-GB")} made new people`
	);
}
