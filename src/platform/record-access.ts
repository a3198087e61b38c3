import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.ts";
import { logDenied } from "./access-control.ts";
import type { AccessLog } from "./access-log.ts";
import { type FormErrors, field, form, noErrors, parseForm } from "./forms.ts";
import type { ModuleManifest, RecordPeople, Shows } from "./modules.ts";
import { isUuid, safeLocalPath } from "./requests.ts";
import type { Principal } from "./sessions.ts";

/** How long a break-glass reason opens a restricted record for its giver. */
export const BREAK_GLASS_HOURS = 8;

/** A restricted record the user may not open, and whom to ask. */
export interface Refusal {
	personId: string;
	laPersonId: string;
	ownerName: string;
}

/**
 * Record-level access (ADR 21): the one policy on top of route × role. A restricted
 * person's record opens only for its owner, the users named on it, and anyone who has
 * given a reason in the last eight hours (break-glass, logged with the reason).
 */
export class RecordAccess {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
	) {}

	/** The people among these the user may not open. */
	async refused(userId: string, personIds: readonly string[]): Promise<Refusal[]> {
		const ids = [...new Set(personIds)].filter(isUuid);
		if (!ids.length) return [];
		const since = new Date(this.now().getTime() - BREAK_GLASS_HOURS * 3_600_000);
		return this.db
			.selectFrom("person_restriction as r")
			.innerJoin("person as p", "p.id", "r.person_id")
			.innerJoin("app_user as o", "o.id", "r.owner_id")
			.select(["r.person_id as personId", "p.la_person_id as laPersonId", "o.display_name as ownerName"])
			.where("r.person_id", "in", ids)
			.where("r.owner_id", "<>", userId)
			.where(({ not, exists, selectFrom }) =>
				not(
					exists(
						selectFrom("person_restriction_user as u")
							.select(sql`1`.as("one"))
							.whereRef("u.person_id", "=", "r.person_id")
							.where("u.user_id", "=", userId),
					),
				),
			)
			.where(({ not, exists, selectFrom }) =>
				not(
					exists(
						selectFrom("break_glass as b")
							.select(sql`1`.as("one"))
							.whereRef("b.person_id", "=", "r.person_id")
							.where("b.user_id", "=", userId)
							.where("b.at", ">", since),
					),
				),
			)
			.execute();
	}

	/** Opens a restricted record for this user for a while, keeping the reason; the log row names it. */
	async breakGlass(actor: Principal, personId: string, reason: string, requestId: string): Promise<void> {
		await this.db.transaction().execute(async (trx) => {
			const { id } = await trx
				.insertInto("break_glass")
				.values({ person_id: personId, user_id: actor.id, reason, at: this.now() })
				.returning("id")
				.executeTakeFirstOrThrow();
			await this.accessLog.change(trx, {
				userId: actor.id,
				role: actor.roles.join(","),
				action: "create",
				recordType: "break-glass",
				recordId: id,
				personId,
				requestId,
				before: null,
				after: { reason },
			});
		});
	}
}

const BREAK_GLASS_FORM = form(
	{
		reason: field.text("The reason", 4000, "Say why you need to open this record now"),
		returnTo: field.optionalText("The page", 2000),
	},
	(v) =>
		v.reason !== undefined && v.reason.replace(/\s+/g, " ").trim().split(" ").length < 5
			? { reason: "Say why you need to open this record now, in a sentence: it is kept with your name" }
			: undefined,
);

/**
 * Enforces the policy on every page that shows one record: the module says how to find
 * the people a record is about (`recordPeople` in its manifest), and a restricted one
 * the user may not open answers 403 with whom to ask and a way to give a reason.
 */
export function registerRecordAccess(
	app: FastifyInstance,
	deps: {
		db: Kysely<DB>;
		accessLog: AccessLog;
		policy: RecordAccess;
		modules: readonly ModuleManifest[];
		shows: Readonly<Record<string, Shows>>;
	},
) {
	const resolvers: Record<string, RecordPeople> = Object.assign({}, ...deps.modules.map((m) => m.recordPeople ?? {}));

	const refuse = (
		request: FastifyRequest,
		reply: FastifyReply,
		refusals: Refusal[],
		form: { status: 400 | 403; returnTo: string; values: unknown; errors: FormErrors },
	) => {
		if (form.status === 403) logDenied(request, deps.accessLog, 403);
		return reply.code(form.status).page("platform/views/restricted.njk", {
			title: "This record is restricted",
			refusal: refusals[0],
			returnTo: form.returnTo,
			values: form.values,
			errors: form.errors,
		});
	};

	app.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
		const principal = request.principal;
		const url = request.routeOptions.url;
		if (!principal || request.method !== "GET" || url === undefined) return;
		const shows = deps.shows[`GET ${url}`];
		if (!shows || shows === "nothing-personal" || !("record" in shows)) return;
		const resolve = resolvers[shows.record];
		const id = (request.params as Record<string, string>)[shows.param];
		if (!resolve || !isUuid(id)) return;
		const refusals = await deps.policy.refused(principal.id, await resolve(deps.db, id));
		if (refusals.length) {
			return refuse(request, reply, refusals, { status: 403, returnTo: request.url, values: {}, errors: noErrors() });
		}
	});

	app.post(
		"/restricted/:personId/break-glass",
		async (request: FastifyRequest<{ Params: { personId: string } }>, reply) => {
			const { personId } = request.params;
			const principal = request.principal!;
			const refusals = isUuid(personId) ? await deps.policy.refused(principal.id, [personId]) : [];
			const read = parseForm(BREAK_GLASS_FORM, request.body);
			const back = safeLocalPath;
			if (!read.ok) {
				if (!refusals.length) return reply.redirect(back(read.partial.returnTo), 303);
				const returnTo = back(read.partial.returnTo);
				return refuse(request, reply, refusals, { status: 400, returnTo, values: request.body, errors: read.errors });
			}
			if (refusals.length) await deps.policy.breakGlass(principal, personId, read.value.reason, request.id);
			return reply.redirect(back(read.value.returnTo), 303);
		},
	);
}
