import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { loadConfig } from "../../src/config.ts";
import type { DB } from "../../src/db/schema.ts";
import { DEMO_USERS } from "../../src/demo/council.ts";
import { SESSION_COOKIE } from "../../src/platform/access-control.ts";
import type { ModuleManifest } from "../../src/platform/modules.ts";
import type { Role } from "../../src/platform/roles.ts";
import type { Services } from "../../src/platform/services.ts";
import { buildApp } from "../../src/server.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";

export interface Client {
	userId: string;
	cookie: string;
	csrf: string;
	get(url: string): Promise<LightMyRequestResponse>;
	post(url: string, form: Record<string, string | string[]>): Promise<LightMyRequestResponse>;
}

export interface TestApp {
	app: FastifyInstance;
	testDb: TestDatabase;
	/** The test's clock; move it to test timeouts. */
	clock: { now: Date };
	/** The demo council's first user with the role. */
	as(role: Role): Promise<Client>;
	/** A demo user picked by email, where a role has more than one (two team managers). */
	asUser(email: string): Promise<Client>;
	userIdFor(role: Role): Promise<string>;
	close(): Promise<void>;
}

/**
 * `env` adds settings (OIDC_ISSUER, PUBLIC_URL, ...) on top of the test defaults;
 * `services` stand in for modules' services where a test checks only what a page renders.
 */
export async function createTestApp(
	options: { env?: Record<string, string>; services?: Partial<Services>; modules?: readonly ModuleManifest[] } = {},
): Promise<TestApp> {
	const testDb = await createTestDatabase();
	const clock = { now: new Date() };
	const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", ...options.env });
	const app = await buildApp({
		config,
		db: testDb.db,
		now: () => clock.now,
		logger: false,
		services: options.services,
		modules: options.modules,
	});
	await app.ready();

	async function userIdOf(email: string): Promise<string> {
		const row = await testDb.db.kysely
			.selectFrom("app_user")
			.select("id")
			.where("email", "=", email)
			.executeTakeFirstOrThrow();
		return row.id;
	}
	const userIdFor = (role: Role) => userIdOf(DEMO_USERS.find((u) => u.role === role)?.email ?? "");
	async function signedIn(userId: string): Promise<Client> {
		const token = await app.services.sessions.create(userId);
		return clientFor(app, userId, `${SESSION_COOKIE}=${token}`);
	}

	return {
		app,
		testDb,
		clock,
		userIdFor,
		as: async (role) => signedIn(await userIdFor(role)),
		asUser: async (email) => signedIn(await userIdOf(email)),
		async close() {
			await app.close();
			await testDb.close();
		},
	};
}

/** A signed-in client that carries its cookies and the CSRF token its pages hold. */
export async function clientFor(app: FastifyInstance, userId: string, sessionCookie: string): Promise<Client> {
	const cookies = new Map<string, string>();
	const [name, value] = sessionCookie.split("=");
	cookies.set(name, value);
	const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
	const remember = (res: LightMyRequestResponse) => {
		for (const c of res.cookies) {
			if (c.value === "" || (c.expires && c.expires.getTime() < Date.now())) cookies.delete(c.name);
			else cookies.set(c.name, c.value);
		}
		return res;
	};
	const client: Client = {
		userId,
		cookie: sessionCookie,
		csrf: "",
		async get(url) {
			const res = remember(await app.inject({ method: "GET", url, headers: { cookie: cookieHeader() } }));
			const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
			if (token) client.csrf = token;
			return res;
		},
		async post(url, form) {
			const body = new URLSearchParams();
			for (const [k, v] of Object.entries({ _csrf: client.csrf, ...form })) {
				for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
			}
			return remember(
				await app.inject({
					method: "POST",
					url,
					headers: { cookie: cookieHeader(), "content-type": "application/x-www-form-urlencoded" },
					payload: body.toString(),
				}),
			);
		},
	};
	await client.get("/");
	return client;
}

/** How many rows a table holds: tests compare it before and after to show nothing was written. */
export async function countRows(t: TestApp, table: keyof DB): Promise<number> {
	const row = await t.testDb.db.kysely
		.selectFrom(table)
		.select((eb) => eb.fn.countAll().as("n"))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
