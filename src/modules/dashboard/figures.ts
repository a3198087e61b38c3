import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../db/schema.ts";

// The front door's performance figures, as SQL a performance analyst can read. Period
// figures are counted by the month (England's time) their event happened in; the same
// queries give one period's totals or a row per month.

export interface Range {
	from: Date;
	to: Date;
}

const month = (column: RawBuilder<unknown>) =>
	sql<string>`to_char(date_trunc('month', ${column} AT TIME ZONE 'Europe/London'), 'YYYY-MM')`;

type Row = Record<string, number | string | null>;

async function grouped(
	db: Kysely<DB>,
	byMonth: boolean,
	time: RawBuilder<unknown>,
	body: (bucket: RawBuilder<string>) => RawBuilder<Row>,
): Promise<Map<string, Row>> {
	const bucket = byMonth ? month(time) : sql<string>`'all'`;
	const { rows } = await body(bucket).execute(db);
	const out = new Map<string, Row>();
	for (const r of rows) {
		const { bucket: key, ...rest } = r as Row & { bucket: string };
		out.set(key, Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v === null ? null : Number(v)])) as Row);
	}
	return out;
}

/**
 * Every period figure for [from, to), in total or by month. Each query is one pass over an
 * indexed range. A notification is late after `lateHours` (the council's `da-notification-late`).
 */
export async function periodFigures(db: Kysely<DB>, range: Range, byMonth: boolean, lateHours: number) {
	const { from, to } = range;
	const [children, referrals, sharing, da, decisions, signOffs, earlyHelp] = await Promise.all([
		grouped(
			db,
			byMonth,
			sql`cc.received_at`,
			(b) =>
				sql<Row>`
				SELECT ${b} AS bucket, count(*) AS children
				  FROM contact_child cc
				 WHERE cc.received_at >= ${from} AND cc.received_at < ${to}
				   AND cc.state <> 'entered-in-error'
				 GROUP BY 1`,
		),
		grouped(
			db,
			byMonth,
			sql`r.referral_date`,
			(b) =>
				sql<Row>`
				SELECT ${b} AS bucket, count(*) AS referrals,
				       count(*) FILTER (WHERE r.re_referral) AS re_referrals,
				       count(*) FILTER (WHERE r.step_up_from_transfer_id IS NOT NULL) AS step_ups
				  FROM referral r
				 WHERE r.referral_date >= ${from} AND r.referral_date < ${to}
				 GROUP BY 1`,
		),
		grouped(
			db,
			byMonth,
			sql`s.recorded_at`,
			(b) =>
				sql<Row>`
				SELECT ${b} AS bucket, count(*) AS shared_without_agreement,
				       count(*) FILTER (WHERE coalesce(btrim(s.rationale), '') = '' OR s.authorised_by IS NULL) AS without_rationale
				  FROM information_sharing s
				 WHERE s.information_shared AND s.agreement <> 'sought-given'
				   AND s.recorded_at >= ${from} AND s.recorded_at < ${to}
				 GROUP BY 1`,
		),
		grouped(
			db,
			byMonth,
			sql`c.received_at`,
			(b) =>
				sql<Row>`
				SELECT ${b} AS bucket, count(*) AS da_notifications,
				       count(*) FILTER (WHERE c.received_at - c.incident_at > make_interval(hours => ${lateHours}::int)) AS da_late,
				       count(*) FILTER (WHERE c.risk_tool IS NULL) AS da_no_risk_assessment,
				       percentile_cont(0.5) WITHIN GROUP (
				         ORDER BY extract(epoch FROM c.received_at - c.incident_at) / 3600
				       ) AS da_median_delay_hours
				  FROM contact c
				 WHERE c.kind = 'da-notification' AND c.received_at >= ${from} AND c.received_at < ${to}
				 GROUP BY 1`,
		),
		grouped(
			db,
			byMonth,
			sql`d.decided_at`,
			(b) =>
				sql<Row>`
				SELECT ${b} AS bucket, count(*) AS decisions,
				       count(*) FILTER (WHERE d.decided_at <= cc.decision_due_at) AS decisions_in_time
				  FROM decision d JOIN contact_child cc ON cc.id = d.contact_child_id
				 WHERE d.decided_at >= ${from} AND d.decided_at < ${to}
				 GROUP BY 1`,
		),
		grouped(
			db,
			byMonth,
			sql`d.signed_off_at`,
			(b) =>
				sql<Row>`
				SELECT ${b} AS bucket, count(*) AS sign_offs,
				       count(*) FILTER (WHERE d.signed_off_at <= d.sign_off_due_at) AS sign_offs_in_time
				  FROM decision d
				 WHERE d.signed_off_at >= ${from} AND d.signed_off_at < ${to}
				 GROUP BY 1`,
		),
		grouped(
			db,
			byMonth,
			sql`t.responded_at`,
			(b) =>
				sql<Row>`
				SELECT ${b} AS bucket, count(*) AS early_help_accepted,
				       count(*) FILTER (WHERE t.first_contact_at IS NULL) AS early_help_not_contacted,
				       percentile_cont(0.5) WITHIN GROUP (
				         ORDER BY extract(epoch FROM t.first_contact_at - d.decided_at) / 86400.0
				       ) AS early_help_median_days
				  FROM transfer t JOIN decision d ON d.id = t.decision_id
				 WHERE t.kind = 'early-help' AND t.accepted
				   AND t.responded_at >= ${from} AND t.responded_at < ${to}
				 GROUP BY 1`,
		),
	]);
	const keys = new Set(
		[children, referrals, sharing, da, decisions, signOffs, earlyHelp].flatMap((m) => [...m.keys()]),
	);
	const rows = [...keys].sort().map((key) => {
		const r = {
			...children.get(key),
			...referrals.get(key),
			...sharing.get(key),
			...da.get(key),
			...decisions.get(key),
			...signOffs.get(key),
			...earlyHelp.get(key),
		};
		const n = (k: string) => Number(r[k] ?? 0);
		return {
			month: key,
			children: n("children"),
			referrals: n("referrals"),
			conversion: rate(n("referrals"), n("children")),
			reReferrals: n("re_referrals"),
			reReferralRate: rate(n("re_referrals"), n("referrals")),
			stepUps: n("step_ups"),
			sharedWithoutAgreement: n("shared_without_agreement"),
			withoutRationale: n("without_rationale"),
			daNotifications: n("da_notifications"),
			daLate: n("da_late"),
			daNoRiskAssessment: n("da_no_risk_assessment"),
			daMedianDelayHours: r.da_median_delay_hours === undefined ? null : (r.da_median_delay_hours as number | null),
			decisions: n("decisions"),
			decisionsInTime: rate(n("decisions_in_time"), n("decisions")),
			signOffs: n("sign_offs"),
			signOffsInTime: rate(n("sign_offs_in_time"), n("sign_offs")),
			earlyHelpAccepted: n("early_help_accepted"),
			earlyHelpNotContacted: n("early_help_not_contacted"),
			earlyHelpMedianDays: r.early_help_median_days === undefined ? null : (r.early_help_median_days as number | null),
		};
	});
	return rows;
}

export type PeriodFigures = Awaited<ReturnType<typeof periodFigures>>[number];

function rate(part: number, whole: number): number | null {
	return whole === 0 ? null : part / whole;
}

/** What is true right now: the queues and what is owed. */
export async function liveFigures(
	db: Kysely<DB>,
	now: Date,
	todayStart: Date,
	weekStart: Date,
	weekEnd: Date,
	yesterdayStart: Date,
) {
	const { rows } = await sql<Row>`
		SELECT
		  (SELECT count(*) FROM contact_child WHERE state = 'awaiting-triage') AS awaiting_triage,
		  (SELECT min(received_at) FROM contact_child WHERE state = 'awaiting-triage') AS oldest_waiting,
		  (SELECT count(*) FROM contact_child WHERE state = 'awaiting-match') AS awaiting_match,
		  (SELECT count(*) FROM contact_child WHERE out_of_hours AND received_at >= ${yesterdayStart}) AS out_of_hours,
		  (SELECT count(*) FROM contact_child
		    WHERE state IN ('awaiting-triage', 'enquiries', 'awaiting-decision') AND decision_due_at < ${now}) AS decisions_overdue,
		  (SELECT count(*) FROM decision d JOIN contact_child cc ON cc.id = d.contact_child_id
		    WHERE d.signed_off_at IS NULL AND cc.state = 'awaiting-sign-off') AS awaiting_sign_off,
		  (SELECT count(*) FROM contact WHERE acknowledged_at IS NULL) AS acknowledgements_owed,
		  (SELECT count(*) FROM contact WHERE acknowledged_at IS NULL AND acknowledgement_due_at < ${now}) AS acknowledgements_overdue,
		  (SELECT count(*) FROM decision d JOIN contact_child cc ON cc.id = d.contact_child_id
		     LEFT JOIN feedback f ON f.contact_child_id = cc.id
		    WHERE d.signed_off_at IS NOT NULL AND f.contact_child_id IS NULL AND cc.source NOT IN ('9', '10')) AS feedback_owed`.execute(
		db,
	);
	const bySource = await sql<{ source: string; today: string; week: string }>`
		SELECT source, count(*) FILTER (WHERE received_at >= ${todayStart}) AS today, count(*) AS week
		  FROM contact_child
		 WHERE received_at >= ${weekStart} AND received_at < ${weekEnd} AND state <> 'entered-in-error'
		 GROUP BY source ORDER BY count(*) DESC`.execute(db);
	const r = rows[0];
	return {
		awaitingTriage: Number(r.awaiting_triage),
		oldestWaiting: r.oldest_waiting as unknown as Date | null,
		awaitingMatch: Number(r.awaiting_match),
		outOfHours: Number(r.out_of_hours),
		decisionsOverdue: Number(r.decisions_overdue),
		awaitingSignOff: Number(r.awaiting_sign_off),
		acknowledgementsOwed: Number(r.acknowledgements_owed),
		acknowledgementsOverdue: Number(r.acknowledgements_overdue),
		feedbackOwed: Number(r.feedback_owed),
		bySource: bySource.rows.map((s) => ({ source: s.source, today: Number(s.today), week: Number(s.week) })),
	};
}

export type LiveFigures = Awaited<ReturnType<typeof liveFigures>>;
