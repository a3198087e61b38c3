import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { URGENCY } from "../../../domain/front-door/triage.ts";
import { attempt, type FormErrors, noErrors, readWhen, str } from "../../../platform/forms.ts";
import { acting, doer } from "../../../platform/requests.ts";
import { ENQUIRY_STATES } from "./service.ts";

type Body = Record<string, unknown>;
type WithChild = FastifyRequest<{ Params: { childId: string } }>;

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

	/** `read` parses the form into `errors` and returns the service call to make. */
	async function save(request: WithChild, reply: FastifyReply, read: (errors: FormErrors) => () => Promise<void>) {
		const errors = noErrors();
		const call = read(errors);
		const status = await attempt(errors, call);
		if (status === null) return reply.redirect(`/front-door/children/${request.params.childId}/enquiries?saved=1`, 303);
		return render(reply.code(status), request.params.childId, (request.body ?? {}) as Body, errors);
	}

	app.get("/front-door/children/:childId/enquiries", async (request: WithChild, reply) =>
		render(reply, request.params.childId, {}, noErrors()),
	);

	app.post("/front-door/children/:childId/enquiries", async (request: WithChild, reply) =>
		save(request, reply, (errors) => {
			const body = (request.body ?? {}) as Body;
			const requestedAt = readWhen(body, "requested", "When the enquiry was made", errors);
			return () =>
				services.enquiries.request(
					request.params.childId,
					{ agency: str(body, "agency"), urgency: str(body, "urgency"), requestedAt },
					doer(request),
				);
		}),
	);

	app.post(
		"/front-door/children/:childId/enquiries/:enquiryId/answer",
		async (request: FastifyRequest<{ Params: { childId: string; enquiryId: string } }>, reply) =>
			save(request, reply, (errors) => {
				const body = (request.body ?? {}) as Body;
				const id = request.params.enquiryId;
				const answeredAt = readWhen(body, `answered-${id}`, "When the agency answered", errors);
				return () =>
					services.enquiries.answer(
						request.params.childId,
						id,
						{ response: str(body, `response-${id}`), answeredAt },
						doer(request),
					);
			}),
	);

	app.post("/front-door/children/:childId/parents", async (request: WithChild, reply) =>
		save(request, reply, (errors) => {
			const body = (request.body ?? {}) as Body;
			const spokeAt = readWhen(body, "spoke", "When you spoke to them", errors);
			return () =>
				services.enquiries.spokeToParent(
					request.params.childId,
					{ withWhom: str(body, "withWhom"), summary: str(body, "summary"), spokeAt },
					doer(request),
				);
		}),
	);
}
