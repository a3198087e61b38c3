import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Config } from "../../config.ts";
import { CSRF_COOKIE, errorPage, SESSION_COOKIE, sessionCookieOptions } from "../../platform/access-control.ts";
import { field, fieldError, form, noErrors, parseForm } from "../../platform/forms.ts";
import { safeLocalPath } from "../../platform/requests.ts";
import {
	CALLBACK_PATH,
	decodeFlow,
	encodeFlow,
	FLOW_COOKIE,
	FLOW_TTL_MS,
	OidcFailure,
	type OidcFailureKind,
	type OidcSignIn,
	oidcSettings,
	START_PATH,
} from "./oidc.ts";

const VIEW = "modules/auth/views/sign-in.njk";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const signInForm = form(
	{
		email: field.text("Email address", 254, "Enter your email address"),
		password: z.preprocess(
			(v) => String(v ?? ""),
			z.string().min(1, "Enter your password").max(1024, "Password must be 1,024 characters or fewer"),
		),
	},
	(v) =>
		v.email && !EMAIL.test(v.email)
			? { email: "Enter an email address in the correct format, like name@example.gov.uk" }
			: undefined,
);

const ENDED: Record<string, string> = {
	idle: "You were signed out because you had not done anything for 30 minutes.",
	absolute: "You were signed out because you had been signed in for 10 hours.",
	disabled: "Your account has been disabled. Contact your administrator.",
	expired: "Your access has ended. Contact the council if you need it extended.",
	"signed-out": "You have been signed out.",
};

/** Only a path on this site: never an absolute or protocol-relative URL. */
/** Where to go after signing in: a path on this site, or the home page. */
export const safeReturnTo = safeLocalPath;

/** A return path carrying CR, LF or NUL is an attempt on the headers, not a mistake: refuse it outright. */
const hostileReturnTo = (value: unknown) =>
	typeof value === "string" && (value.includes("\r") || value.includes("\n") || value.includes("\0"));

// What went wrong, in words for the person signing in; the details go to the log.
const OIDC_FAILED: Record<OidcFailureKind, (name: string) => string> = {
	expired: () => "Your sign-in took too long or was started in another window. Try again.",
	state: () => "Threshold could not confirm that it started this sign-in. Try again.",
	cancelled: (name) =>
		`You did not finish signing in with ${name}. Try again, or sign in with your email and password.`,
	provider: (name) => `Signing in with ${name} did not work. Try again, or sign in with your email and password.`,
	exchange: (name) => `Signing in with ${name} did not work. Try again, or sign in with your email and password.`,
	unavailable: (name) =>
		`Signing in with ${name} is not available at the moment. Sign in with your email and password, or try again later.`,
};

const refuse = (reply: FastifyReply) => reply.code(400).page("platform/views/error.njk", errorPage(400));

export function registerAuth(app: FastifyInstance) {
	const deps = { config: app.services.config };
	const cookieOptions = sessionCookieOptions(deps.config.production);

	app.get("/sign-in", async (request, reply) => {
		if (hostileReturnTo((request.query as Record<string, unknown>).returnTo)) return refuse(reply);
		const query = request.query as Record<string, string | undefined>;
		if (request.principal) return reply.redirect(safeReturnTo(query.returnTo));
		return reply.page(VIEW, {
			title: "Sign in",
			values: { returnTo: safeReturnTo(query.returnTo) },
			notice: ENDED[query.ended ?? ""] ?? null,
			oidcName: deps.config.oidc?.name,
		});
	});

	app.post("/sign-in", { config: { rateLimit: { max: 30, timeWindow: "1 minute" } } }, async (request, reply) => {
		const body = (request.body ?? {}) as Record<string, unknown>;
		if (hostileReturnTo(body.returnTo)) return refuse(reply);
		const values = { email: String(body.email ?? ""), returnTo: safeReturnTo(body.returnTo) };
		const form = parseForm(signInForm, body);
		const render = (errors = noErrors()) =>
			reply.code(400).page(VIEW, { title: "Sign in", values, errors, oidcName: deps.config.oidc?.name });
		if (!form.ok) return render(form.errors);
		const result = await app.services.auth.signIn(form.value.email, form.value.password, request.ip, request.id);
		if (!result.ok) return render(fieldError("email", result.message));
		reply.setCookie(SESSION_COOKIE, result.token, cookieOptions);
		// A new session, a new CSRF secret: nothing issued before signing in carries over.
		reply.clearCookie(CSRF_COOKIE, { path: "/" });
		return reply.redirect(values.returnTo, 303);
	});

	app.post("/sign-out", async (request, reply) => {
		if (request.sessionToken && request.principal) {
			await app.services.auth.signOut(request.sessionToken, request.principal.id, request.id);
		}
		reply.clearCookie(SESSION_COOKIE, cookieOptions);
		return reply.redirect("/signed-out", 303);
	});

	app.get("/signed-out", async (_request, reply) =>
		reply.page("modules/auth/views/signed-out.njk", { title: "You have signed out" }),
	);

	registerOidc(app, deps);
}

/**
 * The routes exist whether or not OIDC is configured, so what is served always matches the
 * permissions table; without configuration they answer "page not found".
 */
function registerOidc(app: FastifyInstance, deps: { config: Config }) {
	const { config } = deps;
	const settings = oidcSettings(config);
	const name = config.oidc?.name ?? "";
	const sessionCookie = sessionCookieOptions(config.production);
	// Scoped to the two OIDC paths; lax so the provider's top-level redirect back still carries it.
	const flowCookie = {
		path: START_PATH,
		httpOnly: true,
		sameSite: "lax" as const,
		secure: config.production,
		signed: true,
		maxAge: FLOW_TTL_MS / 1000,
	};
	const oidc = app.services.oidc;

	// The redirect URI must be byte-for-byte the one registered with the provider: PUBLIC_URL when set
	// (production requires it), otherwise this request's own scheme and host.
	const baseUrl = (request: FastifyRequest) => config.publicUrl ?? `${request.protocol}://${request.host}`;

	// A switched-off feature, not a refusal: so not written to the access log as "denied".
	const notConfigured = (reply: FastifyReply) => reply.code(404).page("platform/views/error.njk", errorPage(404));

	const failed = (request: FastifyRequest, reply: FastifyReply, failure: OidcFailure, returnTo: string) => {
		request.log.warn(
			{ kind: failure.kind, err: failure.cause, issuer: settings?.issuer },
			`OIDC sign-in failed: ${failure.message}`,
		);
		return reply.code(failure.kind === "unavailable" ? 503 : 400).page(VIEW, {
			title: "Sign in",
			values: { returnTo },
			errors: { summary: [{ text: OIDC_FAILED[failure.kind](name) }], fields: {} },
			oidcName: name,
		});
	};

	app.get(START_PATH, async (request, reply) => {
		if (!oidc) return notConfigured(reply);
		if (hostileReturnTo((request.query as Record<string, unknown>).returnTo)) return refuse(reply);
		const returnTo = safeReturnTo((request.query as Record<string, unknown>).returnTo);
		if (request.principal) return reply.redirect(returnTo);
		try {
			const { url, flow } = await oidc.begin(new URL(CALLBACK_PATH, baseUrl(request)), returnTo);
			reply.setCookie(FLOW_COOKIE, encodeFlow(flow), flowCookie);
			return reply.redirect(url.href);
		} catch (error) {
			if (error instanceof OidcFailure) return failed(request, reply, error, returnTo);
			throw error;
		}
	});

	app.get(CALLBACK_PATH, { config: { rateLimit: { max: 30, timeWindow: "1 minute" } } }, async (request, reply) => {
		if (!oidc) return notConfigured(reply);
		const cookie = request.cookies[FLOW_COOKIE];
		const unsigned = cookie ? request.unsignCookie(cookie) : null;
		const flow = decodeFlow(unsigned?.valid ? unsigned.value : null, app.services.now());
		// One flow, one use: whatever happens next, a replayed callback finds no cookie.
		reply.clearCookie(FLOW_COOKIE, flowCookie);
		const returnTo = flow?.returnTo ?? "/";
		let result: Awaited<ReturnType<OidcSignIn["complete"]>>;
		try {
			result = await oidc.complete(new URL(request.url, baseUrl(request)), flow, request.id);
		} catch (error) {
			if (error instanceof OidcFailure) return failed(request, reply, error, returnTo);
			throw error;
		}
		if (!result.ok) {
			request.log.warn({ reason: result.reason }, "OIDC sign-in refused");
			return reply
				.code(403)
				.page("platform/views/error.njk", { title: "You cannot sign in to Threshold", text: result.message });
		}
		const session = await app.services.auth.startSession(result.userId, request.id, "oidc");
		if (!session.ok) throw new Error("startSession did not start a session");
		reply.setCookie(SESSION_COOKIE, session.token, sessionCookie);
		reply.clearCookie(CSRF_COOKIE, { path: "/" });
		return reply.redirect(safeReturnTo(result.returnTo), 303);
	});
}
