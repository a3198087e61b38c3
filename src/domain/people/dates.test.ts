import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
	addMonths,
	ageOn,
	dateOfBirthProblem,
	expectedBirthDateProblem,
	formatIsoDate,
	parseIsoDate,
	parsePartialDate,
	readTypedDate,
	swappedDayMonth,
	toCalendarDate,
	trustTypedDate,
} from "./dates.ts";

const today = "2025-06-15";

describe("dates of birth", () => {
	it("accepts today and any day in the last 120 years", () => {
		for (const dob of ["2025-06-15", "2015-03-12", "1905-06-15", "2024-02-29"]) {
			assert.equal(dateOfBirthProblem(dob, today), null, dob);
		}
	});

	it("rejects a birth in the future", () => {
		assert.equal(dateOfBirthProblem("2025-06-16", today), "Date of birth must be today or in the past");
	});

	it("rejects an age over 120", () => {
		assert.equal(dateOfBirthProblem("1905-06-16", today), null, "still 119");
		assert.equal(dateOfBirthProblem("1904-06-15", today), "Date of birth cannot be more than 120 years ago");
	});

	it("rejects dates that do not exist", () => {
		for (const dob of ["2015-02-29", "2015-13-01", "2015-04-31", "15-03-2015", "2015-3-12"]) {
			assert.equal(dateOfBirthProblem(dob, today), "Date of birth must be a real date", dob);
		}
	});

	it("reads an instant as the date in London", () => {
		// 23:30 UTC on 15 June is already 16 June in British Summer Time.
		const lateEvening = new Date("2025-06-15T23:30:00Z");
		assert.deepEqual(toCalendarDate(lateEvening), { year: 2025, month: 6, day: 16 });
		assert.equal(dateOfBirthProblem("2025-06-16", lateEvening), null);
	});
});

describe("expected dates of birth", () => {
	it("accepts dates from a month ago to 10 months ahead", () => {
		for (const expected of ["2025-05-15", "2025-06-15", "2026-01-01", "2026-04-15"]) {
			assert.equal(expectedBirthDateProblem(expected, today), null, expected);
		}
	});

	it("rejects dates more than 10 months ahead", () => {
		assert.equal(
			expectedBirthDateProblem("2026-04-16", today),
			"Expected date of birth must be within the next 10 months",
		);
	});

	it("rejects dates more than a month past, pointing to the date of birth", () => {
		assert.match(expectedBirthDateProblem("2025-05-14", today) ?? "", /more than a month ago.*date of birth/);
	});

	it("rejects dates that do not exist", () => {
		assert.equal(expectedBirthDateProblem("2025-09-31", today), "Expected date of birth must be a real date");
	});
});

describe("age", () => {
	it("counts completed years", () => {
		assert.equal(ageOn("2015-03-12", "2025-03-11"), 9);
		assert.equal(ageOn("2015-03-12", "2025-03-12"), 10);
		assert.equal(ageOn("2025-06-15", "2025-06-15"), 0);
	});

	it("turns someone born on 29 February a year older on 1 March in other years", () => {
		assert.equal(ageOn("2012-02-29", "2025-02-28"), 12);
		assert.equal(ageOn("2012-02-29", "2025-03-01"), 13);
		assert.equal(ageOn("2012-02-29", "2024-02-29"), 12);
	});

	it("adds months, clamping to the end of a shorter month", () => {
		assert.deepEqual(addMonths({ year: 2025, month: 1, day: 31 }, 1), { year: 2025, month: 2, day: 28 });
		assert.deepEqual(addMonths({ year: 2025, month: 6, day: 15 }, 10), { year: 2026, month: 4, day: 15 });
		assert.deepEqual(addMonths({ year: 2025, month: 1, day: 15 }, -1), { year: 2024, month: 12, day: 15 });
	});
});

describe("partial dates as typed", () => {
	it("reads full dates in UK order and ISO form", () => {
		const full = { year: 2015, month: 3, day: 12 };
		for (const typed of ["12/03/2015", "12-3-2015", "12.3.2015", "2015-03-12", "12 March 2015", "12th Mar 2015"]) {
			assert.deepEqual(parsePartialDate(typed), full, typed);
		}
	});

	it("reads a month and year", () => {
		for (const typed of ["3/2015", "03-2015", "March 2015", "Mar 2015", "mar. 2015", "MARCH, 2015"]) {
			assert.deepEqual(parsePartialDate(typed), { year: 2015, month: 3 }, typed);
		}
		assert.deepEqual(parsePartialDate("Sept 2015"), { year: 2015, month: 9 });
	});

	it("reads a year alone", () => {
		assert.deepEqual(parsePartialDate("2015"), { year: 2015 });
	});

	it("refuses impossible, ambiguous and unknown dates", () => {
		for (const typed of [
			"31/02/2015",
			"12/13/2015",
			"13/2015",
			"12/3/15",
			"Smarch 2015",
			"ma 2015",
			"",
			"bob",
			"2015-02-30",
		]) {
			assert.equal(parsePartialDate(typed), null, typed);
		}
	});

	it("does not mix separators", () => {
		assert.equal(parsePartialDate("12/03-2015"), null);
	});
});

describe("dates as typed, for a search", () => {
	it("leaves real and likely dates as they are, without a note", () => {
		const cases: [string, object][] = [
			["29/02/2016", { date: { year: 2016, month: 2, day: 29 } }],
			["12/3/2015", { date: { year: 2015, month: 3, day: 12 } }],
			["1/1/1900", { date: { year: 1900, month: 1, day: 1 } }],
			["March 2015", { date: { year: 2015, month: 3 } }],
			["2015", { date: { year: 2015 } }],
			// An unborn baby's expected date may be next year.
			["31/12/2026", { date: { year: 2026, month: 12, day: 31 } }],
		];
		for (const [typed, expected] of cases) assert.deepEqual(readTypedDate(typed, today), expected, typed);
	});

	it("keeps the month and year of a date whose day does not exist in that month", () => {
		const cases: [string, number, string][] = [
			["31/02/2016", 2, "February 2016"],
			["29/02/2015", 2, "February 2015"],
			["32/01/2016", 1, "January 2016"],
			["0/3/2016", 3, "March 2016"],
			["2016-02-30", 2, "February 2016"],
			["31 Feb 2016", 2, "February 2016"],
		];
		for (const [typed, month, used] of cases) {
			const year = Number(used.slice(-4));
			assert.deepEqual(
				readTypedDate(typed, today),
				{ date: { year, month }, note: `${typed} is not a real date. The search used ${used}.` },
				typed,
			);
		}
	});

	it("keeps only the year when the month does not exist, and never reads it as US order", () => {
		assert.deepEqual(readTypedDate("3/41/1980", today), {
			date: { year: 1980 },
			note: "3/41/1980 is not a real date. The search used the year 1980.",
		});
		assert.deepEqual(readTypedDate("12/13/2015", today), {
			date: { year: 2015 },
			note: "12/13/2015 is not a real date. The search used the year 2015.",
		});
		assert.deepEqual(readTypedDate("13/2015", today), {
			date: { year: 2015 },
			note: "13/2015 is not a real date. The search used the year 2015.",
		});
	});

	it("keeps the day and month when the year cannot be a birth year", () => {
		assert.deepEqual(readTypedDate("12/03/1850", today), {
			dayMonth: { day: 12, month: 3 },
			note: "12/03/1850 is not a likely date of birth. The search used 12 March, in any year.",
		});
		// More than a year after today (15 June 2025).
		assert.deepEqual(readTypedDate("1/1/2027", today), {
			dayMonth: { day: 1, month: 1 },
			note: "1/1/2027 is not a likely date of birth. The search used 1 January, in any year.",
		});
		assert.deepEqual(readTypedDate("29/02/1899", today)?.dayMonth, { day: 29, month: 2 }, "29 February is a real day");
	});

	it("uses nothing when neither the year nor the rest can be trusted", () => {
		for (const typed of ["31/02/1850", "3/41/1850", "March 1850", "2099"]) {
			const read = readTypedDate(typed, today);
			assert.equal(read?.date, undefined, typed);
			assert.equal(read?.dayMonth, undefined, typed);
			assert.match(
				read?.note ?? "",
				new RegExp(`^${typed} is not a (real date|likely date of birth)\\. The search did not use it\\.$`),
			);
		}
	});

	it("bounds only the earliest year when it is not told today's date", () => {
		assert.deepEqual(trustTypedDate({ year: 2099, month: 3, day: 12 }, "12/3/2099"), {
			date: { year: 2099, month: 3, day: 12 },
		});
		assert.equal(trustTypedDate({ year: 1899 }, "1899").date, undefined);
	});

	it("reads nothing from what is not shaped like a date", () => {
		for (const typed of ["12/3/15", "Smarch 2015", "bob", ""]) assert.equal(readTypedDate(typed, today), null, typed);
	});
});

describe("day and month swapped", () => {
	it("gives the other reading when the day could be a month", () => {
		assert.deepEqual(swappedDayMonth({ year: 2015, month: 3, day: 12 }), { year: 2015, month: 12, day: 3 });
		assert.equal(swappedDayMonth("2015-03-12"), "2015-12-03");
	});

	it("gives nothing when the swap is impossible or the same date", () => {
		assert.equal(swappedDayMonth({ year: 2015, month: 3, day: 13 }), null);
		assert.equal(swappedDayMonth({ year: 2015, month: 3, day: 3 }), null);
		assert.equal(swappedDayMonth({ year: 2015, month: 3 }), null);
		assert.equal(swappedDayMonth("2015-03-25"), null);
		assert.equal(swappedDayMonth("not a date"), null);
	});

	it("round-trips ISO dates", () => {
		assert.deepEqual(parseIsoDate("2015-03-12"), { year: 2015, month: 3, day: 12 });
		assert.equal(formatIsoDate({ year: 2015, month: 3, day: 2 }), "2015-03-02");
	});
});
