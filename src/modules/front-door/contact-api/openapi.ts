import { Type } from "@sinclair/typebox";
import { ContactBodySchema, EXAMPLE_BODY } from "./schema.ts";

// The partner API described for agencies' developers. Built from the same TypeBox schema
// the API validates with; JSON.stringify drops TypeBox's symbol keys, leaving JSON Schema.

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

const AcceptedSchema = Type.Object({
	id: Type.String({ format: "uuid" }),
	reference: Type.String({ description: "The council's contact reference, to quote by phone" }),
	receivedAt: Type.String({ format: "date-time", description: "When the council received the contact" }),
	children: Type.Array(
		Type.Object({
			id: Type.String({ format: "uuid" }),
			status: Type.String({ description: "awaiting-match: a person at the council matches the child" }),
		}),
	),
});

const error = (description: string, codes: string[]) => ({
	description: `${description} Codes: ${codes.join(", ")}.`,
	content: { "application/json": { schema: ErrorSchema } },
});

export function openApiDocument(serverUrl: string) {
	return {
		openapi: "3.1.0",
		info: {
			title: "Threshold partner API",
			version: "1",
			description:
				"Partner agencies (police, health, schools) send contacts about children to the council's front door. " +
				"Keys are write-only: the API never returns records. Every POST needs an Idempotency-Key; answers are " +
				"kept for at least 24 hours, so a retry with the same key and body returns the first answer and never " +
				"makes a second contact.",
		},
		servers: [{ url: serverUrl }],
		security: [{ agencyKey: [] }],
		components: {
			securitySchemes: {
				agencyKey: {
					type: "http",
					scheme: "bearer",
					description: "The agency's key, issued by the council's administrator",
				},
			},
			schemas: { Contact: ContactBodySchema, Accepted: AcceptedSchema, Error: ErrorSchema },
		},
		paths: {
			"/api/v1/contacts": {
				post: {
					operationId: "sendContact",
					summary: "Send a contact about one or more children",
					parameters: [
						{
							name: "Idempotency-Key",
							in: "header",
							required: true,
							description:
								"Unique to this contact, chosen by the sender (a UUID is ideal); 1 to 255 visible ASCII characters",
							schema: { type: "string", minLength: 1, maxLength: 255 },
						},
					],
					requestBody: {
						required: true,
						description: "At most 256 KiB.",
						content: {
							"application/json": {
								schema: { $ref: "#/components/schemas/Contact" },
								example: EXAMPLE_BODY,
							},
						},
					},
					responses: {
						"201": {
							description:
								"Recorded. A retry with the same key returns this same answer with the header Idempotent-Replayed: true.",
							content: { "application/json": { schema: { $ref: "#/components/schemas/Accepted" } } },
						},
						"400": error("The request could not be read.", [
							"malformed_json",
							"idempotency_key_required",
							"idempotency_key_invalid",
						]),
						"401": error("No key, or an unknown or revoked one.", ["unauthorized"]),
						"409": error("A request with this key is still being processed; retry shortly.", ["request_in_progress"]),
						"413": error("The body is over 256 KiB.", ["payload_too_large"]),
						"415": error("The body is not JSON.", ["unsupported_media_type"]),
						"422": error("The contact is not valid, or the key was used for a different contact.", [
							"invalid_contact",
							"idempotency_key_reused",
						]),
					},
				},
			},
			"/api/v1/whoami": {
				get: {
					operationId: "whoAmI",
					summary: "Check a key: the agency it belongs to",
					responses: {
						"200": {
							description: "The key works",
							content: {
								"application/json": {
									schema: Type.Object({ agency: Type.String(), keyId: Type.String({ format: "uuid" }) }),
								},
							},
						},
						"401": error("No key, or an unknown or revoked one.", ["unauthorized"]),
					},
				},
			},
		},
	};
}
