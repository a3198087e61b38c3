import { type Kysely, sql } from "kysely";
import * as client from "openid-client";
import { z } from "zod";
import type { Config } from "../../config.ts";
import type { DB } from "../../db/schema.ts";
import type { AccessLog } from "../../platform/access-log.ts";
import { englandDay, formatDate } from "../../platform/format.ts";

// Sign-in with the council's identity provider (OpenID Connect, authorization code + PKCE).
// The provider only proves who someone is: what they may do in Threshold comes from the
// user an administrator set up here, so an unknown identity is refused, never created.

export const FLOW_COOKIE = "threshold_oidc";
export const START_PATH = "/sign-in/oidc";
export const CALLBACK_PATH = "/sign-in/oidc/callback";
/** Long enough to type a password and approve a second factor, short enough to limit a stolen cookie. */
export const FLOW_TTL_MS = 10 * 60 * 1000;
const SCOPE = "openid email";
// A dead provider should fail a sign-in quickly, not hold the request for openid-client's 30 s.
const PROVIDER_TIMEOUT_SECONDS = 10;

export const NOT_SET_UP = "Your council account is not set up in Threshold. Ask your administrator to add you.";
// The same words the password sign-in uses (AuthService.signIn), so people hear one story.
const DISABLED = "Your account has been disabled. Contact your administrator.";
const expiredMessage = (on: string) =>
	`Your access ended on ${formatDate(on)}. Contact the council if you need it extended.`;

/**
 * What must survive the round trip through the provider. It lives in a signed, httpOnly
 * cookie rather than in server memory, so any instance behind a load balancer can finish
 * a sign-in another started; signing stops it being forged, `expiresAt` stops it being
 * replayed later (a cookie's own Max-Age is only the browser's promise).
 */
const flowSchema = z.object({
	state: z.string().min(1),
	nonce: z.string().min(1),
	verifier: z.string().min(43),
	returnTo: z.string(),
	expiresAt: z.number(),
});
export type Flow = z.infer<typeof flowSchema>;

export const encodeFlow = (flow: Flow) => Buffer.from(JSON.stringify(flow)).toString("base64url");

/** The flow from the cookie's (already unsigned) value, or null if it is missing, malformed or stale. */
export function decodeFlow(value: string | null | undefined, now: Date): Flow | null {
	if (!value) return null;
	try {
		const parsed = flowSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
		return parsed.success && parsed.data.expiresAt > now.getTime() ? parsed.data : null;
	} catch {
		return null;
	}
}

export type OidcFailureKind = "expired" | "state" | "cancelled" | "provider" | "exchange" | "unavailable";

/** A sign-in that went wrong before we knew who the person is; `message` is for the log, not the user. */
export class OidcFailure extends Error {
	constructor(
		readonly kind: OidcFailureKind,
		message: string,
		options?: { cause?: unknown },
	) {
		super(message, options);
	}
}

export type OidcResult =
	| { ok: true; userId: string; returnTo: string }
	| { ok: false; reason: "unknown" | "unverified" | "linked-elsewhere" | "disabled" | "expired"; message: string };

export interface OidcSettings {
	issuer: string;
	clientId: string;
	clientSecret: string;
	/** Plain-http issuers are for tests and local providers only. */
	allowHttp: boolean;
}

export function oidcSettings(config: Config): OidcSettings | null {
	if (!config.oidc) return null;
	const { issuer, clientId, clientSecret } = config.oidc;
	return { issuer, clientId, clientSecret, allowHttp: !config.production && new URL(issuer).protocol === "http:" };
}

interface Identity {
	email?: string;
	/** undefined when the provider does not say. */
	emailVerified?: boolean;
}

interface Answer {
	sub: string;
	details(): Promise<Identity>;
}

export class OidcSignIn {
	#configuration: Promise<client.Configuration> | undefined;

	constructor(
		private readonly settings: OidcSettings,
		private readonly deps: { db: Kysely<DB>; accessLog: AccessLog; now: () => Date },
	) {}

	/** Discovered on first use, not at start-up, so a provider outage never stops Threshold starting. */
	configuration(): Promise<client.Configuration> {
		this.#configuration ??= this.discover().catch((error: unknown) => {
			// Not cached: the next sign-in tries again once the provider is back.
			this.#configuration = undefined;
			throw new OidcFailure("unavailable", `cannot reach the identity provider at ${this.settings.issuer}`, {
				cause: error,
			});
		});
		return this.#configuration;
	}

	private discover(): Promise<client.Configuration> {
		const { issuer, clientId, clientSecret, allowHttp } = this.settings;
		// client_secret_basic is what OpenID Connect assumes when a client registered no other method.
		return client.discovery(
			new URL(issuer),
			clientId,
			{ client_secret: clientSecret },
			client.ClientSecretBasic(clientSecret),
			{ timeout: PROVIDER_TIMEOUT_SECONDS, execute: allowHttp ? [client.allowInsecureRequests] : [] },
		);
	}

	/** Where to send the browser, and the flow to keep until it comes back. */
	async begin(redirectUri: URL, returnTo: string): Promise<{ url: URL; flow: Flow }> {
		const configuration = await this.configuration();
		const flow: Flow = {
			state: client.randomState(),
			nonce: client.randomNonce(),
			verifier: client.randomPKCECodeVerifier(),
			returnTo,
			expiresAt: this.deps.now().getTime() + FLOW_TTL_MS,
		};
		const url = client.buildAuthorizationUrl(configuration, {
			redirect_uri: redirectUri.href,
			scope: SCOPE,
			state: flow.state,
			nonce: flow.nonce,
			code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
			code_challenge_method: "S256",
		});
		return { url, flow };
	}

	/**
	 * Finishes a sign-in: checks the provider's answer against the flow, exchanges the code,
	 * then finds the Threshold user. Throws OidcFailure when the answer cannot be trusted.
	 */
	async complete(callbackUrl: URL, flow: Flow | null, requestId: string): Promise<OidcResult> {
		if (!flow) throw new OidcFailure("expired", "sign-in flow cookie missing, tampered with or expired");
		const params = callbackUrl.searchParams;
		// Checked before anything else, so a forged callback learns nothing and costs no request to the provider.
		if (params.get("state") !== flow.state) throw new OidcFailure("state", "state does not match the flow cookie");
		const error = params.get("error");
		if (error) {
			const detail = `provider answered ${error}: ${params.get("error_description") ?? "no description"}`;
			throw new OidcFailure(error === "access_denied" ? "cancelled" : "provider", detail);
		}
		const configuration = await this.configuration();
		const answer = await this.exchange(configuration, callbackUrl, flow);
		return this.match(answer, flow.returnTo, requestId);
	}

	/** The verified subject, and a way to learn the rest of the identity only if it is needed. */
	private async exchange(configuration: client.Configuration, callbackUrl: URL, flow: Flow): Promise<Answer> {
		let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
		try {
			// openid-client checks iss, state, the ID token's signature, audience, expiry and nonce.
			tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
				pkceCodeVerifier: flow.verifier,
				expectedState: flow.state,
				expectedNonce: flow.nonce,
				idTokenExpected: true,
			});
		} catch (error) {
			throw new OidcFailure("exchange", "code exchange or ID token validation failed", { cause: error });
		}
		const claims = tokens.claims();
		if (!claims) throw new OidcFailure("exchange", "the token response had no ID token");
		const sub = claims.sub;
		const fromIdToken = identityFrom(claims);
		// Many providers put email only in userinfo for the code flow: asked only when sub alone finds nobody.
		const details = async () => {
			if (fromIdToken.email || !configuration.serverMetadata().userinfo_endpoint) return fromIdToken;
			try {
				// expectedSubject: userinfo must be about the same person as the ID token.
				return identityFrom(await client.fetchUserInfo(configuration, tokens.access_token, sub));
			} catch (error) {
				throw new OidcFailure("exchange", "userinfo request failed", { cause: error });
			}
		};
		return { sub, details };
	}

	private async match({ sub, details }: Answer, returnTo: string, requestId: string): Promise<OidcResult> {
		const { db } = this.deps;
		const columns = ["id", "disabled_at", "expires_on", "oidc_subject"] as const;
		let user = await db.selectFrom("app_user").select(columns).where("oidc_subject", "=", sub).executeTakeFirst();
		let linked = false;
		if (!user) {
			const identity = await details();
			if (!identity.email) return { ok: false, reason: "unknown", message: NOT_SET_UP };
			// An unverified address could be anyone's: whoever typed it into the provider.
			if (identity.emailVerified === false) return { ok: false, reason: "unverified", message: NOT_SET_UP };
			user = await db
				.selectFrom("app_user")
				.select(columns)
				.where(sql<string>`lower(email)`, "=", identity.email.toLowerCase())
				.executeTakeFirst();
			if (!user) return { ok: false, reason: "unknown", message: NOT_SET_UP };
			// Another provider identity already owns this user: taking it over by email would be a hijack.
			if (user.oidc_subject !== null) return { ok: false, reason: "linked-elsewhere", message: NOT_SET_UP };
			linked = true;
		}
		if (user.disabled_at) return { ok: false, reason: "disabled", message: DISABLED };
		if (user.expires_on && user.expires_on < englandDay(this.deps.now())) {
			return { ok: false, reason: "expired", message: expiredMessage(user.expires_on) };
		}
		if (linked && !(await this.link(user.id, sub, requestId))) {
			return { ok: false, reason: "linked-elsewhere", message: NOT_SET_UP };
		}
		return { ok: true, userId: user.id, returnTo };
	}

	/**
	 * From now on the user is found by `sub`, which survives a change of email address.
	 * False if, between lookup and update, a parallel sign-in linked a different identity.
	 */
	private link(userId: string, sub: string, requestId: string): Promise<boolean> {
		return this.deps.db.transaction().execute(async (trx) => {
			const result = await trx
				.updateTable("app_user")
				.set({ oidc_subject: sub })
				.where("id", "=", userId)
				.where("oidc_subject", "is", null)
				.executeTakeFirst();
			if (Number(result.numUpdatedRows) === 0) {
				const current = await trx
					.selectFrom("app_user")
					.select("oidc_subject")
					.where("id", "=", userId)
					.executeTakeFirst();
				return current?.oidc_subject === sub;
			}
			await this.deps.accessLog.change(trx, {
				userId,
				role: null,
				action: "update",
				recordType: "user",
				recordId: userId,
				requestId,
				detail: { method: "oidc" },
				before: { oidc_subject: null },
				after: { oidc_subject: sub },
			});
			return true;
		});
	}
}

function identityFrom(claims: Record<string, unknown>): Identity {
	const email = typeof claims.email === "string" && claims.email.trim() !== "" ? claims.email.trim() : undefined;
	const verified = claims.email_verified;
	// Some providers send the JSON string "true"; anything else that is present means "not verified".
	const emailVerified = verified === undefined ? undefined : verified === true || verified === "true";
	return { email, emailVerified };
}
