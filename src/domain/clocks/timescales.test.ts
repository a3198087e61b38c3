import assert from "node:assert/strict";
import { describe, it } from "node:test";
import bankHolidays from "../calendar/bank-holidays-england-and-wales.json" with { type: "json" };
import { STANDARD_OFFICE_HOURS, WorkingCalendar } from "../calendar/working-calendar.ts";
import {
	applyLocalOverrides,
	clockStatus,
	dueAt,
	MAX_LOCAL_AMOUNT,
	TIMESCALES,
	type Timescale,
	timescaleById,
} from "./timescales.ts";

const calendar = new WorkingCalendar({
	officeHours: STANDARD_OFFICE_HOURS,
	bankHolidays: bankHolidays.map((h) => h.date),
	timeZone: "Europe/London",
});

const at = (iso: string): Date => new Date(iso);

function assertSameInstant(actual: Date, expected: string): void {
	assert.equal(actual.toISOString(), new Date(expected).toISOString(), `expected ${expected}`);
}

const due = (id: string, start: string): Date => dueAt(timescaleById(id), at(start), calendar);

describe("the timescale catalogue", () => {
	it("declares each timescale once, completely", () => {
		const ids = TIMESCALES.map((t) => t.id);
		assert.equal(new Set(ids).size, ids.length);
		for (const t of TIMESCALES) {
			assert.match(t.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, t.id);
			for (const text of [t.name, t.starts, t.ends, t.source]) assert.ok(text.trim().length > 0, t.id);
			assert.ok(Number.isInteger(t.amount) && t.amount >= 1, t.id);
			if (t.unit === "same-working-day") assert.equal(t.amount, 1, t.id);
			if (t.kind === "local") assert.ok(t.amount <= MAX_LOCAL_AMOUNT[t.unit], t.id);
		}
	});

	it("holds the statutory timescales with their sources", () => {
		const expected: Array<[string, Timescale["unit"], number, string]> = [
			["contact-acknowledgement", "working-days", 1, "Working Together to Safeguard Children 2023"],
			["referral-decision", "working-days", 1, "Working Together to Safeguard Children 2023"],
			["assessment-completion", "working-days", 45, "Working Together to Safeguard Children 2023"],
			["strategy-to-icpc", "working-days", 15, "Working Together to Safeguard Children 2023"],
			["serious-incident-notification", "working-days", 5, "Working Together to Safeguard Children 2023"],
			[
				"return-home-interview",
				"clock-hours",
				72,
				"Statutory guidance on children who run away or go missing from home or care 2014",
			],
			["re-referral-window", "calendar-months", 12, "DfE Children in Need census guidance (re-referral definition)"],
		];
		for (const [id, unit, amount, source] of expected) {
			const t = timescaleById(id);
			assert.deepEqual([t.unit, t.amount, t.source, t.kind], [unit, amount, source, "statutory"], id);
		}
	});

	it("holds the local timescales", () => {
		const expected: Array<[string, Timescale["unit"], number]> = [
			["triage-same-working-day", "same-working-day", 1],
			["urgency-immediate", "clock-hours", 4],
			["urgency-same-working-day", "same-working-day", 1],
			["urgency-one-working-day", "working-days", 1],
			["urgency-three-working-days", "working-days", 3],
			["out-of-hours-sign-off", "same-working-day", 1],
			["lado-resolution-1-month", "calendar-months", 1],
			["lado-resolution-3-months", "calendar-months", 3],
			["step-up-after-step-down", "calendar-months", 3],
		];
		for (const [id, unit, amount] of expected) {
			const t = timescaleById(id);
			assert.deepEqual([t.unit, t.amount, t.kind], [unit, amount, "local"], id);
		}
	});

	it("throws for an unknown id", () => {
		assert.throws(() => timescaleById("no-such-clock"), /Unknown timescale "no-such-clock"/);
	});
});

describe("dueAt", () => {
	it("runs working-day clocks from the next opening when received out of hours (Fri 22:00)", () => {
		assertSameInstant(due("referral-decision", "2025-11-07T22:00:00+00:00"), "2025-11-11T09:00:00+00:00");
		assertSameInstant(due("contact-acknowledgement", "2025-06-13T22:00:00+01:00"), "2025-06-17T09:00:00+01:00");
	});

	it("runs a 4-clock-hour clock straight through the night (Fri 22:00 → Sat 02:00)", () => {
		assertSameInstant(due("urgency-immediate", "2025-11-07T22:00:00+00:00"), "2025-11-08T02:00:00+00:00");
		assertSameInstant(due("urgency-immediate", "2025-06-13T22:00:00+01:00"), "2025-06-14T02:00:00+01:00");
	});

	it("counts 72 real hours for a return home interview, even across the October clock change", () => {
		assertSameInstant(due("return-home-interview", "2025-10-25T20:00:00+01:00"), "2025-10-28T19:00:00+00:00");
		assertSameInstant(due("return-home-interview", "2025-12-24T15:00:00+00:00"), "2025-12-27T15:00:00+00:00");
	});

	it("sets assessment completion 45 working days after referral, across the clock change", () => {
		assertSameInstant(due("assessment-completion", "2025-09-01T10:00:00+01:00"), "2025-11-03T10:00:00+00:00");
	});

	it("sets the initial child protection conference 15 working days after strategy, over Christmas", () => {
		assertSameInstant(due("strategy-to-icpc", "2025-12-15T14:00:00+00:00"), "2026-01-08T14:00:00+00:00");
	});

	it("sets serious incident notification 5 working days on, over Christmas and New Year", () => {
		assertSameInstant(due("serious-incident-notification", "2025-12-24T11:00:00+00:00"), "2026-01-05T11:00:00+00:00");
	});

	it("uses the working calendar for the one- and three-working-day urgencies", () => {
		assertSameInstant(due("urgency-one-working-day", "2025-12-24T15:00:00+00:00"), "2025-12-29T15:00:00+00:00");
		assertSameInstant(due("urgency-three-working-days", "2022-06-01T10:00:00+01:00"), "2022-06-08T10:00:00+01:00");
		assertSameInstant(due("urgency-one-working-day", "2023-05-05T09:30:00+01:00"), "2023-05-09T09:30:00+01:00");
	});

	it("ends same-working-day clocks at 17:00, and at 17:00 the next working day when received at 18:00", () => {
		assertSameInstant(due("triage-same-working-day", "2025-11-18T10:00:00+00:00"), "2025-11-18T17:00:00+00:00");
		assertSameInstant(due("triage-same-working-day", "2025-11-18T18:00:00+00:00"), "2025-11-19T17:00:00+00:00");
		assertSameInstant(due("urgency-same-working-day", "2022-09-16T18:00:00+01:00"), "2022-09-20T17:00:00+01:00");
	});

	it("makes out-of-hours sign-off due by the close of the next working day", () => {
		assertSameInstant(due("out-of-hours-sign-off", "2025-11-07T22:00:00+00:00"), "2025-11-10T17:00:00+00:00");
		assertSameInstant(due("out-of-hours-sign-off", "2025-12-24T23:30:00+00:00"), "2025-12-29T17:00:00+00:00");
	});

	it("adds calendar months on the London calendar, clamping to the end of short months", () => {
		assertSameInstant(due("lado-resolution-1-month", "2025-01-31T10:00:00+00:00"), "2025-02-28T10:00:00+00:00");
		assertSameInstant(due("lado-resolution-1-month", "2024-01-31T10:00:00+00:00"), "2024-02-29T10:00:00+00:00");
		assertSameInstant(due("lado-resolution-1-month", "2025-03-15T11:00:00+00:00"), "2025-04-15T11:00:00+01:00");
		assertSameInstant(due("lado-resolution-3-months", "2025-11-30T16:00:00+00:00"), "2026-02-28T16:00:00+00:00");
		assertSameInstant(due("step-up-after-step-down", "2025-08-31T09:00:00+01:00"), "2025-11-30T09:00:00+00:00");
		assertSameInstant(due("re-referral-window", "2024-02-29T12:00:00+00:00"), "2025-02-28T12:00:00+00:00");
	});

	it("uses the London date for months even when the UTC date differs", () => {
		// 00:30 BST on 1 July is 30 June in UTC; one month on is 1 August, not 30 July.
		assertSameInstant(due("lado-resolution-1-month", "2025-07-01T00:30:00+01:00"), "2025-08-01T00:30:00+01:00");
	});

	it("supports working-hours timescales", () => {
		const fourWorkingHours = { unit: "working-hours", amount: 4 } as const;
		assertSameInstant(dueAt(fourWorkingHours, at("2025-11-14T15:00:00+00:00"), calendar), "2025-11-17T11:00:00+00:00");
	});
});

describe("applyLocalOverrides", () => {
	it("changes a local timescale's amount without touching the defaults", () => {
		const before = JSON.stringify(TIMESCALES);
		const { timescales, errors } = applyLocalOverrides(TIMESCALES, [
			{ id: "urgency-three-working-days", amount: 2 },
			{ id: "lado-resolution-1-month", amount: 2 },
		]);
		assert.deepEqual(errors, []);
		assert.equal(timescales.find((t) => t.id === "urgency-three-working-days")?.amount, 2);
		assert.equal(timescales.find((t) => t.id === "lado-resolution-1-month")?.amount, 2);
		assert.equal(timescales.find((t) => t.id === "assessment-completion")?.amount, 45);
		assert.equal(timescales.length, TIMESCALES.length);
		assert.equal(JSON.stringify(TIMESCALES), before);
		const changed = timescaleById("urgency-three-working-days", timescales);
		assertSameInstant(dueAt(changed, at("2025-12-24T15:00:00+00:00"), calendar), "2025-12-30T15:00:00+00:00");
	});

	it("refuses to change a statutory timescale, naming it", () => {
		const { timescales, errors } = applyLocalOverrides(TIMESCALES, [{ id: "assessment-completion", amount: 60 }]);
		assert.deepEqual(errors, [
			'"Complete the child and family assessment" (assessment-completion) is set by Working Together to Safeguard Children 2023 and cannot be changed locally.',
		]);
		assert.equal(timescaleById("assessment-completion", timescales).amount, 45);
	});

	it("reports unknown ids, bad amounts, duplicates and same-working-day clocks, and applies nothing", () => {
		const { timescales, errors } = applyLocalOverrides(TIMESCALES, [
			{ id: "urgency-immediate", amount: 2 },
			{ id: "urgency-immediate", amount: 3 },
			{ id: "made-up-clock", amount: 1 },
			{ id: "urgency-one-working-day", amount: 0 },
			{ id: "urgency-three-working-days", amount: 2.5 },
			{ id: "lado-resolution-3-months", amount: 36 },
			{ id: "triage-same-working-day", amount: 2 },
		]);
		assert.equal(errors.length, 6);
		assert.match(errors[0] ?? "", /"urgency-immediate" is adjusted more than once/);
		assert.match(errors[1] ?? "", /Unknown timescale "made-up-clock"/);
		assert.match(errors[2] ?? "", /urgency-one-working-day.*whole number from 1 to 130 working-days, got 0/);
		assert.match(errors[3] ?? "", /urgency-three-working-days.*got 2.5/);
		assert.match(errors[4] ?? "", /lado-resolution-3-months.*from 1 to 24 calendar-months, got 36/);
		assert.match(errors[5] ?? "", /triage-same-working-day.*no amount to adjust/);
		assert.equal(timescaleById("urgency-immediate", timescales).amount, 4);
	});
});

describe("clockStatus", () => {
	const dueInstant = at("2025-12-29T15:00:00+00:00");

	it("is due, with time remaining, before the deadline (inclusive)", () => {
		assert.deepEqual(clockStatus(dueInstant, at("2025-12-29T13:30:00+00:00")), {
			state: "due",
			remainingMs: 90 * 60_000,
			overdueMs: 0,
		});
		assert.deepEqual(clockStatus(dueInstant, dueInstant), {
			state: "due",
			remainingMs: 0,
			overdueMs: 0,
		});
	});

	it("is overdue after the deadline", () => {
		assert.deepEqual(clockStatus(dueInstant, at("2025-12-29T15:00:01+00:00")), {
			state: "overdue",
			remainingMs: 0,
			overdueMs: 1000,
		});
	});

	it("is met or missed once done, whatever the time now", () => {
		const now = at("2026-03-01T12:00:00+00:00");
		assert.deepEqual(clockStatus(dueInstant, now, at("2025-12-29T15:00:00+00:00")), {
			state: "met",
			remainingMs: 0,
			overdueMs: 0,
		});
		assert.deepEqual(clockStatus(dueInstant, now, at("2025-12-24T15:00:00+00:00")), {
			state: "met",
			remainingMs: 5 * 86_400_000,
			overdueMs: 0,
		});
		assert.deepEqual(clockStatus(dueInstant, now, at("2025-12-30T09:00:00+00:00")), {
			state: "missed",
			remainingMs: 0,
			overdueMs: 18 * 3_600_000,
		});
	});
});
