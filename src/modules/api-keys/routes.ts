import type { FastifyInstance, FastifyRequest } from "fastify";
import { noErrors, parseForm } from "../../platform/forms.ts";
import { API_KEY_FORM } from "./forms.ts";

const VIEW = "modules/api-keys/views/keys.njk";

export function registerApiKeys(app: FastifyInstance) {
	const keys = () => app.services.apiKeys;

	app.get("/admin/api-keys", async (_request, reply) =>
		reply.page(VIEW, { title: "Partner API keys", keys: await keys().list(), errors: noErrors(), values: {} }),
	);

	app.post("/admin/api-keys", async (request, reply) => {
		const body = (request.body ?? {}) as Record<string, unknown>;
		const read = parseForm(API_KEY_FORM, body);
		if (!read.ok) {
			return reply
				.code(400)
				.page(VIEW, { title: "Partner API keys", keys: await keys().list(), errors: read.errors, values: body });
		}
		const { agency } = read.value;
		const issued = await keys().issue(agency, request.principal, request.id);
		// Shown in this response only: it is not stored and cannot be shown again.
		return reply.header("cache-control", "no-store").page(VIEW, {
			title: "Partner API keys",
			keys: await keys().list(),
			errors: noErrors(),
			values: {},
			issued: { agency, key: issued.key },
		});
	});

	app.post("/admin/api-keys/:keyId/revoke", async (request: FastifyRequest<{ Params: { keyId: string } }>, reply) => {
		await keys().revoke(request.params.keyId, request.principal!, request.id);
		return reply.redirect("/admin/api-keys", 303);
	});

	app.get("/api/v1/whoami", async (request) => ({
		agency: request.apiPrincipal?.agency,
		keyId: request.apiPrincipal?.keyId,
	}));
}
