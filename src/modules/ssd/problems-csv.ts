/**
 * An import's problems as a CSV the analyst can open beside the extract: file, row, column,
 * severity, reason. A file or column name, or a reason quoting a cell, comes from the
 * extract, so every cell is escaped as the export's text is (a name typed as "=…" must not
 * run when the list is opened in a spreadsheet).
 */
import { Readable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { escapeFormula } from "../../domain/ssd/formula.ts";
import type { SsdProblem } from "../../domain/ssd/problems.ts";

export const PROBLEM_COLUMNS = ["file", "row", "column", "severity", "reason"] as const;

const ROWS_PER_CHUNK = 1000;

function cells(p: SsdProblem): string[] {
	return [
		escapeFormula(p.file),
		p.row === null ? "" : String(p.row),
		escapeFormula(p.column ?? ""),
		p.severity,
		escapeFormula(p.reason),
	];
}

/**
 * The problems as CSV text, UTF-8 with CRLF like the export, a chunk of rows at a time:
 * from a list in memory (the command), or from pages read as the file is sent (a stored job's).
 */
export function problemsCsv(problems: readonly SsdProblem[] | AsyncIterable<readonly SsdProblem[]>): Readable {
	const options = { record_delimiter: "windows" } as const;
	async function* chunks() {
		yield stringify([[...PROBLEM_COLUMNS]], options);
		if (Symbol.asyncIterator in problems) {
			for await (const page of problems) yield stringify(page.map(cells), options);
			return;
		}
		for (let i = 0; i < problems.length; i += ROWS_PER_CHUNK) {
			yield stringify(problems.slice(i, i + ROWS_PER_CHUNK).map(cells), options);
		}
	}
	return Readable.from(chunks());
}
