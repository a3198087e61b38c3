import type { Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { DB } from "../../../db/schema.ts";
import { dueAt, timescaleById } from "../../../domain/clocks/timescales.ts";
import {
	absencesOf,
	type DecisionToHold,
	type StrategyInput,
	strategyProblems,
} from "../../../domain/front-door/strategy.ts";
import { STRATEGY_EXITS, type StrategyNextStep } from "../../../domain/front-door/workflow.ts";
import type { AccessLog } from "../../../platform/access-log.ts";
import { NotFound, Refused, StepInvalid } from "../../../platform/errors.ts";
import { formatDateTime } from "../../../platform/format.ts";
import { type Acting, isUuid } from "../../../platform/requests.ts";
import { type Actor, enforce, isManager, rules } from "../../../platform/rules.ts";
import type { SettingsService } from "../../settings/index.ts";
import { type Flow, settle } from "../workflow/tasks.ts";
import { lockChild, recordStep, transition } from "../workflow/transitions.ts";

type Doer = Acting & { userId: string; actor: Actor };

/** A child's strategy discussions, oldest first, each with its protective actions (a part of the child's page). */
export function strategyDiscussions(db: Kysely<DB>, childId: string) {
	return db
		.selectFrom("strategy_discussion as s")
		.innerJoin("app_user as u", "u.id", "s.recorded_by")
		.leftJoin("app_user as nr", "nr.id", "s.icpc_not_required_by")
		.leftJoin("app_user as ag", "ag.id", "s.icpc_not_required_agreed_by")
		.selectAll("s")
		.select((eb) => [
			"u.display_name as recorded_by_name",
			"nr.display_name as icpc_not_required_by_name",
			"ag.display_name as icpc_not_required_agreed_by_name",
			// Protective actions hold no timestamps, so their JSON needs no reviving.
			jsonArrayFrom(
				eb
					.selectFrom("protective_action as a")
					.selectAll("a")
					.whereRef("a.strategy_discussion_id", "=", "s.id")
					.orderBy("a.due_on"),
			).as("actions"),
		])
		.where("s.contact_child_id", "=", childId)
		.orderBy("s.held_at");
}

/**
 * Strategy discussions: who took part (ADR 29), whether section 47 enquiries start, and the
 * actions that protect the child. Section 47 starts the 15-working-day clock to the
 * initial child protection conference.
 */
export class StrategyService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly settings: SettingsService,
		private readonly now: () => Date,
		private readonly flow: () => Promise<Flow>,
	) {}

	/**
	 * The decision to hold the child's strategy discussion: the front door's decision on a
	 * strategy discussion, or a triage that called one at once; null when there is neither.
	 * To the minute, as the form gives the time the discussion was held.
	 */
	async decisionToHold(childId: string): Promise<DecisionToHold | null> {
		if (!isUuid(childId)) return null;
		const decision = await this.db
			.selectFrom("decision")
			.select("decided_at")
			.where("contact_child_id", "=", childId)
			.where("outcome", "=", "strategy-discussion")
			.where("strategy_next_step", "is", null)
			.where("returned_at", "is", null)
			.orderBy("decided_at", "desc")
			.executeTakeFirst();
		const triage = decision
			? undefined
			: await this.db
					.selectFrom("triage")
					.select("triaged_at")
					.where("contact_child_id", "=", childId)
					.where("immediate_strategy_discussion", "=", true)
					.executeTakeFirst();
		const decidedAt = decision?.decided_at ?? triage?.triaged_at;
		if (!decidedAt) return null;
		const minute = new Date(Math.floor(decidedAt.getTime() / 60_000) * 60_000);
		return { at: minute, when: formatDateTime(decidedAt) };
	}

	async hold(childId: string, input: StrategyInput, version: number, doer: Doer) {
		enforce(rules.registeredSocialWorkerOrManager(doer.actor));
		const at = this.now();
		const p = strategyProblems(input, at, await this.settings.thresholdFramework(), await this.decisionToHold(childId));
		if (input.nextStep && input.nextStep !== "nfa" && input.receivingTeamId) {
			const wanted = input.nextStep === "early-help" ? "early-help" : "assessment";
			const team = await this.db
				.selectFrom("team")
				.select("kind")
				.where("id", "=", input.receivingTeamId)
				.executeTakeFirst();
			if (team?.kind !== wanted) p.receivingTeamId = "Select the team that takes the child on";
		}
		if (Object.keys(p).length) throw new StepInvalid(p);
		const calendar = await this.settings.calendar();
		const timescales = await this.settings.activeTimescales();
		const heldAt = input.heldAt as Date;
		const nextStep = input.nextStep as StrategyNextStep;
		const earlyHelp = nextStep === "early-help";
		const flow = await this.flow();
		await this.db.transaction().execute(async (trx) => {
			const signed = await trx
				.selectFrom("decision")
				.select("id")
				.where("contact_child_id", "=", childId)
				.where("signed_off_at", "is not", null)
				.executeTakeFirst();
			const { after } = await transition(trx, flow, at, {
				childId,
				event: { type: "hold-strategy-discussion", nextStep, signedOff: Boolean(signed) },
				acting: doer,
				expectedVersion: version,
				set: { outcome: "strategy-discussion" },
				detail: { nextStep },
			});
			const row = await trx
				.insertInto("strategy_discussion")
				.values({
					contact_child_id: childId,
					held_at: heldAt,
					attendees: JSON.stringify(
						input.attendees.map((a) => ({ agency: a.agency, name: a.name.trim(), role: a.role.trim() })),
					),
					absences: JSON.stringify(absencesOf(input)),
					next_step: nextStep,
					rationale: input.rationale.trim(),
					icpc_due_at:
						nextStep === "s47" ? dueAt(timescaleById("strategy-to-icpc", timescales), heldAt, calendar) : null,
					recorded_at: at,
					recorded_by: doer.userId,
					early_help_tier: earlyHelp ? input.earlyHelpTier : null,
					family_agreed: earlyHelp ? input.familyAgreed : null,
				})
				.returning("id")
				.executeTakeFirstOrThrow();
			if (input.actions.length) {
				await trx
					.insertInto("protective_action")
					.values(
						input.actions.map((a) => ({
							strategy_discussion_id: row.id,
							action: a.action,
							owner: a.owner,
							due_on: a.dueOn as string,
						})),
					)
					.execute();
			}
			const triage = await trx
				.selectFrom("triage")
				.select("threshold_level")
				.where("contact_child_id", "=", childId)
				.executeTakeFirstOrThrow();
			const receivingTeam = nextStep === "nfa" ? null : input.receivingTeamId;
			// The discussion's outcome is itself a decision to sign off when it was held straight
			// from triage, or when it ends the front door's work (no further action, a step down).
			if (!signed || STRATEGY_EXITS.includes(nextStep)) {
				await trx
					.insertInto("decision")
					.values({
						contact_child_id: childId,
						outcome: "strategy-discussion",
						strategy_next_step: nextStep,
						threshold_level: triage.threshold_level,
						rationale: input.rationale.trim(),
						receiving_team_id: receivingTeam,
						// Sign-off sends the transfer, and takes the tier from the decision.
						early_help_tier: earlyHelp ? input.earlyHelpTier : null,
						family_agreed: earlyHelp ? input.familyAgreed : null,
						decided_at: at,
						decided_by: doer.userId,
						sign_off_due_at: dueAt(timescaleById("decision-sign-off", timescales), at, calendar),
					})
					.execute();
			} else if (after.state === "awaiting-transfer" && receivingTeam) {
				await trx
					.insertInto("transfer")
					.values({
						contact_child_id: childId,
						decision_id: signed.id,
						to_team_id: receivingTeam,
						kind: earlyHelp ? "early-help" : "assessment",
						early_help_tier: earlyHelp ? input.earlyHelpTier : null,
						sent_at: at,
					})
					.execute();
			}
			await settle(trx, flow, childId, at, doer.userId);
		});
	}

	/**
	 * Section 47 enquiries can end without a conference, with the reason. It ends the
	 * child's protection planning, so a manager agrees (ADR 23): a manager who records it
	 * agrees as they do; anyone else's waits in the team managers' tray, and the
	 * conference stays due until one agrees.
	 */
	async conferenceNotRequired(childId: string, discussionId: string, reason: string, doer: Doer) {
		enforce(rules.registeredSocialWorkerOrManager(doer.actor));
		if (!isUuid(discussionId)) throw new NotFound("Strategy discussion");
		const manager = isManager(doer.actor);
		const flow = await this.flow();
		const at = this.now();
		await this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, childId);
			const before = await this.s47(trx, childId, discussionId);
			if (before.icpc_not_required_reason) {
				throw new Refused("already-recorded", "That a conference is not required has already been recorded.");
			}
			const after = await trx
				.updateTable("strategy_discussion")
				.set({
					icpc_not_required_reason: reason,
					icpc_not_required_by: doer.userId,
					icpc_not_required_at: at,
					icpc_not_required_agreed_by: manager ? doer.userId : null,
					icpc_not_required_agreed_at: manager ? at : null,
				})
				.where("id", "=", discussionId)
				.returningAll()
				.executeTakeFirstOrThrow();
			if (!manager && child.team_id) {
				await flow.tasks.open(
					trx,
					{
						kind: "front-door.confirm-no-conference",
						recordType: "contact-child",
						recordId: childId,
						itemId: discussionId,
						personId: child.person_id,
						ownerTeamId: child.team_id,
						dueAt: dueAt(timescaleById("no-conference-sign-off", flow.clocks.timescales), at, flow.clocks.calendar),
						timescale: "no-conference-sign-off",
						detail: "Section 47 enquiries ended with no conference",
						createdBy: doer.userId,
					},
					at,
				);
			}
			await recordStep(trx, this.accessLog, at, {
				child,
				event: manager ? "conference-not-required" : "conference-not-required-asked",
				acting: doer,
				recordType: "strategy-discussion",
				recordId: discussionId,
				before,
				after,
			});
		});
	}

	/**
	 * A manager answers what someone else recorded: agreeing ends the conference's clock;
	 * refusing clears it, so the conference is due again, and the child's history keeps why.
	 */
	async answerNoConference(childId: string, discussionId: string, agree: boolean, note: string, doer: Doer) {
		enforce(rules.manager(doer.actor));
		if (!isUuid(discussionId)) throw new NotFound("Strategy discussion");
		const flow = await this.flow();
		const at = this.now();
		await this.db.transaction().execute(async (trx) => {
			const child = await lockChild(trx, childId);
			const before = await this.s47(trx, childId, discussionId);
			if (!before.icpc_not_required_reason || before.icpc_not_required_agreed_at) {
				throw new Refused("nothing-to-answer", "Nobody is waiting for an answer about this conference.");
			}
			if (before.icpc_not_required_by === doer.userId) {
				throw new Refused("own", "Another manager must agree to what you recorded.");
			}
			const after = await trx
				.updateTable("strategy_discussion")
				.set(
					agree
						? { icpc_not_required_agreed_by: doer.userId, icpc_not_required_agreed_at: at }
						: { icpc_not_required_reason: null, icpc_not_required_by: null, icpc_not_required_at: null },
				)
				.where("id", "=", discussionId)
				.returningAll()
				.executeTakeFirstOrThrow();
			await flow.tasks.done(
				trx,
				{ recordId: childId, kinds: ["front-door.confirm-no-conference"], itemId: discussionId },
				doer.userId,
				at,
				note,
			);
			await recordStep(trx, this.accessLog, at, {
				child,
				event: agree ? "conference-not-required-agreed" : "conference-not-required-refused",
				acting: doer,
				recordType: "strategy-discussion",
				recordId: discussionId,
				before,
				after: { ...after, answer: { freeText: note.length } },
			});
		});
	}

	/** The child's discussion that started section 47 enquiries, or not found. */
	private async s47(trx: Kysely<DB>, childId: string, discussionId: string) {
		const row = await trx
			.selectFrom("strategy_discussion")
			.selectAll()
			.where("id", "=", discussionId)
			.where("contact_child_id", "=", childId)
			.where("next_step", "=", "s47")
			.executeTakeFirst();
		if (!row) throw new NotFound("Strategy discussion");
		return row;
	}
}
