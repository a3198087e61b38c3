/**
 * Reads one SSD table's CSV file as a stream: the header matched to the spec, then each row
 * with its values in the form Threshold stores and its problems. Nothing is held but the
 * current row and the keys seen so far, so a file of any size can be checked before
 * anything is written. The caller supplies the bytes (a file, an upload) and decides what
 * to load. Pure apart from the stream it is given.
 */
import { finished } from "node:stream/promises";
import { CsvError, parse } from "csv-parse";
import { decodeText, SsdEncodingError } from "./decode.ts";
import { matchHeader } from "./header.ts";
import type { SsdProblem } from "./problems.ts";
import type { SsdField, SsdSpec, SsdTable } from "./spec.ts";
import { readCell, type SsdValue } from "./values.ts";

export type SsdRow = Record<string, SsdValue>;

export type SsdCsvEvent =
	/** The file's columns, as the spec names them, in the file's order (null: ignored), and as the file names them. */
	| { type: "header"; table: string; columns: (string | null)[]; names: string[] }
	/** A data row: every field of the table (absent columns null) and this row's own problems. */
	| { type: "row"; row: number; values: SsdRow; problems: SsdProblem[] }
	/** A problem with the header, the whole file, or a row read earlier (a key seen again). */
	| { type: "problem"; problem: SsdProblem };

export interface ReadOptions {
	spec: SsdSpec;
	table: SsdTable;
	/** The file's name as the analyst knows it, for every problem. */
	file: string;
}

// A record this long is a quote left open, not data: stop before it fills memory.
const MAX_RECORD_CHARACTERS = 1_000_000;

/** csv-parse's error as something an analyst can act on. */
function unreadable(error: CsvError, file: string, row: number): SsdProblem {
	const at = { file, column: null, severity: "error" as const };
	switch (error.code) {
		case "CSV_QUOTE_NOT_CLOSED":
			return {
				...at,
				row,
				reason: `A quoted value that starts on row ${row} is never closed: the file may have been cut short, or a quote is missing`,
			};
		case "CSV_MAX_RECORD_SIZE":
			return {
				...at,
				row,
				reason: `Row ${row} runs on for over a million characters: a quote is probably missing its closing quote`,
			};
		case "CSV_INVALID_CLOSING_QUOTE":
		case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
			return {
				...at,
				row,
				reason: `On row ${row} a quoted value is followed by more text before the next comma: put the whole value inside the quotes`,
			};
		default:
			return { ...at, row, reason: `The file cannot be read as CSV from row ${row} on` };
	}
}

/**
 * Raw records of decoded text. Each chunk is handed to csv-parse and its records taken
 * before the next chunk is read, so memory holds one chunk's rows and the reader goes at
 * the consumer's pace. Records are collected as they are parsed, not read from the
 * parser's output, because a syntax error discards that output: the rows before a
 * broken quote must still be seen, and counted, to say where it is.
 */
async function* records(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<string[]> {
	const parsed: string[][] = [];
	let failure: unknown;
	const parser = parse({
		bom: false, // the decoder has removed it
		relax_column_count: true, // a short or long row is reported by the reader, not thrown
		relax_quotes: true, // O"Brien in an unquoted cell is a name, not an error
		skip_empty_lines: true,
		trim: true,
		max_record_size: MAX_RECORD_CHARACTERS,
		on_record: (record: string[]) => {
			parsed.push(record);
			return null;
		},
	});
	parser.on("error", (error) => {
		failure ??= error;
	});
	parser.resume();
	const done = finished(parser).catch((error) => {
		failure ??= error;
	});
	function* taken() {
		yield* parsed.splice(0);
		if (failure) throw failure;
	}
	try {
		for await (const text of decodeText(input)) {
			parser.write(text);
			yield* taken();
		}
	} catch (error) {
		// The rows before the bytes stopped being text are still reported (csv-parse holds the
		// last one until it sees what follows, so it is ended first), then the reason.
		parser.end();
		await done;
		yield* parsed.splice(0);
		throw error;
	}
	parser.end();
	await done;
	yield* taken();
}

function readValues(
	cells: string[],
	fields: (SsdField | null)[],
	names: string[],
	{ spec, table, file }: ReadOptions,
	row: number,
): { values: SsdRow; problems: SsdProblem[]; short?: SsdProblem } {
	const values: SsdRow = Object.fromEntries(table.fields.map((f) => [f.name, null]));
	const problems: SsdProblem[] = [];
	const error = (column: string | null, reason: string) => {
		const problem: SsdProblem = { file, row, column, severity: "error", reason };
		problems.push(problem);
		return problem;
	};
	let short: SsdProblem | undefined;
	if (cells.length < fields.length) {
		short = error(null, `Row ${row} has ${cells.length} values but the header has ${fields.length} columns`);
	} else if (cells.length > fields.length) {
		error(
			null,
			`Row ${row} has ${cells.length} values but the header has ${fields.length} columns: a value with a comma in it may need quotes`,
		);
	}
	const unreadable = new Set<string>();
	fields.forEach((field, i) => {
		if (!field || i >= cells.length) return;
		const read = readCell(cells[i], field, spec);
		if ("problem" in read) {
			error(names[i], read.problem);
			unreadable.add(field.name);
		} else values[field.name] = read.value;
	});
	for (const field of table.fields) {
		if (field.required && values[field.name] === null && !unreadable.has(field.name)) {
			error(names[fields.indexOf(field)] ?? field.name, `${field.name} is empty; every ${table.name} row needs one`);
		}
	}
	return { values, problems, short };
}

/**
 * The events of one file, in order: its header, then each row, with problems as they are
 * found. Header errors (wrong table, a required column missing) end the reading there,
 * since every row would repeat them. A key seen again is an error on both rows: on the
 * later row itself, and as a problem naming the earlier one.
 */
export async function* readSsdCsv(
	input: AsyncIterable<Uint8Array | string>,
	options: ReadOptions,
): AsyncGenerator<SsdCsvEvent> {
	const { spec, table, file } = options;
	let header: { fields: (SsdField | null)[]; names: string[] } | undefined;
	let row = 0;
	const firstRowOfKey = new Map<string, number>();
	const reportedKeys = new Set<string>();
	// Held back one row, so that a short last row can be called what it likely is: a cut-off file.
	let pending: Extract<SsdCsvEvent, { type: "row" }> | undefined;
	let pendingShort: SsdProblem | undefined;
	try {
		for await (const cells of records(input)) {
			row += 1;
			if (!header) {
				// A mark left in text handed over as a string is not part of the first column's name.
				if (cells.length) cells[0] = cells[0].replace(/^\uFEFF/, "");
				const match = matchHeader(spec, table, cells, file);
				yield {
					type: "header",
					table: table.name,
					columns: match.fields.map((f) => f?.name ?? null),
					names: cells.map((c) => c.trim()),
				};
				for (const problem of match.problems) yield { type: "problem", problem };
				if (!match.readable) return;
				header = { fields: match.fields, names: cells };
				continue;
			}
			const { values, problems, short } = readValues(cells, header.fields, header.names, options, row);
			const key = values[table.primaryKey];
			if (key !== null) {
				const first = firstRowOfKey.get(String(key));
				if (first === undefined) firstRowOfKey.set(String(key), row);
				else {
					const column = header.names[header.fields.findIndex((f) => f?.name === table.primaryKey)];
					problems.push({
						file,
						row,
						column,
						severity: "error",
						reason: `${table.primaryKey} '${key}' is already used by row ${first}`,
					});
					if (!reportedKeys.has(String(key))) {
						reportedKeys.add(String(key));
						if (pending?.row === first) {
							pending.problems.push({
								file,
								row: first,
								column,
								severity: "error",
								reason: `${table.primaryKey} '${key}' is used again by row ${row}`,
							});
						} else {
							yield {
								type: "problem",
								problem: {
									file,
									row: first,
									column,
									severity: "error",
									reason: `${table.primaryKey} '${key}' is used again by row ${row}`,
								},
							};
						}
					}
				}
			}
			if (pending) yield pending;
			pending = { type: "row", row, values, problems };
			pendingShort = short;
		}
	} catch (error) {
		if (pending) yield pending;
		pending = undefined;
		if (error instanceof SsdEncodingError) {
			yield { type: "problem", problem: { file, row: null, column: null, severity: "error", reason: error.message } };
			return;
		}
		if (error instanceof CsvError) {
			yield { type: "problem", problem: unreadable(error, file, row + 1) };
			return;
		}
		throw error;
	}
	if (!header) {
		yield {
			type: "problem",
			problem: { file, row: null, column: null, severity: "error", reason: "The file is empty: it has no header row" },
		};
		return;
	}
	if (pending) {
		if (pendingShort) pendingShort.reason += ", and it is the last row: the file may have been cut short";
		yield pending;
	}
}

export interface ReadResult {
	columns: (string | null)[];
	rows: { row: number; values: SsdRow; problems: SsdProblem[] }[];
	/** Every problem, the rows' included, in the order found. */
	problems: SsdProblem[];
}

/** The whole of a small file at once, for tests and small uploads. */
export async function readSsdCsvText(content: Uint8Array | string, options: ReadOptions): Promise<ReadResult> {
	const result: ReadResult = { columns: [], rows: [], problems: [] };
	async function* once() {
		yield content;
	}
	for await (const event of readSsdCsv(once(), options)) {
		if (event.type === "header") result.columns = event.columns;
		else if (event.type === "problem") result.problems.push(event.problem);
		else {
			result.rows.push({ row: event.row, values: event.values, problems: event.problems });
			result.problems.push(...event.problems);
		}
	}
	return result;
}
