import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { OUTCOMES, STATES } from "../../../domain/front-door/workflow.ts";
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
		warnings: Type.Array(
			Type.Object({
				code: Type.Union(
					[
						Type.Literal("late_notification"),
						Type.Literal("no_risk_assessment"),
						Type.Literal("domestic_incident_as_contact"),
					],
					{ description: "Machine-readable, stable: branch on this" },
				),
				message: Type.String({ description: "What is wrong and what to do, for a person" }),
			}),
			{
				description:
					"Accepted, but something is wrong; empty when nothing is. late_notification: a domestic-abuse " +
					"notification received later after the incident than the council's threshold (24 hours unless the " +
					"council sets another). no_risk_assessment: a notification without riskTool and riskLevel. " +
					"domestic_incident_as_contact: a police contact describing a domestic incident, not sent as a notification.",
			},
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
		"invalid_utf8",
		"invalid_character",
		"idempotency_key_required",
		"idempotency_key_invalid",
	]),
	401: error("No key, or an unknown or revoked one.", ["unauthorized"]),
	409: error("A request with this key is still being processed; retry shortly.", ["request_in_progress"]),
	413: error("The body is over 256 KiB.", ["payload_too_large"]),
	415: error("The body is not JSON.", ["unsupported_media_type"]),
	422: error(
		"The contact is not valid (problems says which field and what it allows), or the key was used for a different contact.",
		["invalid_contact", "idempotency_key_reused"],
	),
};
type Documented = keyof typeof RESPONSES;

const StatusSchema = Type.Object(
	{
		id: Type.String({ format: "uuid" }),
		reference: Type.String({ description: "The council's contact reference" }),
		receivedAt: Type.String({ format: "date-time" }),
		status: Type.Union([Type.Literal("open"), Type.Literal("closed")], {
			description: "closed once the front door has finished with every child on it",
		}),
		children: Type.Array(
			Type.Object({
				id: Type.String({ format: "uuid", description: "As the answer to POST /api/v1/contacts gave it" }),
				status: Type.Union(
					Object.keys(STATES).map((s) => Type.Literal(s)),
					{ description: "Where the child is in the front door" },
				),
				statusName: Type.String({ description: "The status in words, for example 'Waiting for triage'" }),
				outcome: Type.Union(
					[
						Type.Object({
							code: Type.Union(
								Object.keys(OUTCOMES).map((o) => Type.Literal(o)),
								{ description: "The front door's decision" },
							),
							name: Type.String({ description: "The decision in words, for example 'Early help'" }),
							decidedAt: Type.String({ format: "date-time" }),
							signedOffAt: Type.String({ format: "date-time", description: "When a manager signed it off" }),
						}),
						Type.Null(),
					],
					{ description: "null until a manager has signed the decision off" },
				),
			}),
		),
	},
	{ description: "The contact, as the agency that sent it may see it: status and signed-off outcomes only." },
);

const STATUS_RESPONSES = {
	200: StatusSchema,
	401: error("No key, or an unknown or revoked one.", ["unauthorized"]),
	404: error("No contact with this id was sent by this key's agency.", ["not_found"]),
};

/** Node's decoder, strict: a byte sequence that is not UTF-8 is an error, never U+FFFD. */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Where the first byte that is not UTF-8 is, for the message: after the text that decodes. */
function firstBadByte(body: Buffer): number {
	const lenient = new TextDecoder("utf-8").decode(body);
	for (let i = lenient.indexOf("\uFFFD"); i !== -1; i = lenient.indexOf("\uFFFD", i + 1)) {
		const at = Buffer.byteLength(lenient.slice(0, i));
		// A real U+FFFD in the body is three bytes, EF BF BD: that one was sent, not made up.
		if (!(body[at] === 0xef && body[at + 1] === 0xbf && body[at + 2] === 0xbd)) return at;
	}
	return 0;
}

/** Refused before JSON parsing, with the app's 400 answer (platform/error-pages.ts). */
class InvalidUtf8 extends Error {
	readonly statusCode = 400;
	readonly code = "invalid_utf8";
	constructor(at: number) {
		super(
			`The body is not valid UTF-8: the byte at offset ${at} does not begin a character. Send the JSON encoded as UTF-8.`,
		);
	}
}

export function registerContactApi(root: FastifyInstance) {
	// Built once, after the app is ready: from the route schemas and the configured address.
	let document: string | undefined;
	root.get("/api/v1/openapi.json", { schema: { hide: true } }, async (_request, reply) => {
		document ??= JSON.stringify(root.swagger());
		return reply.type("application/json").send(document);
	});
	// The contact routes in a scope of their own, whose JSON parser reads the bytes strictly.
	root.register(contactRoutes);
}

async function contactRoutes(app: FastifyInstance) {
	// Fastify's own parser decodes the body as UTF-8 leniently, turning a broken byte into
	// U+FFFD without a word, so a concern would be stored other than as sent. Here the bytes
	// are decoded strictly first, then parsed by Fastify's parser (which refuses __proto__).
	const parseJson = app.getDefaultJsonParser("error", "error");
	app.removeContentTypeParser("application/json");
	app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
		const bytes = body as Buffer;
		let text: string;
		try {
			text = strictUtf8.decode(bytes);
		} catch {
			return done(new InvalidUtf8(firstBadByte(bytes)), undefined);
		}
		return parseJson(request, text, done);
	});

	// The platform's error answers, but for a body that is not UTF-8: that one says where.
	app.setErrorHandler((error, _request, reply) => {
		if (!(error instanceof InvalidUtf8)) throw error;
		const refused = apiError(400, error.code, error.message);
		return reply.code(400).type("application/json; charset=utf-8").send(refused.json);
	});

	app.get(
		"/api/v1/contacts/:contactId",
		{
			...DOCUMENTATION_ONLY,
			schema: {
				operationId: "getContact",
				summary: "What became of a contact this agency sent",
				description:
					"The contact's status and, once a manager has signed off the decision on a child, that child's outcome: " +
					"partners hear the outcome through the same channel they sent the contact by. Only a key of the agency " +
					"that sent the contact sees it; any other id, including another agency's contact, is 404.",
				params: Type.Object({ contactId: Type.String({ format: "uuid", description: "The id POST answered with" }) }),
				response: STATUS_RESPONSES,
			},
		},
		async (request: FastifyRequest<{ Params: { contactId: string } }>, reply) => {
			const principal = request.apiPrincipal;
			if (!principal) throw new Error("the access hook lets only a resolved agency key reach the API");
			const status = await app.services.contactApi.status(principal, request.params.contactId, request.id);
			const answer = status
				? { statusCode: 200, json: JSON.stringify(status) }
				: apiError(404, "not_found", "No contact with this id was sent by this key's agency");
			return reply
				.code(answer.statusCode as keyof typeof STATUS_RESPONSES)
				.type("application/json; charset=utf-8")
				.send(answer.json);
		},
	);

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
