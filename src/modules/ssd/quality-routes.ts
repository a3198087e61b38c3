/**
 * The data-quality pages (ADR 35): counts per check and table for one source or all, each
 * count opening its rows a page at a time, and each check as CSV. Analysts only, as the
 * rows quote every child's history.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isQualityCheck, QUALITY_CHECKS } from "../../domain/ssd/quality-rules.ts";
import { ssdTable } from "../../domain/ssd/spec.ts";
import { type QualityRow, ROWS_PER_PAGE } from "./quality.ts";
import { qualityCsv } from "./quality-csv.ts";

type Query = { check?: string; source?: string; table?: string; page?: string };

const count = (n: number) => n.toLocaleString("en-GB");

/** A link's query string, keeping the filter; empty values are left out. */
const queryOf = (values: Record<string, string | number | undefined>) => {
	const params = new URLSearchParams();
	for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== "") params.set(k, String(v));
	const text = params.toString();
	return text ? `?${text}` : "";
};

/** The source asked for, or undefined for all; one no source could be named (over 100 characters) is none. */
const sourceOf = (query: Query) => {
	const source = typeof query.source === "string" ? query.source.trim() : "";
	return source === "" ? undefined : source.slice(0, 100);
};

/** Page links around the current one, the first and the last, with an ellipsis for each gap. */
function pageItems(current: number, pages: number, link: (page: number) => string) {
	const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
	let last = 0;
	for (let page = 1; page <= pages; page++) {
		if (page !== 1 && page !== pages && Math.abs(page - current) > 1) continue;
		if (page > last + 1) items.push({ ellipsis: true });
		items.push({ number: page, href: link(page), current: page === current });
		last = page;
	}
	return items;
}

// Each row shown names the SSD record it is (table, source, key) in the view log.
const shownOf = (rows: readonly QualityRow[]) =>
	rows.map((r) => ({ id: `${r.table}/${r.source}/${r.key}`, personId: null, kind: "ssd-row" }));

export function registerQuality(app: FastifyInstance) {
	const quality = () => app.services.ssdQuality;

	app.get("/ssd/quality", async (request: FastifyRequest<{ Querystring: Query }>, reply) => {
		const source = sourceOf(request.query);
		const [counts, sources] = await Promise.all([quality().counts(source), quality().sources()]);
		const checks = QUALITY_CHECKS.map(({ check, title, meaning }) => {
			const tables = counts.filter((c) => c.check === check);
			const total = tables.reduce((sum, c) => sum + c.count, 0);
			return {
				check,
				title,
				meaning,
				total: count(total),
				found: total > 0,
				csv: `/ssd/quality/rows.csv${queryOf({ check, source })}`,
				tables: tables.map((c) => ({
					table: c.table,
					count: count(c.count),
					href: `/ssd/quality/rows${queryOf({ check, source, table: c.table })}`,
				})),
			};
		});
		return reply.page("modules/ssd/views/quality.njk", {
			title: "Data quality",
			source,
			sourceItems: [
				{ value: "", text: "All sources", selected: source === undefined },
				...sources.map((s) => ({ value: s, text: s, selected: s === source })),
			],
			checks,
			clean: counts.length === 0,
		});
	});

	app.get("/ssd/quality/rows", async (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
		const check = request.query.check ?? "";
		if (!isQualityCheck(check)) return reply.callNotFound();
		const source = sourceOf(request.query);
		const table = request.query.table && ssdTable(request.query.table) ? request.query.table : undefined;
		const asked = Number.parseInt(request.query.page ?? "1", 10);
		const result = await quality().rows({ check, source, table, page: Number.isFinite(asked) ? asked : 1 });
		request.shown(shownOf(result.rows));
		const first = (result.page - 1) * ROWS_PER_PAGE + 1;
		const link = (page: number) => `/ssd/quality/rows${queryOf({ check, source, table, page })}`;
		return reply.page("modules/ssd/views/quality-rows.njk", {
			title: QUALITY_CHECKS.find((c) => c.check === check)!.title,
			check,
			source,
			table,
			rows: result.rows,
			showing:
				result.total === 0
					? null
					: `Showing ${count(first)}–${count(first + result.rows.length - 1)} of ${count(result.total)}`,
			pagination:
				result.pages > 1
					? {
							previous: result.page > 1 ? { href: link(result.page - 1) } : undefined,
							next: result.page < result.pages ? { href: link(result.page + 1) } : undefined,
							items: pageItems(result.page, result.pages, link),
						}
					: null,
			back: `/ssd/quality${queryOf({ source })}`,
			csv: `/ssd/quality/rows.csv${queryOf({ check, source })}`,
		});
	});

	app.get("/ssd/quality/rows.csv", async (request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
		const check = request.query.check ?? "";
		if (!isQualityCheck(check)) return reply.callNotFound();
		const source = sourceOf(request.query);
		// One view row for the download, naming the check and source: the file may hold any number of rows.
		request.shown([{ id: `${check}/${source ?? "all sources"}`, personId: null }]);
		const name = `ssd-quality-${check}-${(source ?? "all").replace(/[^\w-]+/g, "_")}.csv`;
		return reply
			.type("text/csv; charset=utf-8")
			.header("content-disposition", `attachment; filename="${name}"`)
			.send(qualityCsv(quality().allRows(check, source)));
	});
}
