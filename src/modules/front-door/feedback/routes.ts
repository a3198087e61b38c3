import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { OUTCOME_LABELS } from "../../../domain/front-door/workflow.ts";
import { attempt, dateTimeInputValues, type FormErrors, noErrors, parseForm } from "../../../platform/forms.ts";
import { acting, doer } from "../../../platform/requests.ts";
import { feedbackCorrectionForm, feedbackForm } from "./forms.ts";
import { FEEDBACK_METHOD } from "./service.ts";

type Body = Record<string, unknown>;
type WithChild = FastifyRequest<{ Params: { childId: string } }>;

export function registerFeedback(app: FastifyInstance) {
	const { services } = app;

	/** The page, with the form to record feedback or, once recorded, to correct it (from what is recorded). */
	async function render(reply: FastifyReply, childId: string, posted: Body | null, errors: FormErrors) {
		const record = await services.frontDoor.view(childId, acting(reply.request));
		const { feedback, decision } = record;
		const values = posted ?? (feedback ? recorded(feedback) : {});
		return reply.page("modules/front-door/feedback/views/feedback.njk", {
			title: `Feedback to the referrer: ${record.child.given_name} ${record.child.family_name}`,
			...record,
			feedback,
			decision,
			outcomeLabels: OUTCOME_LABELS,
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
		render(reply, request.params.childId, null, noErrors()),
	);

	app.post("/front-door/children/:childId/feedback/correct", async (request: WithChild, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = parseForm(feedbackCorrectionForm(services.now()), body);
		if (!read.ok) return render(reply.code(400), request.params.childId, body, read.errors);
		const { given, method, summary, reason, version } = read.value;
		const errors = noErrors();
		const status = await attempt(errors, () =>
			services.feedback.correct(
				request.params.childId,
				{ method, summary, givenAt: given, reason, version },
				doer(request),
			),
		);
		if (status === null)
			return reply.redirect(`/front-door/children/${request.params.childId}?saved=feedback-corrected`, 303);
		return render(reply.code(status), request.params.childId, body, errors);
	});

	app.post("/front-door/children/:childId/feedback", async (request: WithChild, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = parseForm(feedbackForm(services.now()), body);
		if (!read.ok) return render(reply.code(400), request.params.childId, body, read.errors);
		const { given, method, summary } = read.value;
		const errors = noErrors();
		const status = await attempt(errors, () =>
			services.feedback.record(request.params.childId, { method, summary, givenAt: given }, doer(request)),
		);
		if (status === null) return reply.redirect(`/front-door/children/${request.params.childId}?saved=feedback`, 303);
		return render(reply.code(status), request.params.childId, body, errors);
	});

	app.get("/front-door/feedback", async (request, reply) => {
		const reader = request.principal!;
		const rows = await services.recordAccess.withholdRestricted(
			reader,
			await services.feedback.owed(await services.recordAccess.listScope(reader)),
		);
		request.shown(rows.map((r) => ({ id: r.id, personId: r.person_id })));
		return reply.page("modules/front-door/feedback/views/owed.njk", {
			title: "Feedback owed to referrers",
			rows,
			outcomeLabels: OUTCOME_LABELS,
		});
	});
}

/** The correction form starts from what is recorded. */
function recorded(feedback: { given_at: Date; method: string; summary: string; version: number }): Body {
	const at = dateTimeInputValues(feedback.given_at);
	return {
		"given-day": at.day,
		"given-month": at.month,
		"given-year": at.year,
		"given-time": at.time,
		method: feedback.method,
		summary: feedback.summary,
		version: String(feedback.version),
	};
}
