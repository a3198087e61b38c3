import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";
import { errorPage } from "./access-control.ts";
import { isUuid } from "./requests.ts";

declare module "fastify" {
	interface FastifyRequest {
		/** The one-time token this post claimed, when it carried one. */
		onceClaimed: string | null;
	}
}

/** How long a second post waits for the first to finish before saying it is still being saved. */
const WAIT_MS = 5000;

/**
 * A form is saved once (ADR 20). Every page carries a one-time token (`_once`); posting
 * it claims it. A post whose token is already claimed saved nothing: it is sent where the
 * first post led (after waiting briefly if that one is still being saved), so a double
 * click, a resubmitted page or a second tab shows the first result instead of making a
 * second contact, person or enquiry. A post that was refused (its form shown again with
 * errors) gives its claim back, so the corrected form can be sent.
 */
export function registerOnce(app: FastifyInstance, deps: { db: Kysely<DB>; now: () => Date }) {
	app.decorateRequest("onceClaimed", null);

	const claim = async (token: string, userId: string) =>
		(await deps.db
			.insertInto("form_submission")
			.values({ token, user_id: userId, at: deps.now() })
			.onConflict((oc) => oc.column("token").doNothing())
			.returning("token")
			.executeTakeFirst()) !== undefined;

	app.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
		if (request.method !== "POST" || request.url.startsWith("/api/") || !request.principal) return;
		const token = (request.body as Record<string, unknown> | undefined)?._once;
		if (typeof token !== "string" || !isUuid(token)) return;
		const userId = request.principal.id;
		const deadline = Date.now() + WAIT_MS;
		for (;;) {
			if (await claim(token, userId)) {
				request.onceClaimed = token;
				return;
			}
			const first = await deps.db
				.selectFrom("form_submission")
				.select(["user_id", "location"])
				.where("token", "=", token)
				.executeTakeFirst();
			// Given back by a refused post in between: claim it again.
			if (!first) continue;
			if (first.user_id !== userId) return reply.code(400).page("platform/views/error.njk", errorPage(400));
			if (first.location) return reply.redirect(first.location, 303);
			if (Date.now() > deadline) {
				return reply.code(409).page("platform/views/error.njk", {
					...errorPage(409),
					title: "This form is already being saved",
					text: "It was sent twice. Go back to the record and reload it to see what was saved.",
				});
			}
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	});

	app.addHook("onSend", async (request: FastifyRequest, reply: FastifyReply, payload) => {
		const token = request.onceClaimed;
		if (!token) return payload;
		const location = reply.getHeader("location");
		if (reply.statusCode === 303 && typeof location === "string" && location.startsWith("/")) {
			await deps.db.updateTable("form_submission").set({ location }).where("token", "=", token).execute();
		} else {
			await deps.db.deleteFrom("form_submission").where("token", "=", token).execute();
		}
		return payload;
	});
}

/** Forgets claims older than a day: a page kept open longer gets a new token when reloaded. */
export async function forgetOldSubmissions(db: Kysely<DB>, now: Date): Promise<void> {
	await db
		.deleteFrom("form_submission")
		.where("at", "<", new Date(now.getTime() - 24 * 60 * 60 * 1000))
		.execute();
}
