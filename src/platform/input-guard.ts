import type { FastifyInstance } from "fastify";

/**
 * Text the database cannot store as sent — a NUL character, or half of a UTF-16
 * surrogate pair — is refused at the door with the app's own 400 answer, before any
 * route sees it, instead of failing deep in a write as a 500 (PostgreSQL refuses NUL in
 * text) or being silently changed on the way in.
 */
export function registerInputGuard(app: FastifyInstance) {
	app.addHook("preValidation", async (request) => {
		if (unstorable(request.query) || unstorable(request.body)) throw new UnstorableText();
	});
}

export class UnstorableText extends Error {
	readonly statusCode = 400;
	readonly code = "invalid_character";
	constructor() {
		super(
			"What was sent contains a character that cannot be saved (a null character or a broken one). Nothing was saved: remove it and try again.",
		);
	}
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unstorable(value: unknown, depth = 0): boolean {
	if (typeof value === "string") return value.includes("\0") || LONE_SURROGATE.test(value);
	if (depth > 32 || value === null || typeof value !== "object") return false;
	for (const [key, inner] of Object.entries(value)) {
		if (unstorable(key, depth + 1) || unstorable(inner, depth + 1)) return true;
	}
	return false;
}
