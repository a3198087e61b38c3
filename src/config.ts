import { z } from "zod";

// Environment → typed configuration. Every bad setting is reported at once, one line
// each, so an operator fixes them in one go; production refuses development defaults.
const DEV_SESSION_SECRET = "development-only-secret-do-not-use-in-production";

const boolean = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const schema = z.object({
	NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().min(1).default("localhost"),
	LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
	DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
	MIGRATION_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
	DATA_DIR: z.string().min(1).default("./data"),
	SESSION_SECRET: z.string().min(32, "must be at least 32 characters").default(DEV_SESSION_SECRET),
	TRUST_PROXY: boolean.default(false),
	API_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(300),
	DEMO_COUNCIL: boolean.optional(),
	PUBLIC_URL: z
		.url({
			protocol: /^https?$/,
			error: "must be an absolute http:// or https:// address, like https://threshold.example.gov.uk",
		})
		.optional(),
	OIDC_ISSUER: z.url().optional(),
	OIDC_CLIENT_ID: z.string().min(1).optional(),
	OIDC_CLIENT_SECRET: z.string().min(1).optional(),
	OIDC_NAME: z.string().min(1).default("your council account"),
});

/**
 * Rules across settings. Run on the raw values, not after the schema, so they are
 * reported alongside any malformed setting rather than only once those are fixed.
 */
function crossChecks(env: Record<string, string | undefined>): string[] {
	const problems: string[] = [];
	const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
	if (oidc.some(Boolean) && !oidc.every(Boolean)) {
		problems.push("OIDC_ISSUER: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together");
	}
	if (env.NODE_ENV !== "production") return problems;
	if (!env.SESSION_SECRET) problems.push("SESSION_SECRET: must be set in production");
	if (env.SESSION_SECRET === DEV_SESSION_SECRET) {
		problems.push("SESSION_SECRET: the development secret is public; set a random one of 32 characters or more");
	}
	if (!env.DATABASE_URL) problems.push("DATABASE_URL: must be set in production (PostgreSQL)");
	if (env.DEMO_COUNCIL === "true" || env.DEMO_COUNCIL === "1")
		problems.push("DEMO_COUNCIL: cannot be used in production");
	if (!env.PUBLIC_URL) {
		problems.push(
			"PUBLIC_URL: must be set in production: the address agencies and browsers use, like https://threshold.example.gov.uk",
		);
	}
	return problems;
}

export interface Config {
	env: "development" | "test" | "production";
	production: boolean;
	port: number;
	host: string;
	logLevel: string;
	database: { url?: string; ownerUrl?: string; dataDir: string };
	sessionSecret: string;
	trustProxy: boolean;
	/** Partner API requests each agency key may make a minute (429 with Retry-After beyond). */
	apiRequestsPerMinute: number;
	demoCouncil: boolean;
	/** PUBLIC_URL as set; sign-in falls back to the request's own address without it (development only). */
	publicUrl?: string;
	/**
	 * The service's address for what must name it, never taken from a request: PUBLIC_URL
	 * without a trailing slash, or http://localhost:PORT outside production.
	 */
	serviceUrl: string;
	oidc?: { issuer: string; clientId: string; clientSecret: string; name: string };
}

export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(`Threshold cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
	}
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
	const parsed = schema.safeParse(present);
	const problems = [
		...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`)),
		...crossChecks(present),
	];
	if (!parsed.success || problems.length) throw new ConfigError(problems);
	const e = parsed.data;
	return {
		env: e.NODE_ENV,
		production: e.NODE_ENV === "production",
		port: e.PORT,
		host: e.HOST,
		logLevel: e.LOG_LEVEL,
		database: { url: e.DATABASE_URL, ownerUrl: e.MIGRATION_DATABASE_URL, dataDir: e.DATA_DIR },
		sessionSecret: e.SESSION_SECRET,
		trustProxy: e.TRUST_PROXY,
		apiRequestsPerMinute: e.API_REQUESTS_PER_MINUTE,
		// Known passwords and a known API key: only on the embedded database unless asked for, never in production.
		demoCouncil: e.DEMO_COUNCIL ?? (e.NODE_ENV !== "production" && !e.DATABASE_URL),
		publicUrl: e.PUBLIC_URL,
		serviceUrl: e.PUBLIC_URL?.replace(/\/+$/, "") ?? `http://localhost:${e.PORT}`,
		oidc:
			e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
				? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, name: e.OIDC_NAME }
				: undefined,
	};
}
