import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { addChild } from "../../../test/support/front-door.ts";
import { periodFigures } from "./figures.ts";

describe("dashboard figures: police domestic-abuse notifications", () => {
	let t: TestApp;
	before(async () => {
		t = await createTestApp();
		t.clock.now = new Date("2026-11-23T12:00:00Z");
	});
	after(async () => t.close());

	test("late ones, those without a risk assessment, and the median delay from incident to receipt", async () => {
		const child = await addChild(t, "Lily", "Ward", "2018-03-01");
		const notify = (incidentHoursBefore: number, risk: boolean) =>
			t.app.services.contacts.record(
				{
					kind: "da-notification",
					receivedAt: new Date("2026-11-23T10:00:00Z"),
					source: "6",
					referrer: { name: "PC Test", agency: "Police", phone: null, email: null },
					concern: "Domestic incident; the child was present.",
					request: null,
					familyAware: "yes",
					domesticAbuse: {
						incidentAt: new Date(Date.parse("2026-11-23T10:00:00Z") - incidentHoursBefore * 3_600_000),
						sentAt: null,
						riskTool: risk ? "DASH" : null,
						riskLevel: risk ? "high" : null,
					},
					children: [{ personId: child, rag: null }],
				},
				{ userId: null, role: null, requestId: "test", teamId: null, channel: "form" },
			);
		await notify(6, true);
		await notify(30, false);
		await notify(12, true);
		const november = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") };
		const [figures] = await periodFigures(t.testDb.db.kysely, november, false, 24);
		assert.equal(figures.daNotifications, 3);
		assert.equal(figures.daLate, 1);
		// Late is the council's threshold: at 36 hours the notification 30 hours after its incident is in time.
		assert.equal((await periodFigures(t.testDb.db.kysely, november, false, 36))[0].daLate, 0);
		assert.equal((await periodFigures(t.testDb.db.kysely, november, false, 6))[0].daLate, 2);
		assert.equal(figures.daNoRiskAssessment, 1);
		assert.equal(figures.daMedianDelayHours, 12);
	});

	test("the dashboard counts late notifications by the council's threshold, and says which", async () => {
		const leader = await t.as("senior-leader");
		assert.match((await leader.get("/dashboard")).body, /DA notifications more than 24 hours after the incident/);
		const admin = await t.as("administrator");
		const page = await admin.get("/settings/timescales");
		const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? "";
		const amounts = Object.fromEntries(
			[...page.body.matchAll(/name="([a-z0-9-]+)" type="text" inputmode="numeric" value="(\d+)"/g)].map((m) => [
				m[1],
				m[2],
			]),
		);
		assert.equal(amounts["da-notification-late"], "24", "the threshold is on the council's timescales page");
		const saved = await admin.post("/settings/timescales", { ...amounts, "da-notification-late": "48", version });
		assert.equal(saved.statusCode, 303, saved.body);
		assert.match((await leader.get("/dashboard")).body, /DA notifications more than 48 hours after the incident/);
		const range = "from=2026-11-01T00:00:00.000Z&to=2026-12-01T00:00:00.000Z";
		const list = await leader.get(`/dashboard/children?list=da-late&${range}`);
		assert.match(list.body, /received more than 48 hours after the incident/);
	});

	test("the children waiting to be matched link to the matching queue, for those who may open it", async () => {
		const leader = await (await t.as("senior-leader")).get("/dashboard");
		assert.equal(leader.statusCode, 200);
		assert.match(
			leader.body,
			/Waiting to be matched to a person<\/dt><dd class="govuk-summary-list__value"><a class="govuk-link" href="\/front-door\/matching">/,
		);
		const analyst = await (await t.as("analyst")).get("/dashboard");
		assert.equal(analyst.statusCode, 200);
		assert.doesNotMatch(analyst.body, /href="\/front-door\/matching"/);
	});
});
