import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { countRows, createTestApp, type TestApp } from "../../../../test/support/app.ts";
import type { DB } from "../../../db/schema.ts";
import { DEMO_API_KEY } from "../../../demo/council.ts";
import { ABANDONED_AFTER_MS, judgeExisting, KEPT_FOR_MS } from "./idempotency.ts";
import { EXAMPLE_BODY } from "./schema.ts";

const AUTH = { authorization: `Bearer ${DEMO_API_KEY}` };
const PUBLIC_URL = "https://threshold.council.example";

describe("partner API: contacts", () => {
	let t: TestApp;
	let serial = 0;
	before(async () => {
		t = await createTestApp({ env: { PUBLIC_URL } });
		t.clock.now = new Date("2026-11-23T10:00:00Z");
	});
	after(async () => t.close());

	const body = (overrides: Record<string, unknown> = {}) => ({
		...EXAMPLE_BODY,
		domesticAbuse: {
			...EXAMPLE_BODY.domesticAbuse,
			incidentAt: "2026-11-22T23:40:00Z",
			sentAt: "2026-11-23T08:05:00Z",
		},
		...overrides,
	});
	const send = (payload: unknown, headers: Record<string, string> = {}) =>
		t.app.inject({
			method: "POST",
			url: "/api/v1/contacts",
			headers: { ...AUTH, "content-type": "application/json", "idempotency-key": `k-${++serial}`, ...headers },
			payload: typeof payload === "string" || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload),
		});
	const count = (table: keyof DB) => countRows(t, table);

	test("a contact is recorded, its children wait to be matched, and nothing is created as a person", async () => {
		const people = await t.testDb.db.kysely
			.selectFrom("person")
			.select((eb) => eb.fn.countAll().as("n"))
			.executeTakeFirstOrThrow();
		const res = await send(body());
		assert.equal(res.statusCode, 201, res.body);
		const answer = res.json();
		assert.match(answer.reference, /\S/);
		assert.equal(answer.receivedAt, "2026-11-23T10:00:00.000Z");
		assert.deepEqual(
			answer.children.map((c: { status: string }) => c.status),
			["awaiting-match", "awaiting-match"],
		);
		const contact = await t.testDb.db.kysely
			.selectFrom("contact")
			.selectAll()
			.where("id", "=", answer.id)
			.executeTakeFirstOrThrow();
		assert.equal(contact.channel, "api");
		assert.equal(contact.kind, "da-notification");
		assert.equal(contact.risk_tool, "DASH");
		assert.ok(contact.api_key_id, "attributed to the agency's key");
		const after = await t.testDb.db.kysely
			.selectFrom("person")
			.select((eb) => eb.fn.countAll().as("n"))
			.executeTakeFirstOrThrow();
		assert.equal(Number(after.n), Number(people.n));
		await t.app.services.accessLog.flush();
		const logged = await t.testDb.db.kysely
			.selectFrom("access_log")
			.select(["api_key_id", "action"])
			.where("record_id", "=", answer.id)
			.execute();
		assert.deepEqual(logged, [{ api_key_id: contact.api_key_id, action: "create" }]);
	});

	test("a retry with the same key returns the first answer and makes no second contact", async () => {
		const headers = { "idempotency-key": "retry-1" };
		const first = await send(body(), headers);
		const before = await count("contact");
		t.clock.now = new Date(t.clock.now.getTime() + 23 * 3_600_000);
		const again = await send(body(), headers);
		t.clock.now = new Date("2026-11-23T10:00:00Z");
		assert.equal(again.statusCode, 201);
		assert.equal(again.headers["idempotent-replayed"], "true");
		assert.equal(again.body, first.body, "the first answer, byte for byte");
		assert.match(again.headers["content-type"] as string, /^application\/json/);
		assert.equal(await count("contact"), before);
	});

	test("two requests with one key at the same moment make one contact", async () => {
		const before = await count("contact");
		const headers = { "idempotency-key": "race-1" };
		const answers = await Promise.all([send(body(), headers), send(body(), headers), send(body(), headers)]);
		const statuses = answers.map((a) => a.statusCode);
		assert.ok(statuses.includes(201), statuses.join());
		assert.ok(
			statuses.every((s) => s === 201 || s === 409),
			statuses.join(),
		);
		assert.equal(await count("contact"), before + 1);
	});

	test("the same key with a different body is refused and writes nothing", async () => {
		const headers = { "idempotency-key": "reuse-1" };
		await send(body(), headers);
		const before = await count("contact");
		const res = await send(body({ concern: "A different concern" }), headers);
		assert.equal(res.statusCode, 422);
		assert.equal(res.json().error.code, "idempotency_key_reused");
		assert.equal(await count("contact"), before);
	});

	test("keys are scoped to the agency: another agency may use the same key", async () => {
		const admin = await t.as("administrator");
		const issued = await admin.post("/admin/api-keys", { agency: "Neighbouring Police", sources: "6" });
		const other = /<code class="app-api-key">([^<]+)<\/code>/.exec(issued.body)?.[1] ?? "";
		const headers = { "idempotency-key": "shared-key" };
		const mine = await send(body(), headers);
		const theirs = await send(body(), { ...headers, authorization: `Bearer ${other}` });
		assert.equal(mine.statusCode, 201);
		assert.equal(theirs.statusCode, 201);
		assert.notEqual(theirs.json().id, mine.json().id);
		assert.equal(theirs.headers["idempotent-replayed"], undefined);
	});

	test("a retry while the first is in flight gets 409; an abandoned claim is taken over after a minute", async () => {
		const keyId = (
			await t.testDb.db.kysely
				.selectFrom("api_key")
				.select("id")
				.where("key_prefix", "like", "thr_demo%")
				.executeTakeFirstOrThrow()
		).id;
		const payload = body({ concern: "In flight" });
		// The first attempt claimed the key and is still working (or died): simulate its claim.
		const claim = await t.app.services.idempotency.claim(keyId, "in-flight-1", hashOf(payload));
		assert.equal(claim.kind, "claimed");
		const before = await count("contact");
		const busy = await send(payload, { "idempotency-key": "in-flight-1" });
		assert.equal(busy.statusCode, 409);
		assert.equal(busy.json().error.code, "request_in_progress");
		assert.equal(await count("contact"), before);

		t.clock.now = new Date(t.clock.now.getTime() + ABANDONED_AFTER_MS);
		const taken = await send(payload, { "idempotency-key": "in-flight-1" });
		assert.equal(taken.statusCode, 201, taken.body);
		assert.equal(await count("contact"), before + 1);
		// The first attempt, coming back late, cannot complete: its claim is gone.
		await assert.rejects(
			t.testDb.db.kysely.transaction().execute((trx) =>
				t.app.services.idempotency.complete(trx, keyId, "in-flight-1", claim.kind === "claimed" ? claim.token : "", {
					statusCode: 201,
					json: "{}",
				}),
			),
			/taken over/,
		);
		t.clock.now = new Date("2026-11-23T10:00:00Z");
	});

	test("bad requests get a precise code and write nothing", async () => {
		const before = { contacts: await count("contact"), keys: await count("api_idempotency") };
		const cases: [string, Awaited<ReturnType<typeof send>>, number, string][] = [
			["no key", await send(body(), { "idempotency-key": "" }), 400, "idempotency_key_required"],
			["bad key", await send(body(), { "idempotency-key": "has space" }), 400, "idempotency_key_invalid"],
			["malformed", await send("{not json"), 400, "malformed_json"],
			["no children", await send(body({ children: [] })), 422, "invalid_contact"],
			["unknown source", await send(body({ source: "99" })), 422, "invalid_contact"],
			["extra field", await send(body({ personId: "x" })), 422, "invalid_contact"],
			["number for a code", await send(body({ source: 6 })), 422, "invalid_contact"],
			[
				"future incident",
				await send(body({ domesticAbuse: { incidentAt: "2026-11-24T01:00:00Z" } })),
				422,
				"invalid_contact",
			],
			[
				"bad NHS number",
				await send(body({ children: [{ givenName: "Ann", familyName: "Lee", nhsNumber: "9434765918" }] })),
				422,
				"invalid_contact",
			],
			["nameless child", await send(body({ children: [{ dateOfBirth: "2015-01-01" }] })), 422, "invalid_contact"],
			[
				"impossible date",
				await send(body({ children: [{ givenName: "A", dateOfBirth: "2015-02-30" }] })),
				422,
				"invalid_contact",
			],
			["too large", await send(body({ concern: "x".repeat(300 * 1024) })), 413, "payload_too_large"],
		];
		for (const [name, res, status, code] of cases) {
			assert.equal(res.statusCode, status, `${name}: ${res.body}`);
			assert.equal(res.json().error.code, code, name);
		}
		const problems = cases.find(([n]) => n === "bad NHS number")?.[1].json().error.problems;
		assert.ok(problems["/children/0/nhsNumber"], JSON.stringify(problems));
		const dateProblem = cases.find(([n]) => n === "future incident")?.[1].json().error.problems;
		assert.ok(dateProblem["/domesticAbuse/incidentAt"], JSON.stringify(dateProblem));
		// Fastify neither strips nor coerces: the service sees the body as sent.
		const extra = cases.find(([n]) => n === "extra field")?.[1].json().error.problems;
		assert.ok(extra["/personId"], JSON.stringify(extra));
		const coerced = cases.find(([n]) => n === "number for a code")?.[1].json().error.problems;
		assert.ok(coerced["/source"], JSON.stringify(coerced));

		const form = await t.app.inject({
			method: "POST",
			url: "/api/v1/contacts",
			headers: { ...AUTH, "content-type": "application/x-www-form-urlencoded", "idempotency-key": "form-1" },
			payload: "concern=hello",
		});
		assert.equal(form.statusCode, 415);
		assert.equal(form.json().error.code, "unsupported_media_type");
		const xml = await t.app.inject({
			method: "POST",
			url: "/api/v1/contacts",
			headers: { ...AUTH, "content-type": "application/xml", "idempotency-key": "xml-1" },
			payload: "<contact/>",
		});
		assert.equal(xml.statusCode, 415);
		assert.equal(xml.json().error.code, "unsupported_media_type");
		assert.deepEqual({ contacts: await count("contact"), keys: await count("api_idempotency") }, before);
	});

	test("a missing, unknown or revoked key is refused with 401; a signed-in user's cookie does not open the API", async () => {
		const none = await send(body(), { authorization: "" });
		assert.equal(none.statusCode, 401);
		assert.equal(none.json().error.code, "unauthorized");
		const unknown = await send(body(), { authorization: "Bearer thr_nope" });
		assert.equal(unknown.statusCode, 401);
		const admin = await t.as("administrator");
		const issued = await admin.post("/admin/api-keys", { agency: "School trust", sources: "2A" });
		const key = /<code class="app-api-key">([^<]+)<\/code>/.exec(issued.body)?.[1] ?? "";
		const row = await t.testDb.db.kysely
			.selectFrom("api_key")
			.select("id")
			.where("agency", "=", "School trust")
			.executeTakeFirstOrThrow();
		await admin.post(`/admin/api-keys/${row.id}/revoke`, {});
		const revoked = await send(body(), { authorization: `Bearer ${key}` });
		assert.equal(revoked.statusCode, 401);
		const officer = await t.as("contact-officer");
		const cookie = await officer.post("/api/v1/contacts", {});
		assert.notEqual(cookie.statusCode, 201);
	});

	// ---- Issue 15: real dates, real UTF-8, the key's own source, warnings, and what became of it ----

	const problemsOf = (res: Awaited<ReturnType<typeof send>>) => {
		assert.equal(res.statusCode, 422, res.body);
		assert.equal(res.json().error.code, "invalid_contact");
		return res.json().error.problems as Record<string, string>;
	};
	const da = (details: Record<string, unknown>) => body({ domesticAbuse: { ...body().domesticAbuse, ...details } });
	const issueKey = async (agency: string, sources: string | string[]) => {
		const admin = await t.as("administrator");
		const issued = await admin.post("/admin/api-keys", { agency, sources });
		assert.equal(issued.statusCode, 200, issued.body);
		return `Bearer ${/<code class="app-api-key">([^<]+)<\/code>/.exec(issued.body)?.[1] ?? ""}`;
	};

	test("dates are real days in bounds: each refused naming its field and why, and nothing is written", async () => {
		const before = { contacts: await count("contact"), keys: await count("api_idempotency") };
		const cases: [string, unknown, string, RegExp][] = [
			// Stored as 2 March before: date-fns says February 2025 has no 30th.
			[
				"30 February",
				da({ incidentAt: "2025-02-30T10:00:00Z" }),
				"/domesticAbuse/incidentAt",
				/not a real date: February 2025 has 28 days/,
			],
			["sent on 31 April", da({ sentAt: "2026-04-31T08:05:00Z" }), "/domesticAbuse/sentAt", /April 2026 has 30 days/],
			["hour 24", da({ incidentAt: "2026-11-22T24:00:00Z" }), "/domesticAbuse/incidentAt", /date and time/],
			["offset +25:00", da({ incidentAt: "2026-11-22T10:00:00+25:00" }), "/domesticAbuse/incidentAt", /UTC offset/],
			[
				"born 29 February in a common year",
				body({ children: [{ givenName: "Ann", dateOfBirth: "2015-02-29" }] }),
				"/children/0/dateOfBirth",
				/February 2015 has 28 days/,
			],
			[
				"in the future",
				da({ incidentAt: "2026-11-23T12:00:00Z", sentAt: null }),
				"/domesticAbuse/incidentAt",
				/before the notification was received/,
			],
			[
				"over a year ago",
				da({ incidentAt: "2025-11-20T23:40:00Z", sentAt: null }),
				"/domesticAbuse/incidentAt",
				/The incident \(20 November 2025\) is more than a year before the notification arrived: check the year/,
			],
			[
				"decades ago",
				da({ incidentAt: "1996-11-22T23:40:00Z", sentAt: null }),
				"/domesticAbuse/incidentAt",
				/more than a year/,
			],
			[
				"before the child was born",
				body({
					domesticAbuse: { ...body().domesticAbuse, incidentAt: "2026-03-01T10:00:00Z", sentAt: null },
					children: [
						{ givenName: "Ellie", familyName: "Marsh", dateOfBirth: "2016-04-09" },
						{ givenName: "Baby", familyName: "Marsh", dateOfBirth: "2026-05-02" },
					],
				}),
				"/domesticAbuse/incidentAt",
				/before \/children\/1 was born \(2026-05-02\)/,
			],
			[
				"an adult",
				body({ children: [{ givenName: "Sam", dateOfBirth: "2006-01-01" }] }),
				"/children/0/dateOfBirth",
				/20 today: the front door takes contacts about children under 18/,
			],
		];
		for (const [name, payload, field, expected] of cases) {
			const problems = problemsOf(await send(payload));
			assert.match(problems[field] ?? "", expected, `${name}: ${JSON.stringify(problems)}`);
		}
		assert.deepEqual({ contacts: await count("contact"), keys: await count("api_idempotency") }, before);
		// An unborn child may be named on a notification of an incident before the birth; the bounds hold to the minute.
		const unborn = await send(
			body({
				domesticAbuse: { ...body().domesticAbuse, incidentAt: "2025-11-23T10:01:00Z", sentAt: null },
				children: [{ givenName: "Baby", familyName: "Marsh", dateOfBirth: "2027-03-01" }],
			}),
		);
		assert.equal(unborn.statusCode, 201, unborn.body);
	});

	test("a body that is not UTF-8 is refused with 400 saying where; UTF-8 text, even U+FFFD, is stored as sent", async () => {
		const before = await count("contact");
		const text = JSON.stringify(body({ concern: "Zoë said XY at school" }));
		const at = Buffer.byteLength(text.slice(0, text.indexOf("XY")));
		const bytes = Buffer.from(text);
		bytes[at] = 0xc3; // a lead byte followed by "Y": not a character
		const broken = await send(bytes);
		assert.equal(broken.statusCode, 400, broken.body);
		assert.equal(broken.json().error.code, "invalid_utf8");
		assert.match(broken.json().error.message, new RegExp(`byte at offset ${at}\\b`));
		const latin1 = await send(Buffer.from(JSON.stringify(body({ concern: "Zoë" })), "latin1"));
		assert.equal(latin1.json().error.code, "invalid_utf8");
		assert.equal(await count("contact"), before);

		const concern = "Zoë wrote \uFFFD in her diary; 日本語 too";
		const ok = await send(Buffer.from(JSON.stringify(body({ concern }))));
		assert.equal(ok.statusCode, 201, ok.body);
		const stored = await t.testDb.db.kysely
			.selectFrom("contact")
			.select("concern")
			.where("id", "=", ok.json().id)
			.executeTakeFirstOrThrow();
		assert.equal(stored.concern, concern);
	});

	test("the source is the key's: a police key cannot file as Anonymous or Schools, and may leave it out", async () => {
		for (const source of ["9", "2A", "1C"]) {
			const problems = problemsOf(await send(body({ source })));
			assert.match(problems["/source"], /This key is Demo Police's, which sends contacts as 6 \(Police\)/, source);
			assert.match(problems["/source"], /Leave source out, or send that one/);
		}
		const { source: _, ...sourceless } = body();
		const derived = await send(sourceless);
		assert.equal(derived.statusCode, 201, derived.body);
		const row = await t.testDb.db.kysely
			.selectFrom("contact")
			.select("source")
			.where("id", "=", derived.json().id)
			.executeTakeFirstOrThrow();
		assert.equal(row.source, "6");

		// A school's key: only its own sources, and it cannot send a police notification.
		const school = await issueKey("Hill Academy Trust", ["2A", "2B"]);
		const asSchool = (payload: unknown) => send(payload, { authorization: school });
		const plain = { ...body(), kind: "contact", domesticAbuse: null, referrer: { name: "Ms Head", agency: "Hill" } };
		assert.match(
			problemsOf(await asSchool({ ...plain, source: undefined }))["/source"],
			/Required: this key sends as 2A \(Schools\) or 2B/,
		);
		assert.match(
			problemsOf(await asSchool({ ...plain, source: "6" }))["/source"],
			/not 6 \(Police\)\. Send one of those/,
		);
		assert.match(
			problemsOf(await asSchool({ ...body(), source: "2A" }))["/source"],
			/Only the police send domestic-abuse notifications; this key sends as 2A \(Schools\) or 2B \(Education services\)/,
		);
		assert.equal((await asSchool({ ...plain, source: "2B" })).statusCode, 201);
	});

	test("a domestic-abuse incident sent as a plain contact is refused, saying how to send it as a notification", async () => {
		for (const kind of ["contact", undefined]) {
			const problems = problemsOf(await send(body({ kind })));
			assert.match(problems["/kind"], /sent as a notification: set "kind": "da-notification" and keep domesticAbuse/);
		}
	});

	test("an accepted contact carries warnings: a late notification, no risk assessment, a domestic incident as a contact", async () => {
		const warningsOf = async (payload: unknown) => {
			const res = await send(payload);
			assert.equal(res.statusCode, 201, res.body);
			return res.json().warnings as { code: string; message: string }[];
		};
		assert.deepEqual(await warningsOf(body()), [], "on time, with a DASH level: nothing to say");
		// 2026-11-22T09:59Z is 24 hours and a minute before receipt: over the council's 24 hours.
		const late = await warningsOf(da({ incidentAt: "2026-11-22T09:59:00Z", sentAt: null }));
		assert.deepEqual(
			late.map((w) => w.code),
			["late_notification"],
		);
		assert.match(late[0].message, /Received 24 hours after the incident; the council expects .* within 24 hours/);
		assert.deepEqual(
			await warningsOf(da({ incidentAt: "2026-11-22T10:00:00Z", sentAt: null })),
			[],
			"24 hours is in time",
		);
		const unassessed = await warningsOf(da({ incidentAt: "2026-11-19T10:00:00Z", riskTool: null, riskLevel: null }));
		assert.deepEqual(
			unassessed.map((w) => w.code),
			["late_notification", "no_risk_assessment"],
		);
		assert.match(unassessed[0].message, /Received 4 days after/);
		assert.match(unassessed[1].message, /No risk assessment was sent \(riskTool DASH or DARA, and riskLevel\)/);
		const asContact = await warningsOf({
			...body(),
			kind: "contact",
			domesticAbuse: null,
			concern: "Officers attended a domestic incident; the children were present.",
		});
		assert.deepEqual(
			asContact.map((w) => w.code),
			["domestic_incident_as_contact"],
		);

		// The threshold is the council's: at 48 hours, a notification 30 hours late is in time.
		const settings = t.app.services.settings;
		const admin = await t.testDb.db.kysely
			.selectFrom("app_user")
			.select(["id", "email", "display_name"])
			.where("id", "=", await t.userIdFor("administrator"))
			.executeTakeFirstOrThrow();
		const actor = {
			id: admin.id,
			email: admin.email,
			displayName: admin.display_name,
			roles: ["administrator" as const],
			sweRegistration: null,
			teamId: null,
		};
		const { overrides } = await settings.timescales();
		await settings.setTimescaleOverrides([{ id: "da-notification-late", amount: 48 }], overrides.version, actor, "t");
		try {
			assert.deepEqual(await warningsOf(da({ incidentAt: "2026-11-22T04:00:00Z", sentAt: null })), []);
		} finally {
			const now = await settings.timescales();
			await settings.setTimescaleOverrides(overrides.value, now.overrides.version, actor, "t");
		}
	});

	test("schema problems name the field by its JSON pointer and say what it allows, never 'Expected union value'", async () => {
		const cases: [string, unknown, string, RegExp][] = [
			[
				"unknown source",
				body({ source: "99" }),
				"/source",
				/^Expected one of "1A", "1B", .*"5D", "6", "7", "8", "9", "10" \(CIN census referral source code\); got "99"\. This key sends as 6 \(Police\)$/,
			],
			[
				"a number for a code",
				body({ familyAware: 1 }),
				"/familyAware",
				/Expected one of "yes", "no", "not-known" .*; got 1/,
			],
			[
				"unknown risk tool",
				da({ riskTool: "SafeLives" }),
				"/domesticAbuse/riskTool",
				/Expected one of "DASH", "DARA", null .*got "SafeLives"/,
			],
			[
				"extra field",
				body({ personId: "x" }),
				"/personId",
				/Not a field the API takes here; the fields are kind, source, referrer/,
			],
			[
				"extra child field",
				body({ children: [{ givenName: "A", age: 3 }] }),
				"/children/0/age",
				/the fields are givenName, familyName, dateOfBirth/,
			],
			[
				"no concern",
				{ ...body(), concern: undefined },
				"/concern",
				/^Required \(The concern, in the referrer's words\)/,
			],
			["empty concern", body({ concern: "" }), "/concern", /Must not be empty/],
			[
				"long name",
				body({ referrer: { name: "x".repeat(201) } }),
				"/referrer/name",
				/At most 200 characters.*this has 201/,
			],
			[
				"a date as text",
				body({ children: [{ givenName: "A", dateOfBirth: "9 April 2016" }] }),
				"/children/0/dateOfBirth",
				/a date as YYYY-MM-DD; got "9 April 2016"/,
			],
			[
				"no time zone",
				da({ incidentAt: "2026-11-22T23:40:00" }),
				"/domesticAbuse/incidentAt",
				/with its UTC offset, like 2026-11-22T23:40:00Z/,
			],
			[
				"thirteen children",
				body({ children: Array(13).fill({ givenName: "A" }) }),
				"/children",
				/At most 12 .*; got 13/,
			],
			["a list for the body", [], "/", /Expected an object with kind, source/],
		];
		for (const [name, payload, field, expected] of cases) {
			const res = await send(payload);
			const problems = problemsOf(res);
			assert.match(problems[field] ?? "", expected, `${name}: ${JSON.stringify(problems)}`);
			assert.doesNotMatch(res.body, /union value/i, name);
		}
	});

	test("GET /api/v1/contacts/{id}: status, then each child's signed-off outcome, for the sending agency only", async () => {
		const sent = await send(body());
		const { id, children } = sent.json() as { id: string; children: { id: string }[] };
		const get = (contactId: string, authorization = AUTH.authorization) =>
			t.app.inject({ method: "GET", url: `/api/v1/contacts/${contactId}`, headers: { authorization } });

		const waiting = await get(id);
		assert.equal(waiting.statusCode, 200, waiting.body);
		assert.match(waiting.headers["content-type"] as string, /^application\/json/);
		const answer = waiting.json();
		assert.equal(answer.status, "open");
		assert.equal(answer.reference, sent.json().reference);
		assert.deepEqual(answer.children.map((c: { id: string }) => c.id).sort(), children.map((c) => c.id).sort());
		for (const c of answer.children) {
			assert.equal(c.status, "awaiting-match");
			assert.equal(c.statusName, "Waiting to be matched to a person");
			assert.equal(c.outcome, null);
		}
		assert.doesNotMatch(waiting.body, /Ellie|Marsh|personId|person_id/, "nothing the council holds about the child");

		// Decided but not signed off: still no outcome. Signed off: the outcome, in words, with its dates.
		const [practitioner, manager] = [await t.userIdFor("practitioner"), await t.userIdFor("team-manager")];
		const decided = new Date("2026-11-23T11:00:00Z");
		const signed = new Date("2026-11-23T12:30:00Z");
		const [first, second] = children.map((c) => c.id);
		const decision = await t.testDb.db.kysely
			.insertInto("decision")
			.values({
				contact_child_id: first,
				outcome: "nfa",
				threshold_level: "1",
				rationale: "No further action is needed for this child today.",
				decided_at: decided,
				decided_by: practitioner,
				sign_off_due_at: signed,
			})
			.returning("id")
			.executeTakeFirstOrThrow();
		// Matched to a person, triaged and decided: set as the workflow leaves it, so this test reads only the answer.
		const person = await t.testDb.db.kysely
			.insertInto("person")
			.values({
				given_name: "Ellie",
				family_name: "Marsh",
				date_of_birth: "2016-04-09",
				sex: "F",
				ethnicity: "NOBT",
				updated_at: t.clock.now,
			})
			.returning("id")
			.executeTakeFirstOrThrow();
		await t.testDb.db.kysely
			.updateTable("contact_child")
			.set({ state: "awaiting-sign-off", person_id: person.id })
			.where("id", "=", first)
			.execute();
		const unsigned = (await get(id)).json().children.find((c: { id: string }) => c.id === first);
		assert.deepEqual([unsigned.status, unsigned.outcome], ["awaiting-sign-off", null]);
		await t.testDb.db.kysely
			.updateTable("decision")
			.set({ signed_off_at: signed, signed_off_by: manager })
			.where("id", "=", decision.id)
			.execute();
		await t.testDb.db.kysely.updateTable("contact_child").set({ state: "closed" }).where("id", "=", first).execute();
		const done = (await get(id)).json();
		const outcome = done.children.find((c: { id: string }) => c.id === first);
		assert.deepEqual(outcome, {
			id: first,
			status: "closed",
			statusName: "Closed",
			outcome: {
				code: "nfa",
				name: "No further action",
				decidedAt: decided.toISOString(),
				signedOffAt: signed.toISOString(),
			},
		});
		assert.equal(done.children.find((c: { id: string }) => c.id === second).outcome, null);

		// Another agency's key, an unknown id and a malformed one are all the same 404: ids cannot be probed.
		const other = await issueKey("Other Police", "6");
		const notFound = [await get(id, other), await get("00000000-0000-4000-8000-000000000000"), await get("nope")];
		for (const res of notFound) {
			assert.equal(res.statusCode, 404, res.body);
			assert.deepEqual(res.json(), notFound[0].json());
		}
		assert.equal(notFound[0].json().error.code, "not_found");
		assert.equal((await get(id, "Bearer thr_nope")).statusCode, 401);
		// A key issued again to the same agency still sees what its predecessor sent.
		const again = await issueKey("Demo Police", "6");
		assert.equal((await get(id, again)).statusCode, 200);

		// Each read is logged against the key, for the contact and each child.
		await t.app.services.accessLog.flush();
		const logged = await t.testDb.db.kysely
			.selectFrom("access_log")
			.select(["record_type", "action", "api_key_id"])
			.where("record_id", "in", [id, first, second])
			.where("action", "=", "view")
			.execute();
		assert.ok(logged.length >= 3 && logged.every((r) => r.api_key_id !== null), JSON.stringify(logged));
		assert.deepEqual([...new Set(logged.map((r) => r.record_type))].sort(), ["contact", "contact-child"]);
	});

	const openApi = (headers: Record<string, string> = {}) =>
		t.app.inject({ method: "GET", url: "/api/v1/openapi.json", headers });

	test("the OpenAPI document names the configured address, whatever Host the first caller sends", async () => {
		// The first request for the document: it once fixed the address for every later caller.
		const evil = await openApi({ host: "evil.example", "x-forwarded-host": "evil.example" });
		assert.equal(evil.statusCode, 200);
		assert.deepEqual(evil.json().servers, [{ url: PUBLIC_URL }]);
		const plain = await openApi();
		assert.deepEqual(plain.json().servers, [{ url: PUBLIC_URL }]);
		assert.doesNotMatch(plain.body, /evil\.example/);
	});

	test("the OpenAPI document lists the API routes only, with the bearer key as their security", async () => {
		const res = await openApi();
		assert.equal(res.statusCode, 200);
		assert.match(res.headers["content-type"] as string, /^application\/json/);
		const doc = res.json();
		assert.equal(doc.openapi, "3.1.0");
		assert.equal(doc.info.title, "Threshold partner API");
		assert.deepEqual(Object.keys(doc.paths).sort(), [
			"/api/v1/contacts",
			"/api/v1/contacts/{contactId}",
			"/api/v1/whoami",
		]);
		for (const page of ["/contacts/new", "/front-door/matching", "/triage", "/admin/api-keys", "/sign-in", "/"]) {
			assert.equal(doc.paths[page], undefined, page);
		}
		assert.equal(doc.components.securitySchemes.agencyKey.type, "http");
		assert.equal(doc.components.securitySchemes.agencyKey.scheme, "bearer");
		assert.deepEqual(doc.security, [{ agencyKey: [] }]);
	});

	test("the OpenAPI document describes POST /api/v1/contacts from its route, with an example the API accepts", async () => {
		const doc = (await openApi()).json();
		const post = doc.paths["/api/v1/contacts"].post;
		assert.deepEqual(
			post.parameters.map((p: { in: string; name: string; required: boolean }) => [p.in, p.name, p.required]),
			[["header", "Idempotency-Key", true]],
			"the key is a parameter; Authorization is the security scheme's",
		);
		assert.equal(post.requestBody.required, true);
		const json = post.requestBody.content["application/json"];
		// The source may be left out: a key with one source sends as that one (ADR 25).
		assert.deepEqual([...json.schema.required].sort(), ["children", "concern", "familyAware", "referrer"]);
		assert.equal(json.schema.additionalProperties, false);
		assert.equal(json.schema.properties.children.maxItems, 12);
		assert.equal(json.schema.properties.concern.maxLength, 20_000);
		assert.deepEqual(Object.keys(post.responses).sort(), ["201", "400", "401", "409", "413", "415", "422"]);
		const created = post.responses["201"];
		assert.ok(created.headers["Idempotent-Replayed"], "a replay is marked");
		const accepted201 = created.content["application/json"].schema;
		assert.deepEqual([...accepted201.required].sort(), ["children", "id", "receivedAt", "reference", "warnings"]);
		const documentedCodes = JSON.stringify(accepted201.properties.warnings.items.properties.code);
		for (const code of ["late_notification", "no_risk_assessment", "domestic_incident_as_contact"]) {
			assert.match(documentedCodes, new RegExp(`"${code}"`), `the warning ${code} is documented`);
		}

		// Each error answer is documented with its shape and the codes the API really sends.
		const answered: [number, string, Awaited<ReturnType<typeof send>>][] = [
			[400, "malformed_json", await send("{not json")],
			[400, "invalid_utf8", await send(Buffer.from([0x7b, 0xff, 0x7d]))],
			[400, "idempotency_key_required", await send(body(), { "idempotency-key": "" })],
			[401, "unauthorized", await send(body(), { authorization: "Bearer thr_nope" })],
			[413, "payload_too_large", await send(body({ concern: "x".repeat(300 * 1024) }))],
			[415, "unsupported_media_type", await send(body(), { "content-type": "text/plain" })],
			[422, "invalid_contact", await send(body({ children: [] }))],
		];
		for (const [status, code, res] of answered) {
			assert.equal(res.statusCode, status, `${code}: ${res.body}`);
			assert.equal(res.json().error.code, code);
			const documented = post.responses[String(status)];
			assert.match(documented.description, new RegExp(`\\b${code}\\b`), `${status} names ${code}`);
			const error = documented.content["application/json"].schema.properties.error;
			assert.deepEqual([...error.required].sort(), ["code", "message"]);
		}
		assert.match(post.responses["409"].description, /\brequest_in_progress\b/);
		assert.match(post.responses["422"].description, /\bidempotency_key_reused\b/);

		const accepted = await send(json.example);
		assert.equal(accepted.statusCode, 201, accepted.body);
	});

	test("old keys are forgotten after 48 hours, not before", async () => {
		await send(body(), { "idempotency-key": "old-1" });
		t.clock.now = new Date(t.clock.now.getTime() + KEPT_FOR_MS - 60_000);
		await t.app.services.idempotency.purge();
		const kept = await t.testDb.db.kysely
			.selectFrom("api_idempotency")
			.select("idempotency_key")
			.where("idempotency_key", "=", "old-1")
			.execute();
		assert.equal(kept.length, 1);
		t.clock.now = new Date(t.clock.now.getTime() + 120_000);
		assert.ok((await t.app.services.idempotency.purge()) >= 1);
		const gone = await t.testDb.db.kysely
			.selectFrom("api_idempotency")
			.select("idempotency_key")
			.where("idempotency_key", "=", "old-1")
			.execute();
		assert.equal(gone.length, 0);
		t.clock.now = new Date("2026-11-23T10:00:00Z");
	});
});

describe("idempotency: judging an existing claim", () => {
	const now = new Date("2026-11-23T10:00:00Z");
	const row = {
		request_hash: "h",
		claim_token: "t",
		claimed_at: new Date(now.getTime() - 1000),
		completed_at: null,
		status_code: null,
		response: null,
	};
	test("each case", () => {
		assert.equal(judgeExisting(row, "other", now).kind, "reused");
		assert.equal(judgeExisting(row, "h", now).kind, "in-progress");
		assert.equal(
			judgeExisting({ ...row, claimed_at: new Date(now.getTime() - ABANDONED_AFTER_MS) }, "h", now).kind,
			"take-over",
		);
		const done = judgeExisting({ ...row, completed_at: now, status_code: 201, response: '{"id":"x"}' }, "h", now);
		assert.deepEqual(done, { kind: "replay", answer: { statusCode: 201, json: '{"id":"x"}' } });
	});
});

const hashOf = (payload: unknown) => createHash("sha256").update(JSON.stringify(payload)).digest("hex");

describe("partner API: each key's allowance", () => {
	let t: TestApp;
	before(async () => {
		t = await createTestApp({ env: { API_REQUESTS_PER_MINUTE: "3" } });
	});
	after(async () => t.close());

	const whoami = (authorization: string, remoteAddress = "10.1.1.1") =>
		t.app.inject({ method: "GET", url: "/api/v1/whoami", headers: { authorization }, remoteAddress });

	test("a key over its allowance gets 429 with Retry-After; another address's bad guesses are limited on their own", async () => {
		for (let i = 0; i < 3; i++) assert.equal((await whoami(AUTH.authorization)).statusCode, 200);
		const over = await whoami(AUTH.authorization);
		assert.equal(over.statusCode, 429);
		assert.ok(Number(over.headers["retry-after"]) >= 1);
		assert.equal(over.json().error.code, "too_many_requests");
		// Guesses at keys from one address: ten are answered 401, then 429.
		const guesses = [];
		for (let i = 0; i < 11; i++) guesses.push((await whoami(`Bearer thr_guess${i}`, "10.2.2.2")).statusCode);
		assert.deepEqual(guesses, [...Array(10).fill(401), 429]);
		assert.equal((await whoami("Bearer thr_guess", "10.3.3.3")).statusCode, 401, "another address is not held back");
	});
});
