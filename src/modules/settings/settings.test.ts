import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestApp, type TestApp } from "../../../test/support/app.ts";
import { errorMessages, errorSummary } from "../../../test/support/error-summary.ts";

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

	test("each calendar form reports all its mistakes at once, keeps what was typed, and saves nothing", async () => {
		const admin = await t.as("administrator");
		await admin.get("/settings/calendar");
		const before = await t.app.services.settings.officeHours();
		const hours = await admin.post("/settings/office-hours", {
			opens: "9am",
			closes: "17:00",
			days: ["1", "8"],
			version: "1.5",
		});
		assert.equal(hours.statusCode, 400);
		const byHref = (a: { href: string }, b: { href: string }) => a.href.localeCompare(b.href);
		assert.deepEqual(
			errorSummary(hours.body).sort(byHref),
			[
				{ href: "#version", text: "This form is out of date: go back to the record, reload it and try again" },
				{ href: "#days", text: "Select office days from the list" },
				{
					href: "#opens",
					text: 'Office opening time "9am" must be a 24-hour time written HH:MM, for example "09:00".',
				},
			].sort(byHref),
		);
		assert.match(hours.body, /<p id="version" class="govuk-error-message">/);
		assert.match(hours.body, /id="opens-error"/);
		assert.match(hours.body, /id="days-error"/);
		assert.match(hours.body, /name="opens" type="text" value="9am"/);
		assert.deepEqual(await t.app.services.settings.officeHours(), before);

		const holidays = (await t.app.services.settings.bankHolidays()).length;
		const holiday = await admin.post("/settings/bank-holidays", {
			"day-day": "30",
			"day-month": "2",
			"day-year": "2029",
			title: "n".repeat(101),
		});
		assert.equal(holiday.statusCode, 400);
		assert.deepEqual(errorSummary(holiday.body), [
			{ href: "#day-day", text: "Date must be a real date" },
			{ href: "#title", text: "Name must be 100 characters or fewer (you entered 101)" },
		]);
		assert.match(holiday.body, /id="day-error"/);
		assert.match(holiday.body, /name="day-day" type="text" value="30"/);
		const empty = await admin.post("/settings/bank-holidays", {});
		assert.deepEqual(errorMessages(empty.body), [
			"Enter the date of the bank holiday",
			"Enter the name of the bank holiday",
		]);
		assert.equal((await t.app.services.settings.bankHolidays()).length, holidays);
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
		// Every amount's problem at once, the domain's limits among them, with what was typed kept.
		const several = await admin.post("/settings/timescales", {
			...form,
			"urgency-three-working-days": "200",
			"decision-sign-off": "x",
			version: "1.5",
		});
		assert.equal(several.statusCode, 400);
		const problems = Object.fromEntries(errorSummary(several.body).map((e) => [e.href, e.text]));
		assert.deepEqual(Object.keys(problems).sort(), ["#decision-sign-off", "#urgency-three-working-days", "#version"]);
		assert.match(problems["#version"], /out of date/);
		assert.equal(problems["#decision-sign-off"], 'Enter a whole number for "Sign off a front-door decision"');
		assert.match(
			problems["#urgency-three-working-days"],
			/\(urgency-three-working-days\) must be a whole number from 1 to 130 working-days, got 200/,
		);
		assert.match(
			several.body,
			/id="urgency-three-working-days" name="urgency-three-working-days" type="text" inputmode="numeric" value="200"/,
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
