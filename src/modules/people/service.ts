import type { Kysely, Transaction } from "kysely";
import { sql } from "kysely";
import type { DB } from "../../db/schema.ts";
import {
	ANCESTOR_KINDS,
	type DISABILITY,
	type ETHNICITY,
	type GENDER,
	type RelationshipKind,
	type SEX,
	type UPN_UNKNOWN,
} from "../../domain/people/codes.ts";
import type { MatchQuery } from "../../domain/people/match-score.ts";
import { canonicalGivenName, foldName } from "../../domain/people/names.ts";
import type { AccessLog } from "../../platform/access-log.ts";
import { NotFound, StaleEdit } from "../../platform/errors.ts";
import type { PersonSection } from "../../platform/modules.ts";
import type { RecordAccess, Refusal } from "../../platform/record-access.ts";
import { isUuid } from "../../platform/requests.ts";
import type { Principal } from "../../platform/sessions.ts";
import { type PersonEvent, recordPersonEvent } from "./events.ts";
import { recordsOf } from "./merge.ts";
import * as repo from "./repo.ts";
import { findMatches, type Matches, type PersonMatch } from "./search.ts";

export interface PersonDetails {
	givenName: string;
	middleNames: string | null;
	familyName: string;
	sex: keyof typeof SEX;
	gender: keyof typeof GENDER | null;
	genderDescription: string | null;
	dateOfBirth: string | null;
	expectedBirthDate: string | null;
	deathDate: string | null;
	ethnicity: keyof typeof ETHNICITY;
	nhsNumber: string | null;
	upn: string | null;
	formerUpn: string | null;
	upnUnknown: keyof typeof UPN_UNKNOWN | null;
	firstLanguage: string | null;
	immigrationStatus: string | null;
	nationality: string | null;
	councilHasParentalResponsibility: boolean;
	disabilities: (keyof typeof DISABILITY)[];
}

export interface AddressInput {
	lines: { HOUSE?: string; STREET?: string; TOWN?: string };
	postcode: string | null;
	noFixedAbode: boolean;
	abroad: boolean;
	startDate: string | null;
}

export interface RelationshipInput {
	/** This person is the <kind> of the other, or the other is the <kind> of this person. */
	kind: RelationshipKind;
	otherPersonId: string;
	direction: "person-is" | "other-is";
	parentalResponsibility: boolean;
	startDate: string | null;
}

export class RelationshipRefused extends Error {}

const toColumns = (d: PersonDetails) => ({
	given_name: d.givenName,
	middle_names: d.middleNames,
	family_name: d.familyName,
	sex: d.sex,
	gender: d.gender,
	gender_description: d.genderDescription,
	date_of_birth: d.dateOfBirth,
	expected_birth_date: d.expectedBirthDate,
	death_date: d.deathDate,
	ethnicity: d.ethnicity,
	nhs_number: d.nhsNumber,
	upn: d.upn,
	former_upn: d.formerUpn,
	upn_unknown: d.upnUnknown,
	first_language: d.firstLanguage,
	immigration_status: d.immigrationStatus,
	nationality: d.nationality,
	council_has_parental_responsibility: d.councilHasParentalResponsibility,
});

export function nameRow(
	personId: string,
	kind: "current" | "previous" | "alias" | "birth",
	given: string,
	family: string,
) {
	const givenNorm = foldName(given);
	return {
		person_id: personId,
		kind,
		given_name: given,
		family_name: family,
		given_norm: givenNorm,
		family_norm: foldName(family),
		given_canonical: canonicalGivenName(givenNorm),
	};
}

const TIMELINE_WORDS: Record<PersonEvent, string> = {
	created: "Record created",
	"details-changed": "Personal details changed",
	"name-added": "Name added",
	"address-added": "Address added",
	"relationship-added": "Relationship recorded",
	"professional-added": "Professional added",
	merged: "Records merged",
	"merge-undone": "Merge undone",
};

// The domain event each change to a person's record is, for their timeline.
const EVENT_OF: Record<string, PersonEvent> = {
	"create person": "created",
	"update person": "details-changed",
	"create person-name": "name-added",
	"create person-address": "address-added",
	"create relationship": "relationship-added",
	"create person-professional": "professional-added",
};

/** A search result for a record the user may not open: that it exists, and nothing about who. */
const withheld = (r: PersonMatch, why: Refusal["why"]): PersonMatch => ({
	...r,
	givenName: why === "restricted" ? "Restricted" : "Not in your",
	familyName: why === "restricted" ? "record" : "work",
	dateOfBirth: null,
	expectedBirthDate: null,
	postcode: null,
	reasons: [
		why === "restricted"
			? "Restricted: open it to ask, or to give a reason"
			: "Not a child your role's work includes: open it to give a reason",
	],
	restricted: true,
});

/** People: records, their history, relationships. Every change is logged with before and after. */
export class PeopleService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
		private readonly recordAccess: RecordAccess,
		private readonly personSections: readonly PersonSection[],
	) {}

	/**
	 * Finds people; every person listed is logged as seen by this user, as is an empty
	 * search. A restricted record the user may not open is listed as existing, without
	 * its details (ADR 21).
	 */
	async search(query: MatchQuery, actor: Principal, requestId: string): Promise<Matches> {
		const matches = await findMatches(this.db, query, this.now());
		const found = matches.results;
		// A reader who opens every record is refused only restricted ones, which the search
		// marked: most searches then need no second question to the database.
		const ask = (await this.recordAccess.scopeOf(actor)) === "all" ? found.filter((r) => r.underRestriction) : found;
		const closed = new Map(
			(ask.length
				? await this.recordAccess.refused(
						actor,
						ask.map((r) => r.personId),
					)
				: []
			).map((r) => [r.personId, r.why]),
		);
		const results = found.map((r) => {
			const why = closed.get(r.personId);
			return why ? withheld(r, why) : r;
		});
		const entry = { userId: actor.id, role: actor.roles.join(","), action: "search" as const, requestId };
		if (results.length === 0) this.accessLog.view({ ...entry, recordType: "person-search", detail: { results: 0 } });
		results.forEach((r, i) => {
			this.accessLog.view({
				...entry,
				recordType: "person",
				recordId: r.personId,
				personId: r.personId,
				detail: { rank: i + 1 },
			});
		});
		// Why the first is first speaks of the first two; a record withheld from this user says nothing.
		const speaksOfWithheld = found.slice(0, 2).some((r) => closed.has(r.personId));
		return { ...matches, results, whyFirst: speaksOfWithheld ? null : matches.whyFirst };
	}

	/** What happened to this record, newest first, including records merged into it. Later modules add to it. */
	async timeline(id: string) {
		const rows = await this.db
			.selectFrom("person_event as e")
			.leftJoin("app_user as u", "u.id", "e.by_user")
			.select(["e.at", "e.event", "u.display_name"])
			.where("e.person_id", "in", await recordsOf(this.db, id))
			.orderBy("e.at", "desc")
			.orderBy("e.id", "desc")
			.limit(100)
			.execute();
		return rows.map((r) => ({ at: r.at, who: r.display_name ?? "Partner agency", what: TIMELINE_WORDS[r.event] }));
	}

	/**
	 * What other modules add to the person's page (ADR 38), each with its template; those with
	 * nothing to show are left off. Called only by a page whose access check has passed.
	 */
	async sections(id: string): Promise<{ template: string; data: object }[]> {
		const read = await Promise.all(this.personSections.map(async (s) => ({ ...s, data: await s.read(this.db, id) })));
		return read.flatMap(({ template, data }) => (data ? [{ template, data }] : []));
	}

	/** Name and number of a live person, or null: for "relate X to Y" prompts. */
	async brief(id: unknown) {
		if (typeof id !== "string" || !isUuid(id)) return null;
		return (
			(await this.db
				.selectFrom("person")
				.select(["id", "given_name", "family_name", "la_person_id"])
				.where("id", "=", id)
				.where("merged_into", "is", null)
				.executeTakeFirst()) ?? null
		);
	}

	async record(id: string, db: Kysely<DB> = this.db) {
		if (!isUuid(id)) throw new NotFound("Person");
		const person = await repo.findPerson(db, id);
		if (!person) throw new NotFound("Person");
		const [names, addresses, disabilities, relationships, professionals, merges] = await Promise.all([
			repo.namesOf(db, id),
			repo.addressesOf(db, id),
			repo.disabilitiesOf(db, id),
			repo.relationshipsOf(db, id),
			repo.professionalsOf(db, id),
			this.mergesOf(db, id),
		]);
		return { person, names, addresses, disabilities, relationships, professionals, merges };
	}

	private mergesOf(db: Kysely<DB>, id: string) {
		return db
			.selectFrom("person_merge as m")
			.innerJoin("app_user as u", "u.id", "m.decided_by")
			.innerJoin("person as s", "s.id", "m.survivor_id")
			.innerJoin("person as d", "d.id", "m.merged_id")
			.select([
				"m.id",
				"m.survivor_id",
				"m.merged_id",
				"m.reason",
				"m.decided_at",
				"m.undone_at",
				"u.display_name as decided_by_name",
				"s.la_person_id as survivor_number",
				"d.la_person_id as merged_number",
			])
			.where((eb) => eb.or([eb("m.survivor_id", "=", id), eb("m.merged_id", "=", id)]))
			.orderBy("m.decided_at", "desc")
			.execute();
	}

	async create(details: PersonDetails, address: AddressInput | null, actor: Principal, requestId: string) {
		return this.db.transaction().execute(async (trx) => {
			const now = this.now();
			const { id, la_person_id } = await trx
				.insertInto("person")
				.values({ ...toColumns(details), created_at: now, created_by: actor.id, updated_at: now, updated_by: actor.id })
				.returning(["id", "la_person_id"])
				.executeTakeFirstOrThrow();
			await trx
				.insertInto("person_name")
				.values({
					...nameRow(id, "current", details.givenName, details.familyName),
					recorded_at: now,
					recorded_by: actor.id,
				})
				.execute();
			await this.writeDisabilities(trx, id, details.disabilities);
			if (address) await this.insertAddress(trx, id, address, actor);
			await this.logChange(trx, actor, requestId, "create", "person", id, id, null, { ...details, address });
			return { id, laPersonId: la_person_id };
		});
	}

	/** Saves the core details if nobody saved since `version`; a changed name keeps the old one as previous. */
	async update(id: string, version: number, details: PersonDetails, actor: Principal, requestId: string) {
		await this.db.transaction().execute(async (trx) => {
			const before = await this.record(id, trx);
			if (before.person.merged_into) throw new NotFound("Person");
			const now = this.now();
			const result = await trx
				.updateTable("person")
				.set({ ...toColumns(details), version: sql`version + 1`, updated_at: now, updated_by: actor.id })
				.where("id", "=", id)
				.where("version", "=", version)
				.executeTakeFirst();
			if (Number(result.numUpdatedRows) === 0) {
				throw new StaleEdit(before.person.updated_by_name ?? "someone else", before.person.updated_at);
			}
			const renamed =
				before.person.given_name !== details.givenName || before.person.family_name !== details.familyName;
			if (renamed) {
				await trx
					.updateTable("person_name")
					.set({ kind: "previous" })
					.where("person_id", "=", id)
					.where("kind", "=", "current")
					.execute();
				await trx
					.insertInto("person_name")
					.values({
						...nameRow(id, "current", details.givenName, details.familyName),
						recorded_at: now,
						recorded_by: actor.id,
					})
					.execute();
			}
			await this.writeDisabilities(trx, id, details.disabilities);
			await this.logChange(
				trx,
				actor,
				requestId,
				"update",
				"person",
				id,
				id,
				detailsOf(before.person, before.disabilities),
				details,
			);
		});
	}

	async addName(
		id: string,
		kind: "previous" | "alias" | "birth",
		given: string,
		family: string,
		actor: Principal,
		requestId: string,
	) {
		await this.db.transaction().execute(async (trx) => {
			await this.assertLive(trx, id);
			const row = nameRow(id, kind, given, family);
			await trx
				.insertInto("person_name")
				.values({ ...row, recorded_at: this.now(), recorded_by: actor.id })
				.execute();
			await this.logChange(trx, actor, requestId, "create", "person-name", id, id, null, { kind, given, family });
		});
	}

	async addAddress(id: string, address: AddressInput, actor: Principal, requestId: string) {
		await this.db.transaction().execute(async (trx) => {
			await this.assertLive(trx, id);
			// Moving house ends the current address the day the new one starts.
			const ended = address.startDate ?? this.now().toISOString().slice(0, 10);
			await trx
				.updateTable("person_address")
				.set({ end_date: ended })
				.where("person_id", "=", id)
				.where("end_date", "is", null)
				.execute();
			await this.insertAddress(trx, id, address, actor);
			await this.logChange(trx, actor, requestId, "create", "person-address", id, id, null, address);
		});
	}

	async addRelationship(id: string, input: RelationshipInput, actor: Principal, requestId: string) {
		if (!isUuid(input.otherPersonId) || input.otherPersonId === id) {
			throw new RelationshipRefused("A person cannot be related to themselves");
		}
		await this.db.transaction().execute(async (trx) => {
			await this.assertLive(trx, id);
			await this.assertLive(trx, input.otherPersonId);
			const [from, to] = input.direction === "person-is" ? [id, input.otherPersonId] : [input.otherPersonId, id];
			if (ANCESTOR_KINDS.includes(input.kind) && (await repo.wouldCreateAncestorCycle(trx, from, to))) {
				throw new RelationshipRefused("This would make someone their own parent or grandparent");
			}
			const { id: relationshipId } = await trx
				.insertInto("relationship")
				.values({
					person_id: from,
					related_person_id: to,
					kind: input.kind,
					parental_responsibility: input.parentalResponsibility,
					start_date: input.startDate,
					recorded_at: this.now(),
					recorded_by: actor.id,
				})
				.returning("id")
				.executeTakeFirstOrThrow();
			const after = { from, to, kind: input.kind, parentalResponsibility: input.parentalResponsibility };
			// Logged against both people, so each one's history shows it.
			await this.logChange(trx, actor, requestId, "create", "relationship", relationshipId, from, null, after);
			await this.logChange(trx, actor, requestId, "create", "relationship", relationshipId, to, null, after);
		});
	}

	async addProfessional(
		id: string,
		input: { name: string; role: string; agency: string | null; phone: string | null; email: string | null },
		actor: Principal,
		requestId: string,
	) {
		await this.db.transaction().execute(async (trx) => {
			await this.assertLive(trx, id);
			const { id: rowId } = await trx
				.insertInto("person_professional")
				.values({ person_id: id, ...input, recorded_at: this.now(), recorded_by: actor.id })
				.returning("id")
				.executeTakeFirstOrThrow();
			await this.logChange(trx, actor, requestId, "create", "person-professional", rowId, id, null, input);
		});
	}

	async byNumber(laPersonId: string) {
		return this.db
			.selectFrom("person")
			.select(["id", "merged_into"])
			.where("la_person_id", "=", laPersonId)
			.executeTakeFirst();
	}

	private async assertLive(trx: Kysely<DB>, id: string) {
		if (!isUuid(id)) throw new NotFound("Person");
		const row = await trx.selectFrom("person").select(["merged_into"]).where("id", "=", id).executeTakeFirst();
		if (!row || row.merged_into) throw new NotFound("Person");
	}

	private async insertAddress(trx: Kysely<DB>, personId: string, a: AddressInput, actor: Principal) {
		await trx
			.insertInto("person_address")
			.values({
				person_id: personId,
				lines: JSON.stringify(a.lines),
				postcode: a.postcode,
				no_fixed_abode: a.noFixedAbode,
				abroad: a.abroad,
				start_date: a.startDate,
				recorded_at: this.now(),
				recorded_by: actor.id,
			})
			.execute();
	}

	private async writeDisabilities(trx: Kysely<DB>, personId: string, codes: PersonDetails["disabilities"]) {
		await trx.deleteFrom("person_disability").where("person_id", "=", personId).execute();
		if (codes.length) {
			await trx
				.insertInto("person_disability")
				.values(codes.map((code) => ({ person_id: personId, code })))
				.execute();
		}
	}

	private async logChange(
		trx: Transaction<DB> | Kysely<DB>,
		actor: Principal,
		requestId: string,
		action: "create" | "update",
		recordType: string,
		recordId: string,
		personId: string,
		before: unknown,
		after: unknown,
	) {
		const event = EVENT_OF[`${action} ${recordType}`];
		if (event) {
			await recordPersonEvent(trx, { personId, at: this.now(), byUser: actor.id, event, recordId });
		}
		await this.accessLog.change(trx, {
			userId: actor.id,
			role: actor.roles.join(","),
			action,
			recordType,
			recordId,
			personId,
			requestId,
			before,
			after,
		});
	}
}

export function detailsOf(p: repo.PersonRow, disabilities: PersonDetails["disabilities"]): PersonDetails {
	return {
		givenName: p.given_name,
		middleNames: p.middle_names,
		familyName: p.family_name,
		sex: p.sex,
		gender: p.gender,
		genderDescription: p.gender_description,
		dateOfBirth: p.date_of_birth,
		expectedBirthDate: p.expected_birth_date,
		deathDate: p.death_date,
		ethnicity: p.ethnicity,
		nhsNumber: p.nhs_number,
		upn: p.upn,
		formerUpn: p.former_upn,
		upnUnknown: p.upn_unknown,
		firstLanguage: p.first_language,
		immigrationStatus: p.immigration_status,
		nationality: p.nationality,
		councilHasParentalResponsibility: p.council_has_parental_responsibility,
		disabilities,
	};
}
