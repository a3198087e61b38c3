import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { URGENCY } from "../../../domain/front-door/triage.ts";
import {
	attempt,
	type FormErrors,
	type FormSchema,
	type FormValues,
	noErrors,
	parseForm,
} from "../../../platform/forms.ts";
import { acting, doer } from "../../../platform/requests.ts";
import { answerForm, conversationForm, enquiryForm } from "./forms.ts";
import { ENQUIRY_STATES } from "./service.ts";

type Body = Record<string, unknown>;
type WithChild = FastifyRequest<{ Params: { childId: string } }>;
type Shape = Record<string, z.ZodType>;

export function registerEnquiries(app: FastifyInstance) {
	const { services } = app;

	async function render(reply: FastifyReply, childId: string, values: Body, errors: FormErrors) {
		const record = await services.frontDoor.view(childId, acting(reply.request));
		const { enquiries, conversations } = record.enquiries;
		return reply.page("modules/front-door/enquiries/views/enquiries.njk", {
			title: `Enquiries: ${record.child.given_name} ${record.child.family_name}`,
			...record,
			enquiries,
			conversations,
			open: ENQUIRY_STATES.includes(record.child.state),
			urgency: Object.entries(URGENCY).map(([value, u]) => ({ value, text: u.label })),
			values,
			errors,
			now: services.now(),
		});
	}

	/** Reads `schema` from the posted body and, when it has no problems, makes the service call with its values. */
	async function save<S extends Shape>(
		request: WithChild,
		reply: FastifyReply,
		schema: FormSchema<S>,
		call: (values: FormValues<FormSchema<S>>) => Promise<void>,
	) {
		const body = (request.body ?? {}) as Body;
		const parsed = parseForm(schema, body);
		const errors = parsed.ok ? noErrors() : parsed.errors;
		const status = parsed.ok ? await attempt(errors, () => call(parsed.value)) : 400;
		if (status === null) return reply.redirect(`/front-door/children/${request.params.childId}/enquiries?saved=1`, 303);
		return render(reply.code(status), request.params.childId, body, errors);
	}

	app.get("/front-door/children/:childId/enquiries", async (request: WithChild, reply) =>
		render(reply, request.params.childId, {}, noErrors()),
	);

	app.post("/front-door/children/:childId/enquiries", async (request: WithChild, reply) =>
		save(request, reply, enquiryForm(services.now()), (v) =>
			services.enquiries.request(
				request.params.childId,
				{ agency: v.agency, urgency: v.urgency, requestedAt: v.requested },
				doer(request),
			),
		),
	);

	app.post(
		"/front-door/children/:childId/enquiries/:enquiryId/answer",
		async (request: FastifyRequest<{ Params: { childId: string; enquiryId: string } }>, reply) => {
			const id = request.params.enquiryId;
			return save(request, reply, answerForm(id, services.now()), (v) =>
				services.enquiries.answer(
					request.params.childId,
					id,
					{ response: v[`response-${id}`] as string, answeredAt: v[`answered-${id}`] as Date },
					doer(request),
				),
			);
		},
	);

	app.post("/front-door/children/:childId/parents", async (request: WithChild, reply) =>
		save(request, reply, conversationForm(services.now()), (v) =>
			services.enquiries.spokeToParent(
				request.params.childId,
				{ withWhom: v.withWhom, summary: v.summary, spokeAt: v.spoke },
				doer(request),
			),
		),
	);
}
