/**
 * Dates of birth: plausibility checks, age, and the partial dates people type when they
 * remember only some of a date. Calendar dates carry no time or zone; "today" is the
 * council's local date, given as "YYYY-MM-DD" or as an instant read in Europe/London. Pure.
 */
import { TZDate } from "@date-fns/tz";

export interface CalendarDate {
	year: number;
	month: number;
	day: number;
}

/** What a person remembers of a date: a year, perhaps a month, perhaps a day. */
export interface PartialDate {
	year: number;
	month?: number;
	day?: number;
}

/** "YYYY-MM-DD", a calendar date, or an instant, which is read as its date in the council's zone. */
export type DateInput = string | CalendarDate | Date;

const TIME_ZONE = "Europe/London";

const MAX_AGE = 120;
const EXPECTED_BIRTH_MONTHS_AHEAD = 10;
const EXPECTED_BIRTH_MONTHS_BEHIND = 1;

const MONTH_NAMES = [
	"january",
	"february",
	"march",
	"april",
	"may",
	"june",
	"july",
	"august",
	"september",
	"october",
	"november",
	"december",
];

function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
	if (month === 2) return isLeapYear(year) ? 29 : 28;
	return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isRealDate(year: number, month: number, day: number): boolean {
	return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Strict "YYYY-MM-DD" that names a real day, or null. */
export function parseIsoDate(iso: string): CalendarDate | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	if (!match) return null;
	const [year, month, day] = match.slice(1).map(Number);
	return isRealDate(year, month, day) ? { year, month, day } : null;
}

export function formatIsoDate(date: CalendarDate): string {
	const pad = (n: number, width: number): string => String(n).padStart(width, "0");
	return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

export function toCalendarDate(input: DateInput): CalendarDate {
	if (input instanceof Date) {
		const local = new TZDate(input.getTime(), TIME_ZONE);
		return { year: local.getFullYear(), month: local.getMonth() + 1, day: local.getDate() };
	}
	if (typeof input !== "string") return input;
	const date = parseIsoDate(input);
	if (!date) throw new Error(`Not a date: ${input}`);
	return date;
}

/** Orders dates: negative when a is earlier. */
function compareDates(a: CalendarDate, b: CalendarDate): number {
	return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Calendar months later (or earlier, when negative), clamped to the month's end: 31 Jan + 1 = 28/29 Feb. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
	const index = date.year * 12 + (date.month - 1) + months;
	const year = Math.floor(index / 12);
	const month = (index % 12) + 1;
	return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** Age in completed years; someone born on 29 February turns a year older on 1 March in other years. */
export function ageOn(dob: DateInput, on: DateInput): number {
	const birth = toCalendarDate(dob);
	const day = toCalendarDate(on);
	const hadBirthday = day.month > birth.month || (day.month === birth.month && day.day >= birth.day);
	return day.year - birth.year - (hadBirthday ? 0 : 1);
}

export function dateOfBirthProblem(iso: string, today: DateInput): string | null {
	const dob = parseIsoDate(iso);
	if (!dob) return "Date of birth must be a real date";
	const now = toCalendarDate(today);
	if (compareDates(dob, now) > 0) return "Date of birth must be today or in the past";
	if (ageOn(dob, now) > MAX_AGE) return `Date of birth cannot be more than ${MAX_AGE} years ago`;
	return null;
}

export function expectedBirthDateProblem(iso: string, today: DateInput): string | null {
	const expected = parseIsoDate(iso);
	if (!expected) return "Expected date of birth must be a real date";
	const now = toCalendarDate(today);
	if (compareDates(expected, addMonths(now, EXPECTED_BIRTH_MONTHS_AHEAD)) > 0) {
		return `Expected date of birth must be within the next ${EXPECTED_BIRTH_MONTHS_AHEAD} months`;
	}
	// An expected date well past means the baby has probably been born and the record needs a date of birth.
	if (compareDates(expected, addMonths(now, -EXPECTED_BIRTH_MONTHS_BEHIND)) < 0) {
		return "Expected date of birth cannot be more than a month ago – if the baby has been born, enter their date of birth";
	}
	return null;
}

function monthFromName(word: string): number | null {
	const name = word.toLowerCase().replace(/\.$/, "");
	if (name.length < 3) return null;
	const index = MONTH_NAMES.findIndex((month) => month.startsWith(name));
	return index < 0 ? null : index + 1;
}

function partial(year: number, month?: number, day?: number): PartialDate | null {
	if (month === undefined) return { year };
	if (month < 1 || month > 12) return null;
	if (day === undefined) return { year, month };
	return isRealDate(year, month, day) ? { year, month, day } : null;
}

/**
 * A date as people type it, in UK order: "12/03/2015", "12-3-2015", "12.3.2015", "2015-03-12",
 * "3/2015", "March 2015", "Mar 2015", "12 March 2015", "12th Mar 2015", "2015". Two-digit
 * years are refused: "12/3/15" could be 1915 for a grandparent.
 */
export function parsePartialDate(text: string): PartialDate | null {
	const t = text.trim().toLowerCase();
	let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
	if (m) return partial(Number(m[1]), Number(m[2]), Number(m[3]));
	m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(t);
	if (m) return partial(Number(m[4]), Number(m[3]), Number(m[1]));
	m = /^(\d{1,2})[/.-](\d{4})$/.exec(t);
	if (m) return partial(Number(m[2]), Number(m[1]));
	m = /^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([a-z]+\.?),?\s+(\d{4})$/.exec(t);
	if (m) {
		const month = monthFromName(m[2]);
		return month === null ? null : partial(Number(m[3]), month, m[1] === undefined ? undefined : Number(m[1]));
	}
	m = /^(\d{4})$/.exec(t);
	return m ? partial(Number(m[1])) : null;
}

/**
 * The date with day and month exchanged (12/03 ↔ 03/12), when that is a different real date;
 * given "YYYY-MM-DD", answers in the same form.
 */
export function swappedDayMonth(date: string): string | null;
export function swappedDayMonth(date: PartialDate): CalendarDate | null;
export function swappedDayMonth(date: string | PartialDate): string | CalendarDate | null {
	if (typeof date === "string") {
		const parsed = parseIsoDate(date);
		const swapped = parsed && swappedDayMonth(parsed);
		return swapped ? formatIsoDate(swapped) : null;
	}
	const { year, month, day } = date;
	if (month === undefined || day === undefined || day > 12 || day === month) return null;
	return { year, month: day, day: month };
}
