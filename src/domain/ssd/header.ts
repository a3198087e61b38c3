/**
 * Which SSD column each header cell names. Case systems export the spec's column names,
 * their deployed SQL's names, or the item refs, in any case; a file of the wrong table is told
 * apart from a file with a few odd columns, so the analyst hears "this is the CIN plans
 * file" rather than forty missing columns. Pure.
 */
import type { SsdProblem } from "./problems.ts";
import type { SsdField, SsdSpec, SsdTable } from "./spec.ts";

export interface HeaderMatch {
	/** For each column of the file, in order, the spec field it holds, or null when it is not one. */
	fields: (SsdField | null)[];
	problems: SsdProblem[];
	/** False when the rows cannot be read against this table (wrong table, a required or repeated column). */
	readable: boolean;
}

const normalise = (cell: string) =>
	cell
		.replace(/^\uFEFF/, "")
		.trim()
		.toLowerCase();

/** The field a header cell names in a table, by spec name or item ref, in any case. */
export function fieldNamed(table: SsdTable, cell: string): SsdField | undefined {
	const wanted = normalise(cell);
	if (!wanted) return undefined;
	return table.fields.find(
		(f) =>
			f.name.toLowerCase() === wanted ||
			f.itemRef.toLowerCase() === wanted ||
			f.aliases?.some((a) => a.toLowerCase() === wanted),
	);
}

/** The table a file holds by its name, `ssd_person.csv` in any case, or undefined. */
export function tableForFileName(spec: SsdSpec, fileName: string): SsdTable | undefined {
	const base = fileName.split(/[\\/]/).pop() ?? "";
	const m = /^(.*)\.csv$/i.exec(base);
	return m ? spec.tables.find((t) => t.name === m[1].toLowerCase()) : undefined;
}

const listed = (names: string[]) => (names.length > 5 ? `${names.slice(0, 5).join(", ")} …` : names.join(", "));

export function matchHeader(spec: SsdSpec, table: SsdTable, cells: string[], file: string): HeaderMatch {
	const problem = (column: string | null, severity: SsdProblem["severity"], reason: string): SsdProblem => ({
		file,
		row: 1,
		column,
		severity,
		reason,
	});
	const fields = cells.map((cell) => fieldNamed(table, cell) ?? null);

	if (fields.every((f) => f === null)) {
		const named = cells.map((c) => c.trim()).filter(Boolean);
		if (cells.length === 1 && /[;\t|]/.test(cells[0])) {
			return {
				fields,
				readable: false,
				problems: [
					problem(
						null,
						"error",
						"The header is one long column: the file seems to be separated by semicolons, tabs or bars, not commas. Save it as CSV (comma delimited).",
					),
				],
			};
		}
		// Whose columns are these? Each table's columns carry its own prefix, so one table wins.
		const scored = spec.tables
			.filter((t) => t !== table)
			.map((t) => ({ t, n: cells.filter((c) => fieldNamed(t, c)).length }))
			.sort((a, b) => b.n - a.n);
		const best = scored[0];
		const reason =
			best && best.n > 0
				? `The columns are those of ${best.t.name}, not ${table.name}: this looks like the wrong file, or the file is misnamed`
				: `None of the columns is an SSD column, so this is not a ${table.name} file; the first row must name the columns (it begins: ${listed(named) || "nothing"})`;
		return { fields, readable: false, problems: [problem(null, "error", reason)] };
	}

	const problems: SsdProblem[] = [];
	const seen = new Map<string, number>();
	fields.forEach((field, i) => {
		const cell = cells[i].trim();
		if (!field) {
			problems.push(
				problem(
					cell || `column ${i + 1}`,
					"warning",
					cell
						? `Column '${cell}' is not a ${table.name} column in SSD ${spec.version}, so it is ignored`
						: `Column ${i + 1} has no name, so it is ignored`,
				),
			);
			return;
		}
		const earlier = seen.get(field.name);
		if (earlier !== undefined) {
			problems.push(
				problem(
					cell,
					"error",
					`Columns ${earlier + 1} ('${cells[earlier].trim()}') and ${i + 1} ('${cell}') are both ${field.name}: keep one`,
				),
			);
		} else seen.set(field.name, i);
	});
	for (const field of table.fields) {
		if (field.required && !seen.has(field.name)) {
			problems.push(
				problem(
					field.name,
					"error",
					`The file has no ${field.name} column (item ref ${field.itemRef}), which every ${table.name} row needs`,
				),
			);
		}
	}
	return { fields, problems, readable: !problems.some((p) => p.severity === "error") };
}
