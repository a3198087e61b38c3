import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AGREEMENT, LAWFUL_BASIS } from "../../../domain/front-door/decision.ts";
import { attempt, type FormErrors, noErrors, parseForm } from "../../../platform/forms.ts";
import { acting, doer } from "../../../platform/requests.ts";
import { ENQUIRY_STATES } from "../enquiries/service.ts";
import { AUTHORISATION_ANSWERS, authoriseForm, sharingForm, sharingInput } from "./forms.ts";

type Body = Record<string, unknown>;
type WithChild = FastifyRequest<{ Params: { childId: string } }>;
const options = (codes: Record<string, string>) => Object.entries(codes).map(([value, text]) => ({ value, text }));

export function registerConsent(app: FastifyInstance) {
	const { services } = app;

	async function render(reply: FastifyReply, childId: string, values: Body, errors: FormErrors) {
		const record = await services.frontDoor.view(childId, acting(reply.request));
		const { sharing } = record;
		const [holders, authorisers] = await Promise.all([
			services.consent.holders(record.child.person_id),
			services.consent.authorisers(),
		]);
		return reply.page("modules/front-door/consent/views/sharing.njk", {
			title: `Agreement to share information: ${record.child.given_name} ${record.child.family_name}`,
			...record,
			sharing,
			holders: holders.map((h) => ({ value: h.id, text: `${h.given_name} ${h.family_name} (${h.kind})` })),
			authorisers: authorisers.map((a) => ({ value: a.id, text: a.display_name })),
			agreement: options(AGREEMENT),
			agreementLabels: AGREEMENT,
			lawfulBasis: options(LAWFUL_BASIS),
			lawfulBasisLabels: LAWFUL_BASIS,
			open: ENQUIRY_STATES.includes(record.child.state),
			values,
			errors,
		});
	}

	app.get("/front-door/children/:childId/sharing", async (request: WithChild, reply) =>
		render(reply, request.params.childId, {}, noErrors()),
	);

	app.post("/front-door/children/:childId/sharing", async (request: WithChild, reply) => {
		const body = (request.body ?? {}) as Body;
		const { childId } = request.params;
		const holders = await services.consent.holders((await services.frontDoor.child(childId)).person_id);
		const parsed = parseForm(sharingForm(holders), body);
		const errors = parsed.ok ? noErrors() : parsed.errors;
		const status = parsed.ok
			? await attempt(errors, () =>
					services.consent.record(childId, sharingInput(parsed.value, holders), doer(request)),
				)
			: 400;
		if (status === null) return reply.redirect(`/front-door/children/${childId}/sharing?saved=1`, 303);
		return render(reply.code(status), childId, body, errors);
	});

	type WithSharing = FastifyRequest<{ Params: { childId: string; sharingId: string } }>;

	async function renderAuthorise(request: WithSharing, reply: FastifyReply, values: Body, errors: FormErrors) {
		const { childId, sharingId } = request.params;
		const [record, sharing] = await Promise.all([
			services.frontDoor.view(childId, acting(request)),
			services.consent.forAuthorisation(childId, sharingId),
		]);
		return reply.page("modules/front-door/consent/views/authorise.njk", {
			title: `Authorise sharing without agreement: ${record.child.given_name} ${record.child.family_name}`,
			...record,
			item: sharing,
			agreementLabels: AGREEMENT,
			lawfulBasisLabels: LAWFUL_BASIS,
			mine: sharing.authorised_by === request.principal!.id,
			answers: Object.entries(AUTHORISATION_ANSWERS).map(([value, text]) => ({
				value,
				text,
				checked: values.answer === value,
			})),
			values,
			errors,
		});
	}

	app.get("/front-door/children/:childId/sharing/:sharingId/authorise", async (request: WithSharing, reply) =>
		renderAuthorise(request, reply, {}, noErrors()),
	);

	app.post("/front-door/children/:childId/sharing/:sharingId/authorise", async (request: WithSharing, reply) => {
		const body = (request.body ?? {}) as Body;
		const { childId, sharingId } = request.params;
		const parsed = parseForm(authoriseForm, body);
		const errors = parsed.ok ? noErrors() : parsed.errors;
		const status = parsed.ok
			? await attempt(errors, () =>
					services.consent.authorise(childId, sharingId, parsed.value.answer, parsed.value.note, doer(request)),
				)
			: 400;
		if (status === null) return reply.redirect(`/front-door/children/${childId}?saved=authorisation`, 303);
		return renderAuthorise(request, reply.code(status), body, errors);
	});
}
