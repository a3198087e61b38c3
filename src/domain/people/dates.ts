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

/** The numbers of a date as typed, before anything checks that they make a date. */
export interface TypedDateFields {
	year: number;
	month?: number;
	day?: number;
}

/** The numbers in a date-shaped piece of text, in UK order; null when it is not shaped like a date. */
function typedFields(text: string): TypedDateFields | null {
	const t = text.trim().toLowerCase();
	let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
	if (m) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
	m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(t);
	if (m) return { year: Number(m[4]), month: Number(m[3]), day: Number(m[1]) };
	m = /^(\d{1,2})[/.-](\d{4})$/.exec(t);
	if (m) return { year: Number(m[2]), month: Number(m[1]) };
	m = /^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([a-z]+\.?),?\s+(\d{4})$/.exec(t);
	if (m) {
		const month = monthFromName(m[2]);
		if (month === null) return null;
		return { year: Number(m[3]), month, day: m[1] === undefined ? undefined : Number(m[1]) };
	}
	m = /^(\d{4})$/.exec(t);
	return m ? { year: Number(m[1]) } : null;
}

/**
 * A date as people type it, in UK order: "12/03/2015", "12-3-2015", "12.3.2015", "2015-03-12",
 * "3/2015", "March 2015", "Mar 2015", "12 March 2015", "12th Mar 2015", "2015". Two-digit
 * years are refused: "12/3/15" could be 1915 for a grandparent. So is a date that does not
 * exist; a search reads one for what it can trust with readTypedDate.
 */
export function parsePartialDate(text: string): PartialDate | null {
	const fields = typedFields(text);
	return fields && partial(fields.year, fields.month, fields.day);
}

/** A day in a month, in any year: what is left of a date of birth whose year cannot be right. */
export interface DayMonth {
	day: number;
	month: number;
}

/** What a search can trust of a date as typed and, when that is not all of it, what to tell the user. */
export interface TrustedDate {
	date?: PartialDate;
	dayMonth?: DayMonth;
	/** What was typed and what the search used of it; only when the date was not real or not likely. */
	note?: string;
}

// Nobody alive was born before it; a later year is at most the expected birth of a baby not yet born.
const EARLIEST_BIRTH_YEAR = 1900;
const LATEST_BIRTH_YEARS_AHEAD = 1;
// A day and month are judged against a leap year when their year cannot be trusted: 29 February is real.
const ANY_LEAP_YEAR = 2000;

function monthName(month: number): string {
	const name = MONTH_NAMES[month - 1];
	return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Keeps what can be trusted of a date that was typed, so a search runs on it rather than
 * refusing: 31/02/2016 is February 2016; 12/13/2015 is 2015 (a month over 12 is a slip, not
 * a date in US order, which nobody here writes); 12/03/1850 is 12 March in any year. `typed`
 * is how the note names the date. Without `today` only years before 1900 are unlikely; with
 * it, so are years more than one after today's.
 */
export function trustTypedDate(fields: TypedDateFields, typed: string, today?: DateInput): TrustedDate {
	const { year, month, day } = fields;
	const latest = today === undefined ? Number.POSITIVE_INFINITY : toCalendarDate(today).year + LATEST_BIRTH_YEARS_AHEAD;
	const likelyYear = year >= EARLIEST_BIRTH_YEAR && year <= latest;
	const unreal = `${typed} is not a real date.`;
	const unlikely = `${typed} is not a likely date of birth.`;
	const unused = "The search did not use it.";
	if (month === undefined) return likelyYear ? { date: { year } } : { note: `${unlikely} ${unused}` };
	if (month < 1 || month > 12) {
		return likelyYear
			? { date: { year }, note: `${unreal} The search used the year ${year}.` }
			: { note: `${unreal} ${unused}` };
	}
	if (day === undefined) return likelyYear ? { date: { year, month } } : { note: `${unlikely} ${unused}` };
	if (likelyYear) {
		return isRealDate(year, month, day)
			? { date: { year, month, day } }
			: { date: { year, month }, note: `${unreal} The search used ${monthName(month)} ${year}.` };
	}
	if (!isRealDate(ANY_LEAP_YEAR, month, day)) return { note: `${unreal} ${unused}` };
	return { dayMonth: { day, month }, note: `${unlikely} The search used ${day} ${monthName(month)}, in any year.` };
}

/**
 * A date-shaped piece of a search, read for what can be trusted of it (see trustTypedDate);
 * null when the piece is not shaped like a date at all.
 */
export function readTypedDate(text: string, today?: DateInput): TrustedDate | null {
	const fields = typedFields(text);
	return fields && trustTypedDate(fields, text.trim().replace(/\s+/g, " "), today);
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
