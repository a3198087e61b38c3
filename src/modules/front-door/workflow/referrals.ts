import type { Transaction } from "kysely";
import { sql } from "kysely";
import type { DB } from "../../../db/schema.ts";

/**
 * A referral, dated at the contact's receipt so conversion and re-referral rates mean
 * something. It is a re-referral when the child's previous referral (on any of their
 * records, after merges) was in the 12 months before, and a step-up when the front door
 * stepped the child down to early help in the 3 months before this worry arrived (and
 * early help did not turn them away): both are measured to the receipt, not to the day
 * the front door decided.
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
	// The window runs from the step-down decision, not from early help's acceptance: a
	// worry that comes back while early help has yet to answer is a step-up too, unless
	// early help turned the child away.
	const stepDown = await trx
		.selectFrom("transfer as t")
		.innerJoin("contact_child as cc", "cc.id", "t.contact_child_id")
		.innerJoin("decision as d", "d.id", "t.decision_id")
		.select("t.id")
		.where("cc.person_id", "=", args.personId)
		.where("t.kind", "=", "early-help")
		.where((eb) => eb.or([eb("t.accepted", "=", true), eb("t.accepted", "is", null)]))
		.where("d.decided_at", "<=", args.referralDate)
		.where("d.decided_at", ">=", sql<Date>`${args.referralDate}::timestamptz - interval '3 months'`)
		.orderBy("d.decided_at", "desc")
		.executeTakeFirst();
	return trx
		.insertInto("referral")
		.values({
			contact_child_id: args.childId,
			person_id: args.personId,
			referral_date: args.referralDate,
			re_referral: Boolean(previous && withinYear.rows[0]?.within),
			previous_referral_id: previous?.id ?? null,
			step_up_from_transfer_id: stepDown?.id ?? null,
			created_at: args.at,
		})
		.onConflict((oc) => oc.column("contact_child_id").doNothing())
		.returningAll()
		.executeTakeFirst();
}
