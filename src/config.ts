import { z } from "zod";

// Environment → typed configuration. Every bad setting is reported at once, one line
// each, so an operator fixes them in one go; production refuses development defaults.
const DEV_SESSION_SECRET = "development-only-secret-do-not-use-in-production";

const boolean = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const schema = z
	.object({
		NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
		PORT: z.coerce.number().int().min(0).max(65535).default(3000),
		HOST: z.string().min(1).default("localhost"),
		LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
		DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
		MIGRATION_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
		DATA_DIR: z.string().min(1).default("./data"),
		SESSION_SECRET: z.string().min(32, "must be at least 32 characters").default(DEV_SESSION_SECRET),
		TRUST_PROXY: boolean.default(false),
		DEMO_COUNCIL: boolean.optional(),
		PUBLIC_URL: z.url().optional(),
		OIDC_ISSUER: z.url().optional(),
		OIDC_CLIENT_ID: z.string().min(1).optional(),
		OIDC_CLIENT_SECRET: z.string().min(1).optional(),
		OIDC_NAME: z.string().min(1).default("your council account"),
	})
	.superRefine((env, ctx) => {
		const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
		if (oidc.some(Boolean) && !oidc.every(Boolean)) {
			ctx.addIssue({
				code: "custom",
				path: ["OIDC_ISSUER"],
				message: "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together",
			});
		}
		if (env.NODE_ENV !== "production") return;
		if (env.SESSION_SECRET === DEV_SESSION_SECRET) {
			ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "must be set in production" });
		}
		if (!env.DATABASE_URL) {
			ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "must be set in production (PostgreSQL)" });
		}
		if (!env.MIGRATION_DATABASE_URL) {
			ctx.addIssue({
				code: "custom",
				path: ["MIGRATION_DATABASE_URL"],
				message: "must be set in production: the schema owner's connection, separate from the application's",
			});
		}
		if (env.DEMO_COUNCIL) {
			ctx.addIssue({ code: "custom", path: ["DEMO_COUNCIL"], message: "cannot be used in production" });
		}
		if (oidc.every(Boolean) && !env.PUBLIC_URL) {
			ctx.addIssue({ code: "custom", path: ["PUBLIC_URL"], message: "must be set in production when OIDC is used" });
		}
	});

export interface Config {
	env: "development" | "test" | "production";
	production: boolean;
	port: number;
	host: string;
	logLevel: string;
	database: { url?: string; ownerUrl?: string; dataDir: string };
	sessionSecret: string;
	trustProxy: boolean;
	demoCouncil: boolean;
	publicUrl?: string;
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
	if (!parsed.success) {
		throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`));
	}
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
		demoCouncil: e.DEMO_COUNCIL ?? e.NODE_ENV !== "production",
		publicUrl: e.PUBLIC_URL,
		oidc:
			e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
				? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, name: e.OIDC_NAME }
				: undefined,
	};
}
