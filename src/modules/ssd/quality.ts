/**
 * The data-quality checks over the stored SSD tables (issue 17, item 6; ADR 35): each check
 * is one readable query, built from the spec and from the explicit tables in
 * src/domain/ssd/quality-rules.ts, giving rows an analyst can act on. Counts come first
 * (per check and table); rows are read a page at a time, never all at once.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../db/schema.ts";
import {
	CHILD_EVENTS,
	CHILD_IDENTIFIERS,
	DATE_PAIRS,
	mandatoryColumns,
	parentLinks,
	personColumnOf,
	QUALITY_CHECKS,
	type QualityCheck,
} from "../../domain/ssd/quality-rules.ts";
import { SSD_SPEC, type SsdTable, ssdTable } from "../../domain/ssd/spec.ts";

export interface QualityRow {
	check: QualityCheck;
	table: string;
	source: string;
	/** The row's spec key. */
	key: string;
	/** The child the row is about, where it names one. */
	personId: string | null;
	column: string;
	value: string | null;
	message: string;
}

export interface QualityCount {
	check: QualityCheck;
	table: string;
	count: number;
}

/** Rows on a page of the list, and per query when a check is written out as CSV. */
export const ROWS_PER_PAGE = 100;

type Query = RawBuilder<QualityRow>;

const tableOf = (name: string): SsdTable => {
	const table = ssdTable(name);
	if (!table) throw new Error(`The data-quality rules name ${name}, which the spec does not hold`);
	return table;
};

// A source filter on the row's own ssd_source, so the primary key's leading column serves it.
const ofSource = (alias: string, source: string | undefined) =>
	source === undefined ? sql`TRUE` : sql`${sql.ref(`${alias}.ssd_source`)} = ${source}`;

const day = (ref: string) => sql`to_char(${sql.ref(ref)}, 'YYYY-MM-DD')`;

const personOf = (table: SsdTable, alias: string) => {
	const column = personColumnOf(table);
	return column ? sql`${sql.ref(`${alias}.${column}`)}::text` : sql`NULL::text`;
};

/** All of a check's per-table parts as one query; a check with no parts is an empty one. */
const unionOf = (parts: Query[]): Query =>
	parts.length > 0
		? sql<QualityRow>`${sql.join(parts, sql` UNION ALL `)}`
		: sql<QualityRow>`SELECT NULL::text AS "check", NULL::text AS "table", NULL::text AS source, NULL::text AS key,
			NULL::text AS "personId", NULL::text AS "column", NULL::text AS value, NULL::text AS message WHERE FALSE`;

/** The spec's required columns (other than the key) left empty or blank. */
export function missingMandatory(source?: string): Query {
	return unionOf(
		mandatoryColumns(SSD_SPEC).map(({ table: name, column }) => {
			const table = tableOf(name);
			return sql<QualityRow>`SELECT 'missing'::text AS "check", ${name}::text AS "table", r.ssd_source::text AS source,
				${sql.ref(`r.${table.primaryKey}`)}::text AS key, ${personOf(table, "r")} AS "personId",
				${column}::text AS "column", ${sql.ref(`r.${column}`)}::text AS value,
				${`${column} is empty: the SSD requires it, so correct it in the case system and extract again`}::text AS message
			FROM ${sql.table(name)} r
			WHERE ${ofSource("r", source)}
			  AND (${sql.ref(`r.${column}`)} IS NULL OR btrim(${sql.ref(`r.${column}`)}::text) = '')`;
		}),
	);
}

/** A row whose end date is earlier than its start date (DATE_PAIRS). */
export function endBeforeStart(source?: string): Query {
	return unionOf(
		DATE_PAIRS.map(({ table: name, start, end, what }) => {
			const table = tableOf(name);
			return sql<QualityRow>`SELECT 'end-before-start'::text AS "check", ${name}::text AS "table", r.ssd_source::text AS source,
				${sql.ref(`r.${table.primaryKey}`)}::text AS key, ${personOf(table, "r")} AS "personId",
				${end}::text AS "column", ${day(`r.${end}`)} AS value,
				${`${end} `}::text || ${day(`r.${end}`)} || ${` is before ${start} `}::text || ${day(`r.${start}`)}
					|| ${`: one of the dates of ${what} is wrong`}::text AS message
			FROM ${sql.table(name)} r
			WHERE ${ofSource("r", source)} AND ${sql.ref(`r.${end}`)} < ${sql.ref(`r.${start}`)}`;
		}),
	);
}

/** An event of a child's (CHILD_EVENTS) dated before the child's date of birth. */
export function bornAfterEvent(source?: string): Query {
	return unionOf(
		CHILD_EVENTS.map(({ table: name, date, what }) => {
			const table = tableOf(name);
			const person = personColumnOf(table);
			if (!person) throw new Error(`${name} names no child, so its ${what} cannot be set against a birth`);
			return sql<QualityRow>`SELECT 'born-after'::text AS "check", ${name}::text AS "table", r.ssd_source::text AS source,
				${sql.ref(`r.${table.primaryKey}`)}::text AS key, ${sql.ref(`r.${person}`)}::text AS "personId",
				${date}::text AS "column", ${day(`r.${date}`)} AS value,
				${"The child's date of birth ("}::text || ${day("p.pers_dob")} || ${`) is after the ${what} (`}::text
					|| ${day(`r.${date}`)} || ${"); if the child was unborn then, the date of birth or this date is wrong"}::text AS message
			FROM ${sql.table(name)} r
			JOIN ssd_person p ON p.ssd_source = r.ssd_source AND p.pers_person_id = ${sql.ref(`r.${person}`)}
			WHERE ${ofSource("r", source)} AND p.pers_dob > ${sql.ref(`r.${date}`)}`;
		}),
	);
}

/**
 * Two CIN episodes of one child open on a common day, or both without a close date. One
 * closed on the day the next is referred does not overlap it. Each pair is listed once,
 * on the referral whose id sorts first, naming the other.
 */
export function cinOverlaps(source?: string): Query {
	return sql<QualityRow>`SELECT 'cin-overlap'::text AS "check", 'ssd_cin_episodes'::text AS "table", a.ssd_source::text AS source,
		a.cine_referral_id::text AS key, a.cine_person_id::text AS "personId",
		'cine_close_date'::text AS "column", to_char(a.cine_close_date, 'YYYY-MM-DD') AS value,
		CASE WHEN a.cine_close_date IS NULL AND b.cine_close_date IS NULL
			THEN 'Open at the same time as referral ' || b.cine_referral_id
				|| ' of the same child: neither has a close date, so one of them should be closed'
			ELSE 'Overlaps referral ' || b.cine_referral_id || ' of the same child ('
				|| coalesce(to_char(b.cine_referral_date, 'YYYY-MM-DD'), 'no referral date') || ' to '
				|| coalesce(to_char(b.cine_close_date, 'YYYY-MM-DD'), 'still open')
				|| '): a child has one CIN episode at a time'
		END AS message
	FROM ssd_cin_episodes a
	JOIN ssd_cin_episodes b
	  ON b.ssd_source = a.ssd_source AND b.cine_person_id = a.cine_person_id AND a.cine_referral_id < b.cine_referral_id
	WHERE ${ofSource("a", source)}
	  AND (
		(a.cine_close_date IS NULL AND b.cine_close_date IS NULL)
		OR (a.cine_referral_date < coalesce(b.cine_close_date, 'infinity'::date)
			AND b.cine_referral_date < coalesce(a.cine_close_date, 'infinity'::date))
	  )`;
}

/** A row pointing at a person, referral, period of care or plan the source does not hold. */
export function orphans(source?: string): Query {
	return unionOf(
		parentLinks(SSD_SPEC).map(({ table: name, column, parentTable, parentColumn }) => {
			const table = tableOf(name);
			return sql<QualityRow>`SELECT 'orphan'::text AS "check", ${name}::text AS "table", r.ssd_source::text AS source,
				${sql.ref(`r.${table.primaryKey}`)}::text AS key, ${personOf(table, "r")} AS "personId",
				${column}::text AS "column", ${sql.ref(`r.${column}`)}::text AS value,
				${`${column} `}::text || ${sql.ref(`r.${column}`)} || ${` is not in ${parentTable} for this source: load the missing row, or this row with the right ${column}`}::text AS message
			FROM ${sql.table(name)} r
			WHERE ${ofSource("r", source)} AND ${sql.ref(`r.${column}`)} IS NOT NULL
			  AND NOT EXISTS (SELECT 1 FROM ${sql.table(parentTable)} p
				WHERE p.ssd_source = r.ssd_source AND ${sql.ref(`p.${parentColumn}`)} = ${sql.ref(`r.${column}`)})`;
		}),
	);
}

/** Two person ids in one source sharing an identifier of one child (CHILD_IDENTIFIERS); each pair once. */
export function sameChild(source?: string): Query {
	return unionOf(
		CHILD_IDENTIFIERS.map(({ column, what }) => {
			const col = (alias: string) => sql.ref(`${alias}.${column}`);
			return sql<QualityRow>`SELECT 'same-child'::text AS "check", 'ssd_person'::text AS "table", a.ssd_source::text AS source,
				a.pers_person_id::text AS key, a.pers_person_id::text AS "personId",
				${column}::text AS "column", ${col("a")}::text AS value,
				${`${what} `}::text || ${col("a")} || ' is also held by person ' || b.pers_person_id
					|| ': one child under two ids, or a mistyped identifier' AS message
			FROM ssd_person a
			JOIN ssd_person b ON b.ssd_source = a.ssd_source AND ${col("b")} = ${col("a")} AND a.pers_person_id < b.pers_person_id
			WHERE ${ofSource("a", source)} AND btrim(${col("a")}) <> ''`;
		}),
	);
}

export const CHECK_QUERIES: Record<QualityCheck, (source?: string) => Query> = {
	missing: missingMandatory,
	"end-before-start": endBeforeStart,
	"born-after": bornAfterEvent,
	"cin-overlap": cinOverlaps,
	orphan: orphans,
	"same-child": sameChild,
};

export interface RowsRequest {
	check: QualityCheck;
	source?: string;
	table?: string;
	/** From 1. */
	page?: number;
	rowsPerPage?: number;
}

export class SsdQuality {
	constructor(private readonly db: Kysely<DB>) {}

	/** Rows found per check and table, for one source or all; the rows themselves are not fetched. */
	async counts(source?: string): Promise<QualityCount[]> {
		const all = QUALITY_CHECKS.map(({ check }) => CHECK_QUERIES[check](source));
		const { rows } = await sql<QualityCount>`SELECT q."check", q."table", count(*)::int AS count
			FROM (${sql.join(all, sql` UNION ALL `)}) q
			GROUP BY q."check", q."table"`.execute(this.db);
		const order = (c: QualityCount) => QUALITY_CHECKS.findIndex((k) => k.check === c.check);
		return rows.sort((a, b) => order(a) - order(b) || a.table.localeCompare(b.table));
	}

	/** One page of a check's rows, with how many there are in all. */
	async rows(request: RowsRequest): Promise<{ rows: QualityRow[]; total: number; page: number; pages: number }> {
		const perPage = request.rowsPerPage ?? ROWS_PER_PAGE;
		const query = CHECK_QUERIES[request.check](request.source);
		const ofTable = request.table === undefined ? sql`TRUE` : sql`q."table" = ${request.table}`;
		const { rows: counted } = await sql<{
			n: number;
		}>`SELECT count(*)::int AS n FROM (${query}) q WHERE ${ofTable}`.execute(this.db);
		const total = counted[0].n;
		const pages = Math.max(1, Math.ceil(total / perPage));
		const page = Math.min(Math.max(1, request.page ?? 1), pages);
		const { rows } = await sql<QualityRow>`SELECT * FROM (${query}) q WHERE ${ofTable}
			ORDER BY q."table", q.source, q.key, q."column", q.message
			LIMIT ${perPage} OFFSET ${(page - 1) * perPage}`.execute(this.db);
		return { rows, total, page, pages };
	}

	/** The sources whose extracts were loaded, for the filter. */
	async sources(): Promise<string[]> {
		const { rows } = await sql<{ source: string }>`SELECT DISTINCT ssd_source AS source FROM extract_import
			WHERE outcome = 'loaded' ORDER BY ssd_source`.execute(this.db);
		return rows.map((r) => r.source);
	}

	/** Every row of a check, a page at a time, for the CSV: memory stays flat whatever the count. */
	async *allRows(check: QualityCheck, source?: string, rowsPerQuery = 1000): AsyncGenerator<QualityRow> {
		for (let page = 1; ; page++) {
			const { rows, pages } = await this.rows({ check, source, page, rowsPerPage: rowsPerQuery });
			yield* rows;
			if (page >= pages) return;
		}
	}
}
