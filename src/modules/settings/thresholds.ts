import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
	frameworkProblems,
	MAX_LEVELS,
	MAX_TIERS,
	type ThresholdFramework,
} from "../../domain/front-door/thresholds.ts";
import { OUTCOMES, type Outcome } from "../../domain/front-door/workflow.ts";
import { StaleEdit } from "../../platform/errors.ts";
import { formatDateTime } from "../../platform/format.ts";
import { asList, type FormErrors, fieldError, noErrors, str } from "../../platform/forms.ts";

type Body = Record<string, unknown>;
const slug = (label: string) =>
	label
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, "-")
		.replace(/^-|-$/g, "");

/** Reads the form: rows left blank are dropped; a level's id is its position. */
function readFramework(body: Body): ThresholdFramework {
	const levels = [];
	for (let i = 0; i < MAX_LEVELS; i++) {
		const label = str(body, `level-${i}-label`);
		const descriptor = str(body, `level-${i}-descriptor`);
		const fits = asList(body[`level-${i}-fits`]).filter((o): o is Outcome => Object.hasOwn(OUTCOMES, o));
		if (label || descriptor || fits.length) levels.push({ id: String(levels.length + 1), label, descriptor, fits });
	}
	const earlyHelpTiers = [];
	for (let i = 0; i < MAX_TIERS; i++) {
		const label = str(body, `tier-${i}-label`);
		if (label) earlyHelpTiers.push({ id: str(body, `tier-${i}-id`) || slug(label), label });
	}
	return { levels, earlyHelpTiers };
}

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
		const framework = readFramework(body);
		const errors: FormErrors = noErrors();
		for (const [field, message] of Object.entries(frameworkProblems(framework, Object.keys(OUTCOMES)))) {
			fieldError(field, message, errors);
		}
		if (errors.summary.length) return render(request, reply.code(400), errors, body);
		try {
			await settings().setThresholdFramework(framework, Number(body.version ?? -1), request.principal!, request.id);
			return reply.redirect("/settings/thresholds?saved=1", 303);
		} catch (error) {
			if (!(error instanceof StaleEdit)) throw error;
			fieldError(
				"level-0-label",
				`${error.changedBy} changed the framework at ${formatDateTime(error.changedAt)}; your changes were not saved. Reload and try again.`,
				errors,
			);
			return render(request, reply.code(409), errors, body);
		}
	});
}
