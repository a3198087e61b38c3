import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";
import { isUuid } from "./requests.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
// Not the form's own: the page that sends it again brings fresh ones.
const NOT_KEPT = new Set(["_csrf", "_once"]);

/**
 * A form sent after its session timed out is not lost (WCAG 2.2.1). Once its CSRF token
 * has checked out against the ended session, what was posted is kept as a draft for
 * that user only, and the user is sent to sign in and then to `/drafts/:id`, a page that
 * sends the same answers to the same form when they say so. Drafts are read once and
 * forgotten after a day.
 */
export function registerDrafts(app: FastifyInstance, deps: { db: Kysely<DB>; now: () => Date }) {
	app.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
		if (!request.draftFor) return;
		const body = Object.fromEntries(
			Object.entries((request.body ?? {}) as Record<string, unknown>).filter(([k]) => !NOT_KEPT.has(k)),
		);
		const { id } = await deps.db
			.insertInto("form_draft")
			.values({ user_id: request.draftFor, path: request.url, body: JSON.stringify(body), at: deps.now() })
			.returning("id")
			.executeTakeFirstOrThrow();
		const query = new URLSearchParams({ returnTo: `/drafts/${id}`, ended: request.sessionEnded ?? "idle" });
		return reply.redirect(`/sign-in?${query}`, 303);
	});

	app.get("/drafts/:draftId", async (request: FastifyRequest<{ Params: { draftId: string } }>, reply) => {
		const { draftId } = request.params;
		const draft = isUuid(draftId)
			? await deps.db
					.deleteFrom("form_draft")
					.where("id", "=", draftId)
					// Only its owner may have it back, and only within the day.
					.where("user_id", "=", request.principal?.id ?? "")
					.where("at", ">", new Date(deps.now().getTime() - DAY_MS))
					.returning(["path", "body"])
					.executeTakeFirst()
			: undefined;
		if (!draft) {
			return reply
				.code(404)
				.page("platform/views/draft.njk", { title: "This form has already been sent or discarded" });
		}
		const fields = Object.entries(draft.body as Record<string, unknown>).flatMap(([name, value]) =>
			(Array.isArray(value) ? value : [value]).map((v) => ({ name, value: String(v ?? "") })),
		);
		return reply.page("platform/views/draft.njk", {
			title: "Your form has not been sent yet",
			path: draft.path,
			fields,
		});
	});
}

/** Forgets drafts older than a day. */
export async function forgetOldDrafts(db: Kysely<DB>, now: Date): Promise<void> {
	await db
		.deleteFrom("form_draft")
		.where("at", "<", new Date(now.getTime() - DAY_MS))
		.execute();
}
