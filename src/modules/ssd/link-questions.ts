/**
 * The questions the linking asks (ADR 36): an SSD person with likely candidates and none
 * certain, shown beside each candidate with the matcher's reasons, and answered once by
 * someone who does the task: "this is the same child" or "none of these; make a new
 * person". The answer writes the link and closes the task in one transaction.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/schema.ts";
import { matchQueryOf, personFromSsd, type SsdPersonForLinking } from "../../domain/ssd/linking.ts";
import type { AccessLog } from "../../platform/access-log.ts";
import { NotFound, Refused } from "../../platform/errors.ts";
import { formatDateTime } from "../../platform/format.ts";
import type { RecordAccess } from "../../platform/record-access.ts";
import { isUuid } from "../../platform/requests.ts";
import type { Principal } from "../../platform/sessions.ts";
import type { Tasks } from "../../platform/tasks.ts";
import { createPeople, findMatches, type PersonMatch } from "../people/index.ts";
import { LINK_TASK, ssdPersonFor } from "./linking.ts";

/** A candidate as the page shows it beside the SSD record. */
export interface ShownCandidate {
	personId: string;
	laPersonId: string;
	givenName: string;
	familyName: string;
	dateOfBirth: string | null;
	sex: string | null;
	nhsNumber: string | null;
	upn: string | null;
	postcode: string | null;
	/** The matcher's reasons, in words. */
	reasons: string[];
	/** A record this reviewer may not open: listed as there, without its details, and not offered. */
	withheld: boolean;
}

export interface Question {
	id: string;
	source: string;
	persPersonId: string;
	ssd: SsdPersonForLinking;
	askedAt: Date;
	answer: { at: Date; byName: string; how: string; personId: string; laPersonId: string } | null;
	candidates: ShownCandidate[];
}

const WITHHELD = "A likely match is a restricted record you may not open, so someone who may open it must decide";

export type Answer = { sameAs: string } | { newPerson: true };

export class SsdLinkQuestions {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
		private readonly tasks: Tasks,
		private readonly recordAccess: RecordAccess,
	) {}

	async get(id: string, reader: Principal): Promise<Question> {
		if (!isUuid(id)) throw new NotFound("Question");
		const q = await this.db
			.selectFrom("extract_link_question as q")
			.leftJoin("app_user as u", "u.id", "q.answered_by")
			.leftJoin("extract_person_link as l", (j) =>
				j.onRef("l.ssd_source", "=", "q.ssd_source").onRef("l.pers_person_id", "=", "q.pers_person_id"),
			)
			.leftJoin("person as p", "p.id", "l.person_id")
			.select([
				"q.id",
				"q.ssd_source",
				"q.pers_person_id",
				"q.asked_at",
				"q.answered_at",
				"u.display_name",
				"l.how",
				"l.person_id",
				"p.la_person_id",
			])
			.where("q.id", "=", id)
			.executeTakeFirst();
		if (!q) throw new NotFound("Question");
		const ssd = await ssdPersonFor(this.db, q.ssd_source, q.pers_person_id);
		if (!ssd) throw new NotFound("Question");
		const answered = q.answered_at && q.person_id && q.la_person_id;
		return {
			id: q.id,
			source: q.ssd_source,
			persPersonId: q.pers_person_id,
			ssd,
			askedAt: q.asked_at,
			answer: answered
				? {
						at: q.answered_at!,
						byName: q.display_name ?? "Someone",
						how: q.how!,
						personId: q.person_id!,
						laPersonId: q.la_person_id!,
					}
				: null,
			candidates: answered ? [] : await this.candidates(ssd, reader),
		};
	}

	/**
	 * The matcher's likely candidates as they stand now (a record added or merged since the
	 * import counts), each with what the page compares; a restricted record this reviewer
	 * may not open is listed without its details (ADR 21).
	 */
	private async candidates(ssd: SsdPersonForLinking, reader: Principal): Promise<ShownCandidate[]> {
		const matches = await findMatches(this.db, matchQueryOf(ssd), this.now());
		const likely = matches.results.filter((m) => m.likely);
		if (!likely.length) return [];
		const ids = likely.map((m) => m.personId);
		const [details, refused] = await Promise.all([
			this.db.selectFrom("person").select(["id", "sex", "nhs_number", "upn"]).where("id", "in", ids).execute(),
			this.recordAccess.refused(reader, ids),
		]);
		const closed = new Set(refused.map((r) => r.personId));
		const byId = new Map(details.map((d) => [d.id, d]));
		return likely.map((m: PersonMatch) => {
			if (closed.has(m.personId)) {
				return {
					personId: m.personId,
					laPersonId: m.laPersonId,
					givenName: "Restricted",
					familyName: "record",
					dateOfBirth: null,
					sex: null,
					nhsNumber: null,
					upn: null,
					postcode: null,
					reasons: ["A restricted record you may not open: someone who may will need to decide"],
					withheld: true,
				};
			}
			const d = byId.get(m.personId);
			return {
				personId: m.personId,
				laPersonId: m.laPersonId,
				givenName: m.givenName,
				familyName: m.familyName,
				dateOfBirth: m.dateOfBirth,
				sex: d?.sex ?? null,
				nhsNumber: d?.nhs_number ?? null,
				upn: d?.upn ?? null,
				postcode: m.postcode,
				reasons: m.reasons,
				withheld: false,
			};
		});
	}

	/**
	 * Answers a question once. The person chosen must be a candidate this reviewer may open,
	 * as the page listed them; a second answer, from a double click that slipped past the
	 * once-only token or a colleague who had the page open, is refused with who answered.
	 */
	async answer(id: string, answer: Answer, reader: Principal, requestId: string): Promise<void> {
		const question = await this.get(id, reader);
		if (question.answer) throw this.answered(question.answer);
		// "None of these" beside a record the reviewer cannot see could make a restricted child twice.
		if ("newPerson" in answer && question.candidates.some((c) => c.withheld)) {
			throw new Refused("ssd-link-withheld", WITHHELD);
		}
		if ("sameAs" in answer) {
			const chosen = question.candidates.find((c) => c.personId === answer.sameAs && !c.withheld);
			if (!chosen)
				throw new Refused(
					"ssd-link-not-a-candidate",
					"Select one of the people listed, or say none of them is this child",
				);
		}
		await this.db.transaction().execute(async (trx) => {
			const at = this.now();
			const row = await trx
				.selectFrom("extract_link_question")
				.select(["answered_at", "answered_by"])
				.where("id", "=", id)
				.forUpdate()
				.executeTakeFirst();
			if (!row)
				throw new Refused(
					"ssd-link-gone",
					"This child is no longer in the case system's extract, so there is nothing to decide",
				);
			if (row.answered_at) {
				const by = await trx
					.selectFrom("app_user")
					.select("display_name")
					.where("id", "=", row.answered_by!)
					.executeTakeFirst();
				throw this.answered({ at: row.answered_at, byName: by?.display_name ?? "Someone" });
			}
			const [personId] =
				"sameAs" in answer
					? [answer.sameAs]
					: await createPeople(trx, this.accessLog, [personFromSsd(question.ssd)], reader, at, requestId);
			const how = "sameAs" in answer ? "confirmed" : "created";
			await trx
				.insertInto("extract_person_link")
				.values({
					ssd_source: question.source,
					pers_person_id: question.persPersonId,
					person_id: personId,
					how,
					linked_at: at,
					linked_by: reader.id,
				})
				.execute();
			await trx
				.updateTable("extract_link_question")
				.set({ answered_at: at, answered_by: reader.id })
				.where("id", "=", id)
				.execute();
			await this.tasks.done(trx, { recordId: id, kinds: [LINK_TASK] }, reader.id, at);
			await this.accessLog.change(trx, {
				userId: reader.id,
				role: reader.roles.join(","),
				action: "create",
				recordType: "ssd-person-link",
				recordId: `${question.source}/${question.persPersonId}`,
				personId,
				requestId,
				before: null,
				after: { how, question: id },
			});
		});
	}

	private answered(a: { at: Date; byName: string }) {
		return new Refused(
			"ssd-link-answered",
			`${a.byName} already decided which person this child is, on ${formatDateTime(a.at)}`,
		);
	}
}
