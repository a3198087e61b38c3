import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Config } from "../../config.ts";
import { SESSION_COOKIE, sessionCookieOptions } from "../../platform/access-control.ts";
import { fieldError, noErrors, parseForm } from "../../platform/forms.ts";

const VIEW = "modules/auth/views/sign-in.njk";

const signInForm = z.object({
	email: z
		.string()
		.trim()
		.min(1, "Enter your email address")
		.email("Enter an email address in the correct format, like name@example.gov.uk"),
	password: z.string().min(1, "Enter your password"),
	returnTo: z.string().optional(),
});

const ENDED: Record<string, string> = {
	idle: "You were signed out because you had not done anything for 30 minutes.",
	absolute: "You were signed out because you had been signed in for 10 hours.",
	disabled: "Your account has been disabled. Contact your administrator.",
	expired: "Your access has ended. Contact the council if you need it extended.",
	"signed-out": "You have been signed out.",
};

/** Only a path on this site: never an absolute or protocol-relative URL. */
export function safeReturnTo(value: unknown): string {
	return typeof value === "string" && /^\/(?![/\\])/.test(value) ? value : "/";
}

export function registerAuth(app: FastifyInstance, deps: { config: Config }) {
	const cookieOptions = sessionCookieOptions(deps.config.production);

	app.get("/sign-in", async (request, reply) => {
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
		const values = { email: String(body.email ?? ""), returnTo: safeReturnTo(body.returnTo) };
		const form = parseForm(signInForm, body);
		const render = (errors = noErrors()) =>
			reply.code(400).page(VIEW, { title: "Sign in", values, errors, oidcName: deps.config.oidc?.name });
		if (!form.ok) return render(form.errors);
		const result = await app.services.auth.signIn(form.value.email, form.value.password, request.ip, request.id);
		if (!result.ok) return render(fieldError("email", result.message));
		reply.setCookie(SESSION_COOKIE, result.token, cookieOptions);
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
}
