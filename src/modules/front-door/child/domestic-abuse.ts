import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { timescaleById } from "../../../domain/clocks/timescales.ts";
import type { DaRiskLevel, DaRiskTool } from "../../../domain/front-door/codes.ts";
import {
	isHighRisk,
	type NotificationDelay,
	notificationDelay,
	riskAssessmentText,
} from "../../../domain/front-door/domestic-abuse.ts";
import type { RecordAccess } from "../../../platform/record-access.ts";
import type { Acting } from "../../../platform/requests.ts";
import { familyAndHousehold } from "../../people/index.ts";
import type { SettingsService } from "../../settings/index.ts";

// What the triage, review and decision pages (and the child's record) show of a police
// domestic-abuse notification (ADR 26): when the incident was, how long the notification
// took to arrive against the council's threshold, the police's risk assessment, and the
// notifications before it about the child and the people recorded as their family or
// household.

/** An earlier notification about the household, and whom it was about. */
export interface PriorNotification {
	reference: string;
	receivedAt: Date;
	risk: string;
	/** The first child on it the reader may open: where the reference links. */
	childId: string | null;
	/** "this child", "Ben Rowe (Sibling)", or "a restricted record". */
	about: string[];
}

export interface DomesticAbuseNotice {
	incidentAt: Date;
	sentAt: Date | null;
	receivedAt: Date;
	delay: NotificationDelay;
	risk: string;
	highRisk: boolean;
	prior: PriorNotification[];
}

/** The child on a domestic-abuse notification, as the child's page reads it. */
export interface NotifiedChild {
	id: string;
	contact_id: string;
	person_id: string | null;
	received_at: Date;
	incident_at: Date | null;
	sent_at: Date | null;
	risk_tool: DaRiskTool | null;
	risk_level: DaRiskLevel | null;
}

const PRIOR_LIMIT = 50;

export async function domesticAbuseNotice(
	db: Kysely<DB>,
	settings: SettingsService,
	recordAccess: RecordAccess,
	child: NotifiedChild,
	acting: Acting,
): Promise<DomesticAbuseNotice | undefined> {
	if (!child.incident_at) return undefined;
	const [timescales, calendar, prior] = await Promise.all([
		settings.activeTimescales(),
		settings.calendar(),
		priorNotifications(db, recordAccess, child, acting),
	]);
	const risk = { riskTool: child.risk_tool, riskLevel: child.risk_level };
	return {
		incidentAt: child.incident_at,
		sentAt: child.sent_at,
		receivedAt: child.received_at,
		delay: notificationDelay(
			child.incident_at,
			child.received_at,
			timescaleById("da-notification-late", timescales),
			calendar,
		),
		risk: riskAssessmentText(risk),
		highRisk: isHighRisk(risk),
		prior,
	};
}

/**
 * Notifications received before this one about the child or anyone recorded as their
 * family or household (through the people module), newest first, one entry per
 * notification. A restricted record the reader may not open is named as such (ADR 21);
 * the rest are logged as shown.
 */
async function priorNotifications(
	db: Kysely<DB>,
	recordAccess: RecordAccess,
	child: NotifiedChild,
	acting: Acting,
): Promise<PriorNotification[]> {
	if (!child.person_id) return [];
	const household = await familyAndHousehold(db, child.person_id);
	const relation = new Map(household.map((h) => [h.personId, h.relation]));
	const rows = await db
		.selectFrom("contact_child as cc")
		.innerJoin("contact as c", "c.id", "cc.contact_id")
		.innerJoin("person as p", "p.id", "cc.person_id")
		.select([
			"cc.id",
			"cc.person_id",
			"cc.contact_id",
			"c.reference",
			"cc.received_at",
			"c.risk_tool",
			"c.risk_level",
			"p.given_name",
			"p.family_name",
		])
		.select(
			(acting.userId
				? recordAccess.closedTo(acting.userId, sql.ref("cc.person_id"))
				: sql<boolean>`cc.person_id <> ${child.person_id}`
			).as("restricted"),
		)
		.where("c.kind", "=", "da-notification")
		.where("cc.person_id", "in", [child.person_id, ...relation.keys()])
		.where("cc.contact_id", "<>", child.contact_id)
		.where("cc.received_at", "<", child.received_at)
		.where("cc.state", "not in", ["entered-in-error", "duplicate"])
		.orderBy("cc.received_at", "desc")
		.orderBy("c.reference")
		.limit(PRIOR_LIMIT)
		.execute();
	const open = rows.filter((r) => !r.restricted);
	acting.shown?.(open.map((r) => ({ id: r.id, personId: r.person_id, kind: "contact-child" as const })));
	const byContact = new Map<string, PriorNotification>();
	for (const r of rows) {
		const entry = byContact.get(r.contact_id) ?? {
			reference: r.reference,
			receivedAt: r.received_at,
			risk: riskAssessmentText({ riskTool: r.risk_tool, riskLevel: r.risk_level }),
			childId: null,
			about: [],
		};
		byContact.set(r.contact_id, entry);
		if (r.restricted) {
			entry.about.push("a restricted record");
			continue;
		}
		entry.childId ??= r.id;
		entry.about.push(
			r.person_id === child.person_id
				? "this child"
				: `${r.given_name} ${r.family_name} (${relation.get(r.person_id!) ?? "family"})`,
		);
	}
	return [...byContact.values()];
}
