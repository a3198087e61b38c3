import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import view from "@fastify/view";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import nunjucks from "nunjucks";
import { csrfUserInfo, may } from "./access-control.ts";
import { formatDate, formatDateTime } from "./format.ts";
import type { NavEntry } from "./modules.ts";
import { ROLES } from "./roles.ts";
import { IDLE_LIMIT_MS } from "./sessions.ts";

const require = createRequire(import.meta.url);
export const SRC_DIR = fileURLToPath(new URL("../", import.meta.url));
export const GOVUK_DIST = join(dirname(require.resolve("govuk-frontend/package.json")), "dist");

export const SERVICE_NAME = "Threshold";

/** `navigation` is the service navigation, from the modules' manifests: each link shows only to those it lets in. */
export async function registerViews(
	app: FastifyInstance,
	options: { councilName: string; navigation: readonly NavEntry[] },
) {
	await app.register(view, {
		engine: { nunjucks },
		templates: [SRC_DIR, GOVUK_DIST],
		options: {
			onConfigure(env: nunjucks.Environment) {
				// Nunjucks' own trim is /^\s*|\s*$/g, which is quadratic in each run of whitespace:
				// GOV.UK Frontend trims whole components (a date input: 3 ms a page). Same result.
				env.addFilter("trim", trim);
				env.addFilter("date", formatDate);
				env.addFilter("dateTime", formatDateTime);
				env.addGlobal("serviceName", SERVICE_NAME);
				env.addGlobal("councilName", options.councilName);
				env.addGlobal("roleLabels", ROLES);
			},
			autoescape: true,
			throwOnUndefined: false,
			noCache: process.env.NODE_ENV !== "production" && process.env.NODE_ENV !== "test",
		},
	});

	app.decorateReply(
		"page",
		async function page(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
			const request = this.request;
			const html = await this.viewAsync(template, {
				...commonContext(request, this, options.navigation),
				...context,
			});
			return this.type("text/html; charset=utf-8").send(html);
		},
	);
}

/** Nunjucks' trim filter in linear time: a string marked safe stays marked safe; anything else fails as before. */
function trim(value: string | nunjucks.runtime.SafeString): string | nunjucks.runtime.SafeString {
	const { SafeString } = nunjucks.runtime;
	return value instanceof SafeString ? new SafeString(value.toString().trim()) : value.trim();
}

function commonContext(request: FastifyRequest, reply: FastifyReply, entries: readonly NavEntry[]) {
	const principal = request.principal;
	const path = request.url.split("?")[0];
	const navigation = principal
		? entries
				.filter((item) => may(request, "GET", item.href))
				.map((item) => ({
					href: item.href,
					text: item.text,
					current: item.href === "/" ? path === "/" : path.startsWith(item.href),
				}))
		: [];
	return {
		principal,
		navigation,
		cspNonce: reply.cspNonce?.script,
		csrfToken: reply.generateCsrf({ userInfo: csrfUserInfo(request) }),
		// Each page's forms carry a one-time token: a second post of it saves nothing (platform/once.ts).
		onceToken: randomUUID(),
		idleMs: IDLE_LIMIT_MS,
		warnMs: IDLE_LIMIT_MS - 2 * 60 * 1000,
	};
}

declare module "fastify" {
	interface FastifyReply {
		page(template: string, context?: Record<string, unknown>): Promise<FastifyReply>;
	}
}
