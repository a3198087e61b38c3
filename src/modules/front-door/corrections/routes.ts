import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { formatDateTime } from "../../../platform/format.ts";
import { attempt, type FormErrors, noErrors, parseForm } from "../../../platform/forms.ts";
import { acting, doer } from "../../../platform/requests.ts";
import { isManager } from "../../../platform/rules.ts";
import { CONFIRM_WITHDRAWAL_FORM, WITHDRAW_FORM, WITHDRAWAL_ANSWERS } from "./forms.ts";

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
			needsSignOff: !isManager(reply.request.principal!),
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
		let outcome: "withdrawn" | "requested" = "withdrawn";
		const status = await attempt(errors, async () => {
			outcome = await services.corrections.withdraw(
				childId,
				how === "duplicate" ? { how, duplicateOf: duplicateOf ?? "" } : { how: "error", reason: reason ?? "" },
				version,
				doer(request),
			);
		});
		if (status === null) {
			return reply.redirect(
				`/front-door/children/${childId}?saved=${outcome === "withdrawn" ? "withdrawn" : "withdrawal-requested"}`,
				303,
			);
		}
		return render(reply.code(status), childId, body, errors);
	});

	async function renderConfirm(request: WithChild, reply: FastifyReply, values: Body, errors: FormErrors) {
		const { childId } = request.params;
		const [record, pending] = await Promise.all([
			services.frontDoor.view(childId, acting(request)),
			services.corrections.pending(childId),
		]);
		if (!pending) return reply.redirect(`/front-door/children/${childId}`, 303);
		const first = pending.duplicate_of ? await services.frontDoor.child(pending.duplicate_of) : null;
		return reply.page("modules/front-door/corrections/views/confirm.njk", {
			title: `Sign off a withdrawal: ${record.child.given_name ?? "child"} ${record.child.family_name ?? ""}`,
			...record,
			pending,
			first,
			answers: Object.entries(WITHDRAWAL_ANSWERS).map(([value, text]) => ({
				value,
				text,
				checked: values.answer === value,
			})),
			values,
			errors,
		});
	}

	app.get("/front-door/children/:childId/withdraw/confirm", async (request: WithChild, reply) =>
		renderConfirm(request, reply, {}, noErrors()),
	);

	app.post("/front-door/children/:childId/withdraw/confirm", async (request: WithChild, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = parseForm(CONFIRM_WITHDRAWAL_FORM, body);
		const errors = read.ok ? noErrors() : read.errors;
		const { childId } = request.params;
		const status = read.ok
			? await attempt(errors, () =>
					services.corrections.answer(childId, read.value.answer === "agree", read.value.note, doer(request)),
				)
			: 400;
		if (status === null) {
			const saved = read.ok && read.value.answer === "agree" ? "withdrawn" : "withdrawal-refused";
			return reply.redirect(`/front-door/children/${childId}?saved=${saved}`, 303);
		}
		return renderConfirm(request, reply.code(status), body, errors);
	});
}
