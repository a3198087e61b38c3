import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { STRATEGY_NEXT_STEPS, type StrategyNextStep } from "../../../domain/front-door/workflow.ts";
import {
	attempt,
	type FormErrors,
	fieldError,
	noErrors,
	parseDateInput,
	readWhen,
	refusalErrors,
	refusalStatus,
	str,
} from "../../../platform/forms.ts";
import { acting, doer } from "../../../platform/requests.ts";
import { yesNo } from "../decisions/routes.ts";

type Body = Record<string, unknown>;
type WithChild = FastifyRequest<{ Params: { childId: string } }>;
const ROWS = 6;

export function registerStrategy(app: FastifyInstance) {
	const { services } = app;

	async function render(reply: FastifyReply, childId: string, values: Body, errors: FormErrors) {
		const record = await services.frontDoor.view(childId, acting(reply.request));
		const [teams, framework] = await Promise.all([services.users.teams(), services.settings.thresholdFramework()]);
		const { discussions } = record;
		return reply.page("modules/front-door/strategy/views/strategy.njk", {
			title: `Strategy discussion: ${record.child.given_name} ${record.child.family_name}`,
			...record,
			discussions,
			open: record.child.state === "strategy-discussion",
			nextSteps: Object.entries(STRATEGY_NEXT_STEPS).map(([value, text]) => ({
				value,
				text,
				checked: values.nextStep === value,
			})),
			nextStepLabels: STRATEGY_NEXT_STEPS,
			teams: teams
				.filter((t) => t.kind === "early-help" || t.kind === "assessment")
				.map((t) => ({ value: t.id, text: t.name })),
			tiers: framework.earlyHelpTiers.map((t) => ({ value: t.id, text: t.label })),
			rows: Array.from({ length: ROWS }, (_, i) => i),
			values: { version: String(record.child.version), ...values },
			errors,
		});
	}

	app.get("/front-door/children/:childId/strategy-discussion", async (request: WithChild, reply) =>
		render(reply, request.params.childId, {}, noErrors()),
	);

	app.post("/front-door/children/:childId/strategy-discussion", async (request: WithChild, reply) => {
		const body = (request.body ?? {}) as Body;
		const errors = noErrors();
		const heldAt = readWhen(body, "held", "When it was held", errors);
		const attendees: { agency: string; name: string }[] = [];
		const actions: { action: string; owner: string; dueOn: string | null }[] = [];
		for (let i = 0; i < ROWS; i++) {
			const agency = str(body, `attendee-${i}-agency`);
			const name = str(body, `attendee-${i}-name`);
			if (agency || name) attendees.push({ agency, name });
			const action = str(body, `action-${i}-action`);
			const owner = str(body, `action-${i}-owner`);
			const due = parseDateInput(body, `action-${i}-due`, `The due date of action ${i + 1}`);
			if (!due.ok) fieldError(`action-${i}-due-day`, due.message, errors);
			if (action || owner || (due.ok && due.value)) actions.push({ action, owner, dueOn: due.ok ? due.value : null });
		}
		const nextStep = str(body, "nextStep");
		const status = await attempt(errors, () =>
			services.strategy.hold(
				request.params.childId,
				{
					heldAt,
					attendees,
					actions,
					nextStep: Object.hasOwn(STRATEGY_NEXT_STEPS, nextStep) ? (nextStep as StrategyNextStep) : null,
					rationale: str(body, "rationale"),
					receivingTeamId: str(body, "receivingTeamId") || null,
					earlyHelpTier: str(body, "earlyHelpTier") || null,
					familyAgreed: yesNo(str(body, "familyAgreed")),
				},
				Number(str(body, "version")),
				doer(request),
			),
		);
		if (status === null) return reply.redirect(`/front-door/children/${request.params.childId}?saved=strategy`, 303);
		return render(reply.code(status), request.params.childId, body, errors);
	});

	app.post(
		"/front-door/children/:childId/strategy-discussion/:discussionId/conference-not-required",
		async (request: FastifyRequest<{ Params: { childId: string; discussionId: string } }>, reply) => {
			const { childId, discussionId } = request.params;
			const body = (request.body ?? {}) as Body;
			try {
				await services.strategy.conferenceNotRequired(
					childId,
					discussionId,
					str(body, `reason-${discussionId}`),
					doer(request),
				);
				return reply.redirect(`/front-door/children/${childId}/strategy-discussion`, 303);
			} catch (error) {
				const refused = refusalErrors(error);
				if (!refused) throw error;
				return render(reply.code(refusalStatus(error)), childId, body, refused);
			}
		},
	);
}
