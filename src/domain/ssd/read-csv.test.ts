import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import type { SsdProblem } from "./problems.ts";
import { readSsdCsv, readSsdCsvText, type SsdRow } from "./read-csv.ts";
import { SSD_SPEC, ssdTable } from "./spec.ts";

// Each dirty case issue 17 lists that belongs to reading a file, with the rows and problems
// an analyst should get, written out by hand.

const read = (table: string, content: string | Uint8Array, file = `${table}.csv`) =>
	readSsdCsvText(content, { spec: SSD_SPEC, table: ssdTable(table)!, file });

/** The chosen columns of each row read, so a case names only what it is about. */
const pick = (rows: { row: number; values: SsdRow }[], columns: string[]) =>
	rows.map((r) => [r.row, ...columns.map((c) => r.values[c])]);

const problem = (
	file: string,
	row: number | null,
	column: string | null,
	reason: string,
	severity: SsdProblem["severity"] = "error",
): SsdProblem => ({ file, row, column, severity, reason });

const utf16be = (text: string) => {
	const le = Buffer.from(text, "utf16le");
	for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
	return new Uint8Array([0xfe, 0xff, ...le]);
};

const EPISODES = "cine_referral_id,cine_person_id,cine_referral_date,cine_close_reason,cine_referral_nfa";
const F = "ssd_cin_episodes.csv";

interface Case {
	name: string;
	table?: string;
	content: string | Uint8Array;
	columns: string[];
	rows: unknown[][];
	problems: SsdProblem[];
}

const cases: Case[] = [
	{
		name: "UTF-8 with a byte order mark and Windows line endings",
		content: new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(`${EPISODES}\r\nR1,P1,2024-12-10,RC1,N\r\n`)]),
		columns: ["cine_referral_id", "cine_person_id", "cine_referral_date"],
		rows: [[2, "R1", "P1", "2024-12-10"]],
		problems: [],
	},
	{
		name: "UTF-16 little-endian with its mark (Excel's Unicode text)",
		content: new Uint8Array([0xff, 0xfe, ...Buffer.from(`${EPISODES}\r\nR1,P1,10/12/2024,,\r\n`, "utf16le")]),
		columns: ["cine_referral_id", "cine_referral_date"],
		rows: [[2, "R1", "2024-12-10"]],
		problems: [],
	},
	{
		name: "UTF-16 big-endian with its mark",
		content: utf16be(`${EPISODES}\nR1,P1,2024-12-10 00:00:00.000,,\n`),
		columns: ["cine_referral_id", "cine_referral_date"],
		rows: [[2, "R1", "2024-12-10"]],
		problems: [],
	},
	{
		name: "a header of item refs and odd case, columns in any order, optional ones missing",
		content: "Cine_Person_ID,CINE001A,cine003a\nP1,R1,2024-12-10T00:00:00\n",
		columns: ["cine_referral_id", "cine_person_id", "cine_referral_date", "cine_close_date"],
		rows: [[2, "R1", "P1", "2024-12-10", null]],
		problems: [],
	},
	{
		name: "NULL in any case, and empty cells, are empty",
		content: `${EPISODES}\nR1,P1,NULL,null,\nR2,P2, Null ,,NULL\n`,
		columns: ["cine_referral_id", "cine_referral_date", "cine_close_reason", "cine_referral_nfa"],
		rows: [
			[2, "R1", null, null, null],
			[3, "R2", null, null, null],
		],
		problems: [],
	},
	{
		name: "codes and flags in the wrong case are written in the spec's",
		content: `${EPISODES}\nR1,P1,2024-12-10,rc8,y\nR2,P2,2024-12-11,Rc99,n\n`,
		columns: ["cine_referral_id", "cine_close_reason", "cine_referral_nfa"],
		rows: [
			[2, "R1", "RC8", "Y"],
			[3, "R2", "Rc99", "N"],
		],
		problems: [],
	},
	{
		name: "dates that are not real, or not in a form we read, named with their value",
		content: `${EPISODES}\nR1,P1,31/02/2024,,\nR2,P2,2024-13-01,,\nR3,P3,12/10/24,,Yes\n`,
		columns: ["cine_referral_id", "cine_referral_date"],
		rows: [
			[2, "R1", null],
			[3, "R2", null],
			[4, "R3", null],
		],
		problems: [
			problem(F, 2, "cine_referral_date", "Date '31/02/2024' is not a real date"),
			problem(F, 3, "cine_referral_date", "Date '2024-13-01' is not a real date"),
			problem(F, 4, "cine_referral_date", "'12/10/24' is not a date we can read: write it as 2024-12-10 or 10/12/2024"),
			problem(F, 4, "cine_referral_nfa", "'Yes' is not Y or N"),
		],
	},
	{
		name: "quoted values holding commas, quotes and line breaks (rows count records, not lines)",
		table: "ssd_early_help_episodes",
		content:
			'earl_episode_id,earl_person_id,earl_episode_reason\r\nE1,P1,"Neglect, home conditions"\r\nE2,P2,"Said ""no""\r\nthen left"\r\nE3,P3,Plain\r\n',
		columns: ["earl_episode_id", "earl_episode_reason"],
		rows: [
			[2, "E1", "Neglect, home conditions"],
			[3, "E2", 'Said "no"\r\nthen left'],
			[4, "E3", "Plain"],
		],
		problems: [],
	},
	{
		name: "the same key twice is an error on both rows, and a third use names the first",
		content: `${EPISODES}\nR1,P1,,,\nR2,P2,,,\nR1,P3,,,\nR1,P4,,,\n`,
		columns: ["cine_referral_id", "cine_person_id"],
		rows: [
			[2, "R1", "P1"],
			[3, "R2", "P2"],
			[4, "R1", "P3"],
			[5, "R1", "P4"],
		],
		problems: [
			problem(F, 2, "cine_referral_id", "cine_referral_id 'R1' is used again by row 4"),
			problem(F, 4, "cine_referral_id", "cine_referral_id 'R1' is already used by row 2"),
			problem(F, 5, "cine_referral_id", "cine_referral_id 'R1' is already used by row 2"),
		],
	},
	{
		name: "unknown columns are reported once and ignored",
		content: "cine_referral_id,cine_person_id,pers_surname,Notes,\nR1,P1,Smith,hello,x\n",
		columns: ["cine_referral_id", "cine_person_id"],
		rows: [[2, "R1", "P1"]],
		problems: [
			problem(
				F,
				1,
				"pers_surname",
				"Column 'pers_surname' is not a ssd_cin_episodes column in SSD 1.4.5, so it is ignored",
				"warning",
			),
			problem(
				F,
				1,
				"Notes",
				"Column 'Notes' is not a ssd_cin_episodes column in SSD 1.4.5, so it is ignored",
				"warning",
			),
			problem(F, 1, "column 5", "Column 5 has no name, so it is ignored", "warning"),
		],
	},
	{
		name: "a required column missing stops the file at its header",
		content: "cine_referral_id,cine_referral_date\nR1,2024-12-10\n",
		columns: [],
		rows: [],
		problems: [
			problem(
				F,
				1,
				"cine_person_id",
				"The file has no cine_person_id column (item ref CINE002A), which every ssd_cin_episodes row needs",
			),
		],
	},
	{
		name: "one column named twice, by name and by item ref",
		content: "cine_referral_id,cine_person_id,CINE001A\nR1,P1,R1\n",
		columns: [],
		rows: [],
		problems: [
			problem(
				F,
				1,
				"CINE001A",
				"Columns 1 ('cine_referral_id') and 3 ('CINE001A') are both cine_referral_id: keep one",
			),
		],
	},
	{
		name: "a required value left empty",
		content: `${EPISODES}\nR1,,2024-12-10,,\n,P2,2024-12-10,,\n`,
		columns: ["cine_referral_id", "cine_person_id"],
		rows: [
			[2, "R1", null],
			[3, null, "P2"],
		],
		problems: [
			problem(F, 2, "cine_person_id", "cine_person_id is empty; every ssd_cin_episodes row needs one"),
			problem(F, 3, "cine_referral_id", "cine_referral_id is empty; every ssd_cin_episodes row needs one"),
		],
	},
	{
		name: "the file of another table",
		content: "cinp_cin_plan_id,cinp_person_id,cinp_cin_plan_start_date\nC1,P1,2024-12-10\n",
		columns: [],
		rows: [],
		problems: [
			problem(
				F,
				1,
				null,
				"The columns are those of ssd_cin_plans, not ssd_cin_episodes: this looks like the wrong file, or the file is misnamed",
			),
		],
	},
	{
		name: "a file of no SSD table (here, data without a header)",
		content: "R1,P1,2024-12-10\nR2,P2,2024-12-11\n",
		columns: [],
		rows: [],
		problems: [
			problem(
				F,
				1,
				null,
				"None of the columns is an SSD column, so this is not a ssd_cin_episodes file; the first row must name the columns (it begins: R1, P1, 2024-12-10)",
			),
		],
	},
	{
		name: "a file separated by semicolons",
		content: "cine_referral_id;cine_person_id\nR1;P1\n",
		columns: [],
		rows: [],
		problems: [
			problem(
				F,
				1,
				null,
				"The header is one long column: the file seems to be separated by semicolons, tabs or bars, not commas. Save it as CSV (comma delimited).",
			),
		],
	},
	{
		name: "a file cut short inside a quoted value",
		content: `${EPISODES}\nR1,P1,2024-12-10,,\nR2,P2,"2024-12`,
		columns: ["cine_referral_id"],
		rows: [[2, "R1"]],
		problems: [
			problem(
				F,
				3,
				null,
				"A quoted value that starts on row 3 is never closed: the file may have been cut short, or a quote is missing",
			),
		],
	},
	{
		name: "a file cut short in its last row",
		content: `${EPISODES}\nR1,P1,2024-12-10,,\nR2,P2,2024-12-1`,
		columns: ["cine_referral_id", "cine_referral_date"],
		rows: [
			[2, "R1", "2024-12-10"],
			[3, "R2", null],
		],
		problems: [
			problem(
				F,
				3,
				"cine_referral_date",
				"'2024-12-1' is not a date we can read: write it as 2024-12-10 or 10/12/2024",
			),
			problem(
				F,
				3,
				null,
				"Row 3 has 3 values but the header has 5 columns, and it is the last row: the file may have been cut short",
			),
		],
	},
	{
		name: "a row with more values than columns",
		content: `${EPISODES}\nR1,P1,2024-12-10,RC1,N,extra\nR2,P2,,,\n`,
		columns: ["cine_referral_id"],
		rows: [
			[2, "R1"],
			[3, "R2"],
		],
		problems: [
			problem(
				F,
				2,
				null,
				"Row 2 has 6 values but the header has 5 columns: a value with a comma in it may need quotes",
			),
		],
	},
	{
		name: "Windows-1252 bytes in a file that claims nothing",
		content: new Uint8Array([...Buffer.from("cine_referral_id,cine_person_id\nR1,"), 0xa3, 0x0a]),
		columns: [],
		rows: [],
		problems: [
			problem(
				F,
				null,
				null,
				'The file is not UTF-8 text: some of its bytes are not characters. Save it again as "CSV UTF-8".',
			),
		],
	},
	{
		name: "an empty file",
		content: "",
		columns: [],
		rows: [],
		problems: [problem(F, null, null, "The file is empty: it has no header row")],
	},
	{
		name: "a header and no rows",
		content: `${EPISODES}\r\n`,
		columns: [],
		rows: [],
		problems: [],
	},
];

describe("reading an SSD CSV file", () => {
	for (const c of cases) {
		it(c.name, async () => {
			const table = c.table ?? "ssd_cin_episodes";
			const result = await read(table, c.content);
			assert.deepEqual(pick(result.rows, c.columns), c.rows);
			// Problems compared as sets: a row's own problems and the file's come in reading order.
			const key = (p: SsdProblem) => JSON.stringify([p.row, p.column, p.severity, p.reason, p.file]);
			assert.deepEqual(result.problems.map(key).sort(), c.problems.map(key).sort());
		});
	}

	it("gives each row every column of its table, absent ones empty, and the header as the spec names it", async () => {
		const result = await read("ssd_cin_episodes", "CINE001A,cine_person_id,junk\nR1,P1,x\n");
		assert.deepEqual(result.columns, ["cine_referral_id", "cine_person_id", null]);
		assert.deepEqual(
			Object.keys(result.rows[0].values).sort(),
			ssdTable("ssd_cin_episodes")!
				.fields.map((f) => f.name)
				.sort(),
		);
	});

	it("hands rows out while the file is still being read", async () => {
		const total = 2000;
		let pulled = 0;
		async function* slowly() {
			yield Buffer.from(`${EPISODES}\n`);
			for (let i = 1; i <= total; i++) {
				pulled += 1;
				yield Buffer.from(`R${i},P${i},2024-12-10,,\n`);
			}
		}
		let firstSeenAt: number | undefined;
		let rows = 0;
		for await (const event of readSsdCsv(slowly(), { spec: SSD_SPEC, table: ssdTable("ssd_cin_episodes")!, file: F })) {
			if (event.type !== "row") continue;
			firstSeenAt ??= pulled;
			rows += 1;
			assert.deepEqual(event.problems, []);
		}
		assert.equal(rows, total);
		assert.ok(firstSeenAt !== undefined && firstSeenAt < 10, `first row seen after ${firstSeenAt} of ${total} pieces`);
	});

	it("reads a Node stream, as a file or an upload gives it", async () => {
		const bytes = Buffer.from(`\uFEFF${EPISODES}\r\nR1,P1,2024-12-10,,\r\nR2,P2,10/12/2024,,\r\n`);
		// Pieces of 7 bytes: the mark, CRLFs and values all fall across piece boundaries.
		const pieces = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
		const rows: unknown[][] = [];
		for await (const e of readSsdCsv(Readable.from(pieces), {
			spec: SSD_SPEC,
			table: ssdTable("ssd_cin_episodes")!,
			file: F,
		})) {
			if (e.type === "row")
				rows.push([e.row, e.values.cine_referral_id, e.values.cine_referral_date, e.problems.length]);
			if (e.type === "problem") assert.fail(e.problem.reason);
		}
		assert.deepEqual(rows, [
			[2, "R1", "2024-12-10", 0],
			[3, "R2", "2024-12-10", 0],
		]);
	});

	it("keeps the rows read before bytes that are not text, then says the file is not text", async () => {
		async function* pieces() {
			yield Buffer.from(`${EPISODES}\nR1,P1,,,\n`);
			yield new Uint8Array([0x52, 0x32, 0x2c, 0xa3, 0x0a]);
		}
		const events = [];
		for await (const e of readSsdCsv(pieces(), { spec: SSD_SPEC, table: ssdTable("ssd_cin_episodes")!, file: F })) {
			events.push(e.type === "row" ? `row ${e.row}` : e.type === "problem" ? `problem: ${e.problem.reason}` : e.type);
		}
		assert.deepEqual(events, [
			"header",
			"row 2",
			'problem: The file is not UTF-8 text: some of its bytes are not characters. Save it again as "CSV UTF-8".',
		]);
	});
});
