import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { StaleEdit } from "../../platform/errors.ts";
import { formatDate, formatDateTime } from "../../platform/format.ts";
import { dateInputValues, fieldError, noErrors, parseForm } from "../../platform/forms.ts";
import { GO_LIVE_FORM } from "./forms.ts";
import { InvalidSetting } from "./service.ts";

type Body = Record<string, unknown>;

/**
 * The day Threshold's front door became the council's record (ADR 37): contacts and
 * referrals before it come from the imported case history, from it from Threshold.
 */
export function registerGoLive(app: FastifyInstance) {
	const settings = () => app.services.settings;
	const canEdit = (request: FastifyRequest) => request.principal?.roles.includes("administrator") ?? false;

	async function render(request: FastifyRequest, reply: FastifyReply, errors = noErrors(), values?: Body) {
		const [current, inForce] = await Promise.all([settings().goLive(), settings().goLiveInForce()]);
		return reply.page("modules/settings/views/go-live.njk", {
			title: "Go-live date",
			canEdit: canEdit(request),
			saved: current.value,
			inForce: inForce ? formatDate(inForce) : null,
			date: values?.date ?? dateInputValues(current.value ?? inForce),
			version: values?.version ?? current.version,
			updated: current.updatedAt ? `${formatDateTime(current.updatedAt)} by ${current.updatedByName}` : null,
			errors,
			justSaved: (request.query as Body).saved === "1",
		});
	}

	app.get("/settings/go-live", async (request, reply) => render(request, reply));

	app.post("/settings/go-live", async (request, reply) => {
		const body = (request.body ?? {}) as Body;
		const values = {
			version: body.version,
			date: { day: body["date-day"], month: body["date-month"], year: body["date-year"] },
		};
		const read = parseForm(GO_LIVE_FORM, body);
		if (!read.ok) return render(request, reply.code(400), read.errors, values);
		try {
			// Required by the form, so it is here.
			await settings().setGoLive(read.value.date as string, read.value.version, request.principal!, request.id);
			return reply.redirect("/settings/go-live?saved=1", 303);
		} catch (error) {
			if (error instanceof InvalidSetting) {
				const errors = noErrors();
				for (const m of error.messages) fieldError("date-day", m, errors);
				return render(request, reply.code(400), errors, values);
			}
			if (!(error instanceof StaleEdit)) throw error;
			const message = `${error.changedBy} changed the go-live date at ${formatDateTime(error.changedAt)}; yours was not saved. Check it and save again.`;
			return render(request, reply.code(409), fieldError("date-day", message), values);
		}
	});
}
