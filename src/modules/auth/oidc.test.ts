import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import Provider from "oidc-provider";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { SESSION_COOKIE } from "../../platform/access-control.ts";
import { FLOW_COOKIE, NOT_SET_UP } from "./oidc.ts";

// A real OpenID provider (oidc-provider) on a random port, driven through its development
// login and consent forms by a tiny cookie-carrying browser made of fetch calls.

const CLIENT = { id: "threshold", secret: "threshold-test-secret" };

interface ProviderAccount {
	email?: string;
	email_verified?: boolean;
}

async function listen(server: Server): Promise<number> {
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	return (server.address() as AddressInfo).port;
}

/** The provider's accounts are keyed by login; a login's `sub` is the login itself. */
class TestProvider {
	readonly accounts = new Map<string, ProviderAccount>();
	readonly server = createServer();
	issuer = "";

	async listen(): Promise<string> {
		this.issuer = `http://127.0.0.1:${await listen(this.server)}`;
		return this.issuer;
	}

	/** Started only once Threshold listens, because the client's redirect URI names Threshold's port. */
	start(redirectUri: string) {
		const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
		const provider = new Provider(this.issuer, {
			clients: [
				{
					client_id: CLIENT.id,
					client_secret: CLIENT.secret,
					redirect_uris: [redirectUri],
					grant_types: ["authorization_code"],
					response_types: ["code"],
				},
			],
			jwks: { keys: [{ ...jwk, kid: "test", alg: "RS256", use: "sig" }] },
			cookies: { keys: ["oidc-test-cookie-key"] },
			claims: { openid: ["sub"], email: ["email", "email_verified"] },
			pkce: { required: () => true },
			// Explicit lifetimes, only so the provider does not print a notice for each default.
			ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
			features: { devInteractions: { enabled: true } },
			findAccount: (_ctx, id) => {
				const account = this.accounts.get(id);
				return account ? { accountId: id, claims: () => ({ sub: id, ...account }) } : undefined;
			},
		});
		this.server.on("request", provider.callback());
	}

	async close() {
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(resolve));
	}
}

/** Just enough browser: cookies per host, redirects followed by hand, a POST answered by 303 becomes a GET. */
class Browser {
	readonly jar = new Map<string, Map<string, string>>();

	cookies(url: string): Map<string, string> {
		const host = new URL(url).host;
		if (!this.jar.has(host)) this.jar.set(host, new Map());
		return this.jar.get(host)!;
	}

	async request(url: string, form?: Record<string, string>): Promise<Response> {
		const cookies = this.cookies(url);
		const headers = new Headers({ cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") });
		if (form) headers.set("content-type", "application/x-www-form-urlencoded");
		const res = await fetch(url, {
			method: form ? "POST" : "GET",
			headers,
			body: form ? new URLSearchParams(form).toString() : undefined,
			redirect: "manual",
		});
		for (const line of res.headers.getSetCookie()) {
			const [pair, ...attributes] = line.split(";").map((part) => part.trim());
			const name = pair.slice(0, pair.indexOf("="));
			const value = pair.slice(pair.indexOf("=") + 1);
			const gone = attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=.*1970/i.test(a));
			if (value === "" || gone) cookies.delete(name);
			else cookies.set(name, value);
		}
		return res;
	}

	/** Follows redirects, stopping before any URL `stopAt` accepts. */
	async follow(
		url: string,
		options: { form?: Record<string, string>; stopAt?: (url: string) => boolean } = {},
	): Promise<{ res: Response | null; url: string }> {
		let current = url;
		let res = await this.request(current, options.form);
		for (let hops = 0; res.status >= 300 && res.status < 400; hops++) {
			assert.ok(hops < 20, "too many redirects");
			current = new URL(res.headers.get("location") ?? "", current).href;
			await res.body?.cancel();
			if (options.stopAt?.(current)) return { res: null, url: current };
			res = await this.request(current);
		}
		return { res, url: current };
	}
}

describe("sign-in with the council's identity provider (OIDC)", () => {
	const provider = new TestProvider();
	let t: TestApp;
	let appUrl = "";
	const isCallback = (url: string) => url.startsWith(`${appUrl}/sign-in/oidc/callback`);

	before(async () => {
		const issuer = await provider.listen();
		t = await createTestApp({
			env: {
				OIDC_ISSUER: issuer,
				OIDC_CLIENT_ID: CLIENT.id,
				OIDC_CLIENT_SECRET: CLIENT.secret,
				OIDC_NAME: "your Demo County account",
			},
		});
		// No PUBLIC_URL: the redirect URI comes from the request's own scheme and host.
		appUrl = await t.app.listen({ host: "127.0.0.1", port: 0 });
		provider.start(`${appUrl}/sign-in/oidc/callback`);
	});
	after(async () => {
		await t.close();
		await provider.close();
	});

	/** Starts at Threshold, signs in at the provider; returns the callback URL, not yet visited. */
	async function authorize(browser: Browser, login: string, options: { returnTo?: string; abort?: boolean } = {}) {
		const start = `${appUrl}/sign-in/oidc?returnTo=${encodeURIComponent(options.returnTo ?? "/")}`;
		let { res, url } = await browser.follow(start, { stopAt: isCallback });
		for (let step = 0; step < 4 && !isCallback(url); step++) {
			assert.ok(res && res.status === 200, `expected the provider's form at ${url}, got ${res?.status}`);
			const html = await res.text();
			if (options.abort) {
				({ res, url } = await browser.follow(`${url}/abort`, { stopAt: isCallback }));
				continue;
			}
			const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1] ?? "";
			const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1] ?? "";
			const form: Record<string, string> =
				prompt === "login" ? { prompt, login, password: "any password" } : { prompt };
			({ res, url } = await browser.follow(new URL(action, url).href, { form, stopAt: isCallback }));
		}
		assert.ok(isCallback(url), `expected to come back to Threshold, ended at ${url}`);
		return url;
	}

	async function signIn(login: string, options: { returnTo?: string } = {}) {
		const browser = new Browser();
		const landing = await browser.follow(await authorize(browser, login, options));
		const body = (await landing.res?.text()) ?? "";
		return { browser, res: landing.res!, url: landing.url, body };
	}

	const hasSession = (browser: Browser) => browser.cookies(appUrl).has(SESSION_COOKIE);
	const subjectOf = async (email: string) =>
		(
			await t.testDb.db.kysely
				.selectFrom("app_user")
				.select("oidc_subject")
				.where("email", "=", email)
				.executeTakeFirstOrThrow()
		).oidc_subject;

	test("a known user completes the flow, lands where they were going, and is linked by sub", async () => {
		// Mixed case: the email claim matches the Threshold user whatever its case.
		provider.accounts.set("morgan-at-idp", { email: "Team.Manager@demo.example", email_verified: true });
		const { browser, res, url } = await signIn("morgan-at-idp", { returnTo: "/settings/calendar" });
		assert.equal(res.status, 200);
		assert.equal(url, `${appUrl}/settings/calendar`);
		assert.ok(hasSession(browser));
		assert.ok(!browser.cookies(appUrl).has(FLOW_COOKIE), "the flow cookie is single use");
		const home = await browser.follow(`${appUrl}/`);
		assert.match((await home.res?.text()) ?? "", /Morgan Manager, Team manager/);
		assert.equal(await subjectOf("team.manager@demo.example"), "morgan-at-idp");

		const link = await t.testDb.db.kysely
			.selectFrom("access_log")
			.select(["action", "detail"])
			.where("record_id", "=", await t.userIdFor("team-manager"))
			.where("action", "=", "update")
			.executeTakeFirst();
		assert.ok(link, "linking the provider identity is recorded in the access log");
	});

	test("once linked, the user is found by sub even when the provider's email changes", async () => {
		provider.accounts.set("morgan-at-idp", { email: "morgan@new-domain.example", email_verified: true });
		const { res, body } = await signIn("morgan-at-idp");
		assert.equal(res.status, 200);
		assert.match(body, /Morgan Manager, Team manager/);
	});

	test("a provider without email_verified is trusted for the email it sends", async () => {
		provider.accounts.set("erin-at-idp", { email: "early.help@demo.example" });
		const { res, body } = await signIn("erin-at-idp");
		assert.equal(res.status, 200);
		assert.match(body, /Erin Earlyhelp, Early-help practitioner/);
		assert.equal(await subjectOf("early.help@demo.example"), "erin-at-idp");
	});

	test("an account Threshold does not know is told to ask an administrator, and gets no session", async () => {
		provider.accounts.set("stranger", { email: "stranger@elsewhere.example", email_verified: true });
		const { browser, res, body } = await signIn("stranger");
		assert.equal(res.status, 403);
		assert.ok(body.includes(NOT_SET_UP), body);
		assert.ok(!hasSession(browser));
		const home = await browser.follow(`${appUrl}/`);
		assert.match(home.url, /\/sign-in\?returnTo=%2F$/);
	});

	test("an unverified email address matches nobody", async () => {
		provider.accounts.set("priya-unverified", { email: "practitioner@demo.example", email_verified: false });
		const { browser, res, body } = await signIn("priya-unverified");
		assert.equal(res.status, 403);
		assert.ok(body.includes(NOT_SET_UP));
		assert.ok(!hasSession(browser));
		assert.equal(await subjectOf("practitioner@demo.example"), null);
	});

	test("a second provider identity cannot take over a user already linked to another", async () => {
		provider.accounts.set("morgan-impostor", { email: "team.manager@demo.example", email_verified: true });
		const { browser, res, body } = await signIn("morgan-impostor");
		assert.equal(res.status, 403);
		assert.ok(body.includes(NOT_SET_UP));
		assert.ok(!hasSession(browser));
		assert.equal(await subjectOf("team.manager@demo.example"), "morgan-at-idp");
	});

	test("a disabled user is refused with the password sign-in's words", async () => {
		await t.testDb.db.kysely
			.updateTable("app_user")
			.set({ disabled_at: new Date() })
			.where("email", "=", "analyst@demo.example")
			.execute();
		provider.accounts.set("ana-at-idp", { email: "analyst@demo.example", email_verified: true });
		const { browser, res, body } = await signIn("ana-at-idp");
		assert.equal(res.status, 403);
		assert.match(body, /Your account has been disabled. Contact your administrator./);
		assert.ok(!hasSession(browser));
		assert.equal(await subjectOf("analyst@demo.example"), null, "a refused user is not linked");
	});

	test("an inspector whose access has ended is refused", async () => {
		await t.testDb.db.kysely
			.updateTable("app_user")
			.set({ expires_on: "2020-01-31" })
			.where("email", "=", "inspector@demo.example")
			.execute();
		provider.accounts.set("ingrid-at-idp", { email: "inspector@demo.example", email_verified: true });
		const { browser, res, body } = await signIn("ingrid-at-idp");
		assert.equal(res.status, 403);
		assert.match(body, /Your access ended on 31 January 2020/);
		assert.ok(!hasSession(browser));
	});

	test("a tampered state is refused, and the flow cannot then be replayed", async () => {
		provider.accounts.set("lee-at-idp", { email: "lado@demo.example", email_verified: true });
		const browser = new Browser();
		const callback = new URL(await authorize(browser, "lee-at-idp"));
		const genuine = callback.href;
		callback.searchParams.set("state", "forged-state");
		const tampered = await browser.follow(callback.href);
		assert.equal(tampered.res?.status, 400);
		assert.match((await tampered.res?.text()) ?? "", /Threshold could not confirm that it started this sign-in/);
		assert.ok(!hasSession(browser));

		const replayed = await browser.follow(genuine);
		assert.equal(replayed.res?.status, 400);
		assert.match((await replayed.res?.text()) ?? "", /Your sign-in took too long or was started in another window/);
		assert.ok(!hasSession(browser));
		assert.equal(await subjectOf("lado@demo.example"), null);
	});

	test("a forged flow cookie is refused", async () => {
		provider.accounts.set("lee-at-idp", { email: "lado@demo.example", email_verified: true });
		const browser = new Browser();
		const callback = await authorize(browser, "lee-at-idp");
		const cookies = browser.cookies(appUrl);
		const [value, signature] = (cookies.get(FLOW_COOKIE) ?? "").split(".");
		const flow = JSON.parse(Buffer.from(decodeURIComponent(value), "base64url").toString());
		flow.returnTo = "/admin/users";
		cookies.set(FLOW_COOKIE, `${Buffer.from(JSON.stringify(flow)).toString("base64url")}.${signature}`);
		const res = (await browser.follow(callback)).res;
		assert.equal(res?.status, 400);
		assert.match((await res?.text()) ?? "", /took too long or was started in another window/);
		assert.ok(!hasSession(browser));
	});

	test("a flow older than ten minutes is refused", async () => {
		provider.accounts.set("lee-at-idp", { email: "lado@demo.example", email_verified: true });
		const browser = new Browser();
		const callback = await authorize(browser, "lee-at-idp");
		const started = t.clock.now;
		t.clock.now = new Date(started.getTime() + 11 * 60 * 1000);
		try {
			const res = (await browser.follow(callback)).res;
			assert.equal(res?.status, 400);
			assert.match((await res?.text()) ?? "", /took too long/);
			assert.ok(!hasSession(browser));
		} finally {
			t.clock.now = started;
		}
	});

	test("cancelling at the provider returns to the sign-in page with a clear message", async () => {
		const browser = new Browser();
		const callback = await authorize(browser, "nobody", { abort: true });
		assert.equal(new URL(callback).searchParams.get("error"), "access_denied");
		const { res } = await browser.follow(callback);
		assert.equal(res?.status, 400);
		const body = (await res?.text()) ?? "";
		assert.match(body, /You did not finish signing in with your Demo County account/);
		assert.match(body, /Sign in to Threshold/);
		assert.ok(!hasSession(browser));
	});

	test("the sign-in page offers the provider", async () => {
		const res = await t.app.inject({ method: "GET", url: "/sign-in?returnTo=%2Fsettings%2Fcalendar" });
		assert.match(res.body, /href="\/sign-in\/oidc\?returnTo=%2Fsettings%2Fcalendar">Sign in with your Demo County/);
	});
});

describe("OIDC when the provider cannot be reached", () => {
	let t: TestApp;
	before(async () => {
		// A port that was free a moment ago: nothing answers there.
		const probe = createServer();
		const port = await listen(probe);
		await new Promise((resolve) => probe.close(resolve));
		t = await createTestApp({
			env: { OIDC_ISSUER: `http://127.0.0.1:${port}`, OIDC_CLIENT_ID: "x", OIDC_CLIENT_SECRET: "y" },
		});
	});
	after(async () => t.close());

	test("starting a sign-in explains that it is unavailable rather than failing", async () => {
		const res = await t.app.inject({ method: "GET", url: "/sign-in/oidc" });
		assert.equal(res.statusCode, 503);
		assert.match(res.body, /Signing in with your council account is not available at the moment/);
	});
});

describe("OIDC when it is not configured", () => {
	let t: TestApp;
	before(async () => {
		t = await createTestApp();
	});
	after(async () => t.close());

	test("both routes are not found", async () => {
		for (const url of ["/sign-in/oidc", "/sign-in/oidc/callback?code=x&state=y"]) {
			const res = await t.app.inject({ method: "GET", url });
			assert.equal(res.statusCode, 404, url);
			assert.match(res.body, /Page not found/);
		}
		const signIn = await t.app.inject({ method: "GET", url: "/sign-in" });
		assert.doesNotMatch(signIn.body, /sign-in\/oidc/);
	});
});
