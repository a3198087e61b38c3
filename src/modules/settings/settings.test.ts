import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";

describe("council settings: office hours, bank holidays, local timescales", () => {
	let t: TestApp;
	before(async () => {
		t = await createTestApp();
	});
	after(async () => t.close());

	const version = (body: string) => /name="version" value="(\d+)"/.exec(body)?.[1] ?? "";

	test("office hours: bad times are refused field by field; good ones change the calendar", async () => {
		const admin = await t.as("administrator");
		const page = await admin.get("/settings/calendar");
		const bad = await admin.post("/settings/office-hours", {
			opens: "17:00",
			closes: "09:00",
			days: [],
			version: version(page.body),
		});
		assert.equal(bad.statusCode, 400);
		assert.match(bad.body, /must be earlier than closing time/);
		assert.match(bad.body, /at least one working weekday/);
		assert.equal((await t.app.services.settings.officeHours()).version, 0, "nothing saved");

		const good = await admin.post("/settings/office-hours", {
			opens: "08:30",
			closes: "17:30",
			days: ["1", "2", "3", "4", "5"],
			version: version(page.body),
		});
		assert.equal(good.statusCode, 303);
		const calendar = await t.app.services.settings.calendar();
		assert.equal(calendar.isOfficeHours(new Date("2026-11-24T08:45:00Z")), true);

		const stale = await admin.post("/settings/office-hours", {
			opens: "09:00",
			closes: "17:00",
			days: ["1"],
			version: version(page.body),
		});
		assert.equal(stale.statusCode, 409);
		assert.match(stale.body, /changed by Alex Admin/);
	});

	test("an administrator adds a bank holiday; the calendar skips it", async () => {
		const admin = await t.as("administrator");
		await admin.get("/settings/calendar");
		const dup = await admin.post("/settings/bank-holidays", {
			"day-day": "25",
			"day-month": "12",
			"day-year": "2026",
			title: "Christmas again",
		});
		assert.equal(dup.statusCode, 400);
		assert.match(dup.body, /already a bank holiday \(Christmas Day\)/);
		const res = await admin.post("/settings/bank-holidays", {
			"day-day": "4",
			"day-month": "1",
			"day-year": "2028",
			title: "Extra holiday",
		});
		assert.equal(res.statusCode, 303);
		const calendar = await t.app.services.settings.calendar();
		assert.equal(calendar.isWorkingDay(new Date("2028-01-04T12:00:00Z")), false);
		const log = await t.testDb.db.kysely
			.selectFrom("access_log")
			.selectAll()
			.where("record_type", "=", "bank-holiday")
			.executeTakeFirstOrThrow();
		assert.equal(log.record_id, "2028-01-04");
	});

	test("only local timescales can be adjusted, within limits", async () => {
		const admin = await t.as("administrator");
		const page = await admin.get("/settings/timescales");
		assert.match(page.body, /Working Together to Safeguard Children 2023/);
		assert.doesNotMatch(page.body, /name="referral-decision"/, "statutory timescales have no input");
		const bad = await admin.post("/settings/timescales", {
			version: version(page.body),
			"urgency-three-working-days": "abc",
		});
		assert.equal(bad.statusCode, 400);
		assert.match(bad.body, /Enter a whole number/);
		const form = Object.fromEntries(
			[...page.body.matchAll(/name="([a-z0-9-]+)" type="text" inputmode="numeric" value="(\d+)"/g)].map((m) => [
				m[1],
				m[2],
			]),
		);
		const res = await admin.post("/settings/timescales", {
			...form,
			"urgency-three-working-days": "2",
			version: version(page.body),
		});
		assert.equal(res.statusCode, 303);
		const { timescales } = await t.app.services.settings.timescales();
		assert.equal(timescales.find((x) => x.id === "urgency-three-working-days")?.amount, 2);
	});

	test("managers can see the calendar and timescales but not change them", async () => {
		const manager = await t.as("team-manager");
		const page = await manager.get("/settings/timescales");
		assert.equal(page.statusCode, 200);
		assert.doesNotMatch(page.body, /Save local timescales/);
		const res = await manager.post("/settings/timescales", {});
		assert.equal(res.statusCode, 403);
	});
});
