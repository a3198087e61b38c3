// Exporting what a small synthetic SSD extract (test/support/ssd-extract.ts) loaded, on
// the test database of either engine: each table must come back as the file that went in,
// column for column, in the layout's normal form, which this test writes out by hand.
import assert from "node:assert/strict";
import { text } from "node:stream/consumers";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import { createTestDatabase, type TestDatabase } from "../../../test/support/db.ts";
import { EXTRACT, extract, TABLES } from "../../../test/support/ssd-extract.ts";
import { AccessLog } from "../../platform/access-log.ts";
import { analystByEmail, type SsdActor, SsdExportService, SsdImportService } from "./index.ts";

describe("SSD export", () => {
	let t: TestDatabase;
	let exporter: SsdExportService;
	let analyst: SsdActor;
	const now = () => new Date();

	before(async () => {
		t = await createTestDatabase();
		const log = new AccessLog(t.db.kysely);
		// Two rows a page, so the three children page through twice.
		exporter = new SsdExportService(t.db.kysely, log, { rowsPerPage: 2 });
		analyst = await analystByEmail(t.db.kysely, "analyst@demo.example", now());
		const loaded = await new SsdImportService(t.db.kysely, log, now).run(
			{ source: "liquidlogic", files: extract() },
			analyst,
		);
		assert.equal(loaded.outcome, "loaded");
	});
	after(async () => t.close());

	test("each table exports as it was imported, column for column, with the formula cell escaped", async () => {
		// The layout's normal form of a cell, by hand: NULL is empty, dates are YYYY-MM-DD, flags upper case.
		const normal = (cell: string) => {
			if (cell.toUpperCase() === "NULL") return "";
			const sqlServer = /^(\d{4}-\d{2}-\d{2}) 00:00:00\.000$/.exec(cell);
			if (sqlServer) return sqlServer[1];
			const uk = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(cell);
			if (uk) return `${uk[3]}-${uk[2]}-${uk[1]}`;
			return cell === "n" || cell === "y" ? cell.toUpperCase() : cell;
		};
		for (const table of TABLES) {
			const file = parse(EXTRACT[`${table}.csv`]) as string[][];
			const exported = await exporter.open({ table, source: "liquidlogic" }, analyst);
			const csv = await text(exported.csv);
			assert.ok(csv.endsWith("\r\n"), `${table} lines end in CRLF`);
			const out = parse(csv) as string[][];
			const expected = [file[0], ...file.slice(1).map((row) => row.map(normal))];
			if (table === "ssd_person") expected[2][1] = `'=cmd|' /C calc'!A0`;
			assert.deepEqual(out, expected, table);
		}
	});

	test("every export is logged with its table, source, rows and children", async () => {
		const before = await t.db.kysely
			.selectFrom("access_log")
			.select((eb) => eb.fn.countAll<number>().as("n"))
			.where("action", "=", "export")
			.executeTakeFirstOrThrow();
		const exported = await exporter.open({ table: "ssd_cla_episodes", source: "liquidlogic" }, analyst, "req-2");
		await text(exported.csv);
		const workers = await exporter.open({ table: "ssd_professionals", source: "liquidlogic" }, analyst);
		await text(workers.csv);
		const rows = await t.db.kysely
			.selectFrom("access_log")
			.select(["user_id", "record_type", "record_id", "request_id", "detail"])
			.where("action", "=", "export")
			.orderBy("id")
			.execute();
		assert.equal(rows.length, Number(before.n) + 2);
		const [episodes, professionals] = rows.slice(-2);
		assert.equal(episodes.user_id, analyst.id);
		assert.equal(episodes.record_type, "ssd-table");
		assert.equal(episodes.record_id, "ssd_cla_episodes");
		assert.equal(episodes.request_id, "req-2");
		// Two episodes, both Amir Khan's.
		assert.deepEqual(episodes.detail, {
			table: "ssd_cla_episodes",
			source: "liquidlogic",
			rows: 2,
			children: 1,
			before: null,
			after: null,
		});
		// Workers are no child's record.
		assert.deepEqual(professionals.detail, {
			table: "ssd_professionals",
			source: "liquidlogic",
			rows: 2,
			children: 0,
			before: null,
			after: null,
		});
	});

	test("only analysts export, and only tables that exist", async () => {
		const officer: SsdActor = { id: analyst.id, roles: ["contact-officer", "administrator"] };
		await assert.rejects(exporter.open({ table: "ssd_person", source: "liquidlogic" }, officer), /Only an analyst/);
		await assert.rejects(
			exporter.open({ table: "ssd_people", source: "liquidlogic" }, analyst),
			/There is no SSD table called 'ssd_people'; the tables are ssd_person, ssd_family/,
		);
	});
});
