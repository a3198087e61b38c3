import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { OUTCOMES } from "../../../domain/front-door/workflow.ts";
import { may } from "../../../platform/access-control.ts";
import {
	attempt,
	type FormErrors,
	noErrors,
	readWhen,
	refusalErrors,
	refusalStatus,
	str,
} from "../../../platform/forms.ts";
import { doer } from "../../../platform/requests.ts";
import { rules } from "../../../platform/rules.ts";

type Body = Record<string, unknown>;
type WithTransfer = FastifyRequest<{ Params: { transferId: string } }>;

export function registerTransfers(app: FastifyInstance) {
	const { services } = app;

	app.get("/front-door/transfers", async (request, reply) => {
		const query = request.query as Body;
		const ownTeam = request.principal!.teamId;
		const teamId = query.team === "all" ? null : ownTeam;
		const [waiting, firstContact] = await Promise.all([
			services.transfers.waiting(teamId),
			services.transfers.awaitingFirstContact(teamId),
		]);
		return reply.page("modules/front-door/transfers/views/list.njk", {
			title: "Transfers to your team",
			waiting,
			firstContact,
			all: teamId === null,
			outcomeLabels: OUTCOMES,
			canSeeStepUps: may(request, "GET", "/front-door/step-ups"),
		});
	});

	async function render(reply: FastifyReply, id: string, values: Body, errors: FormErrors) {
		const transfer = await services.transfers.get(id);
		const { actor, teamId } = doer(reply.request);
		return reply.page("modules/front-door/transfers/views/transfer.njk", {
			title: `Transfer: ${transfer.given_name} ${transfer.family_name}`,
			transfer,
			ofReceivingTeam: rules.inReceivingTeam(actor, teamId, transfer.to_team_id).ok,
			outcomeLabels: OUTCOMES,
			values,
			errors,
			saved: (reply.request.query as Body).saved === "1" && !errors.summary.length,
		});
	}

	app.get("/front-door/transfers/:transferId", async (request: WithTransfer, reply) =>
		render(reply, request.params.transferId, {}, noErrors()),
	);

	app.post("/front-door/transfers/:transferId", async (request: WithTransfer, reply) => {
		const body = (request.body ?? {}) as Body;
		const accept = str(body, "accept");
		try {
			await services.transfers.respond(
				request.params.transferId,
				accept === "yes" ? true : accept === "no" ? false : null,
				str(body, "reason"),
				doer(request),
			);
			return reply.redirect(`/front-door/transfers/${request.params.transferId}?saved=1`, 303);
		} catch (error) {
			const errors = refusalErrors(error);
			if (!errors) throw error;
			return render(reply.code(refusalStatus(error)), request.params.transferId, body, errors);
		}
	});

	app.post("/front-door/transfers/:transferId/first-contact", async (request: WithTransfer, reply) => {
		const body = (request.body ?? {}) as Body;
		const errors = noErrors();
		const at = readWhen(body, "contacted", "When early help first contacted the family", errors);
		const status = await attempt(errors, () =>
			services.transfers.firstContact(request.params.transferId, at, doer(request)),
		);
		if (status === null) return reply.redirect(`/front-door/transfers/${request.params.transferId}?saved=1`, 303);
		return render(reply.code(status), request.params.transferId, body, errors);
	});

	app.get("/front-door/step-ups", async (_request, reply) => {
		const rows = await services.transfers.stepUps();
		return reply.page("modules/front-door/transfers/views/step-ups.njk", {
			title: "Stepped up within 3 months of a step-down",
			rows,
		});
	});
}
