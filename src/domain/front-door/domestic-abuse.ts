import type { WorkingCalendar } from "../calendar/working-calendar.ts";
import { dueAt, type Timescale } from "../clocks/timescales.ts";
import { DA_RISK_LEVEL, type DaRiskLevel, type DaRiskTool } from "./codes.ts";

// A police domestic-abuse notification as the front door weighs it (ADR 26): how long it
// took to arrive, how risky the police judged it, and which of the domestic-abuse
// factors it speaks to before the manager says more.

/** What the police said about the risk. A MARAC referral is not recorded yet: when it is, it counts as high risk. */
export interface NotificationRisk {
	riskTool: DaRiskTool | null;
	riskLevel: DaRiskLevel | null;
	maracReferral?: boolean;
}

/** A high-risk DASH or DARA assessment, or a MARAC referral: the child's rating and urgency must answer it. */
export function isHighRisk(n: NotificationRisk): boolean {
	return n.riskLevel === "high" || n.maracReferral === true;
}

/** Why the notification is high risk, in the words a message starts with; null when it is not. */
export function highRiskBecause(n: NotificationRisk): string | null {
	if (n.riskLevel === "high") return `The police assessed the risk as high (${n.riskTool ?? "risk assessment"})`;
	if (n.maracReferral) return "The police referred the victim to MARAC";
	return null;
}

/** The risk assessment as the contact's page shows it: "DASH: High", or "None received". */
export function riskAssessmentText(n: NotificationRisk): string {
	if (!n.riskLevel) return "None received";
	return n.riskTool ? `${n.riskTool}: ${DA_RISK_LEVEL[n.riskLevel]}` : DA_RISK_LEVEL[n.riskLevel];
}

export interface NotificationDelay {
	/** Whole minutes from the incident to receipt. */
	minutes: number;
	/** Received after the council's `da-notification-late` timescale ran out. */
	late: boolean;
	/** The delay in clock hours: "26 hours 30 minutes", "45 minutes". */
	text: string;
	/** The council's threshold as the pages show it: "24 hours". */
	threshold: string;
}

const hours = (n: number) => `${n} ${n === 1 ? "hour" : "hours"}`;
const minutes = (n: number) => `${n} ${n === 1 ? "minute" : "minutes"}`;

/**
 * From the incident to the front door receiving the notification, in clock hours, and
 * whether that is later than the council's `da-notification-late` timescale allows (the
 * same test the partner API warns by and the dashboard counts by).
 */
export function notificationDelay(
	incidentAt: Date,
	receivedAt: Date,
	lateAfter: Pick<Timescale, "unit" | "amount">,
	calendar: WorkingCalendar,
): NotificationDelay {
	const total = Math.max(0, Math.floor((receivedAt.getTime() - incidentAt.getTime()) / 60_000));
	const h = Math.floor(total / 60);
	const m = total % 60;
	const text = h === 0 ? minutes(m) : m === 0 ? hours(h) : `${hours(h)} ${minutes(m)}`;
	const unit = lateAfter.unit === "clock-hours" ? "" : ` (${lateAfter.unit.replace(/-/g, " ")})`;
	return {
		minutes: total,
		late: receivedAt > dueAt(lateAfter, incidentAt, calendar),
		text,
		threshold: lateAfter.unit === "clock-hours" ? hours(lateAfter.amount) : `${lateAfter.amount}${unit}`,
	};
}

/**
 * The domestic-abuse factors a police notification speaks to, pre-selected as present on
 * the triage form for the manager to confirm or change: abuse of a parent or carer (3B,
 * the notification is of an incident between the adults the child lives with) and the
 * child (3A: a child who sees, hears or experiences domestic abuse is a victim of it in
 * their own right, Domestic Abuse Act 2021 s.3). Another person in the household (3C)
 * the notification does not say: the manager answers it.
 */
export const NOTIFICATION_FACTORS: readonly string[] = ["domestic-abuse-child", "domestic-abuse-parent"];
