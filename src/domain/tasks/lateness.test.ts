import assert from "node:assert/strict";
import { test } from "node:test";
import { STANDARD_OFFICE_HOURS, WorkingCalendar } from "../calendar/working-calendar.ts";
import { lateness, sayMinutes } from "./lateness.ts";

const calendar = new WorkingCalendar({
	officeHours: STANDARD_OFFICE_HOURS,
	bankHolidays: [],
	timeZone: "Europe/London",
});

test("a task not yet due is not late", () => {
	assert.deepEqual(lateness(new Date("2026-11-23T12:00:00Z"), new Date("2026-11-23T11:00:00Z"), calendar), {
		overdue: false,
		clock: "",
		working: null,
	});
});

test("late within office hours: the clock and working time agree, so only one is said", () => {
	const late = lateness(new Date("2026-11-23T10:00:00Z"), new Date("2026-11-23T12:30:00Z"), calendar);
	assert.deepEqual(late, { overdue: true, clock: "2 hours 30 minutes", working: null });
});

test("due on Friday at five, seen on Monday evening: three days late, one working day of it", () => {
	const late = lateness(new Date("2026-11-20T17:00:00Z"), new Date("2026-11-23T18:00:00Z"), calendar);
	assert.deepEqual(late, { overdue: true, clock: "3 days 1 hour", working: "8 working hours" });
});

test("late overnight, out of hours: hours on the clock, none in office time, never '0 minutes'", () => {
	const late = lateness(new Date("2026-11-23T19:00:00Z"), new Date("2026-11-23T23:10:00Z"), calendar);
	assert.deepEqual(late, { overdue: true, clock: "4 hours 10 minutes", working: "none of it in office hours" });
	assert.equal(sayMinutes(0.2), "1 minute");
});
