/**
 * A data-quality check's rows as CSV, for the analyst to work through beside the case
 * system. Keys, values and messages quote the extract's cells, so every text cell is
 * escaped as the export's are: a value typed as "=…" must not run in a spreadsheet.
 */
import { Readable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { escapeFormula } from "../../domain/ssd/formula.ts";
import type { QualityRow } from "./quality.ts";

export const QUALITY_COLUMNS = ["check", "table", "source", "key", "person_id", "column", "value", "problem"] as const;

const ROWS_PER_CHUNK = 500;

const cells = (r: QualityRow): string[] =>
	[r.check, r.table, r.source, r.key, r.personId ?? "", r.column, r.value ?? "", r.message].map(escapeFormula);

/** UTF-8 with CRLF like the export, a chunk of rows at a time as they are read. */
export function qualityCsv(rows: AsyncIterable<QualityRow>): Readable {
	const options = { record_delimiter: "windows" } as const;
	async function* chunks() {
		yield stringify([[...QUALITY_COLUMNS]], options);
		let chunk: string[][] = [];
		for await (const row of rows) {
			chunk.push(cells(row));
			if (chunk.length === ROWS_PER_CHUNK) {
				yield stringify(chunk, options);
				chunk = [];
			}
		}
		if (chunk.length) yield stringify(chunk, options);
	}
	return Readable.from(chunks());
}
