import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, createTestApp, type TestApp } from "../../../test/support/app.ts";

describe("the council's threshold framework", () => {
	let t: TestApp;
	let leader: Client;

	const form = (version: string, overrides: Record<string, string | string[]> = {}) => ({
		version,
		"level-0-label": "Universal",
		"level-0-descriptor": "Needs met by universal services.",
		"level-0-fits": ["nfa", "information-advice"],
		"level-1-label": "Early help",
		"level-1-descriptor": "Needs met with the family's agreement.",
		"level-1-fits": "early-help",
		"level-2-label": "Statutory",
		"level-2-descriptor": "Section 17 or 47.",
		"level-2-fits": ["assessment", "strategy-discussion"],
		"tier-0-label": "Family support",
		...overrides,
	});

	before(async () => {
		t = await createTestApp();
		leader = await t.as("senior-leader");
		await leader.get("/settings/thresholds");
	});
	after(async () => t.close());

	test("a bad framework gets field errors and is not saved", async () => {
		const res = await leader.post("/settings/thresholds", form("0", { "level-1-fits": [], "level-2-label": "" }));
		assert.equal(res.statusCode, 400);
		assert.match(res.body, /Choose the outcomes level 2 usually leads to/);
		assert.match(res.body, /Name level 3/);
		assert.equal((await t.app.services.settings.thresholdFramework()).levels.length, 4, "the default still applies");
	});

	test("a senior leader saves a three-level framework; triage and decisions use it; a stale form is refused", async () => {
		const res = await leader.post("/settings/thresholds", form("0"));
		assert.equal(res.statusCode, 303);
		const saved = await t.app.services.settings.thresholdFramework();
		assert.deepEqual(
			saved.levels.map((l) => [l.id, l.label]),
			[
				["1", "Universal"],
				["2", "Early help"],
				["3", "Statutory"],
			],
		);
		assert.deepEqual(saved.earlyHelpTiers, [{ id: "family-support", label: "Family support" }]);
		const stale = await leader.post("/settings/thresholds", form("0", { "level-0-label": "Level one" }));
		assert.equal(stale.statusCode, 409);
		assert.match(stale.body, /your changes were not saved/);
		const analyst = await t.as("analyst");
		const view = await analyst.get("/settings/thresholds");
		assert.equal(view.statusCode, 200);
		assert.match(view.body, /Statutory/);
		assert.doesNotMatch(view.body, /Save framework/);
		assert.equal((await analyst.post("/settings/thresholds", form("1"))).statusCode, 403);
	});
});
