import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { countRows, createTestApp, type TestApp } from "../../../test/support/app.ts";
import { DEMO_PASSWORD } from "../../demo/council.ts";
import { SESSION_COOKIE } from "../../platform/access-control.ts";

const MANAGER = "team.manager@demo.example";

describe("signing in and out", () => {
	let t: TestApp;
	before(async () => {
		t = await createTestApp();
	});
	after(async () => t.close());
	beforeEach(async () => {
		t.clock.now = new Date();
		await t.testDb.db.withOwner((o) => o.exec("DELETE FROM sign_in_failure"));
	});

	async function signInForm(email: string, password: string, address = "10.0.0.1", returnTo = "/settings/calendar") {
		const page = await t.app.inject({ method: "GET", url: "/sign-in" });
		const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
		const csrfCookie = page.cookies.find((c) => c.name === "threshold_csrf");
		return t.app.inject({
			method: "POST",
			url: "/sign-in",
			remoteAddress: address,
			headers: { cookie: `threshold_csrf=${csrfCookie?.value}`, "content-type": "application/x-www-form-urlencoded" },
			payload: new URLSearchParams({ _csrf: csrf, email, password, returnTo }).toString(),
		});
	}

	test("the right password starts a session and returns to where the user was going", async () => {
		const res = await signInForm(MANAGER, DEMO_PASSWORD);
		assert.equal(res.statusCode, 303);
		assert.equal(res.headers.location, "/settings/calendar");
		const session = res.cookies.find((c) => c.name === SESSION_COOKIE);
		assert.ok(session?.httpOnly);
		const home = await t.app.inject({
			method: "GET",
			url: "/",
			headers: { cookie: `${SESSION_COOKIE}=${session?.value}` },
		});
		assert.match(home.body, /Morgan Manager, Team manager/);
	});

	test("a wrong password or unknown email gets one message that gives nothing away", async () => {
		for (const [email, password] of [
			[MANAGER, "wrong-password"],
			["nobody@demo.example", DEMO_PASSWORD],
		]) {
			const res = await signInForm(email, password);
			assert.equal(res.statusCode, 400);
			assert.match(res.body, /govuk-error-summary/);
			assert.match(res.body, /Enter a correct email address and password/);
			assert.equal(
				res.cookies.find((c) => c.name === SESSION_COOKIE),
				undefined,
			);
		}
	});

	test("empty fields get field-level messages", async () => {
		const res = await signInForm("", "");
		assert.equal(res.statusCode, 400);
		assert.match(res.body, /href="#email">Enter your email address/);
		assert.match(res.body, /href="#password">Enter your password/);
	});

	test("five failures lock the account for a while, even with the right password", async () => {
		for (let i = 0; i < 5; i++) await signInForm(MANAGER, "wrong-password", `10.0.1.${i}`);
		const res = await signInForm(MANAGER, DEMO_PASSWORD, "10.0.2.1");
		assert.equal(res.statusCode, 400);
		assert.match(res.body, /Too many failed attempts to sign in to this account/);
		t.clock.now = new Date(Date.now() + 16 * 60 * 1000);
		const later = await signInForm(MANAGER, DEMO_PASSWORD, "10.0.2.1");
		assert.equal(later.statusCode, 303);
	});

	test("twenty failures from one address throttle that address for every account", async () => {
		for (let i = 0; i < 20; i++) await signInForm(`guess${i}@demo.example`, "wrong-password", "10.9.9.9");
		const res = await signInForm(MANAGER, DEMO_PASSWORD, "10.9.9.9");
		assert.match(res.body, /Too many failed attempts to sign in from your network/);
		assert.equal((await signInForm(MANAGER, DEMO_PASSWORD, "10.9.9.8")).statusCode, 303);
	});

	test("a disabled account and an expired inspector are told why", async () => {
		const db = t.testDb.db;
		await db.withOwner((o) => o.exec("UPDATE app_user SET disabled_at = now() WHERE email = 'lado@demo.example'"));
		const disabled = await signInForm("lado@demo.example", DEMO_PASSWORD);
		assert.match(disabled.body, /Your account has been disabled/);
		await db.withOwner((o) =>
			o.exec("UPDATE app_user SET expires_on = '2020-01-31' WHERE email = 'inspector@demo.example'"),
		);
		const expired = await signInForm("inspector@demo.example", DEMO_PASSWORD);
		assert.match(expired.body, /Your access ended on 31 January 2020/);
	});

	test("a session ends after 30 minutes idle and after 10 hours in all", async () => {
		const client = await t.as("analyst");
		const start = Date.now();
		t.clock.now = new Date(start + 25 * 60 * 1000);
		assert.equal((await client.get("/")).statusCode, 200, "25 minutes idle is fine");
		t.clock.now = new Date(start + 56 * 60 * 1000);
		const idle = await client.get("/");
		assert.equal(idle.statusCode, 302);
		assert.match(String(idle.headers.location), /ended=idle/);

		t.clock.now = new Date();
		const busy = await t.as("analyst");
		const began = Date.now();
		for (let minutes = 20; minutes < 600; minutes += 20) {
			t.clock.now = new Date(began + minutes * 60 * 1000);
			assert.equal((await busy.get("/")).statusCode, 200, `still signed in after ${minutes} minutes`);
		}
		t.clock.now = new Date(began + 601 * 60 * 1000);
		const absolute = await busy.get("/");
		assert.match(String(absolute.headers.location), /ended=absolute/);
		const notice = await t.app.inject({ method: "GET", url: String(absolute.headers.location) });
		assert.match(notice.body, /signed in for 10 hours/);
	});

	test("signing out ends the session on the server, not just the cookie", async () => {
		const client = await t.as("auditor");
		const stolenCookie = client.cookie;
		const res = await client.post("/sign-out", {});
		assert.equal(res.statusCode, 303);
		const replay = await t.app.inject({ method: "GET", url: "/", headers: { cookie: stolenCookie } });
		assert.equal(replay.statusCode, 302);
	});

	test("a form without its CSRF token is refused and changes nothing", async () => {
		const admin = await t.as("administrator");
		const res = await t.app.inject({
			method: "POST",
			url: "/settings/bank-holidays",
			headers: { cookie: admin.cookie, "content-type": "application/x-www-form-urlencoded" },
			payload: "day-day=1&day-month=1&day-year=2030&title=Forged",
		});
		assert.equal(res.statusCode, 403);
		assert.match(res.body, /This form has expired/);
		const rows = await t.testDb.db.kysely.selectFrom("bank_holiday").selectAll().execute();
		assert.equal(rows.length, 0);
	});

	test("pages carry a strict content security policy with a nonce the GOV.UK script uses", async () => {
		const res = await t.app.inject({ method: "GET", url: "/sign-in" });
		const csp = String(res.headers["content-security-policy"]);
		const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
		assert.ok(nonce, csp);
		assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
		assert.match(res.body, new RegExp(`<script nonce="${nonce}">document.body.className`));
		assert.equal(res.headers["x-frame-options"], "DENY");
		assert.match(String(res.headers["permissions-policy"]), /camera=\(\)/);
		assert.ok(res.headers["x-request-id"]);
	});

	test("a signed-in page is never kept by the browser, so the back button after sign-out shows nothing", async () => {
		const client = await t.as("team-manager");
		const page = await client.get("/");
		assert.equal(page.headers["cache-control"], "no-store");
	});

	test("parallel wrong guesses are counted one by one: the sixth is refused however they arrive", async () => {
		const guesses = await Promise.all(
			Array.from({ length: 12 }, (_, i) => signInForm(MANAGER, "wrong-password", `10.0.3.${i}`)),
		);
		assert.equal(guesses.filter((g) => /Too many failed attempts/.test(g.body)).length, 7);
		assert.equal(await countRows(t, "sign_in_failure"), 5);
		const right = await signInForm(MANAGER, DEMO_PASSWORD, "10.0.4.1");
		assert.match(right.body, /Too many failed attempts to sign in to this account/);
	});

	test("after signing in, only a path on this site is followed", async () => {
		const cases: [string, string][] = [
			["/settings/calendar?year=2027", "/settings/calendar?year=2027"],
			["/\t/other-site.example", "/"],
			["//other-site.example", "/"],
			["/\\other-site.example", "/"],
			["https://other-site.example/", "/"],
			["/ /other-site.example", "/"],
		];
		for (const [returnTo, expected] of cases) {
			await t.testDb.db.withOwner((o) => o.exec("DELETE FROM sign_in_failure"));
			const res = await signInForm(MANAGER, DEMO_PASSWORD, "10.0.5.1", returnTo);
			assert.equal(res.statusCode, 303, returnTo);
			assert.equal(res.headers.location, expected, returnTo);
		}
		for (const hostile of ["/%0d%0aSet-Cookie:%20x=1", "/%00"]) {
			const res = await t.app.inject({ method: "GET", url: `/sign-in?returnTo=${hostile}` });
			assert.equal(res.statusCode, 400, hostile);
			assert.match(res.body, /There is a problem with this request/);
		}
	});

	test("a CSRF token is bound to its session and the secret is replaced at sign-in", async () => {
		const res = await signInForm(MANAGER, DEMO_PASSWORD);
		assert.equal(res.statusCode, 303);
		const cleared = res.cookies.find((c) => c.name === "threshold_csrf");
		assert.ok(cleared && (cleared.value === "" || (cleared.expires && cleared.expires.getTime() < Date.now())));
		// A token from one session does not carry a form in another, even with its secret's cookie.
		const adminId = await t.userIdFor("administrator");
		const [a, b] = [await t.app.services.sessions.create(adminId), await t.app.services.sessions.create(adminId)];
		const page = await t.app.inject({ url: "/settings/calendar", headers: { cookie: `${SESSION_COOKIE}=${a}` } });
		const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
		const secret = page.cookies.find((c) => c.name === "threshold_csrf")?.value;
		const post = (session: string) =>
			t.app.inject({
				method: "POST",
				url: "/settings/bank-holidays",
				headers: {
					cookie: `${SESSION_COOKIE}=${session}; threshold_csrf=${secret}`,
					"content-type": "application/x-www-form-urlencoded",
				},
				payload: new URLSearchParams({
					_csrf: token,
					"day-day": "1",
					"day-month": "1",
					"day-year": "2030",
					title: "Tossed",
				}).toString(),
			});
		const sent = await post(b);
		assert.equal(sent.statusCode, 403);
		assert.match(sent.body, /This form has expired/);
		assert.notEqual((await post(a)).statusCode, 403, "the same token in its own session is accepted");
	});
});
