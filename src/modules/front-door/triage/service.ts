import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import type { NotificationRisk } from "../../../domain/front-door/domestic-abuse.ts";
import {
	isRepeatContact,
	nextStepDue,
	type TriageInput,
	triageProblems,
	URGENCY,
	URGENCY_RANK,
} from "../../../domain/front-door/triage.ts";
import type { InScope } from "../../../platform/record-access.ts";
import { type Acting, isUuid } from "../../../platform/requests.ts";
import { staffWith } from "../../../platform/staff.ts";
import type { SettingsService } from "../../settings/index.ts";
import type { FrontDoorService } from "../child/service.ts";
import { recordReferral } from "../workflow/referrals.ts";
import { type Flow, NEXT_STEP_WORKERS } from "../workflow/tasks.ts";
import { transition } from "../workflow/transitions.ts";

export const QUEUE_PAGE = 50;

export interface QueueFilter {
	teamId: string | null;
	source: string | null;
	rag: "red" | "amber" | "green" | "none" | null;
	/** Only children on contacts received out of hours: the day team's handover. */
	outOfHours: boolean;
	page: number;
	/** A scoped reader's work (ADR 22); null opens every child. */
	inScope: InScope | null;
}

export class TriageInvalid extends Error {
	readonly statusCode = 422;
	constructor(readonly problems: Record<string, string>) {
		super(Object.values(problems).join("; "));
	}
}

/** Triage: the queue of children waiting for a manager, and the triage record itself. */
export class TriageService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly settings: SettingsService,
		private readonly frontDoor: FrontDoorService,
		private readonly now: () => Date,
		private readonly flow: () => Promise<Flow>,
	) {}

	/**
	 * Children waiting for triage, most urgent then oldest first. The order and filters
	 * follow one partial index, so a page costs the same with five or five thousand waiting.
	 */
	async queue(filter: QueueFilter) {
		const { rag } = filter;
		const q = this.db
			.selectFrom("contact_child as cc")
			.where("cc.state", "=", "awaiting-triage")
			.$if(filter.teamId !== null, (b) => b.where("cc.team_id", "=", filter.teamId))
			.$if(filter.source !== null, (b) => b.where("cc.source", "=", filter.source))
			.$if(filter.outOfHours, (b) => b.where("cc.out_of_hours", "=", true))
			.$if(filter.inScope !== null, (b) => b.where(filter.inScope!(sql.ref("cc.person_id"))))
			.$if(rag !== null, (b) => (rag === "none" ? b.where("cc.rag", "is", null) : b.where("cc.rag", "=", rag!)));
		const [rows, total] = await Promise.all([
			q
				.innerJoin("contact as c", "c.id", "cc.contact_id")
				.innerJoin("person as p", "p.id", "cc.person_id")
				.select([
					"cc.id",
					"cc.person_id",
					"cc.rag",
					"cc.received_at",
					"cc.out_of_hours",
					"cc.source",
					"cc.decision_due_at",
					"c.reference",
					"c.kind",
					"c.id as contact_id",
					"p.given_name",
					"p.family_name",
					"p.la_person_id",
					"p.date_of_birth",
				])
				.orderBy("cc.urgency_rank")
				.orderBy("cc.received_at")
				.orderBy("cc.id")
				.limit(QUEUE_PAGE)
				.offset((filter.page - 1) * QUEUE_PAGE)
				.execute(),
			q.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
		]);
		const calendar = await this.settings.calendar();
		const now = this.now();
		return {
			total: Number(total.n),
			rows: rows.map((r) => ({
				...r,
				waitingHours: calendar.workingHoursBetween(r.received_at, now),
				decisionOverdue: r.decision_due_at < now,
			})),
		};
	}

	/** What the triage form needs: the child, their recent history and the lists to choose from. */
	async form(childId: string, acting: Acting) {
		const record = await this.frontDoor.view(childId, acting);
		const [{ factors, groups }, workers, framework, prior] = await Promise.all([
			this.factorList(),
			this.workers(),
			this.settings.thresholdFramework(),
			this.frontDoor.priorContacts(record.child.person_id, record.child.received_at, childId),
		]);
		return { ...record, factors, factorGroups: groups, workers, framework, prior };
	}

	/** The risk factors every triage answers, group by group in the order the form shows them. */
	async factorList() {
		const [factors, groups] = await Promise.all([
			this.db
				.selectFrom("risk_factor as r")
				.innerJoin("risk_factor_group as g", "g.code", "r.group_code")
				.select(["r.code", "r.label", "r.cin_factor", "r.local", "r.group_code"])
				.where("r.active", "=", true)
				.orderBy("g.sort_order")
				.orderBy("r.sort_order")
				.execute(),
			this.db.selectFrom("risk_factor_group").select(["code", "label"]).orderBy("sort_order").execute(),
		]);
		return {
			factors,
			groups: groups
				.map((g) => ({ ...g, factors: factors.filter((f) => f.group_code === g.code) }))
				.filter((g) => g.factors.length > 0),
		};
	}

	/** What the police said of the risk, when the child's contact is a domestic-abuse notification (ADR 26). */
	async notificationRisk(childId: string): Promise<NotificationRisk | null> {
		if (!isUuid(childId)) return null;
		const row = await this.db
			.selectFrom("contact_child as cc")
			.innerJoin("contact as c", "c.id", "cc.contact_id")
			.select(["c.kind", "c.risk_tool", "c.risk_level"])
			.where("cc.id", "=", childId)
			.executeTakeFirst();
		return row?.kind === "da-notification" ? { riskTool: row.risk_tool, riskLevel: row.risk_level } : null;
	}

	async workers() {
		return staffWith(this.db, NEXT_STEP_WORKERS).select(["u.id", "u.display_name"]).orderBy("u.display_name").execute();
	}

	/**
	 * Records a triage: the state change, the factors, the next steps with their due
	 * times, and (for an immediate strategy discussion) the referral, in one transaction.
	 */
	async record(childId: string, input: TriageInput, expectedVersion: number, acting: Acting & { userId: string }) {
		const [framework, { factors }, notification] = await Promise.all([
			this.settings.thresholdFramework(),
			this.factorList(),
			this.notificationRisk(childId),
		]);
		const problems = triageProblems(
			input,
			framework.levels.map((l) => l.id),
			factors,
			notification,
		);
		const workerIds = new Set((await this.workers()).map((w) => w.id));
		input.nextSteps.forEach((s, i) => {
			if (s.allocatedTo && !workerIds.has(s.allocatedTo)) {
				problems[`step-${i}-allocatedTo`] = `Allocate next step ${i + 1} to a front-door worker`;
			}
		});
		if (Object.keys(problems).length) throw new TriageInvalid(problems);
		const flow = await this.flow();
		const { calendar, timescales } = flow.clocks;
		const at = this.now();
		// Each next step is in its worker's tray from now, due when its urgency says: their
		// ids are chosen here so the tasks open with the state's, in one statement.
		const steps = input.nextSteps.map((s) => ({
			id: randomUUID(),
			contact_child_id: childId,
			action: s.action.trim(),
			urgency: s.urgency!,
			due_at: nextStepDue(s.urgency!, at, calendar, timescales),
			allocated_to: s.allocatedTo!,
			created_at: at,
		}));
		return this.db.transaction().execute(async (trx) => {
			const rag = input.rag!;
			const { after } = await transition(trx, flow, at, {
				childId,
				event: { type: "triage", immediateStrategyDiscussion: input.immediateStrategyDiscussion },
				acting,
				expectedVersion,
				set: { rag, urgency_rank: URGENCY_RANK[rag] },
				detail: { rag, recommendation: input.recommendation, thresholdLevel: input.thresholdLevel },
				alsoOpen: (child) =>
					steps.map((step) => ({
						kind: "front-door.next-step",
						recordType: "contact-child",
						recordId: childId,
						itemId: step.id,
						personId: child.person_id,
						ownerUserId: step.allocated_to,
						dueAt: step.due_at,
						timescale: URGENCY[step.urgency].timescale,
						detail: step.action.slice(0, 500),
						createdBy: acting.userId,
					})),
			});
			const prior = await this.frontDoor.priorContacts(after.person_id, after.received_at, childId, trx);
			await trx
				.insertInto("triage")
				.values({
					contact_child_id: childId,
					threshold_level: input.thresholdLevel!,
					rag,
					recommendation: input.recommendation!,
					immediate_strategy_discussion: input.immediateStrategyDiscussion,
					no_factors_identified: input.noFactorsIdentified,
					rationale: input.rationale.trim(),
					urgency_reason: input.urgencyReason?.trim() || null,
					repeat_contact: isRepeatContact(
						after.received_at,
						prior.map((p) => p.received_at),
					),
					triaged_at: at,
					triaged_by: acting.userId,
				})
				.execute();
			if (input.factors.length) {
				await trx
					.insertInto("triage_factor")
					.values(
						input.factors.map((f) => ({
							contact_child_id: childId,
							risk_factor: f.code,
							status: f.status,
							reason: f.reason?.trim() || null,
						})),
					)
					.execute();
			}
			if (steps.length) await trx.insertInto("next_step").values(steps).execute();
			if (input.immediateStrategyDiscussion) {
				await recordReferral(trx, { childId, personId: after.person_id!, referralDate: after.received_at, at });
			}
			return after;
		});
	}
}
