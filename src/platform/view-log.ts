import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errorPage } from "./access-control.ts";
import type { AccessLog } from "./access-log.ts";
import type { RecordKind, Shows } from "./modules.ts";

/** A record a page showed: its id, the person it is about, and its kind when not the route's. */
export interface Shown {
	id: string;
	personId: string | null;
	kind?: RecordKind;
}

declare module "fastify" {
	interface FastifyRequest {
		/** Names the records this page shows, for the view log (a list's rows; a record's person). */
		shown(records: readonly Shown[]): void;
		shownRecords: Shown[] | null;
	}
}

/**
 * The platform logs every view of a record, from what each route declares it shows
 * (ADR 19): a module cannot forget. A page, or a service through `Acting.shown`, names
 * what it showed (a list's rows, a form re-shown with its errors); a record page that
 * names nothing is logged by the id in its address. Rows are written after the response. While the log cannot be written, pages that show records answer
 * 503 instead of showing them unlogged.
 */
export function registerViewLog(
	app: FastifyInstance,
	deps: { accessLog: AccessLog; shows: Readonly<Record<string, Shows>> },
) {
	const showsOf = (request: FastifyRequest): Shows | undefined => {
		const url = request.routeOptions.url;
		return url === undefined ? undefined : deps.shows[`${request.method} ${url}`];
	};

	app.decorateRequest("shownRecords", null);
	app.decorateRequest("shown", function (this: FastifyRequest, records: readonly Shown[]) {
		this.shownRecords = [...(this.shownRecords ?? []), ...records];
	});

	app.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
		const shows = showsOf(request);
		if (!shows || shows === "nothing-personal" || !deps.accessLog.refusing) return;
		request.log.error({ pending: deps.accessLog.pending }, "access log cannot be written: records are not shown");
		return reply.code(503).page("platform/views/error.njk", errorPage(503));
	});

	app.addHook("onResponse", async (request: FastifyRequest, reply: FastifyReply) => {
		const principal = request.principal;
		if (!principal || reply.statusCode >= 500) return;
		const shows = showsOf(request);
		const routeKind =
			shows && shows !== "nothing-personal" ? ("record" in shows ? shows.record : shows.list) : "record";
		let records = request.shownRecords;
		// A record page that named nothing is still a view of the record in its address.
		if (records === null && shows && shows !== "nothing-personal" && "record" in shows && reply.statusCode < 300) {
			const id = (request.params as Record<string, string>)[shows.param];
			records = [{ id, personId: routeKind === "person" ? id : null }];
		}
		if (!records?.length) return;
		const route = `${request.method} ${request.routeOptions.url}`;
		for (const r of records) {
			deps.accessLog.view({
				userId: principal.id,
				role: principal.roles.join(","),
				action: "view",
				recordType: r.kind ?? routeKind,
				recordId: r.id,
				personId: r.personId,
				requestId: request.id,
				detail: { route },
			});
		}
	});
}

/** What each route shows, "METHOD /url" → Shows, from the manifests. */
export function routeShowsOf(modules: readonly { routes: Readonly<Record<string, { shows?: Shows }>> }[]) {
	const table: Record<string, Shows> = {};
	for (const m of modules) for (const [key, spec] of Object.entries(m.routes)) if (spec.shows) table[key] = spec.shows;
	return table;
}
