import { type Kysely, type Selectable, sql } from "kysely";
import type { DB, Person, PersonDisability } from "../../db/schema.ts";

// The SQL for people. Services hold the transactions; these take whichever handle they get.

export type Handle = Kysely<DB>;

export type PersonRow = Selectable<Person> & { updated_by_name: string | null };

export function findPerson(db: Handle, id: string): Promise<PersonRow | undefined> {
	return db
		.selectFrom("person as p")
		.leftJoin("app_user as u", "u.id", "p.updated_by")
		.selectAll("p")
		.select("u.display_name as updated_by_name")
		.where("p.id", "=", id)
		.executeTakeFirst() as Promise<PersonRow | undefined>;
}

export function namesOf(db: Handle, personId: string) {
	return db
		.selectFrom("person_name")
		.select(["id", "kind", "given_name", "family_name", "recorded_at"])
		.where("person_id", "=", personId)
		.orderBy(sql`kind = 'current'`, "desc")
		.orderBy("recorded_at", "desc")
		.execute();
}

export function addressesOf(db: Handle, personId: string) {
	return db
		.selectFrom("person_address")
		.select(["id", "lines", "postcode", "no_fixed_abode", "abroad", "start_date", "end_date"])
		.where("person_id", "=", personId)
		.orderBy(sql`end_date IS NULL`, "desc")
		.orderBy("start_date", "desc")
		.execute();
}

export async function disabilitiesOf(db: Handle, personId: string): Promise<Selectable<PersonDisability>["code"][]> {
	const rows = await db.selectFrom("person_disability").select("code").where("person_id", "=", personId).execute();
	return rows.map((r) => r.code).sort();
}

/** Relationships seen from this person: both the rows they are the subject of and the inverse ones. */
export function relationshipsOf(db: Handle, personId: string) {
	const other = (side: "person_id" | "related_person_id") =>
		db
			.selectFrom("relationship as r")
			.innerJoin("person as o", "o.id", side === "person_id" ? "r.related_person_id" : "r.person_id")
			.select([
				"r.id",
				"r.kind",
				"r.parental_responsibility",
				"r.start_date",
				"r.end_date",
				"o.id as other_id",
				"o.given_name",
				"o.family_name",
				"o.date_of_birth",
				"o.la_person_id",
			])
			// true when the other person is the subject: "other is the <kind> of this person"
			.select(sql<boolean>`${side === "related_person_id"}`.as("other_is_subject"))
			.where(side === "person_id" ? "r.person_id" : "r.related_person_id", "=", personId);
	return other("person_id").unionAll(other("related_person_id")).execute();
}

export function professionalsOf(db: Handle, personId: string) {
	return db
		.selectFrom("person_professional")
		.select(["id", "name", "role", "agency", "phone", "email", "start_date", "end_date"])
		.where("person_id", "=", personId)
		.orderBy("recorded_at", "desc")
		.execute();
}

/** Would `parentId` becoming an ancestor of `childId` make someone their own ancestor? */
export async function wouldCreateAncestorCycle(db: Handle, ancestorId: string, childId: string): Promise<boolean> {
	const { rows } = await sql<{ found: boolean }>`
		WITH RECURSIVE descendants(id) AS (
			SELECT related_person_id FROM relationship
			 WHERE person_id = ${childId} AND kind IN ('parent', 'step-parent', 'grandparent') AND end_date IS NULL
			UNION
			SELECT r.related_person_id FROM relationship r JOIN descendants d ON r.person_id = d.id
			 WHERE r.kind IN ('parent', 'step-parent', 'grandparent') AND r.end_date IS NULL
		)
		SELECT EXISTS (SELECT 1 FROM descendants WHERE id = ${ancestorId}) OR ${ancestorId} = ${childId} AS found`.execute(
		db,
	);
	return rows[0]?.found ?? false;
}
