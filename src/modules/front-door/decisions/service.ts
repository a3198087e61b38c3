import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { dueAt, timescaleById } from "../../../domain/clocks/timescales.ts";
import {
	type DecisionInput,
	decisionProblems,
	OUTSIDE_ENGLAND,
	type ReviewContext,
	type ReviewInput,
	reviewProblems,
	type SentHow,
} from "../../../domain/front-door/decision.ts";
import { nextStepDue, URGENCY } from "../../../domain/front-door/triage.ts";
import { type Outcome, REFERRAL_OUTCOMES, TRANSFER_OUTCOMES } from "../../../domain/front-door/workflow.ts";
import { councilsOn } from "../../../domain/reference/councils.ts";
import { Refused, StepInvalid } from "../../../platform/errors.ts";
import { englandDay } from "../../../platform/format.ts";
import type { InScope } from "../../../platform/record-access.ts";
import type { Acting } from "../../../platform/requests.ts";
import { type Actor, enforce, rules } from "../../../platform/rules.ts";
import { staffWith } from "../../../platform/staff.ts";
import type { SettingsService } from "../../settings/index.ts";
import { unansweredEnquiries } from "../enquiries/service.ts";
import { NO_FEEDBACK_SOURCES } from "../feedback/service.ts";
import { recordReferral } from "../workflow/referrals.ts";
import { type Flow, settle } from "../workflow/tasks.ts";
import { lockChild, recordStep, transition } from "../workflow/transitions.ts";

type Doer = Acting & { userId: string; actor: Actor };

/** A child's decisions that a manager returned, oldest first, with who returned them and why. */
export function returnedDecisions(db: Kysely<DB>, childId: string) {
	return db
		.selectFrom("decision as d")
		.innerJoin("app_user as u", "u.id", "d.decided_by")
		.innerJoin("app_user as r", "r.id", "d.returned_by")
		.select([
			"d.id",
			"d.outcome",
			"d.rationale",
			"d.decided_at",
			"d.returned_at",
			"d.return_reason",
			"u.display_name as decided_by_name",
			"r.display_name as returned_by_name",
		])
		.where("d.contact_child_id", "=", childId)
		.where("d.returned_at", "is not", null)
		.orderBy("d.decided_at");
}

/** When, how and to whom a referral went to another council. */
export interface SentInput {
	sentAt: Date;
	how: SentHow;
	to: string;
}

/** The latest decision on a child, with who took and signed it (a part of the child's page). */
export function currentDecision(db: Kysely<DB>, childId: string) {
	return (
		db
			.selectFrom("decision as d")
			.innerJoin("app_user as u", "u.id", "d.decided_by")
			.leftJoin("app_user as s", "s.id", "d.signed_off_by")
			.leftJoin("app_user as r", "r.id", "d.returned_by")
			.leftJoin("team as t", "t.id", "d.receiving_team_id")
			.leftJoin("app_user as sr", "sr.id", "d.sent_recorded_by")
			.selectAll("d")
			.select([
				"u.display_name as decided_by_name",
				"sr.display_name as sent_recorded_by_name",
				"s.display_name as signed_off_by_name",
				"r.display_name as returned_by_name",
				"t.name as team_name",
			])
			.where("d.contact_child_id", "=", childId)
			.orderBy("d.decided_at", "desc")
			// A decision made again in the same instant as the one returned is the current one.
			.orderBy(sql`d.returned_at IS NULL`, "desc")
			.limit(1)
	);
}

/** The review of the triage recommendation, the decision and the manager's sign-off. */
export class DecisionsService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly settings: SettingsService,
		private readonly now: () => Date,
		private readonly flow: () => Promise<Flow>,
	) {}

	/** Those a child can be passed to as their allocated worker: social workers and their managers. */
	/** The councils a child may be passed to today, by name (the list in force changes when councils merge). */
	councils() {
		return councilsOn(englandDay(this.now()));
	}

	/** The council a decision names: an English one by its code, as named today; one outside England by its name. */
	private otherCouncil(input: DecisionInput): { code: string | null; name: string } | undefined {
		if (input.outcome !== "other-council" || !input.otherCouncil) return undefined;
		if (input.otherCouncil === OUTSIDE_ENGLAND) {
			const name = input.otherCouncilName.trim();
			return name ? { code: null, name } : undefined;
		}
		return this.councils().find((c) => c.code === input.otherCouncil);
	}

	allocatedWorkers() {
		return staffWith(this.db, ["practitioner", "team-manager"])
			.select(["u.id", "u.display_name"])
			.orderBy("u.display_name")
			.execute();
	}

	/** The latest decision on a child, with who took and signed it. */
	async current(childId: string, db: Kysely<DB> = this.db) {
		return currentDecision(db, childId).executeTakeFirst();
	}

	/**
	 * What a review is judged against: the triage's recommendation and the agencies that
	 * have not answered; undefined before triage (the workflow refuses the review then).
	 */
	async reviewContext(childId: string, db: Kysely<DB> = this.db): Promise<ReviewContext | undefined> {
		const triage = await db
			.selectFrom("triage")
			.select("recommendation")
			.where("contact_child_id", "=", childId)
			.executeTakeFirst();
		if (!triage) return undefined;
		const waiting = await unansweredEnquiries(db, childId).execute();
		return { triageRecommendation: triage.recommendation as Outcome, unanswered: waiting.map((e) => e.agency) };
	}

	/** Who triaged and reviewed the child, and the recommendation the review left: what a decision is judged against. */
	async reviewed(childId: string, db: Kysely<DB> = this.db) {
		return db
			.selectFrom("review as r")
			.innerJoin("triage as t", "t.contact_child_id", "r.contact_child_id")
			.select(["r.recommendation", "r.reviewed_by", "t.triaged_by"])
			.where("r.contact_child_id", "=", childId)
			.executeTakeFirst()
			.then((r) => r && { ...r, recommendation: r.recommendation as Outcome });
	}

	async review(childId: string, input: ReviewInput, version: number, doer: Doer) {
		enforce(rules.registeredSocialWorkerOrManager(doer.actor));
		const early = reviewProblems(input);
		if (Object.keys(early).length) throw new StepInvalid(early);
		const at = this.now();
		const flow = await this.flow();
		await this.db.transaction().execute(async (trx) => {
			// Locked first, so no enquiry is recorded or answered between the check and the review.
			await lockChild(trx, childId);
			const context = await this.reviewContext(childId, trx);
			const waiting = context?.unanswered.length ? await unansweredEnquiries(trx, childId).execute() : [];
			const problems = context ? reviewProblems(input, context) : {};
			if (Object.keys(problems).length) throw new StepInvalid(problems);
			const recommendation = input.confirmed ? context?.triageRecommendation : input.recommendation;
			await transition(trx, flow, at, {
				childId,
				event: { type: "review" },
				acting: doer,
				expectedVersion: version,
				detail: {
					confirmed: input.confirmed,
					recommendation,
					...(waiting.length ? { unanswered: waiting.map((e) => e.id) } : {}),
				},
			});
			await trx
				.insertInto("review")
				.values({
					contact_child_id: childId,
					confirmed: input.confirmed === true,
					recommendation: recommendation ?? "nfa",
					reason: input.confirmed ? null : input.reason.trim() || null,
					// Kept only when it was needed: confirming while an agency had not answered.
					unanswered_reason: input.confirmed && waiting.length ? input.unansweredReason.trim() : null,
					reviewed_at: at,
					reviewed_by: doer.userId,
				})
				.execute();
		});
	}

	/**
	 * Records the decision. Out of hours, a duty worker alone on shift may decide: the
	 * decision stands and a day-team manager signs it off on the next working day.
	 */
	async decide(childId: string, input: DecisionInput & { aloneOnDuty: boolean }, version: number, doer: Doer) {
		enforce(rules.registeredSocialWorkerOrManager(doer.actor));
		const framework = await this.settings.thresholdFramework();
		// A review is written once and never changed, so it can be read before the transaction.
		const reviewed = await this.reviewed(childId);
		const problems = decisionProblems(input, framework, reviewed?.recommendation);
		if (input.receivingTeamId) {
			const team = await this.db
				.selectFrom("team")
				.select("kind")
				.where("id", "=", input.receivingTeamId)
				.executeTakeFirst();
			const wanted = input.outcome === "early-help" ? "early-help" : "assessment";
			if (team?.kind !== wanted) problems.receivingTeamId = "Select a team that takes this kind of work";
		}
		const council = this.otherCouncil(input);
		if (input.outcome === "other-council" && input.otherCouncil && !council) {
			problems.otherCouncil = "Select the council the child is passed to from the list";
		}
		if (input.outcome === "allocated-worker" && input.allocatedWorkerId) {
			const workers = await this.allocatedWorkers();
			if (!workers.some((w) => w.id === input.allocatedWorkerId)) {
				problems.allocatedWorkerId = "Select the child's allocated worker from the list";
			}
		}
		if (Object.keys(problems).length) throw new StepInvalid(problems);
		const calendar = await this.settings.calendar();
		const timescales = await this.settings.activeTimescales();
		const at = this.now();
		const lone = input.aloneOnDuty && doer.actor.roles.includes("out-of-hours") && !calendar.isOfficeHours(at);
		const signOffDue = dueAt(
			timescaleById(lone ? "out-of-hours-sign-off" : "decision-sign-off", timescales),
			at,
			calendar,
		);
		const outcome = input.outcome as Outcome;
		// No second pair of eyes before sign-off: the manager signing it off is told.
		const onePerson = reviewed?.triaged_by === doer.userId && reviewed.reviewed_by === doer.userId;
		const departs = reviewed !== undefined && outcome !== reviewed.recommendation;
		const flow = await this.flow();
		await this.db.transaction().execute(async (trx) => {
			const { after } = await transition(trx, flow, at, {
				childId,
				event: { type: "decide", outcome },
				acting: doer,
				expectedVersion: version,
				set: { outcome },
				detail: { outcome, thresholdLevel: input.thresholdLevel, ...(onePerson ? { onePerson } : {}) },
			});
			await trx
				.insertInto("decision")
				.values({
					contact_child_id: childId,
					outcome,
					early_help_tier: outcome === "early-help" ? input.earlyHelpTier : null,
					threshold_level: input.thresholdLevel as string,
					level_reason: input.levelReason.trim() || null,
					departure_reason: departs ? input.departureReason.trim() : null,
					one_person: onePerson,
					rationale: input.rationale.trim(),
					family_agreed: input.familyAgreed,
					receiving_team_id: TRANSFER_OUTCOMES.includes(outcome) ? input.receivingTeamId : null,
					allocated_worker_id: outcome === "allocated-worker" ? input.allocatedWorkerId : null,
					other_council_code: outcome === "other-council" ? (council?.code ?? null) : null,
					other_council_name: outcome === "other-council" ? (council?.name ?? null) : null,
					decided_at: at,
					decided_by: doer.userId,
					out_of_hours_alone: lone,
					sign_off_due_at: signOffDue,
				})
				.execute();
			if (REFERRAL_OUTCOMES.includes(outcome) && after.person_id) {
				await recordReferral(trx, { childId, personId: after.person_id, referralDate: after.received_at, at });
			}
			await settle(trx, flow, childId, at, doer.userId);
		});
	}

	/**
	 * Records when and how a signed-off referral went to the other council, and to whom;
	 * once, by someone who may decide, and it closes the sender's task.
	 */
	async recordSent(childId: string, input: SentInput, doer: Doer) {
		enforce(rules.registeredSocialWorkerOrManager(doer.actor));
		const flow = await this.flow();
		const at = this.now();
		if (input.sentAt.getTime() > at.getTime())
			throw new StepInvalid({ sent: "When it was sent must be now or in the past" });
		await this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, childId);
			const before = await currentDecision(trx, childId).executeTakeFirst();
			if (before?.outcome !== "other-council" || !before.signed_off_at || !before.other_council_name) {
				throw new Refused("not-passed", "This child has no signed-off decision passing it to another council.");
			}
			if (before.sent_at) throw new Refused("already-sent", "When and how the referral was sent is already recorded.");
			if (input.sentAt.getTime() < before.decided_at.getTime()) {
				throw new StepInvalid({ sent: "When it was sent must be after the decision to pass the child on" });
			}
			const after = await trx
				.updateTable("decision")
				.set({
					sent_at: input.sentAt,
					sent_how: input.how,
					sent_to: input.to || null,
					sent_recorded_by: doer.userId,
					sent_recorded_at: at,
				})
				.where("id", "=", before.id)
				.returningAll()
				.executeTakeFirstOrThrow();
			await flow.tasks.done(trx, { recordId: childId, kinds: ["front-door.send-to-council"] }, doer.userId, at);
			await recordStep(trx, flow.accessLog, at, {
				child,
				event: "sent-to-council",
				acting: doer,
				recordType: "decision",
				recordId: before.id,
				before,
				after,
			});
		});
	}

	/** A manager other than the decision maker signs the decision off; only then does the child move on. */
	async signOff(childId: string, comment: string, version: number, doer: Doer) {
		enforce(rules.manager(doer.actor));
		if (!comment.trim()) throw new StepInvalid({ comment: "Add a sign-off comment" });
		const at = this.now();
		const flow = await this.flow();
		await this.db.transaction().execute(async (trx) => {
			const decision = await this.current(childId, trx);
			if (!decision || decision.signed_off_at) {
				throw new Refused("cannot-sign-off", "There is no decision waiting for sign-off.");
			}
			enforce(rules.notTheDecisionMaker(doer.actor, decision.decided_by));
			const awaiting = await trx
				.selectFrom("information_sharing as s")
				.innerJoin("app_user as a", "a.id", "s.authorised_by")
				.select(["s.person_name", "a.display_name"])
				.where("s.contact_child_id", "=", childId)
				.where("s.authorisation", "=", "awaiting")
				.executeTakeFirst();
			if (awaiting) {
				throw new Refused(
					"sharing-awaiting-authorisation",
					`Sharing without agreement about ${awaiting.person_name} is awaiting authorisation by ${awaiting.display_name}: the decision can be signed off once they have confirmed or refused it.`,
				);
			}
			const strategy = await trx
				.selectFrom("strategy_discussion")
				.select("next_step")
				.where("contact_child_id", "=", childId)
				.orderBy("held_at", "desc")
				.executeTakeFirst();
			const { after } = await transition(trx, flow, at, {
				childId,
				event: {
					type: "sign-off",
					outcome: decision.outcome,
					strategyNextStep: strategy?.next_step,
				},
				acting: doer,
				expectedVersion: version,
				detail: { decisionId: decision.id },
			});
			await trx
				.updateTable("decision")
				.set({ signed_off_at: at, signed_off_by: doer.userId, sign_off_comment: comment.trim() })
				.where("id", "=", decision.id)
				.execute();
			if (after.state === "awaiting-transfer" && decision.receiving_team_id) {
				await trx
					.insertInto("transfer")
					.values({
						contact_child_id: childId,
						decision_id: decision.id,
						to_team_id: decision.receiving_team_id,
						// A strategy discussion held straight from triage may step the child down to early help.
						kind:
							decision.outcome === "early-help" ||
							(decision.outcome === "strategy-discussion" && strategy?.next_step === "early-help")
								? "early-help"
								: "assessment",
						early_help_tier: decision.early_help_tier,
						sent_at: at,
					})
					.execute();
			}
			await settle(trx, flow, childId, at, doer.userId);
			if (decision.outcome === "allocated-worker" && decision.allocated_worker_id) {
				await passToAllocatedWorker(trx, flow, after, decision.allocated_worker_id, at, doer.userId);
			}
			if (decision.outcome === "other-council" && decision.other_council_name) {
				// Signed off: sending the referral is the decision maker's, and the record says when and how.
				await flow.tasks.open(
					trx,
					{
						kind: "front-door.send-to-council",
						recordType: "contact-child",
						recordId: childId,
						itemId: decision.id,
						personId: after.person_id,
						ownerUserId: decision.decided_by,
						dueAt: dueAt(timescaleById("referral-to-other-council", flow.clocks.timescales), at, flow.clocks.calendar),
						timescale: "referral-to-other-council",
						detail: `Send the referral to ${decision.other_council_name}`.slice(0, 500),
						createdBy: doer.userId,
					},
					at,
				);
			}
			const told = await trx
				.selectFrom("feedback")
				.select("contact_child_id")
				.where("contact_child_id", "=", childId)
				.executeTakeFirst();
			if (!told && !NO_FEEDBACK_SOURCES.includes(after.source) && after.team_id) {
				// The referrer is owed the outcome from now: the front door's task until it is recorded.
				await flow.tasks.open(
					trx,
					{
						kind: "front-door.feedback",
						recordType: "contact-child",
						recordId: childId,
						personId: after.person_id,
						ownerTeamId: after.team_id,
						dueAt: dueAt(timescaleById("feedback-to-referrer", flow.clocks.timescales), at, flow.clocks.calendar),
						timescale: "feedback-to-referrer",
						createdBy: doer.userId,
					},
					at,
				);
			}
		});
	}

	/**
	 * A manager who does not agree returns the decision, with the reason, to the one who
	 * made it: the child waits for a new decision, and its task is in their tray.
	 */
	async returnDecision(childId: string, reason: string, version: number, doer: Doer) {
		enforce(rules.manager(doer.actor));
		const at = this.now();
		const flow = await this.flow();
		await this.db.transaction().execute(async (trx) => {
			const decision = await this.current(childId, trx);
			if (!decision || decision.signed_off_at || decision.returned_at) {
				throw new Refused("cannot-return", "There is no decision waiting for sign-off to return.");
			}
			enforce(rules.notTheDecisionMaker(doer.actor, decision.decided_by));
			await trx
				.updateTable("decision")
				.set({ returned_at: at, returned_by: doer.userId, return_reason: reason })
				.where("id", "=", decision.id)
				.execute();
			await transition(trx, flow, at, {
				childId,
				event: { type: "return-decision" },
				acting: doer,
				expectedVersion: version,
				detail: { decisionId: decision.id },
			});
		});
	}

	/** Decisions waiting for sign-off, the longest overdue first: day managers work through them. */
	async awaitingSignOff(inScope: InScope | null, reader: string, limit = 200) {
		return (
			this.db
				.selectFrom("decision as d")
				.innerJoin("contact_child as cc", "cc.id", "d.contact_child_id")
				.innerJoin("contact as c", "c.id", "cc.contact_id")
				.leftJoin("person as p", "p.id", "cc.person_id")
				.innerJoin("app_user as u", "u.id", "d.decided_by")
				.select([
					"cc.id",
					"cc.person_id",
					"c.reference",
					"p.given_name",
					"p.family_name",
					"d.outcome",
					"d.early_help_tier",
					"d.decided_at",
					"d.sign_off_due_at",
					"d.out_of_hours_alone",
					"d.one_person",
					"u.display_name as decided_by_name",
				])
				.where("d.signed_off_at", "is", null)
				.where("d.returned_at", "is", null)
				.where("cc.state", "=", "awaiting-sign-off")
				// A manager never signs off their own decision, so it is not in their list.
				.where("d.decided_by", "<>", reader)
				.$if(inScope !== null, (b) => b.where(inScope!(sql.ref("cc.person_id"))))
				.orderBy("d.sign_off_due_at")
				.limit(limit)
				.execute()
		);
	}
}

/**
 * Passed to the child's allocated worker: the contact becomes a next step in their tray
 * (due in one working day), recorded done with what they did, so it is never left unread.
 */
async function passToAllocatedWorker(
	trx: Transaction<DB>,
	flow: Flow,
	child: { id: string; person_id: string | null },
	workerId: string,
	at: Date,
	by: string,
) {
	const step = await trx
		.insertInto("next_step")
		.values({
			contact_child_id: child.id,
			action: "Take up this contact on the child's open case",
			urgency: "one-working-day",
			due_at: nextStepDue("one-working-day", at, flow.clocks.calendar, flow.clocks.timescales),
			allocated_to: workerId,
			created_at: at,
		})
		.returningAll()
		.executeTakeFirstOrThrow();
	await flow.tasks.open(
		trx,
		{
			kind: "front-door.next-step",
			recordType: "contact-child",
			recordId: child.id,
			itemId: step.id,
			personId: child.person_id,
			ownerUserId: workerId,
			dueAt: step.due_at,
			timescale: URGENCY["one-working-day"].timescale,
			detail: step.action,
			createdBy: by,
		},
		at,
	);
}
