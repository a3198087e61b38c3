import type { FastifyInstance, FastifyRequest } from "fastify";
import { clockStatus } from "../../../domain/clocks/timescales.ts";
import { REFERRAL_SOURCE } from "../../../domain/front-door/codes.ts";
import { AGREEMENT, SENT_HOW } from "../../../domain/front-door/decision.ts";
import { levelLabel } from "../../../domain/front-door/thresholds.ts";
import { FACTOR_STATUS, URGENCY } from "../../../domain/front-door/triage.ts";
import {
	available,
	OUTCOME_LABELS,
	OUTCOMES,
	type Outcome,
	outcomeLabel,
	STATES,
	STRATEGY_NEXT_STEPS,
} from "../../../domain/front-door/workflow.ts";
import { may } from "../../../platform/access-control.ts";
import { acting } from "../../../platform/requests.ts";
import { ENQUIRY_STATES } from "../enquiries/service.ts";
import { DECIDING_AGAIN } from "../feedback/service.ts";
import { describeEvent } from "../workflow/transitions.ts";

type WithChild = FastifyRequest<{ Params: { childId: string } }>;

// The page each workflow event is recorded on, once that page exists.
const ACTION_PAGES: Record<string, { path: string; text: string }> = {
	match: { path: "match", text: "Match to a person" },
	triage: { path: "triage", text: "Triage this child" },
	review: { path: "review", text: "Review the triage recommendation" },
	decide: { path: "decision", text: "Record the decision" },
	"sign-off": { path: "sign-off", text: "Sign off the decision" },
};

export function registerFrontDoor(app: FastifyInstance) {
	const { services } = app;

	app.get("/front-door/children/:childId", async (request: WithChild, reply) => {
		const [record, framework, pendingWithdrawal] = await Promise.all([
			services.frontDoor.view(request.params.childId, acting(request)),
			services.settings.thresholdFramework(),
			services.corrections.pending(request.params.childId),
		]);
		const { decision, review, feedback, enquiries, sharing, transfers, discussions } = record;
		const now = services.now();
		const { child } = record;
		const allowed = (path: string) => {
			const url = `/front-door/children/:childId/${path}`;
			return may(request, "POST", url);
		};
		const actions = available(child.state).flatMap((event) => {
			const page = ACTION_PAGES[event];
			return page && allowed(page.path)
				? [{ href: `/front-door/children/${child.id}/${page.path}`, text: page.text }]
				: [];
		});
		const more = [
			ENQUIRY_STATES.includes(child.state) && allowed("enquiries")
				? { href: `/front-door/children/${child.id}/enquiries`, text: "Enquiries and parents" }
				: null,
			ENQUIRY_STATES.includes(child.state) && allowed("sharing")
				? { href: `/front-door/children/${child.id}/sharing`, text: "Agreement to share" }
				: null,
			decision?.signed_off_at &&
			!feedback &&
			!["9", "10"].includes(child.source) &&
			!DECIDING_AGAIN.includes(child.state) &&
			allowed("feedback")
				? { href: `/front-door/children/${child.id}/feedback`, text: "Record feedback to the referrer" }
				: null,
			feedback && allowed("feedback/correct")
				? { href: `/front-door/children/${child.id}/feedback`, text: "Correct the feedback to the referrer" }
				: null,
			["awaiting-match", "awaiting-triage", "enquiries", "awaiting-decision", "awaiting-sign-off"].includes(
				child.state,
			) &&
			!decision?.signed_off_at &&
			!pendingWithdrawal &&
			allowed("withdraw")
				? { href: `/front-door/children/${child.id}/withdraw`, text: "Duplicate or entered in error" }
				: null,
			pendingWithdrawal && allowed("withdraw/confirm")
				? { href: `/front-door/children/${child.id}/withdraw/confirm`, text: "Sign off the withdrawal" }
				: null,
			child.state === "strategy-discussion" && allowed("strategy-discussion")
				? { href: `/front-door/children/${child.id}/strategy-discussion`, text: "Record the strategy discussion" }
				: null,
		].filter((a) => a !== null);
		return reply.page("modules/front-door/child/views/child.njk", {
			title: child.person_id ? `${child.given_name} ${child.family_name}` : "Child not yet matched",
			...record,
			stateLabel: STATES[child.state],
			// Once a strategy discussion is held, the child's outcome is what the latest one decided.
			outcomeLabel: child.outcome ? outcomeLabel(child.outcome as Outcome, discussions.at(-1)?.next_step) : null,
			decisionClock: clockStatus(child.decision_due_at, now, decision?.decided_at),
			decision,
			review,
			feedback,
			enquiries,
			sharing,
			more,
			decisionLevelLabel: decision ? levelLabel(framework, decision.threshold_level) : null,
			agreementLabels: AGREEMENT,
			outcomeLabels: OUTCOME_LABELS,
			sentHow: SENT_HOW,
			transfers,
			discussions,
			nextStepLabels: STRATEGY_NEXT_STEPS,
			levelLabel: record.triage ? levelLabel(framework, record.triage.threshold_level) : null,
			recommendationLabel: record.triage ? OUTCOMES[record.triage.recommendation as keyof typeof OUTCOMES] : null,
			events: record.events.map((e) => ({
				...e,
				text: describeEvent(e.event),
				toLabel: STATES[e.to_state],
			})),
			sourceLabels: REFERRAL_SOURCE,
			factorStatus: FACTOR_STATUS,
			urgency: URGENCY,
			actions,
			pendingWithdrawal,
			saved: (request.query as Record<string, unknown>).saved ?? null,
		});
	});
}
