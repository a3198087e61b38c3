import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { formatDateTime } from "../../../platform/format.ts";
import { attempt, type FormErrors, noErrors, parseForm } from "../../../platform/forms.ts";
import { acting, doer } from "../../../platform/requests.ts";
import { WITHDRAW_FORM } from "./forms.ts";

type Body = Record<string, unknown>;
type WithChild = FastifyRequest<{ Params: { childId: string } }>;

export function registerCorrections(app: FastifyInstance) {
	const { services } = app;

	async function render(reply: FastifyReply, childId: string, values: Body, errors: FormErrors) {
		const record = await services.frontDoor.view(childId, acting(reply.request));
		const candidates = await services.corrections.candidates(childId);
		return reply.page("modules/front-door/corrections/views/withdraw.njk", {
			title: `Withdraw from the front door: ${record.child.given_name ?? "child"} ${record.child.family_name ?? ""}`,
			...record,
			candidates: candidates.map((c) => ({
				value: c.id,
				text: `${c.reference}, received ${formatDateTime(c.received_at)}`,
				hint: { text: c.concern.slice(0, 140) },
				checked: values.duplicateOf === c.id,
			})),
			values: { version: String(record.child.version), ...values },
			errors,
		});
	}

	app.get("/front-door/children/:childId/withdraw", async (request: WithChild, reply) =>
		render(reply, request.params.childId, {}, noErrors()),
	);

	app.post("/front-door/children/:childId/withdraw", async (request: WithChild, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = parseForm(WITHDRAW_FORM, body);
		if (!read.ok) return render(reply.code(400), request.params.childId, body, read.errors);
		const { version, how, duplicateOf, reason } = read.value;
		const childId = request.params.childId;
		const errors = noErrors();
		const status = await attempt(errors, () =>
			how === "duplicate"
				? services.corrections.markDuplicate(childId, duplicateOf ?? "", version, doer(request))
				: services.corrections.enteredInError(childId, reason ?? "", version, doer(request)),
		);
		if (status === null) return reply.redirect(`/front-door/children/${childId}?saved=withdrawn`, 303);
		return render(reply.code(status), childId, body, errors);
	});
}
