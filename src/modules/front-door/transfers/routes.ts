import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { OUTCOME_LABELS } from "../../../domain/front-door/workflow.ts";
import { may } from "../../../platform/access-control.ts";
import { attempt, type FormErrors, noErrors, parseForm } from "../../../platform/forms.ts";
import { doer } from "../../../platform/requests.ts";
import { rules } from "../../../platform/rules.ts";
import { ANSWER_FORM, firstContactForm } from "./forms.ts";

type Body = Record<string, unknown>;
type WithTransfer = FastifyRequest<{ Params: { transferId: string } }>;

export function registerTransfers(app: FastifyInstance) {
	const { services } = app;

	app.get("/front-door/transfers", async (request, reply) => {
		const query = request.query as Body;
		const ownTeam = request.principal!.teamId;
		const teamId = query.team === "all" ? null : ownTeam;
		const reader = request.principal!;
		const [waiting, firstContact] = await Promise.all([
			services.transfers.waiting(teamId).then((rows) => services.recordAccess.withholdRestricted(reader, rows)),
			services.transfers
				.awaitingFirstContact(teamId)
				.then((rows) => services.recordAccess.withholdRestricted(reader, rows)),
		]);
		request.shown([...waiting, ...firstContact].map((t) => ({ id: t.id, personId: t.person_id })));
		return reply.page("modules/front-door/transfers/views/list.njk", {
			title: "Transfers to your team",
			waiting,
			firstContact,
			all: teamId === null,
			outcomeLabels: OUTCOME_LABELS,
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
			outcomeLabels: OUTCOME_LABELS,
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
		const read = parseForm(ANSWER_FORM, body);
		if (!read.ok) return render(reply.code(400), request.params.transferId, body, read.errors);
		const { accept, reason } = read.value;
		const errors = noErrors();
		const status = await attempt(errors, () =>
			services.transfers.respond(request.params.transferId, accept === "yes", reason ?? "", doer(request)),
		);
		if (status === null) return reply.redirect(`/front-door/transfers/${request.params.transferId}?saved=1`, 303);
		return render(reply.code(status), request.params.transferId, body, errors);
	});

	app.post("/front-door/transfers/:transferId/first-contact", async (request: WithTransfer, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = parseForm(firstContactForm(services.now()), body);
		if (!read.ok) return render(reply.code(400), request.params.transferId, body, read.errors);
		const errors = noErrors();
		const status = await attempt(errors, () =>
			services.transfers.firstContact(request.params.transferId, read.value.contacted, doer(request)),
		);
		if (status === null) return reply.redirect(`/front-door/transfers/${request.params.transferId}?saved=1`, 303);
		return render(reply.code(status), request.params.transferId, body, errors);
	});

	app.get("/front-door/step-ups", async (request, reply) => {
		const reader = request.principal!;
		const rows = await services.recordAccess.withholdRestricted(
			reader,
			await services.transfers.stepUps(await services.recordAccess.listScope(reader)),
		);
		request.shown(rows.map((r) => ({ id: r.child_id, personId: r.person_id })));
		return reply.page("modules/front-door/transfers/views/step-ups.njk", {
			title: "Stepped up within 3 months of a step-down",
			rows,
		});
	});
}
