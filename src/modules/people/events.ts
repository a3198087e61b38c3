import type { Kysely, Selectable } from "kysely";
import type { DB, PersonEvent as PersonEventRow } from "../../db/schema.ts";

// A person's history as the people module records it: what the timeline on their page
// reads (not the security log, which keeps no words and is not a record of the case).

export type PersonEvent = Selectable<PersonEventRow>["event"];

/** Records an event in a person's history, in the change's transaction. */
export async function recordPersonEvent(
	trx: Kysely<DB>,
	e: { personId: string; at: Date; byUser: string | null; event: PersonEvent; recordId: string | null },
) {
	await trx
		.insertInto("person_event")
		.values({ person_id: e.personId, at: e.at, by_user: e.byUser, event: e.event, record_id: e.recordId })
		.execute();
}
