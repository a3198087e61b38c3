import type { FastifyInstance } from "fastify";
import { openApiDocument } from "./openapi.ts";
import { apiError } from "./service.ts";

export function registerContactApi(app: FastifyInstance) {
	// Built once: it depends only on the schema and the host it is served from.
	let document: string | undefined;
	app.get("/api/v1/openapi.json", async (request, reply) => {
		document ??= JSON.stringify(openApiDocument(`${request.protocol}://${request.host}`));
		return reply.type("application/json").send(document);
	});

	app.post("/api/v1/contacts", async (request, reply) => {
		const principal = request.apiPrincipal;
		if (!principal) throw new Error("the access hook lets only a resolved agency key reach the API");
		// Form bodies parse too (the app's forms need them), so JSON is insisted on here.
		if (!/^application\/json\s*(;|$)/i.test(request.headers["content-type"] ?? "")) {
			const refused = apiError(
				415,
				"unsupported_media_type",
				"Send the contact as JSON: Content-Type: application/json",
			);
			return reply.code(refused.statusCode).type("application/json; charset=utf-8").send(refused.json);
		}
		const key = request.headers["idempotency-key"];
		const answer = await app.services.contactApi.submit(
			principal,
			Array.isArray(key) ? key[0] : key,
			request.body,
			request.id,
		);
		if (answer.replayed) reply.header("idempotent-replayed", "true");
		return reply.code(answer.statusCode).type("application/json; charset=utf-8").send(answer.json);
	});
}
