import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type FieldKind, SSD_SPEC } from "../src/domain/ssd/spec.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";

// The SSD spec is held twice: as data (src/domain/ssd/spec-1.4.5.json), which the CSV
// reader follows, and as tables (migrations/0042_ssd_tables.sql), which the importer fills.
// This holds them together, column by column, so neither can change alone (ADR 32).

/** The PostgreSQL type each kind of column is stored as (information_schema's names). */
const STORED_AS: Record<FieldKind, string> = {
	text: "character varying",
	code: "character varying",
	date: "date",
	flag: "character",
	integer: "integer",
	decimal: "double precision",
	json: "text",
};

interface Column {
	table_name: string;
	column_name: string;
	data_type: string;
	character_maximum_length: number | null;
	is_nullable: "YES" | "NO";
}

describe("the SSD tables match the pinned spec", () => {
	let t: TestDatabase;
	let columns: Map<string, Column>;
	before(async () => {
		t = await createTestDatabase();
		const rows = await t.db.withOwner((o) =>
			o.query<Column>(
				`SELECT table_name, column_name, data_type, character_maximum_length, is_nullable
				   FROM information_schema.columns
				  WHERE table_schema = 'public' AND table_name LIKE 'ssd\\_%'`,
			),
		);
		columns = new Map(rows.map((c) => [`${c.table_name}.${c.column_name}`, c]));
	});
	after(async () => t.close());

	test("the spec names the 31 tables issue 17 asks for", () => {
		assert.equal(SSD_SPEC.tables.length, 31);
		assert.equal(SSD_SPEC.version, "1.4.5");
		assert.equal(SSD_SPEC.commit, "4987c73f5369395fa873397277fb8a66e9aa5243");
	});

	test("every spec column exists with the type, length and nullability its kind means", () => {
		const problems: string[] = [];
		for (const table of SSD_SPEC.tables) {
			for (const field of table.fields) {
				const column = columns.get(`${table.name}.${field.name}`);
				if (!column) {
					problems.push(`${table.name}.${field.name} is missing`);
					continue;
				}
				const type = field.kind === "text" && field.maxLength === undefined ? "text" : STORED_AS[field.kind];
				if (column.data_type !== type) problems.push(`${table.name}.${field.name} is ${column.data_type}, not ${type}`);
				const length = field.kind === "flag" ? 1 : (field.maxLength ?? null);
				if (column.character_maximum_length !== length) {
					problems.push(`${table.name}.${field.name} holds ${column.character_maximum_length}, not ${length}`);
				}
				if ((column.is_nullable === "NO") !== Boolean(field.required)) {
					problems.push(`${table.name}.${field.name} nullable=${column.is_nullable}, required=${field.required}`);
				}
			}
		}
		assert.deepEqual(problems, []);
	});

	test("the tables hold no column the spec does not name, except the source of each row", () => {
		const known = new Set(SSD_SPEC.tables.flatMap((t) => t.fields.map((f) => `${t.name}.${f.name}`)));
		const tables = new Set(SSD_SPEC.tables.map((t) => t.name));
		const extra = [...columns.keys()].filter((k) => !known.has(k) && !k.endsWith(".ssd_source"));
		assert.deepEqual(extra, []);
		const withSource = [...columns.keys()].filter((k) => k.endsWith(".ssd_source")).map((k) => k.split(".")[0]);
		assert.deepEqual(withSource.sort(), [...tables].sort());
	});

	test("each table's key is its source and the spec's primary key, and nothing is a hard foreign key", async () => {
		const keys = await t.db.withOwner((o) =>
			o.query<{ table_name: string; type: string; columns: string[] }>(
				`SELECT c.conrelid::regclass::text AS table_name, c.contype::text AS type,
				        array_agg(a.attname::text ORDER BY k.i) AS columns
				   FROM pg_constraint c
				   CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, i)
				   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
				  WHERE c.conrelid::regclass::text LIKE 'ssd\\_%' AND c.contype IN ('p', 'f')
				  GROUP BY 1, 2`,
			),
		);
		assert.deepEqual(
			keys.filter((k) => k.type === "f"),
			[],
		);
		const primary = new Map(keys.filter((k) => k.type === "p").map((k) => [k.table_name, k.columns]));
		for (const table of SSD_SPEC.tables) {
			assert.deepEqual(primary.get(table.name), ["ssd_source", table.primaryKey], table.name);
		}
	});

	test("the columns a journey follows are indexed", async () => {
		const indexed = await t.db.withOwner((o) =>
			o.query<{ indexdef: string }>(
				`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename LIKE 'ssd\\_%'`,
			),
		);
		const defs = indexed.map((i) => i.indexdef);
		// Written out by hand: a child's history is read by person, then referral, period of care and plan.
		for (const [table, column] of [
			["ssd_cin_episodes", "cine_person_id"],
			["ssd_cin_assessments", "cina_referral_id"],
			["ssd_s47_enquiry", "s47e_referral_id"],
			["ssd_cp_plans", "cppl_person_id"],
			["ssd_cp_reviews", "cppr_cp_plan_id"],
			["ssd_cla_episodes", "clae_person_id"],
			["ssd_cla_placement", "clap_cla_id"],
			["ssd_cla_reviews", "clar_cla_id"],
			["ssd_family", "fami_family_id"],
			["ssd_involvements", "invo_person_id"],
		]) {
			assert.ok(
				defs.some((d) => d.includes(`ON public.${table} USING btree (${column})`)),
				`${table}.${column} has an index`,
			);
		}
	});

	test("the application may read, load and replace SSD rows", async () => {
		const grants = await t.db.withOwner((o) =>
			o.query<{ table_name: string; privilege_type: string }>(
				`SELECT table_name, privilege_type FROM information_schema.role_table_grants
				  WHERE grantee = 'threshold_app' AND table_name LIKE 'ssd\\_%'`,
			),
		);
		for (const table of SSD_SPEC.tables) {
			const granted = grants
				.filter((g) => g.table_name === table.name)
				.map((g) => g.privilege_type)
				.sort();
			assert.deepEqual(granted, ["DELETE", "INSERT", "SELECT"], table.name);
		}
	});
});
