/**
 * Linking an SSD source's people to Threshold people (issue 17, ADR 36), after its import
 * commits. The certain links are set-based SQL, a few statements for the whole source;
 * only the people left over go through the matcher, one query each, and are written a
 * chunk at a time: a likely candidate makes a question in the council's chosen tray, no
 * candidate makes a new Threshold person. Running it again links only what is unlinked
 * and unasked, so a re-import keeps every decision and a crash loses at most a chunk.
 */
import { randomUUID } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../../db/schema.ts";
import { dueAt, timescaleById } from "../../domain/clocks/timescales.ts";
import {
	decideUncertain,
	matchQueryOf,
	type NhsHolder,
	nhsLinkAgrees,
	personFromSsd,
	type SsdPersonForLinking,
	type Uncertain,
} from "../../domain/ssd/linking.ts";
import type { AccessLog } from "../../platform/access-log.ts";
import { formatDate } from "../../platform/format.ts";
import type { NewTask, Tasks } from "../../platform/tasks.ts";
import { createPeople, findMatches } from "../people/index.ts";
import type { SettingsService } from "../settings/index.ts";
import type { SsdActor } from "./access.ts";
import { lockSource } from "./store.ts";

export const LINK_TASK = "ssd.link";
export const LINK_TIMESCALE = "ssd-link-review";
/** SSD people matched, then written in one transaction: a crash or restart loses at most this many. */
const CHUNK = 200;
/** Matcher searches run together, within the app's pool of ten connections. */
const SEARCHES_AT_ONCE = 4;

export interface LinkProgress {
	/** SSD people left for the matcher once the certain links are made, and how many are done. */
	toMatch: number;
	matched: number;
}

export interface LinkSummary {
	source: string;
	/** Links of SSD people still in the source, kept as they were. */
	kept: number;
	/** Links of SSD people no longer in the source, removed. */
	removed: number;
	byCaseSystemId: number;
	byNhsNumber: number;
	/** Questions asked now, and those still waiting from an earlier run. */
	asked: number;
	waiting: number;
	created: number;
}

export interface LinkRequest {
	source: string;
	/** Told how far the matcher has gone, after each chunk has committed (so it may write). */
	onProgress?: (progress: LinkProgress) => void | Promise<void>;
	requestId?: string | null;
}

type Db = Kysely<DB> | Transaction<DB>;

/** The columns an SSD person is read with, and its latest postcode. */
const PERSON_COLUMNS = sql`s.pers_person_id AS "persPersonId", s.pers_forename AS forename, s.pers_surname AS surname,
	s.pers_sex AS sex, s.pers_dob::text AS dob, s.pers_expected_dob::text AS "expectedDob",
	s.pers_death_date::text AS "deathDate", s.pers_ethnicity AS ethnicity, s.pers_common_child_id AS "commonChildId",
	s.pers_upn AS upn, s.pers_upn_unknown AS "upnUnknown", s.pers_nationality AS nationality,
	(SELECT a.addr_address_postcode FROM ssd_address a
	  WHERE a.addr_person_id = s.pers_person_id AND a.ssd_source = s.ssd_source AND a.addr_address_postcode IS NOT NULL
	  ORDER BY a.addr_address_end_date IS NULL DESC, a.addr_address_start_date DESC NULLS LAST, a.addr_table_id
	  LIMIT 1) AS postcode`;

const unlinked = sql`NOT EXISTS (SELECT 1 FROM extract_person_link l
	WHERE l.ssd_source = s.ssd_source AND l.pers_person_id = s.pers_person_id)`;

/** An SSD person's key and details, for the question page. */
export async function ssdPersonFor(db: Db, source: string, persPersonId: string) {
	const { rows } = await sql<SsdPersonForLinking>`SELECT ${PERSON_COLUMNS} FROM ssd_person s
		WHERE s.ssd_source = ${source} AND s.pers_person_id = ${persPersonId}`.execute(db);
	return rows[0] ?? null;
}

/** A task's line in the tray: the SSD person as the extract names them, which has no Threshold record yet. */
export function questionDetail(source: string, p: SsdPersonForLinking): string {
	const name = [p.forename, p.surname].filter(Boolean).join(" ") || "No name given";
	const born = p.dob ? `, born ${formatDate(p.dob)}` : "";
	return `${name}${born} (${source} ${p.persPersonId})`;
}

export class SsdLinker {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
		private readonly tasks: Tasks,
		private readonly settings: SettingsService,
	) {}

	async link(request: LinkRequest, actor: SsdActor): Promise<LinkSummary> {
		const { source } = request;
		const requestId = request.requestId ?? null;
		// Read before any transaction: on PGlite a read inside one would wait for it.
		const [setting, calendar, timescales] = await Promise.all([
			this.settings.ssdLinking().then((s) => s.value),
			this.settings.calendar(),
			this.settings.activeTimescales(),
		]);
		const team = setting.teamId ?? (await this.frontDoorTeam());
		const timescale = timescaleById(LINK_TIMESCALE, timescales);

		const certain = await this.db.transaction().execute(async (trx) => {
			await lockSource(trx, source);
			const at = this.now();
			const removed = await this.removeGone(trx, source, actor, at, requestId);
			const kept = await this.count(trx, source);
			const byCaseSystemId =
				(await this.linkByOtherSources(trx, source, at)) +
				(setting.numbersOfSource === source ? await this.linkByNumbers(trx, source, at) : 0);
			const byNhsNumber = await this.linkByNhsNumber(trx, source, at);
			await this.settleQuestions(trx, source, at);
			return { removed, kept, byCaseSystemId, byNhsNumber };
		});

		const { rows: left } = await sql<SsdPersonForLinking>`SELECT ${PERSON_COLUMNS} FROM ssd_person s
			WHERE s.ssd_source = ${source} AND ${unlinked}
			  AND NOT EXISTS (SELECT 1 FROM extract_link_question q
			                  WHERE q.ssd_source = s.ssd_source AND q.pers_person_id = s.pers_person_id)
			ORDER BY s.pers_person_id`.execute(this.db);
		const progress: LinkProgress = { toMatch: left.length, matched: 0 };
		await request.onProgress?.({ ...progress });
		let asked = 0;
		let created = 0;
		for (let i = 0; i < left.length; i += CHUNK) {
			const chunk = left.slice(i, i + CHUNK);
			const today = this.now();
			// A few searches at once: on PostgreSQL each has a connection of its own (the pool
			// keeps the rest for other users' pages); on PGlite they simply take turns.
			const decided: { person: SsdPersonForLinking; decision: Uncertain }[] = [];
			for (let j = 0; j < chunk.length; j += SEARCHES_AT_ONCE) {
				const some = chunk.slice(j, j + SEARCHES_AT_ONCE);
				const found = await Promise.all(some.map((p) => findMatches(this.db, matchQueryOf(p), today)));
				for (const [k, person] of some.entries()) {
					decided.push({ person, decision: decideUncertain(found[k].results) });
				}
			}
			const written = await this.db.transaction().execute(async (trx) => {
				await lockSource(trx, source);
				const at = this.now();
				// Another run may have linked or asked about some of these since they were read.
				const { rows: still } = await sql<{ id: string }>`SELECT s.pers_person_id AS id FROM ssd_person s
					WHERE s.ssd_source = ${source} AND s.pers_person_id = ANY(${chunk.map((p) => p.persPersonId)}::text[])
					  AND ${unlinked}
					  AND NOT EXISTS (SELECT 1 FROM extract_link_question q
					                  WHERE q.ssd_source = s.ssd_source AND q.pers_person_id = s.pers_person_id)`.execute(trx);
				const open = new Set(still.map((r) => r.id));
				const toCreate = decided.filter((d) => open.has(d.person.persPersonId) && "create" in d.decision);
				const toAsk = decided.filter((d) => open.has(d.person.persPersonId) && "ask" in d.decision);
				const ids = await createPeople(
					trx,
					this.accessLog,
					toCreate.map((d) => personFromSsd(d.person)),
					actor,
					at,
					requestId,
				);
				await this.insertLinks(
					trx,
					source,
					toCreate.map((d, j) => ({ persPersonId: d.person.persPersonId, personId: ids[j] })),
					"created",
					at,
					null,
				);
				const questions = toAsk.map((d) => ({ id: randomUUID(), person: d.person }));
				if (questions.length) {
					await trx
						.insertInto("extract_link_question")
						.values(
							questions.map((q) => ({
								id: q.id,
								ssd_source: source,
								pers_person_id: q.person.persPersonId,
								asked_at: at,
							})),
						)
						.execute();
					const due = dueAt(timescale, at, calendar);
					await this.tasks.open(
						trx,
						questions.map(
							(q): NewTask => ({
								kind: LINK_TASK,
								recordType: "ssd-link-question",
								recordId: q.id,
								personId: null,
								ownerTeamId: team,
								// With no team to give it to, the analyst who imported the extract decides.
								ownerUserId: team ? null : actor.id,
								dueAt: due,
								timescale: LINK_TIMESCALE,
								detail: questionDetail(source, q.person),
								createdBy: actor.id,
							}),
						),
						at,
					);
				}
				return { created: toCreate.length, asked: toAsk.length };
			});
			asked += written.asked;
			created += written.created;
			progress.matched += chunk.length;
			await request.onProgress?.({ ...progress });
		}
		const waiting = await this.openQuestions(source);
		return { source, ...certain, asked, waiting: Math.max(0, waiting - asked), created };
	}

	/**
	 * The Threshold person an SSD person is today: the linked record, or the one it was
	 * merged into (and on, if that was merged too). A merge never touches the link.
	 */
	async personOf(source: string, persPersonId: string): Promise<string | null> {
		const { rows } = await sql<{ id: string }>`
			WITH RECURSIVE chain AS (
			  SELECT p.id, p.merged_into, 0 AS depth FROM extract_person_link l JOIN person p ON p.id = l.person_id
			   WHERE l.ssd_source = ${source} AND l.pers_person_id = ${persPersonId}
			  UNION ALL
			  SELECT p.id, p.merged_into, c.depth + 1 FROM chain c JOIN person p ON p.id = c.merged_into WHERE c.depth < 20
			)
			SELECT id FROM chain WHERE merged_into IS NULL`.execute(this.db);
		return rows[0]?.id ?? null;
	}

	private async frontDoorTeam(): Promise<string | null> {
		const row = await this.db
			.selectFrom("team")
			.select("id")
			.where("kind", "=", "front-door")
			.orderBy("name")
			.executeTakeFirst();
		return row?.id ?? null;
	}

	private async count(trx: Db, source: string): Promise<number> {
		const row = await trx
			.selectFrom("extract_person_link")
			.select((eb) => eb.fn.countAll<string>().as("n"))
			.where("ssd_source", "=", source)
			.executeTakeFirstOrThrow();
		return Number(row.n);
	}

	private async openQuestions(source: string): Promise<number> {
		const row = await this.db
			.selectFrom("extract_link_question")
			.select((eb) => eb.fn.countAll<string>().as("n"))
			.where("ssd_source", "=", source)
			.where("answered_at", "is", null)
			.executeTakeFirstOrThrow();
		return Number(row.n);
	}

	/**
	 * An SSD person no longer in the source takes their link and question with them: nothing
	 * of the source refers to them any more. Each removed link is kept in the access log
	 * (who it linked to, how, and why it went), and an open question's task is cancelled.
	 */
	private async removeGone(trx: Transaction<DB>, source: string, actor: SsdActor, at: Date, requestId: string | null) {
		const gone = sql`NOT EXISTS (SELECT 1 FROM ssd_person s WHERE s.ssd_source = x.ssd_source AND s.pers_person_id = x.pers_person_id)`;
		const { rows: removed } = await sql<{ pers_person_id: string; person_id: string; how: string }>`
			DELETE FROM extract_person_link x WHERE x.ssd_source = ${source} AND ${gone}
			RETURNING x.pers_person_id, x.person_id, x.how`.execute(trx);
		await this.accessLog.changes(
			trx,
			removed.map((r) => ({
				userId: actor.id,
				role: actor.roles.join(","),
				action: "delete" as const,
				recordType: "ssd-person-link",
				recordId: `${source}/${r.pers_person_id}`,
				personId: r.person_id,
				requestId,
				before: { how: r.how },
				after: null,
				detail: { why: "no longer in the source" },
			})),
		);
		const { rows: questions } = await sql<{ id: string; answered_at: Date | null }>`
			DELETE FROM extract_link_question x WHERE x.ssd_source = ${source} AND ${gone}
			RETURNING x.id, x.answered_at`.execute(trx);
		for (const q of questions.filter((q) => q.answered_at === null)) {
			await this.tasks.cancel(
				trx,
				{ recordId: q.id, kinds: [LINK_TASK] },
				actor.id,
				at,
				"The child is no longer in the case system's extract.",
			);
		}
		return removed.length;
	}

	/**
	 * The same case-system id already linked from another source (an older system the
	 * council migrated from, whose ids the new one kept): linked when every such link is to
	 * one person and that person was born the same day, since two systems' ids may collide.
	 */
	private async linkByOtherSources(trx: Transaction<DB>, source: string, at: Date): Promise<number> {
		const { rows } = await sql<{ n: number }>`
			WITH found AS (
			  SELECT s.pers_person_id, (array_agg(o.person_id ORDER BY o.linked_at, o.ssd_source))[1] AS person_id
			    FROM ssd_person s
			    JOIN extract_person_link o ON o.pers_person_id = s.pers_person_id AND o.ssd_source <> s.ssd_source
			    JOIN person p ON p.id = o.person_id
			   WHERE s.ssd_source = ${source} AND ${unlinked}
			   GROUP BY s.pers_person_id, s.pers_dob
			  HAVING count(DISTINCT coalesce(p.merged_into, p.id)) = 1 AND bool_and(p.date_of_birth = s.pers_dob)
			), linked AS (
			  INSERT INTO extract_person_link (ssd_source, pers_person_id, person_id, how, linked_at, linked_by)
			  SELECT ${source}, pers_person_id, person_id, 'case-system-id', ${at}::timestamptz, NULL FROM found
			  RETURNING 1
			)
			SELECT count(*)::int AS n FROM linked`.execute(trx);
		return rows[0].n;
	}

	/** The council loaded its people from this case system with their ids: a number that is a person's links them. */
	private async linkByNumbers(trx: Transaction<DB>, source: string, at: Date): Promise<number> {
		const { rows } = await sql<{ n: number }>`
			WITH linked AS (
			  INSERT INTO extract_person_link (ssd_source, pers_person_id, person_id, how, linked_at, linked_by)
			  SELECT s.ssd_source, s.pers_person_id, p.id, 'case-system-id', ${at}::timestamptz, NULL
			    FROM ssd_person s JOIN person p ON p.la_person_id = s.pers_person_id
			   WHERE s.ssd_source = ${source} AND ${unlinked}
			  RETURNING 1
			)
			SELECT count(*)::int AS n FROM linked`.execute(trx);
		return rows[0].n;
	}

	/**
	 * The NHS number with name and date of birth agreeing: one query finds every unlinked
	 * SSD person whose number a Threshold person holds (as themselves or through a record
	 * merged into them), with the holders' names; the rule is the domain's; one statement
	 * writes the links.
	 */
	private async linkByNhsNumber(trx: Transaction<DB>, source: string, at: Date): Promise<number> {
		const nhs = sql`regexp_replace(s.pers_common_child_id, '[^0-9]', '', 'g')`;
		const { rows } = await sql<SsdPersonForLinking & { holders: [string, string | null, [string, string][]][] }>`
			SELECT ${PERSON_COLUMNS},
			       (SELECT json_agg(json_build_array(h.id, h.date_of_birth,
			                 (SELECT json_agg(json_build_array(n.given_name, n.family_name)) FROM person_name n
			                   WHERE n.person_id IN (SELECT m.id FROM person m WHERE m.id = h.id OR m.merged_into = h.id))))
			          FROM person h
			         WHERE h.id IN (SELECT coalesce(x.merged_into, x.id) FROM person x WHERE x.nhs_number = ${nhs})) AS holders
			  FROM ssd_person s
			 WHERE s.ssd_source = ${source} AND s.pers_common_child_id IS NOT NULL AND ${unlinked}
			   AND EXISTS (SELECT 1 FROM person x WHERE x.nhs_number = ${nhs})`.execute(trx);
		const links = rows.flatMap((r) => {
			const holders: NhsHolder[] = r.holders.map(([personId, dateOfBirth, names]) => ({
				personId,
				dateOfBirth,
				names: (names ?? []).map(([given, family]) => ({ given, family })),
			}));
			const personId = nhsLinkAgrees(r, holders);
			return personId ? [{ persPersonId: r.persPersonId, personId }] : [];
		});
		await this.insertLinks(trx, source, links, "nhs-number", at, null);
		return links.length;
	}

	/** An open question about someone now linked for certain is no longer anyone's to answer. */
	private async settleQuestions(trx: Transaction<DB>, source: string, at: Date) {
		const { rows } = await sql<{ id: string }>`
			DELETE FROM extract_link_question q WHERE q.ssd_source = ${source} AND q.answered_at IS NULL
			   AND EXISTS (SELECT 1 FROM extract_person_link l
			                WHERE l.ssd_source = q.ssd_source AND l.pers_person_id = q.pers_person_id)
			RETURNING q.id`.execute(trx);
		for (const q of rows) {
			await this.tasks.cancel(
				trx,
				{ recordId: q.id, kinds: [LINK_TASK] },
				null,
				at,
				"A later import linked the child for certain.",
			);
		}
	}

	private async insertLinks(
		trx: Transaction<DB>,
		source: string,
		links: readonly { persPersonId: string; personId: string }[],
		how: "nhs-number" | "created",
		at: Date,
		by: string | null,
	) {
		if (!links.length) return;
		await sql`INSERT INTO extract_person_link (ssd_source, pers_person_id, person_id, how, linked_at, linked_by)
			SELECT ${source}, id, person, ${how}, ${at}::timestamptz, ${by}::uuid
			  FROM unnest(${links.map((l) => l.persPersonId)}::text[], ${links.map((l) => l.personId)}::uuid[]) AS x(id, person)`.execute(
			trx,
		);
	}
}
