import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { OUTCOMES } from "../../../domain/front-door/workflow.ts";
import { attempt, type FormErrors, noErrors, readWhen, str } from "../../../platform/forms.ts";
import { acting, doer } from "../../../platform/requests.ts";
import { FEEDBACK_METHOD } from "./service.ts";

type Body = Record<string, unknown>;
type WithChild = FastifyRequest<{ Params: { childId: string } }>;

export function registerFeedback(app: FastifyInstance) {
	const { services } = app;

	async function render(reply: FastifyReply, childId: string, values: Body, errors: FormErrors) {
		const record = await services.frontDoor.view(childId, acting(reply.request));
		const { feedback, decision } = record;
		return reply.page("modules/front-door/feedback/views/feedback.njk", {
			title: `Feedback to the referrer: ${record.child.given_name} ${record.child.family_name}`,
			...record,
			feedback,
			decision,
			outcomeLabels: OUTCOMES,
			methods: Object.entries(FEEDBACK_METHOD).map(([value, text]) => ({
				value,
				text,
				checked: values.method === value,
			})),
			methodLabels: FEEDBACK_METHOD,
			values,
			errors,
		});
	}

	app.get("/front-door/children/:childId/feedback", async (request: WithChild, reply) =>
		render(reply, request.params.childId, {}, noErrors()),
	);

	app.post("/front-door/children/:childId/feedback", async (request: WithChild, reply) => {
		const body = (request.body ?? {}) as Body;
		const errors = noErrors();
		const givenAt = readWhen(body, "given", "When the referrer was told", errors);
		const status = await attempt(errors, () =>
			services.feedback.record(
				request.params.childId,
				{ method: str(body, "method"), summary: str(body, "summary"), givenAt },
				doer(request),
			),
		);
		if (status === null) return reply.redirect(`/front-door/children/${request.params.childId}?saved=feedback`, 303);
		return render(reply.code(status), request.params.childId, body, errors);
	});

	app.get("/front-door/feedback", async (_request, reply) => {
		const rows = await services.feedback.owed();
		return reply.page("modules/front-door/feedback/views/owed.njk", {
			title: "Feedback owed to referrers",
			rows,
			outcomeLabels: OUTCOMES,
		});
	});
}
