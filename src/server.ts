import { createHash, randomUUID } from "node:crypto";
import { join } from "node:path";
import cookie from "@fastify/cookie";
import csrf from "@fastify/csrf-protection";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { Config } from "./config.ts";
import type { Database } from "./db/engine.ts";
import { TIMESCALES } from "./domain/clocks/timescales.ts";
import { MODULES } from "./modules/index.ts";
import { CSRF_COOKIE, csrfUserInfo, registerAccessControl } from "./platform/access-control.ts";
import { AccessLog } from "./platform/access-log.ts";
import { registerDrafts } from "./platform/drafts.ts";
import { registerErrorPages } from "./platform/error-pages.ts";
import { registerInputGuard } from "./platform/input-guard.ts";
import {
	catalogueOf,
	type ModuleManifest,
	personLinksOf,
	personSectionsOf,
	routeAccessOf,
	taskKindsOf,
	workScopesOf,
} from "./platform/modules.ts";
import { registerOnce } from "./platform/once.ts";
import { type Access, EVERYONE, PEOPLE_READERS } from "./platform/permissions.ts";
import { RecordAccess, registerRecordAccess } from "./platform/record-access.ts";
import { GOVUK_DIST, registerViews, SRC_DIR } from "./platform/render.ts";
import type { Services } from "./platform/services.ts";
import { Sessions } from "./platform/sessions.ts";
import { Tasks } from "./platform/tasks.ts";
import { registerViewLog, routeShowsOf } from "./platform/view-log.ts";

export interface AppOptions {
	config: Config;
	db: Database;
	now?: () => Date;
	logger?: FastifyServerOptions["logger"];
	/** Replaces the access log. */
	accessLog?: AccessLog;
	/** Replaces the tasks service: the bench measures what opening and closing tasks costs a step. */
	tasks?: Tasks;
	councilName?: string;
	/**
	 * Routes served only by this process, such as the bench's baseline pages: their
	 * access entries join the permissions table (adding, never overriding), and
	 * `register` runs last, so they pass through every hook a real route does.
	 */
	extraRoutes?: { access: Record<string, Access>; register(app: FastifyInstance): void };
	/** The modules to build the app from: all of them unless a test or bench says otherwise. */
	modules?: readonly ModuleManifest[];
	/**
	 * Services to use instead of the modules' own, for a test that checks only what a page
	 * renders from what a service answers: no data to set up, nothing to wait for.
	 */
	services?: Partial<Services>;
}

// Nothing here uses the camera, microphone, location or payment: say so, so no injected content can.
const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()";

/** The platform's own routes: the static files and the health checks. */
const PLATFORM_ROUTES: Readonly<Record<string, Access>> = {
	"GET /healthz": "public",
	"GET /readyz": "public",
	"GET /assets/*": "public",
	"GET /static/*": "public",
	"GET /drafts/:draftId": EVERYONE,
	"POST /session/keep-alive": EVERYONE,
	"POST /restricted/:personId/break-glass": PEOPLE_READERS,
};

/** The permissions table the app enforces, from the platform's routes and every module's. */
export function permissionTable(modules: readonly ModuleManifest[] = MODULES): Record<string, Access> {
	return { ...PLATFORM_ROUTES, ...routeAccessOf(modules) };
}

/** The composition root: data access → services → routes. No business logic here. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
	const { config, db } = options;
	const now = options.now ?? (() => new Date());
	const app = Fastify({
		logger: options.logger ?? { level: config.logLevel },
		// Always the server's own id: a client's X-Request-Id is logged beside it (below), never instead of it.
		genReqId: () => randomUUID(),
		trustProxy: config.trustProxy,
		bodyLimit: 256 * 1024,
	});

	const accessLog =
		options.accessLog ??
		new AccessLog(db.kysely, { now, onError: (e) => app.log.error({ err: e }, "access log flush failed") });
	const sessions = new Sessions(db.kysely, now);
	const modules = options.modules ?? MODULES;
	checkTimescales(modules);
	const services = Object.assign(
		buildServices(modules, { config, db: db.kysely, accessLog, now, sessions }, options.tasks),
		options.services,
	);
	app.decorate("services", services);
	app.addHook("onRequest", async (request, reply) => {
		const given = request.headers["x-request-id"];
		if (typeof given === "string" && /^[\w.-]{1,64}$/.test(given)) {
			request.log = request.log.child({ clientRequestId: given });
			reply.log = request.log;
		}
	});
	app.addHook("onSend", async (request, reply) => {
		reply.header("x-request-id", request.id);
		reply.header("permissions-policy", PERMISSIONS_POLICY);
		// A signed-in page may show a child's record: never keep it where the back button finds it after sign-out.
		if (request.principal) reply.header("cache-control", "no-store");
	});
	app.addHook("onClose", async () => {
		await accessLog.flush();
	});

	await app.register(helmet, {
		enableCSPNonces: true,
		contentSecurityPolicy: {
			directives: {
				defaultSrc: ["'self'"],
				scriptSrc: ["'self'"],
				styleSrc: ["'self'"],
				imgSrc: ["'self'", "data:"],
				fontSrc: ["'self'"],
				formAction: ["'self'"],
				frameAncestors: ["'none'"],
				baseUri: ["'none'"],
				objectSrc: ["'none'"],
				upgradeInsecureRequests: config.production ? [] : null,
			},
		},
		strictTransportSecurity: config.production,
		// The same answer as frame-ancestors 'none', for browsers that read only this header.
		frameguard: { action: "deny" },
		// Our own pages tell us where a form came from (the expired and too-large pages lead
		// back to it); no other site is ever told anything.
		referrerPolicy: { policy: "same-origin" },
	});
	await app.register(cookie, { secret: config.sessionSecret });
	await app.register(csrf, {
		cookieKey: CSRF_COOKIE,
		cookieOpts: { path: "/", sameSite: "lax", httpOnly: true, secure: config.production, signed: true },
		// Tokens are bound to the session they were issued in: a form from before signing in
		// again (or from someone else's session) is refused as expired.
		getUserInfo: csrfUserInfo,
		csrfOpts: { hmacKey: createHash("sha256").update(`csrf:${config.sessionSecret}`).digest("hex") },
	});
	await app.register(formbody);
	await app.register(rateLimit, { global: false });
	// The partner API's document, from the schemas of the /api/v1 routes registered below
	// (ADR 18); GET /api/v1/openapi.json serves it. Its address is configured, never a Host header.
	await app.register(swagger, {
		openapi: {
			openapi: "3.1.0",
			info: {
				title: "Threshold partner API",
				version: "1",
				description:
					"Partner agencies (police, health, schools) send contacts about children to the council's front door. " +
					"Keys are write-only: the API never returns records.",
			},
			servers: [{ url: config.serviceUrl }],
			security: [{ agencyKey: [] }],
			components: {
				securitySchemes: {
					agencyKey: {
						type: "http",
						scheme: "bearer",
						description: "The agency's key, issued by the council's administrator",
					},
				},
			},
		},
		stripBasePath: false,
		transform: ({ schema, url }) => ({ schema: url.startsWith("/api/v1/") ? schema : { ...schema, hide: true }, url }),
	});
	const catalogue = catalogueOf(modules);
	app.decorate("catalogue", catalogue);
	await registerViews(app, {
		councilName: options.councilName ?? "Demo County Council",
		navigation: catalogue.navigation,
	});

	await app.register(fastifyStatic, {
		root: join(GOVUK_DIST, "govuk", "assets"),
		prefix: "/assets/",
		decorateReply: false,
		maxAge: "1d",
	});
	await app.register(fastifyStatic, {
		root: [join(GOVUK_DIST, "govuk"), join(SRC_DIR, "platform", "static")],
		prefix: "/static/",
		allowedPath: (path) => /^\/(govuk-frontend\.min\.(css|js)(\.map)?|app\.(css|js))$/.test(path),
		decorateReply: false,
		maxAge: "1h",
	});

	registerAccessControl(app, {
		sessions,
		accessLog,
		apiKeys: services.apiKeys,
		secureCookies: config.production,
		routeAccess: permissionTable(modules),
		extraAccess: options.extraRoutes?.access,
		apiRequestsPerMinute: config.apiRequestsPerMinute,
	});
	registerErrorPages(app);
	registerInputGuard(app);
	registerViewLog(app, { accessLog, shows: routeShowsOf(modules) });
	registerRecordAccess(app, {
		db: db.kysely,
		accessLog,
		policy: services.recordAccess,
		modules,
		shows: routeShowsOf(modules),
	});
	registerOnce(app, { db: db.kysely, now });
	registerDrafts(app, { db: db.kysely, now });

	// The timeout warning's "Stay signed in": resolving the session on the way in is what keeps it alive.
	app.post("/session/keep-alive", async (_request, reply) => reply.code(204).send());
	app.get("/healthz", async () => ({ status: "ok" }));
	app.get("/readyz", async (_request, reply) => {
		try {
			await db.kysely.selectNoFrom((eb) => eb.lit(1).as("one")).execute();
			return { status: "ok" };
		} catch {
			return reply.code(503).send({ status: "unavailable" });
		}
	});

	for (const module of modules) await module.register(app);
	options.extraRoutes?.register(app);
	return app;
}

/**
 * Builds each module's services in list order. A module may use the services of those
 * before it; reaching one not built yet fails at startup, naming both.
 */
function buildServices(
	modules: readonly ModuleManifest[],
	base: { config: Config; db: Database["kysely"]; accessLog: AccessLog; now: () => Date; sessions: Sessions },
	tasks = new Tasks(base.db, base.accessLog, base.now),
): Services {
	const built: Record<string, unknown> = {
		accessLog: base.accessLog,
		sessions: base.sessions,
		recordAccess: new RecordAccess(base.db, base.accessLog, base.now, workScopesOf(modules)),
		tasks,
		taskKinds: taskKindsOf(modules),
		config: base.config,
		now: base.now,
	};
	let building = "";
	const services = new Proxy(built, {
		get(target, key) {
			if (typeof key === "string" && !(key in target)) {
				throw new Error(`Module ${building} uses services.${key} before the module providing it is built`);
			}
			return Reflect.get(target, key);
		},
	}) as unknown as Services;
	const personLinks = personLinksOf(modules);
	const personSections = personSectionsOf(modules);
	for (const module of modules) {
		building = module.name;
		Object.assign(built, module.services?.({ ...base, personLinks, personSections, services }));
	}
	return built as unknown as Services;
}

/** A module's clocks name timescales in the register: a name not in it is a mistake found at startup. */
function checkTimescales(modules: readonly ModuleManifest[]) {
	const known = new Set(TIMESCALES.map((t) => t.id));
	for (const module of modules) {
		const unknown = (module.timescales ?? []).filter((id) => !known.has(id));
		if (unknown.length) throw new Error(`Module ${module.name} names unknown timescales: ${unknown.join(", ")}`);
	}
}
