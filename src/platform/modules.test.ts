import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadConfig } from "../config.ts";
import type { Database } from "../db/engine.ts";
import { MODULES } from "../modules/index.ts";
import { buildApp } from "../server.ts";
import { catalogueOf, type ModuleManifest, routeAccessOf } from "./modules.ts";

const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" });
// Composition fails before any query, so these apps need no database behind them.
const noDatabase = { kysely: {} } as unknown as Database;
const build = (modules: readonly ModuleManifest[]) => buildApp({ config, db: noDatabase, logger: false, modules });

describe("modules plug in through their manifests", () => {
	test("two modules cannot declare the same route", () => {
		const a: ModuleManifest = { name: "a", routes: { "GET /x": { access: "public" } }, register() {} };
		const b: ModuleManifest = { name: "b", routes: { "GET /x": { access: ["administrator"] } }, register() {} };
		assert.throws(() => routeAccessOf([a, b]), /GET \/x is declared by both a and b/);
	});

	test("a module using a service from one listed after it fails at startup, naming both", async () => {
		const early: ModuleManifest = {
			name: "early",
			routes: {},
			services: ({ services }) => {
				void services.settings;
				return {};
			},
			register() {},
		};
		const settings = MODULES.find((m) => m.name === "settings") as ModuleManifest;
		await assert.rejects(build([early, settings]), /Module early uses services.settings before/);
	});

	test("a module naming a timescale the register does not hold fails at startup", async () => {
		const clocked: ModuleManifest = { name: "clocked", routes: {}, timescales: ["no-such-clock"], register() {} };
		await assert.rejects(build([clocked]), /Module clocked names unknown timescales: no-such-clock/);
	});

	test("every page that takes a record's id says what it shows, for the view log", () => {
		for (const m of MODULES) {
			for (const [key, spec] of Object.entries(m.routes)) {
				if (!key.startsWith("GET ") || !key.includes("/:")) continue;
				assert.ok(spec.shows, `${m.name}: ${key} does not say what it shows`);
				if (typeof spec.shows === "object" && "param" in spec.shows) {
					assert.ok(key.includes(`:${spec.shows.param}`), `${key} shows a record by a parameter it does not have`);
				}
			}
		}
	});

	test("the navigation and home page come from the manifests, in their stated order", () => {
		const { navigation, home } = catalogueOf(MODULES);
		assert.equal(navigation[0].href, "/");
		assert.deepEqual(
			navigation.map((n) => n.order),
			[...navigation.map((n) => n.order)].sort((x, y) => x - y),
		);
		assert.ok(home.some((t) => t.href === "/people"));
		// Every entry leads to a route some module declares, so no link can 404.
		const routes = routeAccessOf(MODULES);
		for (const entry of [...navigation, ...home]) assert.ok(`GET ${entry.href}` in routes, entry.href);
	});
});
