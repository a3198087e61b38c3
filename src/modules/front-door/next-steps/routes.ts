import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { URGENCY } from "../../../domain/front-door/triage.ts";
import { attempt, type FormErrors, noErrors, parseForm } from "../../../platform/forms.ts";
import { acting, doer } from "../../../platform/requests.ts";
import { isManager } from "../../../platform/rules.ts";
import { CANCEL_FORM, DONE_FORM } from "./forms.ts";

type Body = Record<string, unknown>;
type WithStep = FastifyRequest<{ Params: { childId: string; stepId: string } }>;

export function registerNextSteps(app: FastifyInstance) {
	const { services } = app;

	async function render(
		request: WithStep,
		reply: FastifyReply,
		form: { values?: Body; errors?: FormErrors; which?: "done" | "cancel" } = {},
	) {
		const { childId, stepId } = request.params;
		const [record, step] = await Promise.all([
			services.frontDoor.view(childId, acting(request)),
			services.nextSteps.get(childId, stepId),
		]);
		const principal = request.principal!;
		const open = !step.done_at && !step.cancelled_at;
		const errors = form.errors ?? noErrors();
		return reply.page("modules/front-door/next-steps/views/next-step.njk", {
			title: `Next step: ${record.child.given_name} ${record.child.family_name}`,
			...record,
			step,
			urgencyLabel: URGENCY[step.urgency].label,
			overdue: open && step.due_at < services.now(),
			canComplete: open && (await services.nextSteps.mayComplete(principal.id, step.allocated_to)),
			canCancel: open && isManager(principal),
			values: form.values ?? {},
			doneErrors: form.which === "done" ? errors : noErrors(),
			cancelErrors: form.which === "cancel" ? errors : noErrors(),
			errors,
		});
	}

	app.get("/front-door/children/:childId/next-steps/:stepId", async (request: WithStep, reply) =>
		render(request, reply),
	);

	app.post("/front-door/children/:childId/next-steps/:stepId/done", async (request: WithStep, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = parseForm(DONE_FORM, body);
		const errors = read.ok ? noErrors() : read.errors;
		const { childId, stepId } = request.params;
		const status = await attempt(errors, () =>
			services.nextSteps.complete(childId, stepId, read.ok ? read.value.note : "", doer(request)),
		);
		if (status === null) return reply.redirect(`/front-door/children/${childId}?saved=next-step`, 303);
		return render(request, reply.code(status), { values: body, errors, which: "done" });
	});

	app.post("/front-door/children/:childId/next-steps/:stepId/cancel", async (request: WithStep, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = parseForm(CANCEL_FORM, body);
		const errors = read.ok ? noErrors() : read.errors;
		const { childId, stepId } = request.params;
		const status = await attempt(errors, () =>
			services.nextSteps.cancel(childId, stepId, read.ok ? read.value.reason : "", doer(request)),
		);
		if (status === null) return reply.redirect(`/front-door/children/${childId}?saved=next-step-cancelled`, 303);
		return render(request, reply.code(status), { values: body, errors, which: "cancel" });
	});
}
