import assert from "node:assert/strict";
import { describe, it } from "node:test";
import bankHolidays from "./bank-holidays-england-and-wales.json" with { type: "json" };
import { STANDARD_OFFICE_HOURS, validateOfficeHours, WorkingCalendar } from "./working-calendar.ts";

const calendar = new WorkingCalendar({
	officeHours: STANDARD_OFFICE_HOURS,
	bankHolidays: bankHolidays.map((h) => h.date),
	timeZone: "Europe/London",
});

/** Compares instants; expected is written with its London offset so a wrong offset fails. */
function assertSameInstant(actual: Date, expected: string): void {
	assert.equal(actual.toISOString(), new Date(expected).toISOString(), `expected ${expected}`);
}

const at = (iso: string): Date => new Date(iso);

// Anonymous Gregorian algorithm (Meeus/Jones/Butcher): independent of the JSON file.
function easterSunday(year: number): string {
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return ymd(new Date(Date.UTC(year, month - 1, day)));
}

const ymd = (d: Date): string => d.toISOString().slice(0, 10);
const shift = (date: string, days: number): string =>
	ymd(new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000));
const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday

function firstMonday(year: number, month: number): string {
	let d = `${year}-${String(month).padStart(2, "0")}-01`;
	while (weekday(d) !== 1) d = shift(d, 1);
	return d;
}

function lastMonday(year: number, month: number): string {
	let d = shift(`${year}-${String(month + 1).padStart(2, "0")}-01`, -1);
	while (weekday(d) !== 1) d = shift(d, -1);
	return d;
}

/** The usual rules; the one-off changes of 2020, 2022 and 2023 are applied by hand. */
function expectedHolidays(year: number): string[] {
	const easter = easterSunday(year);
	const dates = [shift(easter, -2), shift(easter, 1), firstMonday(year, 5), lastMonday(year, 5), lastMonday(year, 8)];
	const newYear = `${year}-01-01`;
	dates.push(weekday(newYear) === 6 ? shift(newYear, 2) : weekday(newYear) === 0 ? shift(newYear, 1) : newYear);
	const christmas = `${year}-12-25`;
	const christmasWeekday = weekday(christmas);
	if (christmasWeekday === 5)
		dates.push(christmas, shift(christmas, 3)); // Boxing Day Sat → Mon
	else if (christmasWeekday === 6) dates.push(shift(christmas, 2), shift(christmas, 3));
	else if (christmasWeekday === 0) dates.push(shift(christmas, 1), shift(christmas, 2));
	else dates.push(christmas, shift(christmas, 1));
	const replace = (from: string, to: string) => dates.splice(dates.indexOf(from), 1, to);
	if (year === 2020) replace("2020-05-04", "2020-05-08");
	if (year === 2022) {
		replace("2022-05-30", "2022-06-02");
		dates.push("2022-06-03", "2022-09-19");
	}
	if (year === 2023) dates.push("2023-05-08");
	return dates.sort();
}

describe("bank-holidays-england-and-wales.json", () => {
	const byYear = new Map<number, string[]>();
	for (const h of bankHolidays) {
		const year = Number(h.date.slice(0, 4));
		byYear.set(year, [...(byYear.get(year) ?? []), h.date]);
	}

	it("covers 2014 to 2027 with the right number of holidays each year", () => {
		const expectedCount: Record<number, number> = { 2022: 10, 2023: 9 };
		assert.deepEqual(
			[...byYear.keys()],
			Array.from({ length: 14 }, (_, i) => 2014 + i),
		);
		for (const [year, dates] of byYear) assert.equal(dates.length, expectedCount[year] ?? 8, `count for ${year}`);
	});

	it("has Good Friday and Easter Monday matching a computed Easter", () => {
		for (const year of byYear.keys()) {
			const easter = easterSunday(year);
			const titled = (title: string) =>
				bankHolidays.find((h) => h.title === title && h.date.startsWith(`${year}-`))?.date;
			assert.equal(titled("Good Friday"), shift(easter, -2), `Good Friday ${year}`);
			assert.equal(titled("Easter Monday"), shift(easter, 1), `Easter Monday ${year}`);
		}
		assert.equal(easterSunday(2024), "2024-03-31");
		assert.equal(easterSunday(2025), "2025-04-20");
	});

	it("matches the substitute-day and Monday rules, plus the one-off changes", () => {
		for (const [year, dates] of byYear) assert.deepEqual(dates, expectedHolidays(year), `holidays ${year}`);
	});

	it("is sorted, unique, has titles and never falls on a weekend", () => {
		const dates = bankHolidays.map((h) => h.date);
		assert.deepEqual(dates, [...dates].sort());
		assert.equal(new Set(dates).size, dates.length);
		for (const h of bankHolidays) {
			assert.ok(h.title.trim().length > 0);
			assert.ok(![0, 6].includes(weekday(h.date)), `${h.date} is a weekend`);
		}
	});

	it("includes the one-off holidays of 2020, 2022 and 2023", () => {
		const titleOn = (date: string) => bankHolidays.find((h) => h.date === date)?.title ?? "";
		assert.match(titleOn("2020-05-08"), /VE day/);
		assert.match(titleOn("2022-06-02"), /Spring/);
		assert.match(titleOn("2022-06-03"), /Platinum Jubilee/);
		assert.match(titleOn("2022-09-19"), /State Funeral/);
		assert.match(titleOn("2023-05-08"), /coronation/);
	});
});

describe("validateOfficeHours", () => {
	it("accepts standard hours", () => {
		assert.deepEqual(validateOfficeHours(STANDARD_OFFICE_HOURS), []);
		assert.deepEqual(
			validateOfficeHours({
				opens: "00:00",
				closes: "24:00",
				days: [1, 2, 3, 4, 5, 6, 7],
			}),
			[],
		);
	});

	it("reports one message per problem", () => {
		const errors = validateOfficeHours({
			opens: "9:00",
			closes: "25:00",
			days: [],
		});
		assert.equal(errors.length, 3);
		assert.match(errors[0] ?? "", /opening time "9:00".*HH:MM/);
		assert.match(errors[1] ?? "", /closing time "25:00".*HH:MM/);
		assert.match(errors[2] ?? "", /at least one working weekday/);
	});

	it("rejects opening at or after closing, bad weekdays and duplicates", () => {
		assert.deepEqual(validateOfficeHours({ opens: "17:00", closes: "09:00", days: [1] }), [
			"Office opening time 17:00 must be earlier than closing time 09:00 (overnight hours are not supported).",
		]);
		assert.equal(validateOfficeHours({ opens: "09:00", closes: "09:00", days: [1] }).length, 1);
		const days = validateOfficeHours({
			opens: "09:00",
			closes: "17:00",
			days: [0, 8, 1.5, 2, 2],
		});
		assert.equal(days.length, 4);
		assert.match(days[0] ?? "", /Office day 0 is not an ISO weekday/);
		assert.match(days[3] ?? "", /Office day 2 is listed more than once/);
	});

	it("makes the constructor throw with every message, including bad holidays and zones", () => {
		assert.throws(
			() =>
				new WorkingCalendar({
					officeHours: { opens: "18:00", closes: "08:00", days: [] },
					bankHolidays: ["2025-02-30", "25/12/2025"],
					timeZone: "Europe/Londres",
				}),
			(error: Error) => {
				assert.match(error.message, /^Invalid working calendar configuration:/);
				assert.match(error.message, /earlier than closing time/);
				assert.match(error.message, /at least one working weekday/);
				assert.match(error.message, /"2025-02-30" is not a real date/);
				assert.match(error.message, /"25\/12\/2025" is not a real date/);
				assert.match(error.message, /"Europe\/Londres" is not a known IANA time zone/);
				return true;
			},
		);
	});
});

describe("isWorkingDay", () => {
	const cases: Array<[string, boolean, string]> = [
		["2025-12-24T12:00:00+00:00", true, "Christmas Eve 2025 (Wed)"],
		["2025-12-25T12:00:00+00:00", false, "Christmas Day 2025 (Thu)"],
		["2025-12-26T12:00:00+00:00", false, "Boxing Day 2025 (Fri)"],
		["2025-12-27T12:00:00+00:00", false, "Saturday"],
		["2025-12-29T12:00:00+00:00", true, "Mon 29 Dec 2025"],
		["2021-12-27T12:00:00+00:00", false, "Christmas substitute 2021 (Mon)"],
		["2021-12-28T12:00:00+00:00", false, "Boxing Day substitute 2021 (Tue)"],
		["2021-12-29T12:00:00+00:00", true, "Wed 29 Dec 2021"],
		["2022-12-26T12:00:00+00:00", false, "Boxing Day 2022 (Mon)"],
		["2022-12-27T12:00:00+00:00", false, "Christmas substitute 2022 (Tue)"],
		["2022-01-03T12:00:00+00:00", false, "New Year substitute 2022 (Mon)"],
		["2022-01-04T12:00:00+00:00", true, "Tue 4 Jan 2022"],
		["2024-03-29T12:00:00+00:00", false, "Good Friday 2024"],
		["2024-04-01T12:00:00+01:00", false, "Easter Monday 2024"],
		["2022-06-02T12:00:00+01:00", false, "moved Spring bank holiday 2022"],
		["2022-06-03T12:00:00+01:00", false, "Platinum Jubilee"],
		["2022-05-30T12:00:00+01:00", true, "usual Spring bank holiday date, worked in 2022"],
		["2022-09-19T12:00:00+01:00", false, "State funeral of Queen Elizabeth II"],
		["2023-05-08T12:00:00+01:00", false, "Coronation of King Charles III"],
		["2020-05-08T12:00:00+01:00", false, "VE day 2020"],
		["2020-05-04T12:00:00+01:00", true, "first Monday of May 2020, worked"],
	];
	for (const [iso, expected, label] of cases) {
		it(`${label}: ${expected ? "working" : "not working"}`, () =>
			assert.equal(calendar.isWorkingDay(at(iso)), expected));
	}

	it("uses the London date, not the UTC date", () => {
		// 00:30 BST on Tue 20 Sep 2022 is still Mon 19 Sep (the funeral) in UTC.
		assert.equal(calendar.isWorkingDay(at("2022-09-20T00:30:00+01:00")), true);
		// 23:30 BST on Sun 18 Sep is 22:30Z; 00:30 BST on Mon 19 Sep is Sunday 23:30Z.
		assert.equal(calendar.isWorkingDay(at("2022-09-19T00:30:00+01:00")), false);
		assert.equal(calendar.isBankHoliday(at("2022-09-19T00:30:00+01:00")), true);
		assert.equal(calendar.isBankHoliday(at("2022-09-20T00:30:00+01:00")), false);
	});
});

describe("isOfficeHours", () => {
	it("opens at 09:00 inclusive and closes at 17:00 exclusive, in local time", () => {
		assert.equal(calendar.isOfficeHours(at("2025-06-11T08:59:59+01:00")), false);
		assert.equal(calendar.isOfficeHours(at("2025-06-11T09:00:00+01:00")), true);
		assert.equal(calendar.isOfficeHours(at("2025-06-11T16:59:59+01:00")), true);
		assert.equal(calendar.isOfficeHours(at("2025-06-11T17:00:00+01:00")), false);
		// 08:30Z in summer is 09:30 BST: open, although the UTC clock says 08:30.
		assert.equal(calendar.isOfficeHours(at("2025-06-11T08:30:00Z")), true);
		assert.equal(calendar.isOfficeHours(at("2025-12-11T08:30:00Z")), false);
	});

	it("is closed all day on weekends and bank holidays", () => {
		assert.equal(calendar.isOfficeHours(at("2025-06-14T11:00:00+01:00")), false);
		assert.equal(calendar.isOfficeHours(at("2025-12-25T11:00:00+00:00")), false);
	});
});

describe("nextOpening", () => {
	it("returns the instant itself during office hours", () => {
		assertSameInstant(calendar.nextOpening(at("2025-11-12T13:45:00+00:00")), "2025-11-12T13:45:00+00:00");
	});

	it("moves early mornings to 09:00 the same day", () => {
		assertSameInstant(calendar.nextOpening(at("2025-11-12T07:10:00+00:00")), "2025-11-12T09:00:00+00:00");
	});

	it("moves Friday evening and the weekend to Monday 09:00", () => {
		assertSameInstant(calendar.nextOpening(at("2025-11-07T22:00:00+00:00")), "2025-11-10T09:00:00+00:00");
		assertSameInstant(calendar.nextOpening(at("2025-11-08T10:00:00+00:00")), "2025-11-10T09:00:00+00:00");
		assertSameInstant(calendar.nextOpening(at("2025-11-07T17:00:00+00:00")), "2025-11-10T09:00:00+00:00");
	});

	it("skips Christmas 2025 and the Easter 2024 clock change", () => {
		assertSameInstant(calendar.nextOpening(at("2025-12-24T18:00:00+00:00")), "2025-12-29T09:00:00+00:00");
		assertSameInstant(calendar.nextOpening(at("2024-03-28T17:30:00+00:00")), "2024-04-02T09:00:00+01:00");
	});
});

describe("addWorkingDays", () => {
	const cases: Array<[string, number, string, string]> = [
		["2025-11-13T14:30:00+00:00", 1, "2025-11-14T14:30:00+00:00", "Thu 14:30 + 1 = Fri 14:30"],
		["2025-11-14T16:00:00+00:00", 1, "2025-11-17T16:00:00+00:00", "Fri 16:00 + 1 = Mon 16:00"],
		["2025-11-15T10:00:00+00:00", 1, "2025-11-18T09:00:00+00:00", "Sat 10:00 + 1 = Tue 09:00"],
		["2025-11-13T17:00:00+00:00", 1, "2025-11-17T09:00:00+00:00", "Thu 17:00 (closed) + 1 = Mon 09:00"],
		["2025-11-15T10:00:00+00:00", 0, "2025-11-17T09:00:00+00:00", "0 days = next opening"],
		["2025-12-24T15:00:00+00:00", 1, "2025-12-29T15:00:00+00:00", "Christmas 2025"],
		["2021-12-24T11:00:00+00:00", 1, "2021-12-29T11:00:00+00:00", "Christmas 2021 substitutes"],
		["2021-12-23T12:00:00+00:00", 5, "2022-01-04T12:00:00+00:00", "Christmas 2021 into New Year 2022 substitute"],
		["2021-12-31T12:00:00+00:00", 1, "2022-01-04T12:00:00+00:00", "New Year 2022 substitute (Mon 3 Jan)"],
		["2022-12-23T10:00:00+00:00", 1, "2022-12-28T10:00:00+00:00", "Christmas 2022 substitute (Tue 27 Dec)"],
		["2024-03-28T10:00:00+00:00", 1, "2024-04-02T10:00:00+01:00", "Easter 2024 and the March clock change"],
		["2022-06-01T10:00:00+01:00", 1, "2022-06-06T10:00:00+01:00", "Platinum Jubilee 2022"],
		["2022-09-16T14:00:00+01:00", 1, "2022-09-20T14:00:00+01:00", "Queen's state funeral 2022"],
		["2023-05-05T09:30:00+01:00", 1, "2023-05-09T09:30:00+01:00", "Coronation 2023"],
		["2023-04-28T12:00:00+01:00", 1, "2023-05-02T12:00:00+01:00", "Early May 2023"],
		["2025-10-24T10:00:00+01:00", 1, "2025-10-27T10:00:00+00:00", "October 2025 clock change"],
	];
	for (const [start, n, expected, label] of cases) {
		it(label, () => assertSameInstant(calendar.addWorkingDays(at(start), n), expected));
	}

	it("keeps local time across a clock change, so real elapsed time is an hour longer or shorter", () => {
		const friday = at("2025-10-24T10:00:00+01:00");
		const monday = calendar.addWorkingDays(friday, 1);
		assert.equal((monday.getTime() - friday.getTime()) / 3_600_000, 73); // 3 days + the extra autumn hour
		const thursday = at("2024-03-28T10:00:00+00:00");
		const tuesday = calendar.addWorkingDays(thursday, 1);
		assert.equal((tuesday.getTime() - thursday.getTime()) / 3_600_000, 119); // 5 days − the lost spring hour
	});

	it("rejects negative and fractional counts", () => {
		assert.throws(() => calendar.addWorkingDays(at("2025-11-13T10:00:00Z"), -1), RangeError);
		assert.throws(() => calendar.addWorkingDays(at("2025-11-13T10:00:00Z"), 1.5), RangeError);
		assert.throws(() => calendar.addWorkingDays(new Date(Number.NaN), 1), TypeError);
	});
});

describe("endOfWorkingDay", () => {
	it("is 17:00 the same day when received in office hours", () => {
		assertSameInstant(calendar.endOfWorkingDay(at("2025-06-11T10:00:00+01:00")), "2025-06-11T17:00:00+01:00");
		assertSameInstant(calendar.endOfWorkingDay(at("2025-06-11T07:00:00+01:00")), "2025-06-11T17:00:00+01:00");
	});

	it("is 17:00 the next working day when received at 18:00", () => {
		assertSameInstant(calendar.endOfWorkingDay(at("2025-11-18T18:00:00+00:00")), "2025-11-19T17:00:00+00:00");
		assertSameInstant(calendar.endOfWorkingDay(at("2025-11-14T18:00:00+00:00")), "2025-11-17T17:00:00+00:00");
		assertSameInstant(calendar.endOfWorkingDay(at("2025-12-24T18:00:00+00:00")), "2025-12-29T17:00:00+00:00");
	});
});

describe("addWorkingHours", () => {
	it("counts only office hours", () => {
		assertSameInstant(calendar.addWorkingHours(at("2025-11-14T16:00:00+00:00"), 2), "2025-11-17T10:00:00+00:00");
		assertSameInstant(calendar.addWorkingHours(at("2025-11-14T12:00:00+00:00"), 1.5), "2025-11-14T13:30:00+00:00");
	});

	it("ends at closing time rather than the next morning when the hours run out exactly", () => {
		assertSameInstant(calendar.addWorkingHours(at("2025-11-14T09:00:00+00:00"), 8), "2025-11-14T17:00:00+00:00");
	});

	it("starts from the next opening when out of hours", () => {
		assertSameInstant(calendar.addWorkingHours(at("2025-11-07T22:00:00+00:00"), 4), "2025-11-10T13:00:00+00:00");
		assertSameInstant(calendar.addWorkingHours(at("2025-11-08T10:00:00+00:00"), 0), "2025-11-10T09:00:00+00:00");
	});

	it("skips Easter 2024 and lands in summer time", () => {
		assertSameInstant(calendar.addWorkingHours(at("2024-03-28T16:00:00+00:00"), 3), "2024-04-02T11:00:00+01:00");
	});

	it("spans weeks", () => {
		// 22 working days from Mon 1 Dec 2025 (Christmas, Boxing Day and New Year's Day skipped).
		assertSameInstant(calendar.addWorkingHours(at("2025-12-01T09:00:00+00:00"), 22 * 8), "2026-01-02T17:00:00+00:00");
	});
});

describe("workingHoursBetween", () => {
	it("is 0 when b is not after a", () => {
		assert.equal(calendar.workingHoursBetween(at("2025-11-14T12:00:00Z"), at("2025-11-14T12:00:00Z")), 0);
		assert.equal(calendar.workingHoursBetween(at("2025-11-14T12:00:00Z"), at("2025-11-13T12:00:00Z")), 0);
	});

	it("skips a weekend and the Spring bank holiday 2025", () => {
		// Thu 2h + Fri 8h + (Sat, Sun, Mon 26 May bank holiday) + Tue 2h.
		assert.equal(calendar.workingHoursBetween(at("2025-05-22T15:00:00+01:00"), at("2025-05-27T11:00:00+01:00")), 12);
	});

	it("gives fractional hours across Christmas 2025", () => {
		assert.equal(calendar.workingHoursBetween(at("2025-12-24T16:30:00+00:00"), at("2025-12-29T09:15:00+00:00")), 0.75);
	});

	it("is correct over multi-week spans and across the October clock change", () => {
		assert.equal(calendar.workingHoursBetween(at("2025-12-01T09:00:00+00:00"), at("2026-01-02T17:00:00+00:00")), 176);
		assert.equal(calendar.workingHoursBetween(at("2025-10-20T09:00:00+01:00"), at("2025-10-31T17:00:00+00:00")), 80);
		assert.equal(
			calendar.workingHoursBetween(at("2025-01-01T00:00:00+00:00"), at("2026-01-01T00:00:00+00:00")),
			253 * 8,
		); // 261 weekdays in 2025 less 8 bank holidays
	});

	it("agrees with a minute-by-minute count over awkward periods", () => {
		const starts = [
			"2024-03-27T08:17:00+00:00",
			"2025-10-23T15:41:00+01:00",
			"2022-05-31T11:03:00+01:00",
			"2025-12-22T16:59:00+00:00",
		];
		for (const start of starts) {
			const a = at(start);
			const b = new Date(a.getTime() + 7 * 86_400_000 + 13 * 60_000);
			let minutes = 0;
			for (let t = a.getTime(); t < b.getTime(); t += 60_000) if (calendar.isOfficeHours(new Date(t))) minutes++;
			assert.equal(calendar.workingHoursBetween(a, b), minutes / 60, `from ${start}`);
		}
	});

	it("inverts addWorkingHours", () => {
		for (let t = Date.parse("2024-03-20T00:00:00Z"); t < Date.parse("2024-04-10T00:00:00Z"); t += 97 * 60_000) {
			const a = new Date(t);
			for (const hours of [0.5, 7, 8, 19.25]) {
				const b = calendar.addWorkingHours(a, hours);
				assert.equal(calendar.workingHoursBetween(a, b), hours, `${a.toISOString()} + ${hours}h`);
			}
		}
	});
});

describe("workingDaysBetween", () => {
	it("counts whole working days", () => {
		assert.equal(calendar.workingDaysBetween(at("2025-12-24T15:00:00+00:00"), at("2025-12-29T15:00:00+00:00")), 1);
		assert.equal(calendar.workingDaysBetween(at("2025-12-24T15:00:00+00:00"), at("2025-12-29T14:59:00+00:00")), 0);
		assert.equal(calendar.workingDaysBetween(at("2025-09-01T10:00:00+01:00"), at("2025-11-03T10:00:00+00:00")), 45);
		assert.equal(calendar.workingDaysBetween(at("2025-11-07T22:00:00+00:00"), at("2025-11-10T16:00:00+00:00")), 0);
		assert.equal(calendar.workingDaysBetween(at("2025-11-14T12:00:00Z"), at("2025-11-13T12:00:00Z")), 0);
	});

	it("inverts addWorkingDays, including across Christmas and clock changes", () => {
		const windows = [
			["2025-10-15T00:00:00Z", "2025-11-05T00:00:00Z"],
			["2025-12-18T00:00:00Z", "2026-01-08T00:00:00Z"],
		] as const;
		for (const [from, to] of windows) {
			for (let t = Date.parse(from); t < Date.parse(to); t += 53 * 60_000) {
				const a = new Date(t);
				for (const n of [0, 1, 3, 15]) {
					const b = calendar.addWorkingDays(a, n);
					assert.equal(calendar.isOfficeHours(b), true, `${a.toISOString()} + ${n} in office hours`);
					assert.equal(calendar.workingDaysBetween(a, b), n, `${a.toISOString()} + ${n}`);
					assert.equal(calendar.workingDaysBetween(a, new Date(b.getTime() - 1)), Math.max(0, n - 1));
				}
			}
		}
	});
});

describe("other configurations", () => {
	it("supports a 24/7 team, where working hours are real hours", () => {
		const allHours = new WorkingCalendar({
			officeHours: {
				opens: "00:00",
				closes: "24:00",
				days: [1, 2, 3, 4, 5, 6, 7],
			},
			bankHolidays: [],
			timeZone: "Europe/London",
		});
		const a = at("2025-10-25T20:00:00+01:00");
		assert.equal(allHours.isOfficeHours(at("2025-10-26T01:30:00+00:00")), true);
		assertSameInstant(allHours.addWorkingHours(a, 72), "2025-10-28T19:00:00+00:00");
		assert.equal(allHours.workingHoursBetween(a, at("2025-10-28T19:00:00+00:00")), 72);
	});

	it("honours a part-week office", () => {
		const monWed = new WorkingCalendar({
			officeHours: { opens: "08:30", closes: "16:30", days: [1, 3] },
			bankHolidays: [],
			timeZone: "Europe/London",
		});
		assertSameInstant(monWed.addWorkingDays(at("2025-11-10T15:00:00+00:00"), 1), "2025-11-12T15:00:00+00:00");
		assertSameInstant(monWed.nextOpening(at("2025-11-12T16:30:00+00:00")), "2025-11-17T08:30:00+00:00");
	});
});
