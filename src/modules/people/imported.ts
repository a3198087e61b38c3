import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import type { DB } from "../../db/schema.ts";
import type { ImportedPerson } from "../../domain/people/imported-person.ts";
import type { AccessLog } from "../../platform/access-log.ts";
import { nameRow } from "./service.ts";

export type { ImportedPerson };

/** Rows per statement: 15 columns a person stays far below PostgreSQL's 65,535 parameters. */
const PER_STATEMENT = 500;

/**
 * Makes people in the caller's transaction, a few statements for a whole batch rather than
 * five per person: each with their current name, the "created" event on their timeline and
 * a change in the access log, all made by `by` (the user the records came in for). Returns
 * the new ids in the order given.
 */
export async function createPeople(
	trx: Transaction<DB>,
	accessLog: AccessLog,
	people: readonly ImportedPerson[],
	by: { id: string; roles: readonly string[] },
	at: Date,
	requestId: string | null,
): Promise<string[]> {
	const ids = people.map(() => randomUUID());
	for (let i = 0; i < people.length; i += PER_STATEMENT) {
		const batch = people.slice(i, i + PER_STATEMENT);
		const batchIds = ids.slice(i, i + PER_STATEMENT);
		await trx
			.insertInto("person")
			.values(
				batch.map((p, j) => ({
					id: batchIds[j],
					given_name: p.givenName,
					family_name: p.familyName,
					sex: p.sex,
					date_of_birth: p.dateOfBirth,
					expected_birth_date: p.expectedBirthDate,
					death_date: p.deathDate,
					ethnicity: p.ethnicity,
					nhs_number: p.nhsNumber,
					upn: p.upn,
					upn_unknown: p.upnUnknown,
					nationality: p.nationality,
					created_at: at,
					created_by: by.id,
					updated_at: at,
					updated_by: by.id,
				})),
			)
			.execute();
		await trx
			.insertInto("person_name")
			.values(
				batch.map((p, j) => ({
					...nameRow(batchIds[j], "current", p.givenName, p.familyName),
					recorded_at: at,
					recorded_by: by.id,
				})),
			)
			.execute();
		await trx
			.insertInto("person_event")
			.values(batchIds.map((id) => ({ person_id: id, at, by_user: by.id, event: "created" as const, record_id: id })))
			.execute();
	}
	await accessLog.changes(
		trx,
		people.map((p, i) => ({
			userId: by.id,
			role: by.roles.join(","),
			action: "create" as const,
			recordType: "person",
			recordId: ids[i],
			personId: ids[i],
			requestId,
			before: null,
			after: p,
		})),
	);
	return ids;
}
