import type { FastifyInstance } from "fastify";
import type { Database } from "../src/db/engine.ts";
import type { AppOptions } from "../src/server.ts";

/*
 * The two pages every measurement is divided by. They exist only in the bench's process
 * (through AppOptions.extraRoutes) and must never change with features: a feature that
 * makes every page slower shows in the absolute figures, while the ratios keep saying
 * how a page compares with the cheapest pages the same app, machine and run can serve.
 *
 * Both render platform/views/error.njk, the platform's smallest page in the real layout
 * (a heading, a paragraph and a link), through reply.page like every real page, so they
 * pay for the same session lookup, navigation, CSRF token and layout. A template of the
 * bench's own cannot be used without changing the app: the view engine only reads
 * templates under src/ and GOV.UK Frontend, and its environment is private to render.ts.
 * The bench records a digest of that template with its results, so a change to it shows.
 */
export const BASELINE_TEMPLATE = "platform/views/error.njk";
export const STATIC_PATH = "/_bench/static";
export const ROW_PATH = "/_bench/row";

export const STATIC_TITLE = "Bench baseline";

interface BenchRowTable {
	id: number;
	title: string;
	body: string;
}

export function baselineRoutes(db: Database): NonNullable<AppOptions["extraRoutes"]> {
	const access = ["administrator"] as const;
	return {
		access: { [`GET ${STATIC_PATH}`]: access, [`GET ${ROW_PATH}/:id`]: access },
		register(app: FastifyInstance) {
			app.get(STATIC_PATH, async (_request, reply) =>
				reply.page(BASELINE_TEMPLATE, {
					title: STATIC_TITLE,
					text: "A page in the service's layout with nothing from the database.",
				}),
			);
			// Through the app's own query builder and pool, as a feature's page would read a row.
			const rows = db.kysely.withTables<{ bench_row: BenchRowTable }>();
			app.get(`${ROW_PATH}/:id`, async (request, reply) => {
				const id = Number((request.params as { id: string }).id);
				const row = Number.isSafeInteger(id)
					? await rows.selectFrom("bench_row").select(["title", "body"]).where("id", "=", id).executeTakeFirst()
					: undefined;
				if (!row) return reply.callNotFound();
				return reply.page(BASELINE_TEMPLATE, { title: row.title, text: row.body });
			});
		},
	};
}
