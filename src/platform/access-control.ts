import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AccessLog } from "./access-log.ts";
import { type Access, decideAccess, routeKey } from "./permissions.ts";
import type { Principal, Sessions } from "./sessions.ts";

export interface ApiPrincipal {
	keyId: string;
	agency: string;
	/** The CIN census referral sources the agency's key sends contacts as (ADR 25). */
	referralSources: readonly string[];
}

export const SESSION_COOKIE = "threshold_session";
/** The CSRF secret's cookie: cleared at sign-in, so a new session starts with a new secret. */
export const CSRF_COOKIE = "threshold_csrf";

/** What a CSRF token is bound to: the session (hashed into the token by @fastify/csrf). */
export const csrfUserInfo = (request: FastifyRequest): string => request.sessionToken ?? "signed-out";

declare module "fastify" {
	interface FastifyInstance {
		/** The permissions table the app enforces. */
		routeAccess: Readonly<Record<string, Access>>;
	}
	interface FastifyRequest {
		principal: Principal | null;
		sessionToken: string | null;
		/** Why the last session ended, to tell the user on the sign-in page. */
		sessionEnded: string | null;
		/** A form posted after its session timed out: kept as a draft for this user (platform/drafts.ts). */
		draftFor: string | null;
		/** The partner agency whose key made this request, on API routes. */
		apiPrincipal: ApiPrincipal | null;
	}
}

/**
 * Whether the signed-in user may reach a route ("POST", "/people/:personId/merge"), by
 * the same table and rule every request is decided by: pages offer only what works.
 */
export function may(request: FastifyRequest, method: "GET" | "POST", url: string): boolean {
	return decideAccess(request.server.routeAccess[routeKey(method, url)], method, url, request.principal) === "allow";
}

export function sessionCookieOptions(secure: boolean) {
	return { path: "/", httpOnly: true, sameSite: "lax" as const, secure, signed: false };
}

/**
 * Every request: resolve the session, then decide access from the permissions table
 * before any handler runs; then, for forms, check the CSRF token.
 *
 * `extraAccess` declares routes that exist only in one process (the bench's baselines);
 * it may add routes but never change one the permissions table already declares.
 */
export function registerAccessControl(
	app: FastifyInstance,
	deps: {
		sessions: Sessions;
		accessLog: AccessLog;
		apiKeys: { resolve(authorization: string | undefined): Promise<ApiPrincipal | null> };
		secureCookies: boolean;
		/** The permissions table, collected from the modules' manifests. */
		routeAccess: Readonly<Record<string, Access>>;
		extraAccess?: Readonly<Record<string, Access>>;
		/** Partner API requests a key may make a minute; a bad key's address gets a tenth (at least 10). */
		apiRequestsPerMinute: number;
	},
) {
	const perKey = app.createRateLimit({
		max: deps.apiRequestsPerMinute,
		timeWindow: 60_000,
		keyGenerator: (request) => `api-key:${request.apiPrincipal?.keyId}`,
	});
	const perBadAddress = app.createRateLimit({
		max: Math.max(10, Math.floor(deps.apiRequestsPerMinute / 10)),
		timeWindow: 60_000,
		keyGenerator: (request) => `api-bad-key:${request.ip}`,
	});
	const tooMany = (reply: FastifyReply, seconds: number) =>
		reply
			.code(429)
			.header("retry-after", String(Math.max(1, seconds)))
			.send({ error: { code: "too_many_requests", message: `Too many requests: try again in ${seconds} seconds` } });

	const overridden = Object.keys(deps.extraAccess ?? {}).filter((key) => key in deps.routeAccess);
	if (overridden.length) {
		throw new Error(`Extra routes cannot redeclare routes in the permissions table: ${overridden.join(", ")}`);
	}
	const routeAccess: Readonly<Record<string, Access>> = { ...deps.routeAccess, ...deps.extraAccess };
	app.decorate("routeAccess", routeAccess);
	app.decorateRequest("principal", null);
	app.decorateRequest("sessionToken", null);
	app.decorateRequest("sessionEnded", null);
	app.decorateRequest("draftFor", null);
	app.decorateRequest("apiPrincipal", null);

	// Deny by default: a route nobody declared cannot even be registered.
	app.addHook("onRoute", (route) => {
		const methods = Array.isArray(route.method) ? route.method : [route.method];
		for (const method of methods) {
			if (method === "HEAD" || method === "OPTIONS") continue;
			if (!(routeKey(method, route.url) in routeAccess)) {
				throw new Error(`Route ${routeKey(method, route.url)} has no entry in the permissions table`);
			}
		}
	});

	app.addHook("onRequest", async (request, reply) => {
		const url = request.routeOptions.url;
		if (url === "/assets/*" || url === "/static/*" || url === "/healthz" || url === "/readyz") return;
		const method = request.method === "HEAD" ? "GET" : request.method;
		const access = url === undefined ? undefined : routeAccess[routeKey(method, url)];
		// The partner API: a bearer key and nothing else; sessions and cookies play no part.
		if (access === "api") {
			request.apiPrincipal = await deps.apiKeys.resolve(request.headers.authorization);
			// Each key has its own allowance; guesses at keys are limited by the address they come from.
			const limit = await (request.apiPrincipal ? perKey : perBadAddress)(request);
			if (!limit.isAllowed && limit.isExceeded) return tooMany(reply, limit.ttlInSeconds);
			if (request.apiPrincipal) return;
			return reply
				.code(401)
				.header("www-authenticate", 'Bearer realm="threshold"')
				.send({
					error: {
						code: "unauthorized",
						message: "Send a valid, unrevoked partner API key: Authorization: Bearer <key>",
					},
				});
		}
		const token = request.cookies[SESSION_COOKIE];
		const resolved = await deps.sessions.resolve(token);
		if (resolved.kind === "active") {
			request.principal = resolved.principal;
			request.sessionToken = token ?? null;
		} else if (resolved.kind === "ended") {
			request.sessionEnded = resolved.reason;
			reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(deps.secureCookies));
		}
		if (url === undefined) return; // unknown URL: the not-found handler answers
		const decision = decideAccess(access, method, url, request.principal);
		if (decision === "allow") return;
		if (decision === "sign-in") {
			if (request.method === "GET") {
				const query = new URLSearchParams({ returnTo: request.url });
				if (request.sessionEnded) query.set("ended", request.sessionEnded);
				return reply.redirect(`/sign-in?${query}`);
			}
			// A form sent just after the session timed out keeps what was typed: once its CSRF
			// token (bound to that session) checks out, it is kept for the user to send after signing in.
			if (resolved.kind === "ended" && ["idle", "absolute"].includes(resolved.reason) && request.method === "POST") {
				request.draftFor = resolved.userId;
				request.sessionToken = token ?? null;
				return;
			}
			return reply.code(401).page("platform/views/error.njk", errorPage(401));
		}
		logDenied(request, deps.accessLog, 403);
		return reply.code(403).page("platform/views/error.njk", errorPage(403));
	});

	// Forms carry a CSRF token; the partner API authenticates with a bearer key instead.
	app.addHook("preHandler", (request, reply, done) => {
		const writes = request.method !== "GET" && request.method !== "HEAD" && request.method !== "OPTIONS";
		if (!writes || request.url.startsWith("/api/")) return done();
		app.csrfProtection(request, reply, done);
	});
}

export function logDenied(request: FastifyRequest, accessLog: AccessLog, status: 403 | 404) {
	request.log.warn({ status, url: request.url, user: request.principal?.id }, "access refused");
	if (!request.principal) return;
	accessLog.view({
		userId: request.principal.id,
		role: request.principal.roles.join(","),
		action: "denied",
		recordType: "route",
		recordId: `${request.method} ${request.url}`.slice(0, 500),
		requestId: request.id,
		detail: { status },
	});
}

export function errorPage(status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503, message?: string) {
	const pages = {
		400: { title: "There is a problem with this request", text: "Go back and try again." },
		401: { title: "You need to sign in", text: "Your session has ended. Sign in and try again." },
		403: { title: "You do not have access to this page", text: "If you think you should, ask your administrator." },
		404: { title: "Page not found", text: "If you typed the web address, check it is correct." },
		409: { title: "This cannot be done now", text: "The record has moved on. Go back and reload it." },
		413: {
			title: "What you sent is too large",
			text: "Nothing was saved. Use your browser's back button to return to the form with what you typed, shorten the longest answers, and send it again.",
		},
		415: { title: "What you sent is in a form this page does not take", text: "Send JSON: application/json." },
		429: { title: "Too many requests", text: "Wait a minute and try again." },
		500: { title: "Sorry, there is a problem with the service", text: "Try again later." },
		503: {
			title: "Records cannot be shown just now",
			text: "Every view of a record must be logged, and the log cannot be written at the moment. Try again in a few minutes; nothing you saved is lost.",
		},
	};
	return { title: pages[status].title, text: message ?? pages[status].text, status };
}
