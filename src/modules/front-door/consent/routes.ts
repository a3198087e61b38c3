import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AGREEMENT, type Agreement, LAWFUL_BASIS, type LawfulBasis } from "../../../domain/front-door/decision.ts";
import { type FormErrors, noErrors, refusalErrors, refusalStatus, str } from "../../../platform/forms.ts";
import { acting, doer } from "../../../platform/requests.ts";
import { ENQUIRY_STATES } from "../enquiries/service.ts";

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
		const holder = str(body, "holder");
		const holders = await services.consent.holders((await services.frontDoor.child(request.params.childId)).person_id);
		const chosen = holders.find((h) => h.id === holder);
		const agreement = str(body, "agreement");
		const basis = str(body, "lawfulBasis");
		const shared = str(body, "informationShared");
		try {
			await services.consent.record(
				request.params.childId,
				{
					personId: chosen?.id ?? null,
					personName: chosen ? `${chosen.given_name} ${chosen.family_name}` : str(body, "personName"),
					agreement: Object.hasOwn(AGREEMENT, agreement) ? (agreement as Agreement) : null,
					informationShared: shared === "yes" ? true : shared === "no" ? false : null,
					rationale: str(body, "rationale"),
					authorisedBy: str(body, "authorisedBy") || null,
					lawfulBasis: Object.hasOwn(LAWFUL_BASIS, basis) ? (basis as LawfulBasis) : null,
				},
				doer(request),
			);
			return reply.redirect(`/front-door/children/${request.params.childId}/sharing?saved=1`, 303);
		} catch (error) {
			const errors = refusalErrors(error);
			if (!errors) throw error;
			return render(reply.code(refusalStatus(error)), request.params.childId, body, errors);
		}
	});
}
