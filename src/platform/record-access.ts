import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import { prepared } from "../db/prepared.ts";
import type { DB } from "../db/schema.ts";
import { type Scope, type ScopeSetting, scopeOf } from "../domain/access/scope.ts";
import { logDenied } from "./access-control.ts";
import type { AccessLog } from "./access-log.ts";
import { type FormErrors, field, form, noErrors, parseForm } from "./forms.ts";
import { managementLine } from "./management-line.ts";
import type { ModuleManifest, PrivateRecord, RecordPeople, Shows } from "./modules.ts";
import { isUuid, safeLocalPath } from "./requests.ts";
import type { Principal } from "./sessions.ts";

/** How long a break-glass reason opens a restricted record for its giver. */
export const BREAK_GLASS_HOURS = 8;

/** The council setting that scopes roles to their work (ADR 22). */
export const RECORD_SCOPE_SETTING = "record-scope";
const SCOPE_CACHE_MS = 30_000;

/**
 * A record the user may not open, and why: restricted (whom to ask is its owner) or
 * outside the work their role is scoped to.
 */
export type Refusal =
	| { why: "restricted"; personId: string; laPersonId: string; ownerName: string }
	| { why: "scope"; personId: string; laPersonId: string; scope: Exclude<Scope, "all"> };

/** A condition on a person id column: the reader's work. */
export type InScope = (person: RawBuilder<unknown>) => RawBuilder<SqlBool>;

/** A list row naming a child. */
interface Named {
	person_id: string | null;
	given_name: string | null;
	family_name: string | null;
}

/** Who is asking, as far as record access cares. */
export type Reader = Pick<Principal, "id" | "roles" | "teamId">;

/**
 * How a module says which people are in a user's or a team's work: each returns a
 * condition on the person id it is given. The platform ORs every module's (ADR 22).
 */
export interface WorkScope {
	allocated(userId: string, person: RawBuilder<unknown>): RawBuilder<SqlBool>;
	team(teamId: string, person: RawBuilder<unknown>): RawBuilder<SqlBool>;
}

/** A list row with the child's name (and date of birth) withheld where its record is closed to the reader. */
export function withheld<T extends Named & { restricted: boolean }>(row: T): T {
	if (!row.restricted) return row;
	const out = { ...row, given_name: "Restricted", family_name: "record" };
	if ("date_of_birth" in out) out.date_of_birth = null;
	return out;
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
		private readonly work: readonly WorkScope[] = [],
	) {}

	#setting: { value: ScopeSetting; at: number } | undefined;

	/** The council's scope per role, read at most every 30 seconds in each process. */
	async scopeSetting(): Promise<ScopeSetting> {
		const at = Date.now();
		if (!this.#setting || at - this.#setting.at > SCOPE_CACHE_MS) {
			const row = await this.db
				.selectFrom("council_setting")
				.select("value")
				.where("key", "=", RECORD_SCOPE_SETTING)
				.executeTakeFirst();
			this.#setting = { value: (row?.value ?? {}) as ScopeSetting, at };
		}
		return this.#setting.value;
	}

	/** After the setting changes here, read it again at once. */
	forgetScope() {
		this.#setting = undefined;
	}

	async scopeOf(reader: Reader): Promise<Scope> {
		return scopeOf(reader.roles, await this.scopeSetting(), reader.teamId);
	}

	/**
	 * A condition on a person id: true when that person is in the reader's work. Lists
	 * of children add it to their query, so a scoped user's queue holds only their work.
	 */
	inScope(reader: Reader, scope: Exclude<Scope, "all">, person: RawBuilder<unknown>): RawBuilder<SqlBool> {
		const parts = this.work.map((w) =>
			scope === "team" && reader.teamId ? w.team(reader.teamId, person) : w.allocated(reader.id, person),
		);
		return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` OR `)})` : sql<SqlBool>`false`;
	}

	/**
	 * For a list of children: null when the reader opens every record, or the condition
	 * on a row's person id that keeps only their work (ADR 22).
	 */
	async listScope(reader: Reader): Promise<InScope | null> {
		const scope = await this.scopeOf(reader);
		return scope === "all" ? null : (person) => this.inScope(reader, scope, person);
	}

	/**
	 * A list's rows with the name of a child whose record is restricted withheld from a
	 * reader who may not open it: the row stays, because someone must still do the work.
	 */
	async withholdRestricted<T extends Named>(reader: Reader, rows: T[]): Promise<(T & { restricted: boolean })[]> {
		const refused = await this.restricted(
			reader.id,
			[...new Set(rows.flatMap((r) => (r.person_id ? [r.person_id] : [])))],
			new Date(this.now().getTime() - BREAK_GLASS_HOURS * 3_600_000),
		);
		const closed = new Set(refused.map((r) => r.personId));
		return rows.map((r) => withheld({ ...r, restricted: r.person_id !== null && closed.has(r.person_id) }));
	}

	/**
	 * A condition on a person id: their record is restricted and this reader may not open
	 * it. A list read in one statement selects it as `restricted` and passes its rows
	 * through `withheld`, the same rule as `withholdRestricted` without a second query.
	 */
	closedTo(readerId: string, person: RawBuilder<unknown>): RawBuilder<SqlBool> {
		const since = new Date(this.now().getTime() - BREAK_GLASS_HOURS * 3_600_000);
		return sql<SqlBool>`EXISTS (SELECT 1 FROM person_restriction r
			WHERE r.person_id = ${person} AND r.owner_id <> ${readerId}
			  AND NOT EXISTS (SELECT 1 FROM person_restriction_user u WHERE u.person_id = r.person_id AND u.user_id = ${readerId})
			  AND NOT EXISTS (SELECT 1 FROM break_glass b
			                  WHERE b.person_id = r.person_id AND b.user_id = ${readerId} AND b.at > ${since}))`;
	}

	/** The people among these the user may not open. */
	async refused(reader: Reader, personIds: readonly string[]): Promise<Refusal[]> {
		const ids = [...new Set(personIds)].filter(isUuid);
		if (!ids.length) return [];
		const since = new Date(this.now().getTime() - BREAK_GLASS_HOURS * 3_600_000);
		const scope = await this.scopeOf(reader);
		const [restricted, outside] = await Promise.all([
			this.restricted(reader.id, ids, since),
			scope === "all" ? [] : this.outsideScope(reader, scope, ids, since),
		]);
		const seen = new Set(restricted.map((r) => r.personId));
		return [...restricted, ...outside.filter((r) => !seen.has(r.personId))];
	}

	private async outsideScope(reader: Reader, scope: Exclude<Scope, "all">, ids: string[], since: Date) {
		const rows = await this.db
			.selectFrom("person as p")
			.select(["p.id as personId", "p.la_person_id as laPersonId"])
			.where("p.id", "in", ids)
			.where(({ not }) => not(this.inScope(reader, scope, sql.ref("p.id"))))
			.where(({ not, exists, selectFrom }) =>
				not(
					exists(
						selectFrom("break_glass as b")
							.select(sql`1`.as("one"))
							.whereRef("b.person_id", "=", "p.id")
							.where("b.user_id", "=", reader.id)
							.where("b.at", ">", since),
					),
				),
			)
			.execute();
		return rows.map((r): Refusal => ({ why: "scope", scope, ...r }));
	}

	private async restricted(userId: string, ids: string[], since: Date): Promise<Refusal[]> {
		if (!ids.length) return [];
		// Asked with every list of children and every search: one array parameter and a
		// prepared statement, so the text never changes with the number of ids and is planned once.
		const query = this.db
			.selectFrom("person_restriction as r")
			.innerJoin("person as p", "p.id", "r.person_id")
			.innerJoin("app_user as o", "o.id", "r.owner_id")
			.select(["r.person_id as personId", "p.la_person_id as laPersonId", "o.display_name as ownerName"])
			.where("r.person_id", "=", sql<string>`ANY(${ids}::uuid[])`)
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
			);
		const { rows } = await this.db.executeQuery(prepared(query));
		return rows.map((r): Refusal => ({ why: "restricted", ...r }));
	}

	/** Whether a user is one of these or manages one of them, however far up the line. */
	async isSubjectOrAbove(userId: string, subjects: readonly string[]): Promise<boolean> {
		if (subjects.includes(userId)) return true;
		const lines = await Promise.all(subjects.map((s) => managementLine(this.db, s)));
		return lines.some((line) => line.includes(userId));
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

const BREAK_GLASS_FORM = form({
	reason: field.sentence(
		"The reason",
		4000,
		"Say why you need to open this record now",
		"Say why you need to open this record now, in a sentence: it is kept with your name",
		5,
	),
	returnTo: field.optionalText("The page", 2000),
});

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
	const privateKinds: Record<string, PrivateRecord> = Object.assign(
		{},
		...deps.modules.map((m) => m.privateRecords ?? {}),
	);

	const refuse = (
		request: FastifyRequest,
		reply: FastifyReply,
		refusals: Refusal[],
		form: { status: 400 | 403; returnTo: string; values: unknown; errors: FormErrors },
	) => {
		if (form.status === 403) logDenied(request, deps.accessLog, 403);
		const refusal = refusals[0]!;
		return reply.code(form.status).page("platform/views/restricted.njk", {
			title: refusal.why === "restricted" ? "This record is restricted" : "This child is not in your work",
			refusal,
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
		const id = (request.params as Record<string, string>)[shows.param];
		if (!isUuid(id)) return;
		const kept = privateKinds[shows.record];
		if (kept) {
			const theirs = principal.roles.some((r) => kept.roles.includes(r));
			if (!theirs || (await deps.policy.isSubjectOrAbove(principal.id, await kept.subjects(deps.db, id)))) {
				logDenied(request, deps.accessLog, 403);
				return reply.code(403).page("platform/views/error.njk", {
					title: "You cannot open this record",
					text: "Records of this kind are open only to the service that keeps them, and never to anyone they are about or anyone who manages them. If you think you should see it, ask that service's manager.",
					status: 403,
				});
			}
		}
		const resolve = resolvers[shows.record];
		if (!resolve) return;
		const refusals = await deps.policy.refused(principal, await resolve(deps.db, id));
		if (refusals.length) {
			return refuse(request, reply, refusals, { status: 403, returnTo: request.url, values: {}, errors: noErrors() });
		}
	});

	app.post(
		"/restricted/:personId/break-glass",
		async (request: FastifyRequest<{ Params: { personId: string } }>, reply) => {
			const { personId } = request.params;
			const principal = request.principal!;
			const refusals = isUuid(personId) ? await deps.policy.refused(principal, [personId]) : [];
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
