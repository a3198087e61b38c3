/**
 * References between the tables of one SSD import: which rows point at a parent that is
 * not there, and so which rows may load. Issue 17: a missing person, referral, period of
 * care, plan or other record is an error (the row would hang from nothing); a missing
 * professional or team is only a warning (case systems often keep workers elsewhere). A row
 * whose parent is left out is left out too, so rows are dropped until none points at a
 * dropped row. Pure: the importer reads the files and looks up what is stored.
 */
import type { SsdProblem } from "./problems.ts";
import { type SsdSpec, WARN_ONLY_TARGETS } from "./spec.ts";
import type { SsdValue } from "./values.ts";

export interface SsdReference {
	table: string;
	column: string;
	target: string;
	targetColumn: string;
	severity: SsdProblem["severity"];
}

/** Every reference the spec's tables make, as our spec file reads their foreign keys. */
export function referencesOf(spec: SsdSpec): SsdReference[] {
	return spec.tables.flatMap((table) =>
		table.fields.flatMap((field) => {
			if (!field.foreignKey) return [];
			const [target, targetColumn] = field.foreignKey.split(".");
			return [
				{
					table: table.name,
					column: field.name,
					target,
					targetColumn,
					severity: WARN_ONLY_TARGETS.has(target) ? ("warning" as const) : ("error" as const),
				},
			];
		}),
	);
}

/** One file of the import, as read: its rows, and whether each has errors of its own. */
export interface ImportedTable {
	table: string;
	file: string;
	/** False when the file could not be read to its end (a header error, bytes that are not text, a quote never closed). */
	complete: boolean;
	/** The file's name for each column it has, by spec name, so a problem names the column as the analyst sees it. */
	headerNames: Readonly<Record<string, string>>;
	rows: { row: number; values: Record<string, SsdValue>; ownErrors: boolean }[];
}

export interface ReferenceCheck {
	source: string;
	tables: readonly ImportedTable[];
	/**
	 * True when the rows of an incomplete file are not loaded and its table keeps what is
	 * stored (the analyst loads only valid rows); false when any error stops the whole
	 * import, and an incomplete file's rows read so far are what its children are checked against.
	 */
	validOnly: boolean;
	/** The values of `table.column` stored for this source, among those the import refers to (see `storedLookups`). */
	stored: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface ReferenceResult {
	/** For each table, the row numbers that may load. */
	loadable: Map<string, Set<number>>;
	problems: SsdProblem[];
}

const key = (table: string, column: string) => `${table}.${column}`;

/** Whether a table's parent values come from its file in this import (else from what is stored). */
function fromFile(t: ImportedTable | undefined, validOnly: boolean): t is ImportedTable {
	return t !== undefined && (t.complete || !validOnly);
}

/**
 * The stored values the check needs: for each reference whose target table is not replaced
 * by this import, the values the import's rows give it. The importer asks the database for
 * exactly these, so the lookup is bounded by the import, not by what is stored.
 */
export function storedLookups(
	spec: SsdSpec,
	tables: readonly ImportedTable[],
	validOnly: boolean,
): { table: string; column: string; values: string[] }[] {
	const byName = new Map(tables.map((t) => [t.table, t]));
	const wanted = new Map<string, { table: string; column: string; values: Set<string> }>();
	for (const ref of referencesOf(spec)) {
		const child = byName.get(ref.table);
		if (!child || fromFile(byName.get(ref.target), validOnly)) continue;
		const k = key(ref.target, ref.targetColumn);
		const entry = wanted.get(k) ?? { table: ref.target, column: ref.targetColumn, values: new Set<string>() };
		wanted.set(k, entry);
		for (const r of child.rows) {
			const v = r.values[ref.column];
			if (v !== null) entry.values.add(String(v));
		}
	}
	return [...wanted.values()].filter((w) => w.values.size > 0).map((w) => ({ ...w, values: [...w.values] }));
}

export function checkReferences(spec: SsdSpec, check: ReferenceCheck): ReferenceResult {
	const { source, tables, validOnly, stored } = check;
	const byName = new Map(tables.map((t) => [t.table, t]));
	const references = referencesOf(spec).filter((r) => byName.has(r.table));
	const loadable = new Map(
		tables.map((t) => [
			t.table,
			new Set(t.complete || !validOnly ? t.rows.filter((r) => !r.ownErrors).map((r) => r.row) : []),
		]),
	);
	const problems: SsdProblem[] = [];
	const columnOf = (t: ImportedTable, column: string) => t.headerNames[column] ?? column;

	// The first row of a file holding each value of a column: where a missing parent was, to
	// say why it is missing. Built once per column, as a bad extract can have many such rows.
	const firstRows = new Map<string, Map<string, number>>();
	const rowsByValue = (t: ImportedTable, column: string) => {
		const k = key(t.table, column);
		let map = firstRows.get(k);
		if (!map) {
			map = new Map();
			for (const r of t.rows) {
				const v = r.values[column];
				if (v !== null && !map.has(String(v))) map.set(String(v), r.row);
			}
			firstRows.set(k, map);
		}
		return map;
	};

	// The values a reference may point at, kept until a row of the parent table is dropped.
	const parents = new Map<string, Set<string>>();
	const parentValues = (ref: SsdReference): ReadonlySet<string> => {
		const target = byName.get(ref.target);
		if (!fromFile(target, validOnly)) return stored.get(key(ref.target, ref.targetColumn)) ?? new Set();
		const k = key(ref.target, ref.targetColumn);
		const known = parents.get(k);
		if (known) return known;
		const alive = loadable.get(target.table)!;
		const values = new Set<string>();
		for (const r of target.rows) {
			const v = r.values[ref.targetColumn];
			if (v !== null && alive.has(r.row)) values.add(String(v));
		}
		parents.set(k, values);
		return values;
	};
	const drop = (table: string, row: number) => {
		loadable.get(table)!.delete(row);
		for (const k of parents.keys()) if (k.startsWith(`${table}.`)) parents.delete(k);
	};

	const why = (ref: SsdReference, value: string): string => {
		const target = byName.get(ref.target);
		const what = `${ref.column} '${value}'`;
		if (!target) {
			return `${what} is not in ${ref.target}: this import has no ${ref.target} file and source '${source}' holds no such row`;
		}
		if (!target.complete && validOnly) {
			return `${what} is not stored for source '${source}', and ${target.file} is not loaded because it could not be read to its end`;
		}
		const at = rowsByValue(target, ref.targetColumn).get(value);
		if (at !== undefined)
			return `${what} is on row ${at} of ${target.file}, which is not loaded, so this row is not either`;
		const cut = target.complete ? "" : ` (the file could not be read to its end)`;
		return `${what} is in no row of ${target.file}${cut}`;
	};

	// Drop rows until none points at a missing or dropped parent. Each pass can only drop
	// rows, so this ends within as many passes as the tables nest deep.
	for (let changed = true; changed; ) {
		changed = false;
		for (const ref of references.filter((r) => r.severity === "error")) {
			const child = byName.get(ref.table)!;
			const alive = loadable.get(ref.table)!;
			for (const r of child.rows) {
				const v = r.values[ref.column];
				// Looked up for each row: a table can point at itself, and a drop changes its parents.
				if (!alive.has(r.row) || v === null || parentValues(ref).has(String(v))) continue;
				drop(ref.table, r.row);
				changed = true;
				problems.push({
					file: child.file,
					row: r.row,
					column: columnOf(child, ref.column),
					severity: "error",
					reason: why(ref, String(v)),
				});
			}
		}
	}
	// Rows that failed of their own accord, or were dropped above, are reported already.
	for (const ref of references.filter((r) => r.severity === "warning")) {
		const child = byName.get(ref.table)!;
		const alive = loadable.get(ref.table)!;
		const known = parentValues(ref);
		for (const r of child.rows) {
			const v = r.values[ref.column];
			if (!alive.has(r.row) || v === null || known.has(String(v))) continue;
			const target = byName.get(ref.target);
			const where = fromFile(target, validOnly) ? `in ${target.file}` : `stored for source '${source}'`;
			problems.push({
				file: child.file,
				row: r.row,
				column: columnOf(child, ref.column),
				severity: "warning",
				reason: `${ref.column} '${v}' is not ${where}; the row is loaded, with the ${ref.target === "ssd_department" ? "team" : "worker"} unknown`,
			});
		}
	}
	return { loadable, problems };
}
