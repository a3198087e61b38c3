import type { FastifyInstance, FastifyRequest } from "fastify";
import { AGENCY_SOURCES, namedSources } from "../../domain/front-door/agency-sources.ts";
import { REFERRAL_SOURCE } from "../../domain/front-door/codes.ts";
import { asList, noErrors, parseForm } from "../../platform/forms.ts";
import { API_KEY_FORM } from "./forms.ts";

const VIEW = "modules/api-keys/views/keys.njk";

export function registerApiKeys(app: FastifyInstance) {
	const keys = () => app.services.apiKeys;
	const page = async (extra: Record<string, unknown>) => ({
		title: "Partner API keys",
		keys: await keys().list(),
		sources: AGENCY_SOURCES.map((code) => ({ value: code, text: `${code}: ${REFERRAL_SOURCE[code]}` })),
		errors: noErrors(),
		values: {},
		...extra,
	});

	app.get("/admin/api-keys", async (_request, reply) => reply.page(VIEW, await page({})));

	app.post("/admin/api-keys", async (request, reply) => {
		const body = (request.body ?? {}) as Record<string, unknown>;
		const read = parseForm(API_KEY_FORM, body);
		if (!read.ok) {
			return reply
				.code(400)
				.page(VIEW, await page({ errors: read.errors, values: { ...body, sources: asList(body.sources) } }));
		}
		const { agency, sources } = read.value;
		const issued = await keys().issue({ agency, sources }, request.principal, request.id);
		// Shown in this response only: it is not stored and cannot be shown again.
		return reply
			.header("cache-control", "no-store")
			.page(VIEW, await page({ issued: { agency, sources: namedSources(sources), key: issued.key } }));
	});

	app.post("/admin/api-keys/:keyId/revoke", async (request: FastifyRequest<{ Params: { keyId: string } }>, reply) => {
		await keys().revoke(request.params.keyId, request.principal!, request.id);
		return reply.redirect("/admin/api-keys", 303);
	});

	app.get("/api/v1/whoami", async (request) => ({
		agency: request.apiPrincipal?.agency,
		keyId: request.apiPrincipal?.keyId,
		referralSources: request.apiPrincipal?.referralSources,
	}));
}
