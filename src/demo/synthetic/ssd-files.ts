import { once } from "node:events";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import type { QualityCheck } from "../../domain/ssd/quality-rules.ts";
import { ssdTable } from "../../domain/ssd/spec.ts";
import {
	type ChildHistory,
	isoOf,
	type SsdChild,
	type SsdHistoryOptions,
	type SsdRow,
	ssdHistories,
	staffRows,
} from "./ssd-history.ts";

// Writes a synthetic SSD history (ssd-history.ts) as an extract in our CSV layout
// (docs/ssd-csv.md), one file per table, streamed a child at a time. With `dirty`, it
// plants the bad inputs an extract really arrives with and the faults the data-quality
// checks look for, each recorded in answers/manifest.csv: what, in which file, row and
// column, and what should find it (ADR 39). answers/links.csv says which Threshold person
// each SSD person is; neither is in the extract (the importer reads only the top folder).

/** The tables the history fills, parents first. */
export const SSD_HISTORY_TABLES = [
	"ssd_department",
	"ssd_professionals",
	"ssd_person",
	"ssd_cin_episodes",
	"ssd_cin_assessments",
	"ssd_assessment_factors",
	"ssd_s47_enquiry",
	"ssd_initial_cp_conference",
	"ssd_cp_plans",
	"ssd_cp_reviews",
	"ssd_cp_visits",
	"ssd_cin_plans",
	"ssd_cin_visits",
	"ssd_cla_episodes",
	"ssd_cla_placement",
	"ssd_cla_reviews",
	"ssd_legal_status",
	"ssd_missing",
	"ssd_care_leavers",
	"ssd_permanence",
	"ssd_involvements",
] as const;

/**
 * format: read without a problem, its value normalised (a SQL Server date, NULL, a code in
 * lower case …); import-error and import-warning: the importer reports it at this file, row
 * and column; quality: the importer loads it and the data-quality check `check` lists the
 * row with key `key` (or `otherKey`, the pair's other row), in `stage` "later" only after
 * later/ssd_person.csv is imported too.
 */
export interface ManifestEntry {
	file: string;
	row: number | null;
	column: string | null;
	kind: "format" | "import-error" | "import-warning" | "quality";
	fault: string;
	check: QualityCheck | "";
	key: string;
	otherKey: string;
	stage: "first" | "later";
}

export interface WriteSsdOptions extends SsdHistoryOptions {
	dir: string;
	dirty?: boolean;
}

export interface WrittenSsdHistory {
	rows: Record<string, number>;
	children: number;
	manifest: ManifestEntry[];
}

const fileOf = (table: string) => `${table}.csv`;

function csvCell(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One table's file: the spec's columns in its order, rows numbered as a spreadsheet does. */
class TableFile {
	readonly columns: string[];
	rows = 0;
	private readonly out: WriteStream;
	constructor(
		path: string,
		table: string,
		private readonly eol: string,
		private readonly encoding: "utf8" | "utf8-bom" | "utf16le",
	) {
		this.columns = ssdTable(table)!.fields.map((f) => f.name);
		this.out = createWriteStream(path);
		if (encoding !== "utf8") this.raw("\ufeff");
		this.raw(this.columns.join(",") + eol);
	}

	private raw(text: string): boolean {
		return this.out.write(this.encoding === "utf16le" ? Buffer.from(text, "utf16le") : text);
	}

	/** Writes a row and gives its row number (the header is row 1). */
	async write(values: Record<string, string>): Promise<number> {
		if (!this.raw(this.columns.map((c) => csvCell(values[c] ?? "")).join(",") + this.eol)) {
			await once(this.out, "drain");
		}
		this.rows += 1;
		return this.rows + 1;
	}

	async close(): Promise<void> {
		this.out.end();
		await once(this.out, "finish");
	}
}

/** A fault planted on a row (or, with row null, a whole file), before its row number is known. */
interface Planted {
	row: SsdRow | null;
	file?: string;
	column: string | null;
	kind: ManifestEntry["kind"];
	fault: string;
	check?: QualityCheck;
	key?: string;
	otherKey?: string;
	stage?: "later";
}

const dayFirst = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const rowsOf = (h: ChildHistory, table: string) => h.rows.filter((r) => r.table === table);
const DAY = 86_400_000;
const plusDays = (iso: string, days: number) => isoOf(Date.parse(`${iso}T00:00:00Z`) / DAY + days);

/**
 * The faults, each planted once on the first child it fits who has no other fault, so one
 * fault never hides another. `plant` changes the child's rows (or adds some) and says what it did.
 */
const FAULTS: { name: string; plant: (h: ChildHistory) => Planted[] | null }[] = [
	{
		name: "sqlserver-date",
		plant: (h) => {
			const r = rowsOf(h, "ssd_cin_episodes")[0];
			r.values.cine_referral_date += " 00:00:00.000";
			return [{ row: r, column: "cine_referral_date", kind: "format", fault: "date as SQL Server writes it" }];
		},
	},
	{
		name: "day-first-date",
		plant: (h) => {
			const r = rowsOf(h, "ssd_cin_assessments")[0];
			if (!r) return null;
			r.values.cina_assessment_start_date = dayFirst(r.values.cina_assessment_start_date);
			return [{ row: r, column: "cina_assessment_start_date", kind: "format", fault: "date as DD/MM/YYYY" }];
		},
	},
	{
		name: "null-literal",
		plant: (h) => {
			const r = rowsOf(h, "ssd_cin_episodes").find((e) => e.values.cine_close_date === "");
			if (!r) return null;
			r.values.cine_close_date = "NULL";
			r.values.cine_close_reason = "null";
			return [{ row: r, column: "cine_close_date", kind: "format", fault: "literal NULL for empty" }];
		},
	},
	{
		name: "code-case",
		plant: (h) => {
			const r = rowsOf(h, "ssd_cin_episodes")[0];
			r.values.cine_cin_primary_need_code = r.values.cine_cin_primary_need_code.toLowerCase();
			r.values.cine_referral_nfa = r.values.cine_referral_nfa.toLowerCase();
			return [{ row: r, column: "cine_cin_primary_need_code", kind: "format", fault: "code and flag in lower case" }];
		},
	},
	{
		name: "quoting",
		plant: (h) => {
			const r = rowsOf(h, "ssd_cin_episodes")[0];
			r.values.cine_referral_source_desc = 'Neighbour said "no, not again",\nthen left';
			return [
				{
					row: r,
					column: "cine_referral_source_desc",
					kind: "format",
					fault: "quotes, comma and line break in a value",
				},
			];
		},
	},
	{
		name: "formula",
		plant: (h) => {
			const r = rowsOf(h, "ssd_person")[0];
			r.values.pers_forename = "=cmd|' /C calc'!A0";
			return [
				{ row: r, column: "pers_forename", kind: "format", fault: "formula injection (exported with a leading ')" },
			];
		},
	},
	{
		name: "broken-reference",
		plant: (h) => {
			const r = rowsOf(h, "ssd_cin_assessments")[0];
			if (!r) return null;
			r.values.cina_referral_id = `${r.values.cina_referral_id}X404`;
			return [{ row: r, column: "cina_referral_id", kind: "import-error", fault: "referral that does not exist" }];
		},
	},
	{
		name: "duplicate-key",
		plant: (h) => {
			const r = rowsOf(h, "ssd_involvements")[0];
			const copy = { table: r.table, values: { ...r.values, invo_worker_change_reason: "Entered twice" } };
			h.rows.splice(h.rows.indexOf(r) + 1, 0, copy);
			return [r, copy].map((row) => ({
				row,
				column: "invo_involvements_id",
				kind: "import-error",
				fault: "the same key on two rows",
			}));
		},
	},
	{
		name: "missing-mandatory",
		plant: (h) => {
			const r = rowsOf(h, "ssd_cin_assessments")[0];
			if (!r) return null;
			r.values.cina_person_id = "";
			return [
				{
					row: r,
					column: "cina_person_id",
					kind: "import-error",
					fault: "mandatory field empty (refused at import, so the quality check never sees it)",
					check: "missing",
				},
			];
		},
	},
	{
		name: "unknown-worker",
		plant: (h) => {
			const r = rowsOf(h, "ssd_cin_episodes")[0];
			r.values.cine_referral_worker_id = "W9404";
			return [
				{ row: r, column: "cine_referral_worker_id", kind: "import-warning", fault: "worker not in the extract" },
			];
		},
	},
	{
		name: "end-before-start",
		plant: (h) => {
			const r = rowsOf(h, "ssd_cin_assessments").find((a) => /^\d{4}-/.test(a.values.cina_assessment_auth_date));
			if (!r) return null;
			r.values.cina_assessment_auth_date = plusDays(r.values.cina_assessment_start_date, -2);
			return [
				{
					row: r,
					column: "cina_assessment_auth_date",
					kind: "quality",
					fault: "assessment completed before it started",
					check: "end-before-start",
					key: r.values.cina_assessment_id,
				},
			];
		},
	},
	{
		name: "born-after",
		plant: (h) => {
			const [person] = rowsOf(h, "ssd_person");
			const [referral] = rowsOf(h, "ssd_cin_episodes");
			person.values.pers_dob = plusDays(referral.values.cine_referral_date, 5);
			return [
				{
					row: person,
					column: "pers_dob",
					kind: "quality",
					fault: "child born after their referral",
					check: "born-after",
					key: referral.values.cine_referral_id,
				},
			];
		},
	},
	{
		name: "cin-overlap",
		plant: (h) => {
			const r = rowsOf(h, "ssd_cin_episodes").find(
				(e) => e.values.cine_close_date && e.values.cine_close_date > plusDays(e.values.cine_referral_date, 2),
			);
			if (!r) return null;
			const id = `${r.values.cine_referral_id}V`;
			const overlap = {
				table: "ssd_cin_episodes",
				values: {
					...r.values,
					cine_referral_id: id,
					cine_referral_date: plusDays(r.values.cine_referral_date, 1),
					cine_close_date: plusDays(r.values.cine_referral_date, 2),
				},
			};
			h.rows.splice(h.rows.indexOf(r) + 1, 0, overlap);
			return [
				{
					row: overlap,
					column: "cine_referral_date",
					kind: "quality",
					fault: "CIN episode overlapping another of the child's",
					check: "cin-overlap",
					key: r.values.cine_referral_id,
					otherKey: id,
				},
			];
		},
	},
	{
		name: "double-open",
		plant: (h) => {
			const r = rowsOf(h, "ssd_cin_episodes").find((e) => e.values.cine_close_date === "");
			if (!r) return null;
			const id = `${r.values.cine_referral_id}D`;
			const second = {
				table: "ssd_cin_episodes",
				values: { ...r.values, cine_referral_id: id, cine_referral_date: plusDays(r.values.cine_referral_date, 1) },
			};
			h.rows.splice(h.rows.indexOf(r) + 1, 0, second);
			return [
				{
					row: second,
					column: "cine_close_date",
					kind: "quality",
					fault: "two CIN episodes of one child open at once",
					check: "cin-overlap",
					key: r.values.cine_referral_id,
					otherKey: id,
				},
			];
		},
	},
	{
		name: "same-child",
		plant: (h) => {
			const [person] = rowsOf(h, "ssd_person");
			if (!person.values.pers_common_child_id) return null;
			const id = `${person.values.pers_person_id}2`;
			const twin = { table: "ssd_person", values: { ...person.values, pers_person_id: id, pers_upn: "" } };
			h.rows.splice(1, 0, twin);
			return [
				{
					row: twin,
					column: "pers_common_child_id",
					kind: "quality",
					fault: "the same child under a second person id (duplicate NHS number)",
					check: "same-child",
					key: person.values.pers_person_id,
					otherKey: id,
				},
			];
		},
	},
	{
		name: "orphan",
		plant: (h) => {
			const [referral] = rowsOf(h, "ssd_cin_episodes");
			return [
				{
					row: referral,
					column: "cine_person_id",
					kind: "quality",
					fault: "the child is missing from later/ssd_person.csv, a later import of the people alone",
					check: "orphan",
					key: referral.values.cine_referral_id,
					stage: "later",
				},
			];
		},
	},
];

const FILE_FAULTS: { table: string; eol: string; encoding: "utf8" | "utf8-bom" | "utf16le"; fault: string }[] = [
	{ table: "ssd_person", eol: "\r\n", encoding: "utf8-bom", fault: "UTF-8 with a byte order mark, CRLF line ends" },
	{ table: "ssd_cin_episodes", eol: "\r\n", encoding: "utf8", fault: "CRLF line ends" },
	{ table: "ssd_cin_visits", eol: "\r\n", encoding: "utf16le", fault: "UTF-16 (little-endian, with its mark)" },
];

/** Writes the extract for `children` into `dir` (created if need be). */
export async function writeSsdHistory(
	children: readonly SsdChild[],
	options: WriteSsdOptions,
): Promise<WrittenSsdHistory> {
	const { dir, dirty = false } = options;
	mkdirSync(join(dir, "answers"), { recursive: true });
	const files = new Map<string, TableFile>();
	for (const table of SSD_HISTORY_TABLES) {
		const special = dirty ? FILE_FAULTS.find((f) => f.table === table) : undefined;
		files.set(table, new TableFile(join(dir, fileOf(table)), table, special?.eol ?? "\n", special?.encoding ?? "utf8"));
	}
	const links = createWriteStream(join(dir, "answers", "links.csv"));
	links.write("pers_person_id,person_id,la_person_id,variation\n");
	if (dirty) mkdirSync(join(dir, "later"), { recursive: true });
	const later = dirty ? new TableFile(join(dir, "later", fileOf("ssd_person")), "ssd_person", "\n", "utf8") : null;

	const manifest: ManifestEntry[] = dirty
		? FILE_FAULTS.map((f) => ({
				file: fileOf(f.table),
				row: null,
				column: null,
				kind: "format",
				fault: f.fault,
				check: "",
				key: "",
				otherKey: "",
				stage: "first",
			}))
		: [];
	const faults = dirty ? [...FAULTS] : [];
	for (const row of staffRows(options).rows) await files.get(row.table)!.write(row.values);

	let count = 0;
	const seenIds = new Set<string>();
	for (const history of ssdHistories(children, options)) {
		// Two Threshold records of one child (a second record the front door made) would be
		// one child twice here too: only the first is in the case system's history.
		const ids = [history.child.nhs, history.child.upn].filter((v): v is string => Boolean(v));
		if (ids.some((v) => seenIds.has(v))) continue;
		for (const v of ids) seenIds.add(v);
		count += 1;
		let planted: Planted[] = [];
		for (let i = 0; i < faults.length && planted.length === 0; i++) {
			planted = faults[i].plant(history) ?? [];
			if (planted.length) faults.splice(i, 1);
		}
		const numbers = new Map<SsdRow, number>();
		const orphaned = planted.some((p) => p.stage === "later");
		for (const row of history.rows) {
			numbers.set(row, await files.get(row.table)!.write(row.values));
			if (later && row.table === "ssd_person" && !orphaned) await later.write(row.values);
		}
		if (
			!links.write(
				`${history.persPersonId},${history.child.personId},${history.child.laPersonId},${history.variation ?? ""}\n`,
			)
		) {
			await once(links, "drain");
		}
		for (const p of planted) {
			manifest.push({
				file: fileOf(p.row!.table),
				row: numbers.get(p.row!) ?? null,
				column: p.column,
				kind: p.kind,
				fault: p.fault,
				check: p.check ?? "",
				key: p.key ?? "",
				otherKey: p.otherKey ?? "",
				stage: p.stage ?? "first",
			});
		}
	}
	if (faults.length) {
		throw new Error(`Too few children to plant every fault: ${faults.map((f) => f.name).join(", ")} left over`);
	}
	for (const f of files.values()) await f.close();
	links.end();
	await once(links, "finish");
	if (later) {
		await later.close();
		const out = createWriteStream(join(dir, "answers", "manifest.csv"));
		const columns = ["file", "row", "column", "kind", "fault", "check", "key", "otherKey", "stage"] as const;
		out.write(`${columns.join(",")}\n`);
		for (const m of manifest) out.write(`${columns.map((c) => csvCell(String(m[c] ?? ""))).join(",")}\n`);
		out.end();
		await once(out, "finish");
	}
	const rows = Object.fromEntries([...files].map(([table, f]) => [table, f.rows]));
	return { rows, children: count, manifest };
}
