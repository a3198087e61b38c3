import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { describedBirthDate, markedDifferences, readDescribed } from "../../../domain/front-door/described.ts";
import type { MatchQuery } from "../../../domain/people/match-score.ts";
import { isSentence } from "../../../domain/text.ts";
import { NotFound, StepInvalid } from "../../../platform/errors.ts";
import { type Acting, isUuid } from "../../../platform/requests.ts";
import type { Principal } from "../../../platform/sessions.ts";
import type { Matches, PeopleService } from "../../people/index.ts";
import type { SettingsService } from "../../settings/index.ts";
import type { Flow } from "../workflow/tasks.ts";
import { ChildChanged, lockChild, transition } from "../workflow/transitions.ts";
import type { QueueKey, QueuePosition } from "./paging.ts";

export const MATCH_QUEUE_PAGE = 50;

interface PersonBrief {
	id: string;
	la_person_id: string;
	given_name: string;
	family_name: string;
}

/** The person chosen was merged into another record: the survivor is the one to match. */
export class PersonMerged extends StepInvalid {
	constructor(
		readonly merged: PersonBrief,
		readonly survivor: PersonBrief,
	) {
		super({
			personId: `${merged.given_name} ${merged.family_name} (${merged.la_person_id}) has been merged into ${survivor.given_name} ${survivor.family_name} (${survivor.la_person_id}): match the child to that record instead`,
		});
	}
}

/**
 * What the agency said and the chosen record disagree markedly, and the worker has not
 * said in a sentence why this is the child: the page shows the differences and asks.
 */
export class MatchDiffers extends StepInvalid {
	constructor(
		readonly person: PersonBrief,
		readonly differences: string[],
		reasonGiven: boolean,
	) {
		super({
			reason: reasonGiven
				? "Say in a sentence why this is the child the agency described"
				: `Say why ${person.given_name} ${person.family_name} is the child the agency described, when the details differ`,
		});
	}
}

// The queue's key to the microsecond, so that paging never skips or repeats a child
// received within the same millisecond as another.
const keyAt = sql<string>`to_char(cc.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const rowKey = sql`(cc.received_at, cc.id)`;
const keyOf = (k: QueueKey) => sql`(${k.at}::timestamptz, ${k.id}::uuid)`;

/**
 * Matching children an agency described to a person: the queue of those waiting, and
 * the match itself. An agency's description never becomes a person on its own (ADR 13):
 * someone at the front door chooses the record, or creates one with the duplicate check.
 */
export class MatchingService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly settings: SettingsService,
		private readonly people: PeopleService,
		private readonly now: () => Date,
		private readonly flow: () => Promise<Flow>,
	) {}

	/** How many children wait to be matched: one count on the queue's partial index. */
	async waitingCount(): Promise<number> {
		const row = await this.db
			.selectFrom("contact_child")
			.select((eb) => eb.fn.countAll<string>().as("n"))
			.where("state", "=", "awaiting-match")
			.executeTakeFirstOrThrow();
		return Number(row.n);
	}

	/** One page of the queue, oldest received first, from the position in the address. */
	async queue(position: QueuePosition) {
		const backwards = position !== null && "before" in position;
		const [rows, total] = await Promise.all([
			this.db
				.selectFrom("contact_child as cc")
				.innerJoin("contact as c", "c.id", "cc.contact_id")
				.leftJoin("api_key as k", "k.id", "c.api_key_id")
				.select([
					"cc.id",
					"cc.described",
					"cc.received_at",
					"cc.source",
					"cc.out_of_hours",
					"c.id as contact_id",
					"c.reference",
					"c.referrer_agency",
					"k.agency as api_agency",
					keyAt.as("key_at"),
				])
				.where("cc.state", "=", "awaiting-match")
				.$if(position !== null && "after" in position, (b) =>
					b.where(sql<boolean>`${rowKey} > ${keyOf((position as { after: QueueKey }).after)}`),
				)
				.$if(backwards, (b) => b.where(sql<boolean>`${rowKey} < ${keyOf((position as { before: QueueKey }).before)}`))
				.orderBy("cc.received_at", backwards ? "desc" : "asc")
				.orderBy("cc.id", backwards ? "desc" : "asc")
				// One more than a page says whether there is another page beyond it.
				.limit(MATCH_QUEUE_PAGE + 1)
				.execute(),
			this.waitingCount(),
		]);
		const more = rows.length > MATCH_QUEUE_PAGE;
		const page = rows.slice(0, MATCH_QUEUE_PAGE);
		if (backwards) page.reverse();
		const calendar = await this.settings.calendar();
		const now = this.now();
		const first = page[0];
		const last = page.at(-1);
		return {
			total,
			rows: page.map((r) => {
				const described = readDescribed(r.described);
				return {
					...r,
					described,
					birthDate: describedBirthDate(described),
					waitingHours: calendar.workingHoursBetween(r.received_at, now),
				};
			}),
			// Coming forwards there is a page before whenever we started after a row; coming back, one after.
			previous: first && (backwards ? more : position !== null) ? { id: first.id, at: first.key_at } : null,
			next: last && (backwards || more) ? { id: last.id, at: last.key_at } : null,
		};
	}

	/** The child as the agency described it, for the match page (not logged: see logView). */
	async find(childId: string) {
		if (!isUuid(childId)) throw new NotFound("Child");
		const child = await this.db
			.selectFrom("contact_child as cc")
			.innerJoin("contact as c", "c.id", "cc.contact_id")
			.leftJoin("api_key as k", "k.id", "c.api_key_id")
			.select([
				"cc.id",
				"cc.state",
				"cc.version",
				"cc.person_id",
				"cc.described",
				"cc.received_at",
				"cc.out_of_hours",
				"cc.source",
				"c.id as contact_id",
				"c.reference",
				"c.channel",
				"c.concern",
				"c.referrer_name",
				"c.referrer_agency",
				"k.agency as api_agency",
			])
			.where("cc.id", "=", childId)
			.executeTakeFirst();
		if (!child) throw new NotFound("Child");
		const described = readDescribed(child.described);
		return { ...child, described, birthDate: describedBirthDate(described) };
	}

	/** The likely people, through the person search (which logs each one listed as seen). */
	candidates(query: MatchQuery, actor: Principal, requestId: string): Promise<Matches> {
		return this.people.search(query, actor, requestId);
	}

	/** A live person by id, or null: the record just created to match this child. */
	person(id: unknown) {
		return this.people.brief(id);
	}

	/**
	 * Matches the child to a person in one transaction: the person is set, the child moves
	 * on to triage, and the history and access log record who did it. Refused, with
	 * nothing written, when the child is no longer waiting (naming who matched it), or the
	 * person is unknown, merged (naming the survivor) or already a child on this contact.
	 */
	async match(
		childId: string,
		personId: string,
		expectedVersion: number,
		acting: Acting & { userId: string },
		reason: string | null = null,
	) {
		if (!isUuid(childId)) throw new NotFound("Child");
		const at = this.now();
		const flow = await this.flow();
		return this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, childId);
			if (child.state !== "awaiting-match") {
				const matched = await this.matchedBy(trx, child.id);
				if (matched) throw new ChildChanged(matched.who, matched.at, "matched the child");
				// Withdrawn or otherwise moved on: transition() below refuses it with the reason.
			} else if (child.version === expectedVersion) {
				await this.checkPerson(trx, child, personId);
			}
			const differences = child.state === "awaiting-match" ? await this.differences(trx, child, personId) : [];
			const why = reason?.trim() || null;
			if (differences.length && !(why && isSentence(why))) {
				throw new MatchDiffers(await this.brief(trx, personId), differences, why !== null);
			}
			const { after } = await transition(trx, flow, at, {
				childId,
				event: { type: "match" },
				acting,
				expectedVersion,
				set: { person_id: personId },
				detail: differences.length ? { personId, differences, reason: why } : { personId },
			});
			return after;
		});
	}

	/** Who matched the child and when, if anyone has. */
	private async matchedBy(trx: Transaction<DB>, childId: string) {
		const row = await trx
			.selectFrom("contact_child_event as e")
			.leftJoin("app_user as u", "u.id", "e.by_user")
			.leftJoin("api_key as k", "k.id", "e.by_api_key")
			.select(["e.at", "u.display_name", "k.agency"])
			.where("e.contact_child_id", "=", childId)
			.where("e.event", "=", "match")
			.orderBy("e.id", "desc")
			.executeTakeFirst();
		return row ? { who: row.display_name ?? row.agency, at: row.at } : null;
	}

	private async checkPerson(trx: Transaction<DB>, child: { id: string; contact_id: string }, personId: string) {
		if (!isUuid(personId)) throw new StepInvalid({ personId: "Choose the person to match to this child" });
		// Shared lock: a merge of this record waits until the match is committed, and then moves it.
		const person = await trx
			.selectFrom("person")
			.select(["id", "la_person_id", "given_name", "family_name", "merged_into"])
			.where("id", "=", personId)
			.forShare()
			.executeTakeFirst();
		if (!person) {
			throw new StepInvalid({ personId: "The person chosen is not known: search again and choose from the results" });
		}
		if (person.merged_into) throw new PersonMerged(person, await this.survivor(trx, person.merged_into));
		const sibling = await trx
			.selectFrom("contact_child as cc")
			.innerJoin("contact as c", "c.id", "cc.contact_id")
			.select("c.reference")
			.where("cc.contact_id", "=", child.contact_id)
			.where("cc.person_id", "=", personId)
			.where("cc.id", "<>", child.id)
			.executeTakeFirst();
		if (sibling) {
			throw new StepInvalid({
				personId: `${person.given_name} ${person.family_name} (${person.la_person_id}) is already a child on contact ${sibling.reference}: choose another person, or withdraw this child as a duplicate`,
			});
		}
	}

	/** Where the agency's description and the person's record disagree markedly (see markedDifferences). */
	private async differences(trx: Transaction<DB>, child: { described: unknown }, personId: string) {
		if (!child.described || !isUuid(personId)) return [];
		const person = await trx
			.selectFrom("person")
			.select(["date_of_birth", "nhs_number", "given_name", "family_name"])
			.where("id", "=", personId)
			.executeTakeFirst();
		if (!person) return [];
		const others = await trx
			.selectFrom("person_name")
			.select(["given_name", "family_name"])
			.where("person_id", "=", personId)
			.execute();
		return markedDifferences(readDescribed(child.described), {
			names: [person, ...others].map((n) => ({ given: n.given_name, family: n.family_name })),
			dateOfBirth: person.date_of_birth,
			nhsNumber: person.nhs_number,
		});
	}

	private brief(trx: Transaction<DB>, personId: string): Promise<PersonBrief> {
		return trx
			.selectFrom("person")
			.select(["id", "la_person_id", "given_name", "family_name"])
			.where("id", "=", personId)
			.executeTakeFirstOrThrow();
	}

	/** The live record at the end of a chain of merges. */
	private async survivor(trx: Transaction<DB>, id: string): Promise<PersonBrief> {
		let current = id;
		// A chain longer than a few links would be a fault in the data, not a council's history.
		for (let hops = 0; hops < 10; hops++) {
			const row = await trx
				.selectFrom("person")
				.select(["id", "la_person_id", "given_name", "family_name", "merged_into"])
				.where("id", "=", current)
				.executeTakeFirstOrThrow();
			if (!row.merged_into) return row;
			current = row.merged_into;
		}
		throw new Error(`Person ${id} is at the end of a chain of more than 10 merges`);
	}
}
