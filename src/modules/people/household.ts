import type { Kysely } from "kysely";
import type { DB } from "../../db/schema.ts";
import { RELATIONSHIP } from "../../domain/people/codes.ts";
import { relationshipsOf } from "./repo.ts";

/** A person linked to another as family or household, and what they are to them ("Sibling", "Parent"). */
export interface HouseholdMember {
	personId: string;
	relation: string;
}

/**
 * The people recorded as family or household of this person, each once, with what they are
 * to them, ended relationships included: what happened in a household the person has
 * left can still bear on them (a domestic-abuse notification about a former partner).
 */
export async function familyAndHousehold(db: Kysely<DB>, personId: string): Promise<HouseholdMember[]> {
	const rows = await relationshipsOf(db, personId);
	const seen = new Map<string, HouseholdMember>();
	for (const r of rows) {
		if (seen.has(r.other_id)) continue;
		const kind = RELATIONSHIP[r.kind as keyof typeof RELATIONSHIP];
		seen.set(r.other_id, { personId: r.other_id, relation: r.other_is_subject ? kind.label : kind.inverse });
	}
	return [...seen.values()];
}
