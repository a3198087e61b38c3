import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { MAX_LEVELS, MAX_TIERS, type ThresholdFramework } from "../../domain/front-door/thresholds.ts";
import { OUTCOMES } from "../../domain/front-door/workflow.ts";
import { StaleEdit } from "../../platform/errors.ts";
import { formatDateTime } from "../../platform/format.ts";
import { fieldError, noErrors, parseForm } from "../../platform/forms.ts";
import { THRESHOLDS_FORM, toFramework } from "./forms.ts";

type Body = Record<string, unknown>;

function asValues(f: ThresholdFramework): Body {
	const v: Body = {};
	f.levels.forEach((l, i) => {
		v[`level-${i}-label`] = l.label;
		v[`level-${i}-descriptor`] = l.descriptor;
		v[`level-${i}-fits`] = l.fits;
	});
	f.earlyHelpTiers.forEach((t, i) => {
		v[`tier-${i}-label`] = t.label;
		v[`tier-${i}-id`] = t.id;
	});
	return v;
}

/** The council's threshold framework: levels of need, descriptors, usual outcomes, early-help tiers. */
export function registerThresholds(app: FastifyInstance) {
	const settings = () => app.services.settings;
	const canEdit = (request: FastifyRequest) =>
		request.principal?.roles.some((r) => r === "administrator" || r === "senior-leader") ?? false;

	async function render(request: FastifyRequest, reply: FastifyReply, errors = noErrors(), values?: Body) {
		const current = await settings().thresholdFrameworkVersioned();
		return reply.page("modules/settings/views/thresholds.njk", {
			title: "Threshold framework",
			canEdit: canEdit(request),
			framework: current.value,
			values: values ?? asValues(current.value),
			version: values?.version ?? current.version,
			updated: current.updatedAt ? `${formatDateTime(current.updatedAt)} by ${current.updatedByName}` : null,
			levelRows: Array.from({ length: MAX_LEVELS }, (_, i) => i),
			tierRows: Array.from({ length: MAX_TIERS }, (_, i) => i),
			outcomes: Object.entries(OUTCOMES).map(([value, text]) => ({ value, text })),
			outcomeLabels: OUTCOMES,
			errors,
			saved: (request.query as Body).saved === "1",
		});
	}

	app.get("/settings/thresholds", async (request, reply) => render(request, reply));

	app.post("/settings/thresholds", async (request, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = parseForm(THRESHOLDS_FORM, body);
		if (!read.ok) return render(request, reply.code(400), read.errors, body);
		try {
			const { framework } = toFramework(read.value);
			await settings().setThresholdFramework(framework, read.value.version, request.principal!, request.id);
			return reply.redirect("/settings/thresholds?saved=1", 303);
		} catch (error) {
			if (!(error instanceof StaleEdit)) throw error;
			const message = `${error.changedBy} changed the framework at ${formatDateTime(error.changedAt)}; your changes were not saved. Reload and try again.`;
			return render(request, reply.code(409), fieldError("level-0-label", message), body);
		}
	});
}
