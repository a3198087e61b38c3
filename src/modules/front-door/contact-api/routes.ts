import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { ContactBodySchema, EXAMPLE_BODY } from "./schema.ts";
import { apiError } from "./service.ts";

// The route's schema is its documentation: @fastify/swagger turns it into the OpenAPI
// document (ADR 18). Fastify neither validates nor serialises with it: the service checks
// the body as sent, answering with problems keyed by JSON pointer, and hashes it for
// idempotency (ADR 11), and each answer is JSON text made once, so a retry gets it byte for byte.
const DOCUMENTATION_ONLY = {
	validatorCompiler: () => () => true,
	serializerCompiler: () => (data: unknown) => JSON.stringify(data),
};

const ErrorSchema = Type.Object({
	error: Type.Object({
		code: Type.String({ description: "Machine-readable, stable: branch on this" }),
		message: Type.String({ description: "For a person reading the logs" }),
		problems: Type.Optional(
			Type.Record(Type.String(), Type.String(), {
				description: "For invalid_contact: what is wrong, keyed by the JSON pointer of the field",
			}),
		),
	}),
});

const error = (description: string, codes: string[]) => ({
	...ErrorSchema,
	description: `${description} Codes: ${codes.join(", ")}.`,
});

const AcceptedSchema = Type.Object(
	{
		id: Type.String({ format: "uuid" }),
		reference: Type.String({ description: "The council's contact reference, to quote by phone" }),
		receivedAt: Type.String({ format: "date-time", description: "When the council received the contact" }),
		children: Type.Array(
			Type.Object({
				id: Type.String({ format: "uuid" }),
				status: Type.String({ description: "awaiting-match: a person at the council matches the child" }),
			}),
		),
	},
	{
		description:
			"Recorded. A retry with the same key and body returns this same answer, byte for byte, " +
			"with the header Idempotent-Replayed: true.",
		headers: {
			"Idempotent-Replayed": {
				type: "string",
				enum: ["true"],
				description: "Present when this is the stored answer to an earlier request with the same key",
			},
		},
	},
);

/** The answers agencies are told to expect (an unexpected failure is a 500, as on every route). */
const RESPONSES = {
	201: AcceptedSchema,
	400: error("The request could not be read.", [
		"malformed_json",
		"idempotency_key_required",
		"idempotency_key_invalid",
	]),
	401: error("No key, or an unknown or revoked one.", ["unauthorized"]),
	409: error("A request with this key is still being processed; retry shortly.", ["request_in_progress"]),
	413: error("The body is over 256 KiB.", ["payload_too_large"]),
	415: error("The body is not JSON.", ["unsupported_media_type"]),
	422: error("The contact is not valid, or the key was used for a different contact.", [
		"invalid_contact",
		"idempotency_key_reused",
	]),
};
type Documented = keyof typeof RESPONSES;

export function registerContactApi(app: FastifyInstance) {
	// Built once, after the app is ready: from the route schemas and the configured address.
	let document: string | undefined;
	app.get("/api/v1/openapi.json", { schema: { hide: true } }, async (_request, reply) => {
		document ??= JSON.stringify(app.swagger());
		return reply.type("application/json").send(document);
	});

	app.post(
		"/api/v1/contacts",
		{
			...DOCUMENTATION_ONLY,
			schema: {
				operationId: "sendContact",
				summary: "Send a contact about one or more children",
				description:
					"Every request needs an Idempotency-Key. Answers are kept for at least 24 hours, so a retry with " +
					"the same key and body returns the first answer and never makes a second contact.",
				headers: Type.Object({
					"Idempotency-Key": Type.String({
						minLength: 1,
						maxLength: 255,
						pattern: "^[!-~]+$",
						description:
							"Unique to this contact, chosen by the sender (a UUID is ideal); 1 to 255 visible ASCII characters",
					}),
				}),
				body: { ...ContactBodySchema, description: "At most 256 KiB.", examples: [EXAMPLE_BODY] },
				response: RESPONSES,
			},
		},
		async (request, reply) => {
			const principal = request.apiPrincipal;
			if (!principal) throw new Error("the access hook lets only a resolved agency key reach the API");
			// Form bodies parse too (the app's forms need them), so JSON is insisted on here.
			if (!/^application\/json\s*(;|$)/i.test(request.headers["content-type"] ?? "")) {
				const refused = apiError(
					415,
					"unsupported_media_type",
					"Send the contact as JSON: Content-Type: application/json",
				);
				return reply
					.code(refused.statusCode as Documented)
					.type("application/json; charset=utf-8")
					.send(refused.json);
			}
			const key = request.headers["idempotency-key"];
			const answer = await app.services.contactApi.submit(
				principal,
				Array.isArray(key) ? key[0] : key,
				request.body,
				request.id,
			);
			if (answer.replayed) reply.header("idempotent-replayed", "true");
			// A string: sent as it is, never through a serialiser.
			return reply
				.code(answer.statusCode as Documented)
				.type("application/json; charset=utf-8")
				.send(answer.json);
		},
	);
}
