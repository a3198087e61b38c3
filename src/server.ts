import { randomUUID } from "node:crypto";
import { join } from "node:path";
import cookie from "@fastify/cookie";
import csrf from "@fastify/csrf-protection";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { Config } from "./config.ts";
import type { Database } from "./db/engine.ts";
import { registerAccessLogSearch } from "./modules/access-log-search/routes.ts";
import { AccessLogSearch } from "./modules/access-log-search/service.ts";
import { registerApiKeys } from "./modules/api-keys/routes.ts";
import { ApiKeysService } from "./modules/api-keys/service.ts";
import { OidcSignIn, oidcSettings } from "./modules/auth/oidc.ts";
import { registerAuth } from "./modules/auth/routes.ts";
import { AuthService } from "./modules/auth/service.ts";
import { registerConsent } from "./modules/consent/routes.ts";
import { ConsentService } from "./modules/consent/service.ts";
import { IdempotencyStore } from "./modules/contact-api/idempotency.ts";
import { registerContactApi } from "./modules/contact-api/routes.ts";
import { ContactApiService } from "./modules/contact-api/service.ts";
import { registerContacts } from "./modules/contacts/routes.ts";
import { ContactsService } from "./modules/contacts/service.ts";
import { registerCorrections } from "./modules/corrections/routes.ts";
import { CorrectionsService } from "./modules/corrections/service.ts";
import { registerDashboard } from "./modules/dashboard/routes.ts";
import { DashboardService } from "./modules/dashboard/service.ts";
import { registerDecisions } from "./modules/decisions/routes.ts";
import { DecisionsService } from "./modules/decisions/service.ts";
import { registerEnquiries } from "./modules/enquiries/routes.ts";
import { EnquiriesService } from "./modules/enquiries/service.ts";
import { registerFeedback } from "./modules/feedback/routes.ts";
import { FeedbackService } from "./modules/feedback/service.ts";
import { registerFrontDoor } from "./modules/front-door/routes.ts";
import { FrontDoorService } from "./modules/front-door/service.ts";
import { registerHome } from "./modules/home/routes.ts";
import { registerMatching } from "./modules/matching/routes.ts";
import { MatchingService } from "./modules/matching/service.ts";
import { MergeService } from "./modules/people/merge.ts";
import { registerPeople } from "./modules/people/routes.ts";
import { PeopleService } from "./modules/people/service.ts";
import { registerSettings } from "./modules/settings/routes.ts";
import { SettingsService } from "./modules/settings/service.ts";
import { registerStrategy } from "./modules/strategy/routes.ts";
import { StrategyService } from "./modules/strategy/service.ts";
import { registerTransfers } from "./modules/transfers/routes.ts";
import { TransfersService } from "./modules/transfers/service.ts";
import { registerTriage } from "./modules/triage/routes.ts";
import { TriageService } from "./modules/triage/service.ts";
import { registerUsers } from "./modules/users/routes.ts";
import { UsersService } from "./modules/users/service.ts";
import { registerAccessControl } from "./platform/access-control.ts";
import { AccessLog } from "./platform/access-log.ts";
import { registerErrorPages } from "./platform/error-pages.ts";
import type { Access } from "./platform/permissions.ts";
import { GOVUK_DIST, registerViews, SRC_DIR } from "./platform/render.ts";
import { Sessions } from "./platform/sessions.ts";

export interface AppOptions {
	config: Config;
	db: Database;
	now?: () => Date;
	logger?: FastifyServerOptions["logger"];
	/** Replaces the access log. */
	accessLog?: AccessLog;
	councilName?: string;
	/**
	 * Routes served only by this process, such as the bench's baseline pages: their
	 * access entries join the permissions table (adding, never overriding), and
	 * `register` runs last, so they pass through every hook a real route does.
	 */
	extraRoutes?: { access: Record<string, Access>; register(app: FastifyInstance): void };
}

export interface Services {
	accessLog: AccessLog;
	accessLogSearch: AccessLogSearch;
	sessions: Sessions;
	auth: AuthService;
	users: UsersService;
	settings: SettingsService;
	people: PeopleService;
	merges: MergeService;
	apiKeys: ApiKeysService;
	contacts: ContactsService;
	frontDoor: FrontDoorService;
	triage: TriageService;
	enquiries: EnquiriesService;
	consent: ConsentService;
	decisions: DecisionsService;
	feedback: FeedbackService;
	strategy: StrategyService;
	transfers: TransfersService;
	dashboard: DashboardService;
	corrections: CorrectionsService;
	matching: MatchingService;
	contactApi: ContactApiService;
	idempotency: IdempotencyStore;
	/** Sign-in with the council's identity provider; null when not configured. */
	oidc: OidcSignIn | null;
	now: () => Date;
}

/** The composition root: data access → services → routes. No business logic here. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
	const { config, db } = options;
	const now = options.now ?? (() => new Date());
	const app = Fastify({
		logger: options.logger ?? { level: config.logLevel },
		genReqId: (req) => {
			const given = req.headers["x-request-id"];
			return typeof given === "string" && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
		},
		trustProxy: config.trustProxy,
		bodyLimit: 256 * 1024,
	});

	const accessLog =
		options.accessLog ??
		new AccessLog(db.kysely, { now, onError: (e) => app.log.error({ err: e }, "access log flush failed") });
	const sessions = new Sessions(db.kysely, now);
	const settings = new SettingsService(db.kysely, accessLog, now);
	const frontDoor = new FrontDoorService(db.kysely, accessLog);
	const people = new PeopleService(db.kysely, accessLog, now);
	const contacts = new ContactsService(db.kysely, accessLog, settings, now);
	const idempotency = new IdempotencyStore(db.kysely, now);
	const services: Services = {
		accessLog,
		accessLogSearch: new AccessLogSearch(db.kysely, now),
		sessions,
		auth: new AuthService(db.kysely, sessions, accessLog, now),
		users: new UsersService(db.kysely, sessions, accessLog, now),
		settings,
		people,
		merges: new MergeService(db.kysely, accessLog, now),
		apiKeys: new ApiKeysService(db.kysely, accessLog, now),
		contacts,
		frontDoor,
		triage: new TriageService(db.kysely, accessLog, settings, frontDoor, now),
		enquiries: new EnquiriesService(db.kysely, accessLog, settings, now),
		consent: new ConsentService(db.kysely, accessLog, now),
		decisions: new DecisionsService(db.kysely, accessLog, settings, now),
		feedback: new FeedbackService(db.kysely, accessLog, now),
		strategy: new StrategyService(db.kysely, accessLog, settings, now),
		transfers: new TransfersService(db.kysely, accessLog, now),
		dashboard: new DashboardService(db.kysely, accessLog, now),
		corrections: new CorrectionsService(db.kysely, accessLog, now),
		matching: new MatchingService(db.kysely, accessLog, settings, people, now),
		contactApi: new ContactApiService(contacts, idempotency, now),
		idempotency,
		oidc: oidcFor(config, { db: db.kysely, accessLog, now }),
		now,
	};
	app.decorate("services", services);
	app.addHook("onSend", async (request, reply) => {
		reply.header("x-request-id", request.id);
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
	});
	await app.register(cookie, { secret: config.sessionSecret });
	await app.register(csrf, {
		cookieKey: "threshold_csrf",
		cookieOpts: { path: "/", sameSite: "lax", httpOnly: true, secure: config.production, signed: true },
	});
	await app.register(formbody);
	await app.register(rateLimit, { global: false });
	await registerViews(app, { councilName: options.councilName ?? "Demo County Council" });

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
		extraAccess: options.extraRoutes?.access,
	});
	registerErrorPages(app);

	app.get("/healthz", async () => ({ status: "ok" }));
	app.get("/readyz", async (_request, reply) => {
		try {
			await db.kysely.selectNoFrom((eb) => eb.lit(1).as("one")).execute();
			return { status: "ok" };
		} catch {
			return reply.code(503).send({ status: "unavailable" });
		}
	});

	registerHome(app);
	registerAuth(app, { config });
	registerUsers(app);
	registerAccessLogSearch(app);
	registerSettings(app);
	registerPeople(app);
	registerApiKeys(app);
	registerContacts(app);
	registerFrontDoor(app);
	registerTriage(app);
	registerEnquiries(app);
	registerConsent(app);
	registerDecisions(app);
	registerFeedback(app);
	registerStrategy(app);
	registerTransfers(app);
	registerDashboard(app);
	registerCorrections(app);
	registerMatching(app);
	registerContactApi(app);
	options.extraRoutes?.register(app);
	return app;
}

declare module "fastify" {
	interface FastifyInstance {
		services: Services;
	}
}

function oidcFor(config: Config, deps: ConstructorParameters<typeof OidcSignIn>[1]): OidcSignIn | null {
	const settings = oidcSettings(config);
	return settings ? new OidcSignIn(settings, deps) : null;
}
