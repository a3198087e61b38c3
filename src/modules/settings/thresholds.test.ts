import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Client, createTestApp, type TestApp } from "../../../test/support/app.ts";
import { errorSummary } from "../../../test/support/error-summary.ts";

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

	test("every mistake in the framework is reported at once, each on the row it was made in", async () => {
		const res = await leader.post(
			"/settings/thresholds",
			form("1.5", {
				"level-0-label": "L".repeat(201),
				// Row 3 is left blank: row 4's mistakes are shown on row 4.
				"level-3-label": "Specialist",
				"level-3-fits": "assessment",
				"tier-1-label": "Family support",
			}),
		);
		assert.equal(res.statusCode, 400);
		const byHref = (a: { href: string }, b: { href: string }) => a.href.localeCompare(b.href);
		assert.deepEqual(errorSummary(res.body).sort(byHref), [
			{ href: "#level-0-label", text: "Level 1's name must be 200 characters or fewer (you entered 201)" },
			{ href: "#level-3-descriptor", text: "Describe level 4" },
			{ href: "#tier-1-label", text: "Early-help tier 2 has the same name as another" },
			{ href: "#version", text: "This form is out of date: go back to the record, reload it and try again" },
		]);
		assert.match(res.body, /<p id="version" class="govuk-error-message">/);
		assert.match(res.body, /id="level-3-descriptor-error"/);
		assert.match(res.body, /name="level-3-label" type="text" value="Specialist"/);
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
