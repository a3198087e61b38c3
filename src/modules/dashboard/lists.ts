import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { DB } from "../../db/schema.ts";
import type { InScope } from "../../platform/record-access.ts";
import type { Range } from "./figures.ts";

// The children behind each figure: every number on the dashboard links to one of these.

export const LIST_LIMIT = 500;

function children(db: Kysely<DB>) {
	return db
		.selectFrom("contact_child as cc")
		.innerJoin("contact as c", "c.id", "cc.contact_id")
		.leftJoin("person as p", "p.id", "cc.person_id")
		.select([
			"cc.id",
			"cc.state",
			"cc.received_at",
			"cc.outcome",
			"cc.person_id",
			"c.reference",
			"p.given_name",
			"p.family_name",
			"p.la_person_id",
		]);
}

type Query = ReturnType<typeof children>;

interface ListArgs {
	range: Range;
	now: Date;
	source: string | null;
	/** The council's late-notification threshold (`da-notification-late`), in hours. */
	lateHours: number;
}

const inRange = (column: string, { range }: ListArgs) =>
	sql<boolean>`${sql.ref(column)} >= ${range.from} AND ${sql.ref(column)} < ${range.to}`;

/** Sharing recorded in the period where agreement was not given (and, if asked, no rationale or authoriser). */
function sharedWithoutAgreement(
	eb: ExpressionBuilder<DB & { cc: DB["contact_child"] }, "cc">,
	a: ListArgs,
	unexplained: boolean,
) {
	return eb
		.selectFrom("information_sharing as s")
		.select("s.id")
		.whereRef("s.contact_child_id", "=", "cc.id")
		.where("s.information_shared", "=", true)
		.where("s.agreement", "<>", "sought-given")
		.where(inRange("s.recorded_at", a))
		.$if(unexplained, (b) => b.where(sql<boolean>`(coalesce(btrim(s.rationale), '') = '' OR s.authorised_by IS NULL)`));
}

export const LISTS: Record<string, { title: string; period: boolean; query: (q: Query, a: ListArgs) => Query }> = {
	contacts: {
		title: "Children on contacts received",
		period: true,
		query: (q, a) =>
			q
				.where(inRange("cc.received_at", a))
				.where("cc.state", "<>", "entered-in-error")
				.$if(a.source !== null, (b) => b.where("cc.source", "=", a.source)),
	},
	"out-of-hours": {
		title: "Children on contacts received out of hours",
		period: true,
		query: (q, a) => q.where(inRange("cc.received_at", a)).where("cc.out_of_hours", "=", true),
	},
	"decisions-overdue": {
		title: "Decisions overdue",
		period: false,
		query: (q, a) =>
			q
				.where("cc.state", "in", ["awaiting-triage", "enquiries", "awaiting-decision"])
				.where("cc.decision_due_at", "<", a.now),
	},
	"acknowledgements-owed": {
		title: "Referrers not yet acknowledged",
		period: false,
		query: (q) => q.where("c.acknowledged_at", "is", null),
	},
	referrals: {
		title: "Referrals",
		period: true,
		query: (q, a) => q.innerJoin("referral as r", "r.contact_child_id", "cc.id").where(inRange("r.referral_date", a)),
	},
	"re-referrals": {
		title: "Re-referrals (within 12 months of the previous referral)",
		period: true,
		query: (q, a) =>
			q
				.innerJoin("referral as r", "r.contact_child_id", "cc.id")
				.where(inRange("r.referral_date", a))
				.where("r.re_referral", "=", true),
	},
	"step-ups": {
		title: "Stepped up within 3 months of a step-down",
		period: true,
		query: (q, a) =>
			q
				.innerJoin("referral as r", "r.contact_child_id", "cc.id")
				.where(inRange("r.referral_date", a))
				.where("r.step_up_from_transfer_id", "is not", null),
	},
	// Oversight at every exit: children who left without the usual decision and sign-off,
	// or to somewhere the front door does not follow up.
	"side-exits": {
		title: "Children who left the front door by a side route",
		period: true,
		query: (q, a) =>
			q
				.where(inRange("cc.closed_at", a))
				.where((eb) =>
					eb.or([
						eb("cc.state", "in", ["duplicate", "entered-in-error"]),
						eb("cc.outcome", "in", ["other-council", "allocated-worker"]),
						eb.exists(
							eb
								.selectFrom("strategy_discussion as sd")
								.select("sd.id")
								.whereRef("sd.contact_child_id", "=", "cc.id")
								.where("sd.next_step", "=", "nfa"),
						),
					]),
				),
	},
	"shared-without-agreement": {
		title: "Information shared without agreement",
		period: true,
		query: (q, a) => q.where((eb) => eb.exists(sharedWithoutAgreement(eb, a, false))),
	},
	"without-rationale": {
		title: "Information shared without agreement and without a rationale",
		period: true,
		query: (q, a) => q.where((eb) => eb.exists(sharedWithoutAgreement(eb, a, true))),
	},
	"da-late": {
		title: "Domestic-abuse notifications received more than the council's threshold after the incident",
		period: true,
		query: (q, a) =>
			q
				.where("c.kind", "=", "da-notification")
				.where(inRange("c.received_at", a))
				.where(sql<boolean>`c.received_at - c.incident_at > make_interval(hours => ${a.lateHours}::int)`),
	},
	"da-no-risk-assessment": {
		title: "Domestic-abuse notifications without a risk assessment",
		period: true,
		query: (q, a) =>
			q.where("c.kind", "=", "da-notification").where(inRange("c.received_at", a)).where("c.risk_tool", "is", null),
	},
	"decisions-late": {
		title: "Decisions taken after the 1 working day",
		period: true,
		query: (q, a) =>
			q
				.innerJoin("decision as d", "d.contact_child_id", "cc.id")
				.where(inRange("d.decided_at", a))
				.where(sql<boolean>`d.decided_at > cc.decision_due_at`),
	},
	"sign-offs-late": {
		title: "Decisions signed off after the expected time",
		period: true,
		query: (q, a) =>
			q
				.innerJoin("decision as d", "d.contact_child_id", "cc.id")
				.where(inRange("d.signed_off_at", a))
				.where(sql<boolean>`d.signed_off_at > d.sign_off_due_at`),
	},
	"early-help-not-contacted": {
		title: "Accepted by early help, family not yet contacted",
		period: true,
		query: (q, a) =>
			q
				.innerJoin("transfer as t", "t.contact_child_id", "cc.id")
				.where("t.kind", "=", "early-help")
				.where("t.accepted", "=", true)
				.where("t.first_contact_at", "is", null)
				.where(inRange("t.responded_at", a)),
	},
};

export function listChildren(db: Kysely<DB>, id: string, args: ListArgs, inScope: InScope | null) {
	const list = LISTS[id];
	return list
		.query(children(db), args)
		.$if(inScope !== null, (b) => b.where(inScope!(sql.ref("cc.person_id"))))
		.orderBy("cc.received_at", "desc")
		.limit(LIST_LIMIT + 1)
		.execute();
}
