// The synthetic SSD history (ADR 39) end to end on the test database of either engine: a
// small extract with every fault planted, imported as an analyst would (valid rows only),
// every planted fault found where the manifest says, each table exported back as it went
// in, a clean extract that loads and checks without a single problem, and an extract of
// Threshold's own children linked back to them (ADR 36).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import { createTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { makeNhsNumber } from "../domain/people/identifiers.ts";
import { SSD_SPEC, ssdTable } from "../domain/ssd/spec.ts";
import { createPeople } from "../modules/people/index.ts";
import { SettingsService } from "../modules/settings/index.ts";
import {
	analystByEmail,
	filesInDirectory,
	type ImportSummary,
	type SsdActor,
	SsdExportService,
	SsdImportService,
	SsdLinker,
	SsdQuality,
} from "../modules/ssd/index.ts";
import { AccessLog } from "../platform/access-log.ts";
import { Tasks } from "../platform/tasks.ts";
import { SSD_HISTORY_TABLES, type WrittenSsdHistory, writeSsdHistory } from "./synthetic/ssd-files.ts";
import type { SsdChild } from "./synthetic/ssd-history.ts";

const TODAY = new Date("2026-11-01T12:00:00Z");
const GIVEN = ["Oliver", "Amelia", "Jack", "Isla", "Harry", "Ava", "Mohammed", "Emily", "Thomas", "Sophie"];
const FAMILY = ["Smith", "Jones", "Khan", "Taylor", "O'Brien", "Patel", "Walker", "Wright", "Nowak", "Evans"];

/** Children as the people tables would hand them over, spread over ages 0 to 22. */
const children: SsdChild[] = Array.from({ length: 160 }, (_, i) => ({
	personId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
	laPersonId: `P${1000 + i}`,
	given: GIVEN[i % GIVEN.length],
	family: FAMILY[(i * 7) % FAMILY.length],
	dob: new Date(Date.UTC(2004 + (i % 22), i % 12, 1 + (i % 28))).toISOString().slice(0, 10),
	sex: i % 2 ? "F" : "M",
	gender: i % 2 ? "02" : "01",
	ethnicity: "WBRI",
	nhs: i % 4 === 3 ? null : String(9_000_000_000 + i * 11),
	upn: null,
}));

/** A file as text, whichever of our encodings it was written in. */
function readCsv(path: string): string[][] {
	const bytes = readFileSync(path);
	const content =
		bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString("utf16le") : bytes.toString("utf8");
	return parse(content, { bom: true }) as string[][];
}

/** The layout's normal form of a cell (docs/ssd-csv.md), as an export writes it. */
function normal(table: string, column: string, cell: string): string {
	const field = ssdTable(table)!.fields.find((f) => f.name === column)!;
	if (cell.toUpperCase() === "NULL") return "";
	if (field.kind === "date") {
		const uk = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(cell);
		return uk ? `${uk[3]}-${uk[2]}-${uk[1]}` : cell.slice(0, 10);
	}
	if (field.kind === "flag") return cell.toUpperCase();
	if (field.kind === "code" && field.codeSet) {
		return SSD_SPEC.codeSets[field.codeSet].find((c) => c.toLowerCase() === cell.toLowerCase()) ?? cell;
	}
	if (field.kind === "text" && /^[=+\-@\t\r]/.test(cell)) return `'${cell}`;
	return cell;
}

describe("synthetic SSD history through the importer", () => {
	let t: TestDatabase;
	let dir: string;
	let importer: SsdImportService;
	let exporter: SsdExportService;
	let quality: SsdQuality;
	let analyst: SsdActor;
	let written: WrittenSsdHistory;
	let imported: ImportSummary;
	const now = () => new Date();

	before(async () => {
		t = await createTestDatabase();
		dir = await mkdtemp(join(tmpdir(), "threshold-ssd-history-"));
		const log = new AccessLog(t.db.kysely);
		importer = new SsdImportService(t.db.kysely, log, now);
		exporter = new SsdExportService(t.db.kysely, log);
		quality = new SsdQuality(t.db.kysely);
		analyst = await analystByEmail(t.db.kysely, "analyst@demo.example", now());
		written = await writeSsdHistory(children, {
			dir: join(dir, "dirty"),
			dirty: true,
			seed: 3,
			today: TODAY,
			years: 6,
			episodes: 60,
		});
		imported = await importer.run(
			{ source: "dirty", files: await filesInDirectory(join(dir, "dirty")), validOnly: true },
			analyst,
		);
	});
	after(async () => {
		await t.close();
		await rm(dir, { recursive: true, force: true });
	});

	test("every planted import fault is reported at its file, row and column", () => {
		assert.equal(imported.outcome, "loaded");
		const planted = written.manifest.filter((m) => m.kind === "import-error" || m.kind === "import-warning");
		assert.equal(planted.length, 5);
		for (const m of planted) {
			const severity = m.kind === "import-error" ? "error" : "warning";
			assert.ok(
				imported.problems.some(
					(p) => p.file === m.file && p.row === m.row && p.column === m.column && p.severity === severity,
				),
				`${m.fault} at ${m.file} row ${m.row} ${m.column}`,
			);
		}
		// Nothing else is wrong with the extract: every other error follows from a planted one.
		const rows = new Set(planted.map((m) => `${m.file}:${m.row}`));
		for (const p of imported.problems.filter((p) => p.severity === "error" && !rows.has(`${p.file}:${p.row}`))) {
			assert.match(p.reason, /not loaded|is not in/, `${p.file} row ${p.row}: ${p.reason}`);
		}
	});

	test("each table exports as it was imported, column for column, in the layout's normal form", async () => {
		for (const table of SSD_HISTORY_TABLES) {
			const [header, ...rows] = readCsv(join(dir, "dirty", `${table}.csv`));
			const exported = await exporter.open({ table, source: "dirty" }, analyst);
			const [outHeader, ...out] = parse(await text(exported.csv)) as string[][];
			assert.deepEqual(outHeader, header, table);
			const loaded = imported.files.find((f) => f.table === table)!.rowsLoaded;
			assert.equal(out.length, loaded, `${table}: rows exported`);
			const byKey = new Map(rows.map((r) => [r[0], r.map((cell, i) => normal(table, header[i], cell))]));
			for (const row of out) assert.deepEqual(row, byKey.get(row[0]), `${table} ${row[0]}`);
		}
	});

	test("the data-quality checks find every planted fault", async () => {
		// The later extract of the people alone leaves one child's rows orphaned.
		const later = await importer.run(
			{ source: "dirty", files: await filesInDirectory(join(dir, "dirty", "later")), validOnly: true },
			analyst,
		);
		assert.equal(later.errors, 0);
		const planted = written.manifest.filter((m) => m.kind === "quality" || m.check === "missing");
		assert.deepEqual([...new Set(planted.map((m) => m.check))].sort(), [
			"born-after",
			"cin-overlap",
			"end-before-start",
			"missing",
			"orphan",
			"same-child",
		]);
		for (const m of planted.filter((m) => m.kind === "quality")) {
			const keys: string[] = [];
			for await (const row of quality.allRows(m.check as Exclude<typeof m.check, "">, "dirty")) keys.push(row.key);
			assert.ok(keys.includes(m.key) || keys.includes(m.otherKey), `${m.check}: ${m.fault} (${m.key})`);
		}
	});

	test("a clean history loads without a problem and passes every data-quality check", async () => {
		const clean = await writeSsdHistory(children, {
			dir: join(dir, "clean"),
			seed: 4,
			today: TODAY,
			years: 6,
			episodes: 60,
		});
		assert.equal(clean.manifest.length, 0);
		assert.ok(clean.rows.ssd_cin_episodes >= 50, `${clean.rows.ssd_cin_episodes} episodes`);
		const summary = await importer.run({ source: "clean", files: await filesInDirectory(join(dir, "clean")) }, analyst);
		assert.deepEqual(summary.problems, []);
		assert.equal(summary.outcome, "loaded");
		assert.deepEqual(await quality.counts("clean"), []);
	});

	test("the history's children link to the people it was written from, or wait for a person; none is made twice", async () => {
		const log = new AccessLog(t.db.kysely);
		// Linking trusts only a real NHS number (check digit right), so these children have them.
		const nhs = (i: number): string => makeNhsNumber(String(999_100_000 + i * 13)) ?? nhs(i + 1000);
		const known = children.slice(0, 80).map((c, i) => ({ ...c, nhs: c.nhs ? nhs(i) : null }));
		const ids = await t.db.kysely.transaction().execute((trx) =>
			createPeople(
				trx,
				log,
				known.map((c) => ({
					givenName: c.given,
					familyName: c.family,
					sex: c.sex as "M" | "F",
					dateOfBirth: c.dob,
					expectedBirthDate: null,
					deathDate: null,
					ethnicity: "WBRI",
					nhsNumber: c.nhs,
					upn: null,
					upnUnknown: null,
					nationality: null,
				})),
				analyst,
				now(),
				null,
			),
		);
		const numbers = new Map(
			(await t.db.kysely.selectFrom("person").select(["id", "la_person_id"]).where("id", "in", ids).execute()).map(
				(p) => [p.id, p.la_person_id],
			),
		);
		const people = known.map((c, i) => ({ ...c, personId: ids[i], laPersonId: numbers.get(ids[i])! }));
		const linkedDir = join(dir, "linked");
		await writeSsdHistory(people, { dir: linkedDir, seed: 5, today: TODAY, years: 6, episodes: 50 });
		const summary = await importer.run({ source: "linked", files: await filesInDirectory(linkedDir) }, analyst);
		assert.equal(summary.outcome, "loaded");

		const linker = new SsdLinker(
			t.db.kysely,
			log,
			now,
			new Tasks(t.db.kysely, log, now),
			new SettingsService(t.db.kysely, log, now),
		);
		const result = await linker.link({ source: "linked" }, analyst);
		await log.flush();
		assert.equal(result.created, 0, "every child in the extract is already a Threshold person");

		const links = new Map(
			(
				await t.db.kysely
					.selectFrom("extract_person_link")
					.select(["pers_person_id", "person_id", "how"])
					.where("ssd_source", "=", "linked")
					.execute()
			).map((l) => [l.pers_person_id, l]),
		);
		const asked = new Set(
			(
				await t.db.kysely
					.selectFrom("extract_link_question")
					.select("pers_person_id")
					.where("ssd_source", "=", "linked")
					.where("answered_at", "is", null)
					.execute()
			).map((q) => q.pers_person_id),
		);
		const nhsOf = new Map(people.map((p) => [p.personId, p.nhs]));
		const [, ...answers] = readCsv(join(linkedDir, "answers", "links.csv"));
		assert.ok(answers.length >= 30, `${answers.length} children in the extract`);
		for (const [persPersonId, personId, , variation] of answers) {
			const link = links.get(persPersonId);
			if (link) assert.equal(link.person_id, personId, `${persPersonId} is linked to someone else`);
			else
				assert.ok(
					asked.has(persPersonId),
					`${persPersonId} (${variation || "as recorded"}) is neither linked nor asked`,
				);
			// Recorded alike, with an NHS number on both sides: certain.
			if (!variation && nhsOf.get(personId)) assert.equal(link?.how, "nhs-number", persPersonId);
		}
		assert.ok(asked.size > 0, "the variations leave some for a person to decide");
	});
});
