import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errorPage, logDenied } from "./access-control.ts";
import { NotFound, Refused } from "./errors.ts";
import { UnstorableText } from "./input-guard.ts";
import { RuleViolation } from "./rules.ts";

const ERROR_VIEW = "platform/views/error.njk";

/** Answers every failure with a page (or JSON on the API) that leaks no internals. */
export function registerErrorPages(app: FastifyInstance) {
	app.setNotFoundHandler(async (request, reply) => {
		logDenied(request, app.services.accessLog, 404);
		return respond(request, reply, 404, "not_found");
	});

	app.setErrorHandler(async (error: FastifyError, request, reply) => {
		if (error instanceof NotFound) {
			logDenied(request, app.services.accessLog, 404);
			return respond(request, reply, 404, "not_found");
		}
		if (error instanceof RuleViolation) return respond(request, reply, 403, error.rule, error.message);
		if (error instanceof Refused) return respond(request, reply, 409, error.code, error.message);
		if (error.code === "FST_CSRF_INVALID_TOKEN" || error.code === "FST_CSRF_MISSING_SECRET") {
			// Most often a form left open past its session, or opened before signing in again: not a refusal.
			return respond(
				request,
				reply,
				403,
				"form_expired",
				"Nothing was saved. Open the form again and send it once more.",
				sameSiteReferrer(request),
				"This form has expired",
			);
		}
		if (error instanceof UnstorableText) {
			return respond(request, reply, 400, error.code, error.message, sameSiteReferrer(request));
		}
		if (error.statusCode === 413) {
			// Nothing was saved; the browser still holds what was typed, so send the user back to it.
			if (request.url.startsWith("/api/")) {
				return respond(request, reply, 413, "payload_too_large", "The body is over 256 KiB.");
			}
			return respond(request, reply, 413, "payload_too_large", undefined, sameSiteReferrer(request));
		}
		if (error.statusCode === 415) return respond(request, reply, 415, "unsupported_media_type");
		// Fastify's JSON parser throws a bare SyntaxError for bad JSON, and named errors for an empty body.
		if (
			error instanceof SyntaxError ||
			error.code === "FST_ERR_CTP_INVALID_JSON_BODY" ||
			error.code === "FST_ERR_CTP_EMPTY_JSON_BODY"
		) {
			return respond(request, reply, 400, "malformed_json", "The body is not valid JSON.");
		}
		if (error.statusCode === 429) {
			return respond(request, reply, 429, "too_many_requests");
		}
		if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
			return respond(request, reply, 400, error.code ?? "bad_request");
		}
		request.log.error({ err: error }, "request failed");
		return respond(
			request,
			reply,
			500,
			"internal_error",
			`Try again later. If it keeps happening, tell your administrator and quote reference ${request.id}.`,
		);
	});
}

async function respond(
	request: FastifyRequest,
	reply: FastifyReply,
	status: 400 | 403 | 404 | 409 | 413 | 415 | 429 | 500,
	code: string,
	message?: string,
	back?: string | null,
	title?: string,
) {
	const page = errorPage(status, message);
	reply.code(status);
	if (request.url.startsWith("/api/")) return reply.send({ error: { code, message: page.text } });
	return reply.page(ERROR_VIEW, { ...page, title: title ?? page.title, back: back ?? null });
}

/** The page the form was sent from, when it is one of ours: a path, never another site. */
function sameSiteReferrer(request: FastifyRequest): string | null {
	const referrer = request.headers.referer;
	if (!referrer) return null;
	try {
		const url = new URL(referrer);
		if (url.host !== request.host) return null;
		return `${url.pathname}${url.search}`;
	} catch {
		return null;
	}
}
