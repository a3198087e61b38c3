import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { absenceText, agencyLabel, REQUIRED_AGENCIES, STRATEGY_AGENCIES } from "../../../domain/front-door/strategy.ts";
import { STRATEGY_NEXT_STEPS } from "../../../domain/front-door/workflow.ts";
import { StepInvalid } from "../../../platform/errors.ts";
import { attempt, type FormErrors, noErrors, parseForm } from "../../../platform/forms.ts";
import { DECIDERS } from "../../../platform/permissions.ts";
import { acting, doer } from "../../../platform/requests.ts";
import { dayTeamsOpen, isManager, rules } from "../../../platform/rules.ts";
import {
	ACTION_ROWS,
	ATTENDEE_ROWS,
	conferenceNotRequiredForm,
	NO_CONFERENCE_ANSWERS,
	noConferenceAnswerForm,
	readStrategyForm,
} from "./forms.ts";

type Body = Record<string, unknown>;
type WithChild = FastifyRequest<{ Params: { childId: string } }>;

export function registerStrategy(app: FastifyInstance) {
	const { services } = app;

	async function render(reply: FastifyReply, childId: string, values: Body, errors: FormErrors) {
		const record = await services.frontDoor.view(childId, acting(reply.request));
		const [teams, framework, decided, calendar] = await Promise.all([
			services.users.teams(),
			services.settings.thresholdFramework(),
			services.strategy.decisionToHold(childId),
			services.settings.calendar(),
		]);
		// Said before anything is typed; the workflow refuses it again when the form is sent (ADR 28).
		const dayTeams = rules.outOfHoursWorkerWhenClosed(
			reply.request.principal!.roles,
			DECIDERS,
			services.now(),
			calendar,
		);
		// Each discussion as read: attendees by agency, and why a required agency was not there.
		const discussions = record.discussions.map((d) => ({
			...d,
			attended: (d.attendees as { agency: string; name: string; role?: string; recordedAs?: string }[]).map((a) => {
				const who = [a.name, a.role].filter(Boolean).join(", ");
				return who ? `${who} (${agencyLabel(a)})` : agencyLabel(a);
			}),
			absent: (d.absences as { agency: string; reason: string }[]).map(absenceText),
		}));
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
			answers: Object.entries(NO_CONFERENCE_ANSWERS).map(([value, text]) => ({ value, text })),
			// Whether this reader may answer what someone else recorded (the service checks again).
			mayAnswer: isManager(reply.request.principal!),
			me: reply.request.principal!.id,
			teams: teams
				.filter((t) => t.kind === "early-help" || t.kind === "assessment")
				.map((t) => ({ value: t.id, text: t.name })),
			tiers: framework.earlyHelpTiers.map((t) => ({ value: t.id, text: t.label })),
			attendeeRows: Array.from({ length: ATTENDEE_ROWS }, (_, i) => i),
			agencies: Object.entries(STRATEGY_AGENCIES).map(([value, text]) => ({ value, text })),
			requiredAgencies: Object.entries(REQUIRED_AGENCIES).map(([code, name]) => ({ code, name })),
			decided,
			dayTeamsOpen: dayTeams.ok
				? null
				: `${dayTeamsOpen(calendar)}: the front door's day team records this discussion.`,
			actionRows: Array.from({ length: ACTION_ROWS }, (_, i) => i),
			values: { version: String(record.child.version), ...values },
			errors,
		});
	}

	app.get("/front-door/children/:childId/strategy-discussion", async (request: WithChild, reply) =>
		render(reply, request.params.childId, {}, noErrors()),
	);

	app.post("/front-door/children/:childId/strategy-discussion", async (request: WithChild, reply) => {
		const body = (request.body ?? {}) as Body;
		const { childId } = request.params;
		const read = readStrategyForm(
			body,
			await services.settings.thresholdFramework(),
			services.now(),
			await services.strategy.decisionToHold(childId),
		);
		const status = read.ok
			? await attempt(read.errors, () =>
					services.strategy.hold(childId, read.input, read.version, doer(request)).catch((error) => {
						// The service numbers the rows entered; the form's rows may have gaps.
						if (!(error instanceof StepInvalid)) throw error;
						throw new StepInvalid(
							Object.fromEntries(Object.entries(error.problems).map(([id, m]) => [read.toRow(id), m])),
						);
					}),
				)
			: 400;
		if (status === null) return reply.redirect(`/front-door/children/${childId}?saved=strategy`, 303);
		return render(reply.code(status), childId, body, read.errors);
	});

	app.post(
		"/front-door/children/:childId/strategy-discussion/:discussionId/conference-not-required",
		async (request: FastifyRequest<{ Params: { childId: string; discussionId: string } }>, reply) => {
			const { childId, discussionId } = request.params;
			const body = (request.body ?? {}) as Body;
			const parsed = parseForm(conferenceNotRequiredForm(discussionId), body);
			const errors = parsed.ok ? noErrors() : parsed.errors;
			const status = parsed.ok
				? await attempt(errors, () =>
						services.strategy.conferenceNotRequired(
							childId,
							discussionId,
							String(parsed.value[`reason-${discussionId}`]),
							doer(request),
						),
					)
				: 400;
			if (status === null) return reply.redirect(`/front-door/children/${childId}/strategy-discussion`, 303);
			return render(reply.code(status), childId, body, errors);
		},
	);

	app.post(
		"/front-door/children/:childId/strategy-discussion/:discussionId/conference-not-required/answer",
		async (request: FastifyRequest<{ Params: { childId: string; discussionId: string } }>, reply) => {
			const { childId, discussionId } = request.params;
			const body = (request.body ?? {}) as Body;
			const parsed = parseForm(noConferenceAnswerForm(discussionId), body);
			const errors = parsed.ok ? noErrors() : parsed.errors;
			const status = parsed.ok
				? await attempt(errors, () =>
						services.strategy.answerNoConference(
							childId,
							discussionId,
							parsed.value[`answer-${discussionId}`] === "agree",
							String(parsed.value[`note-${discussionId}`]),
							doer(request),
						),
					)
				: 400;
			if (status === null) return reply.redirect(`/front-door/children/${childId}/strategy-discussion`, 303);
			return render(reply.code(status), childId, body, errors);
		},
	);
}
