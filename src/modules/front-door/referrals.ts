import type { Transaction } from "kysely";
import { sql } from "kysely";
import type { DB } from "../../db/schema.ts";

/**
 * A referral, dated at the contact's receipt so conversion and re-referral rates mean
 * something. It is a re-referral when the child's previous referral (on any of their
 * records, after merges) was in the 12 months before.
 */
export async function recordReferral(
	trx: Transaction<DB>,
	args: { childId: string; personId: string; referralDate: Date; at: Date },
) {
	const previous = await trx
		.selectFrom("referral")
		.select(["id", "referral_date"])
		.where("person_id", "=", args.personId)
		.where("referral_date", "<", args.referralDate)
		.orderBy("referral_date", "desc")
		.limit(1)
		.executeTakeFirst();
	const withinYear = await sql<{ within: boolean }>`
		SELECT ${previous?.referral_date ?? null}::timestamptz >= ${args.referralDate}::timestamptz - interval '12 months' AS within`.execute(
		trx,
	);
	return trx
		.insertInto("referral")
		.values({
			contact_child_id: args.childId,
			person_id: args.personId,
			referral_date: args.referralDate,
			re_referral: Boolean(previous && withinYear.rows[0]?.within),
			previous_referral_id: previous?.id ?? null,
			created_at: args.at,
		})
		.onConflict((oc) => oc.column("contact_child_id").doNothing())
		.returningAll()
		.executeTakeFirst();
}
