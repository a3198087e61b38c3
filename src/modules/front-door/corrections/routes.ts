import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { formatDateTime } from "../../../platform/format.ts";
import { type FormErrors, noErrors, refusalErrors, refusalStatus, str } from "../../../platform/forms.ts";
import { acting, doer } from "../../../platform/requests.ts";

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
		const version = Number(str(body, "version"));
		try {
			if (str(body, "how") === "duplicate") {
				await services.corrections.markDuplicate(
					request.params.childId,
					str(body, "duplicateOf"),
					version,
					doer(request),
				);
			} else if (str(body, "how") === "error") {
				await services.corrections.enteredInError(request.params.childId, str(body, "reason"), version, doer(request));
			} else {
				return render(reply.code(400), request.params.childId, body, {
					summary: [{ text: "Choose why this child leaves the front door", href: "#how" }],
					fields: { how: { text: "Choose why this child leaves the front door" } },
				});
			}
			return reply.redirect(`/front-door/children/${request.params.childId}?saved=withdrawn`, 303);
		} catch (error) {
			const errors = refusalErrors(error);
			if (!errors) throw error;
			return render(reply.code(refusalStatus(error)), request.params.childId, body, errors);
		}
	});
}
