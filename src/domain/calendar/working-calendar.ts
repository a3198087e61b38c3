/**
 * Working-day calendar: office hours, weekends and bank holidays, reasoned
 * about in the council's local time (Europe/London). Pure: every function
 * takes the instants it needs; nothing reads the clock or the system zone.
 */
import { TZDate } from "@date-fns/tz";

export interface OfficeHours {
	/** Local opening time, "HH:MM" (24-hour). */
	readonly opens: string;
	/** Local closing time, "HH:MM" (24-hour); "24:00" means midnight at the end of the day. */
	readonly closes: string;
	/** ISO weekdays the office is open: 1 = Monday … 7 = Sunday. */
	readonly days: readonly number[];
}

export interface WorkingCalendarConfig {
	readonly officeHours: OfficeHours;
	/** Local dates, "YYYY-MM-DD", on which the office is closed. */
	readonly bankHolidays: readonly string[];
	/** IANA zone the office works in, normally "Europe/London". */
	readonly timeZone: string;
}

export const STANDARD_OFFICE_HOURS: OfficeHours = {
	opens: "09:00",
	closes: "17:00",
	days: [1, 2, 3, 4, 5],
};

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
// A config whose every office day is a bank holiday would otherwise loop forever.
const MAX_DAYS_TO_SEARCH = 366 * 5;
// Opening/closing instants are memoised per local day; this bounds the memo in a long-running process.
const MAX_CACHED_DAYS = 20_000;
const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * A local calendar date as a whole number of days since 1970-01-01. Dates carry
 * no zone, so plain UTC arithmetic is just a calendar here; only turning a date
 * and wall-clock time into an instant needs the time zone.
 */
type EpochDay = number;

const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function minutesOf(hhmm: string): number {
	const [h, m] = hhmm.split(":").map(Number);
	return (h ?? 0) * 60 + (m ?? 0);
}

function epochDayOfDate(ymd: string): EpochDay {
	const [y, m, d] = ymd.split("-").map(Number) as [number, number, number];
	return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

function isoWeekday(day: EpochDay): number {
	// 1970-01-01 was a Thursday (ISO 4).
	return ((((day + 3) % 7) + 7) % 7) + 1;
}

function formatDay(day: EpochDay): string {
	return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Returns one human-readable message per problem; empty when the config is usable. */
export function validateOfficeHours(officeHours: OfficeHours): string[] {
	const errors: string[] = [];
	const opensOk = TIME_PATTERN.test(officeHours.opens);
	const closesOk = TIME_PATTERN.test(officeHours.closes) || officeHours.closes === "24:00";
	if (!opensOk) {
		errors.push(
			`Office opening time "${officeHours.opens}" must be a 24-hour time written HH:MM, for example "09:00".`,
		);
	}
	if (!closesOk) {
		errors.push(
			`Office closing time "${officeHours.closes}" must be a 24-hour time written HH:MM, for example "17:00".`,
		);
	}
	if (opensOk && closesOk && minutesOf(officeHours.opens) >= minutesOf(officeHours.closes)) {
		errors.push(
			`Office opening time ${officeHours.opens} must be earlier than closing time ${officeHours.closes} (overnight hours are not supported).`,
		);
	}
	if (officeHours.days.length === 0) {
		errors.push("Office hours must include at least one working weekday.");
	}
	const seen = new Set<number>();
	for (const day of officeHours.days) {
		if (!Number.isInteger(day) || day < 1 || day > 7) {
			errors.push(`Office day ${day} is not an ISO weekday; use 1 (Monday) to 7 (Sunday).`);
		} else if (seen.has(day)) {
			errors.push(`Office day ${day} is listed more than once.`);
		}
		seen.add(day);
	}
	return errors;
}

function isRealDate(ymd: string): boolean {
	if (!DATE_PATTERN.test(ymd)) return false;
	const [y, m, d] = ymd.split("-").map(Number) as [number, number, number];
	const u = new Date(Date.UTC(y, m - 1, d));
	return u.getUTCFullYear() === y && u.getUTCMonth() === m - 1 && u.getUTCDate() === d;
}

function isValidTimeZone(timeZone: string): boolean {
	try {
		new Intl.DateTimeFormat("en-GB", { timeZone });
		return true;
	} catch {
		return false;
	}
}

function assertInstant(value: Date, name: string): void {
	if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
		throw new TypeError(`${name} must be a valid Date.`);
	}
}

export class WorkingCalendar {
	readonly officeHours: OfficeHours;
	readonly timeZone: string;
	private readonly holidays: ReadonlySet<EpochDay>;
	private readonly officeDays: ReadonlySet<number>;
	private readonly opensMinutes: number;
	private readonly closesMinutes: number;
	private readonly hoursByDay = new Map<EpochDay, { opens: number; closes: number }>();
	private readonly offsetByQuarter = new Map<number, number>();

	constructor(config: WorkingCalendarConfig) {
		const errors = validateOfficeHours(config.officeHours);
		for (const date of config.bankHolidays) {
			if (!isRealDate(date)) errors.push(`Bank holiday "${date}" is not a real date written YYYY-MM-DD.`);
		}
		if (!isValidTimeZone(config.timeZone)) errors.push(`Time zone "${config.timeZone}" is not a known IANA time zone.`);
		if (errors.length > 0) {
			throw new Error(`Invalid working calendar configuration:\n- ${errors.join("\n- ")}`);
		}
		this.officeHours = {
			...config.officeHours,
			days: [...config.officeHours.days],
		};
		this.timeZone = config.timeZone;
		this.holidays = new Set(config.bankHolidays.map(epochDayOfDate));
		this.officeDays = new Set(config.officeHours.days);
		this.opensMinutes = minutesOf(config.officeHours.opens);
		this.closesMinutes = minutesOf(config.officeHours.closes);
	}

	/** True when the London-local date of `date` is an office day and not a bank holiday. */
	isWorkingDay(date: Date): boolean {
		assertInstant(date, "date");
		return this.isWorkingLocalDay(this.localDayOf(date));
	}

	isBankHoliday(date: Date): boolean {
		assertInstant(date, "date");
		return this.holidays.has(this.localDayOf(date));
	}

	/** Opening time is inclusive, closing time exclusive: 17:00 is already out of hours. */
	isOfficeHours(instant: Date): boolean {
		assertInstant(instant, "instant");
		const day = this.localDayOf(instant);
		if (!this.isWorkingLocalDay(day)) return false;
		const { opens, closes } = this.hoursOn(day);
		const t = instant.getTime();
		return opens <= t && t < closes;
	}

	/** `instant` itself when the office is open, otherwise the next time it opens. */
	nextOpening(instant: Date): Date {
		assertInstant(instant, "instant");
		return new Date(this.nextOpeningMs(instant.getTime()));
	}

	/**
	 * Same local clock time, `n` working days later, counted from `nextOpening(instant)`.
	 * Local time is kept across clock changes, so elapsed real time can be ±1 hour.
	 */
	addWorkingDays(instant: Date, n: number): Date {
		assertInstant(instant, "instant");
		if (!Number.isInteger(n) || n < 0)
			throw new RangeError(`Working days to add must be a whole number ≥ 0, got ${n}.`);
		const start = this.nextOpeningMs(instant.getTime());
		let day = this.localDayOf(new Date(start));
		for (let i = 0; i < n; i++) day = this.nextWorkingDayAfter(day);
		return new Date(this.sameWallClockOn(start, day));
	}

	/** Closing time of the working day on which the clock starts ("same working day"). */
	endOfWorkingDay(instant: Date): Date {
		assertInstant(instant, "instant");
		const start = this.nextOpeningMs(instant.getTime());
		return new Date(this.hoursOn(this.localDayOf(new Date(start))).closes);
	}

	/** Spends `hours` (fractions allowed) of office time, starting from `nextOpening(instant)`. */
	addWorkingHours(instant: Date, hours: number): Date {
		assertInstant(instant, "instant");
		if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`Working hours to add must be ≥ 0, got ${hours}.`);
		let remaining = Math.round(hours * MS_PER_HOUR);
		let cursor = this.nextOpeningMs(instant.getTime());
		for (;;) {
			const { closes } = this.hoursOn(this.localDayOf(new Date(cursor)));
			// Finishing exactly at closing time is the end of that day, not the next morning.
			if (remaining <= closes - cursor) return new Date(cursor + remaining);
			remaining -= closes - cursor;
			cursor = this.nextOpeningMs(closes);
		}
	}

	/** Office hours (fractional) elapsed in [a, b); 0 when b <= a. One step per calendar day. */
	workingHoursBetween(a: Date, b: Date): number {
		assertInstant(a, "a");
		assertInstant(b, "b");
		const from = a.getTime();
		const to = b.getTime();
		if (to <= from) return 0;
		const last = this.localDayOf(b);
		let total = 0;
		for (let day = this.localDayOf(a); day <= last; day++) {
			if (!this.isWorkingLocalDay(day)) continue;
			const { opens, closes } = this.hoursOn(day);
			const overlap = Math.min(to, closes) - Math.max(from, opens);
			if (overlap > 0) total += overlap;
		}
		return total / MS_PER_HOUR;
	}

	/**
	 * Whole working days in [a, b]: the largest n with `addWorkingDays(a, n) <= b`,
	 * so it is the exact inverse of addWorkingDays.
	 */
	workingDaysBetween(a: Date, b: Date): number {
		assertInstant(a, "a");
		assertInstant(b, "b");
		const start = this.nextOpeningMs(a.getTime());
		if (b.getTime() <= start) return 0;
		const last = this.localDayOf(b);
		let count = 0;
		let lastWorking = this.localDayOf(new Date(start));
		for (let day = lastWorking + 1; day <= last; day++) {
			if (this.isWorkingLocalDay(day)) {
				count++;
				lastWorking = day;
			}
		}
		if (count === 0) return 0;
		return this.sameWallClockOn(start, lastWorking) <= b.getTime() ? count : count - 1;
	}

	private nextOpeningMs(t: number): number {
		const day = this.localDayOf(new Date(t));
		if (this.isWorkingLocalDay(day)) {
			const { opens, closes } = this.hoursOn(day);
			if (t < opens) return opens;
			if (t < closes) return t;
		}
		return this.hoursOn(this.nextWorkingDayAfter(day)).opens;
	}

	private isWorkingLocalDay(day: EpochDay): boolean {
		return this.officeDays.has(isoWeekday(day)) && !this.holidays.has(day);
	}

	private nextWorkingDayAfter(day: EpochDay): EpochDay {
		for (let candidate = day + 1; candidate <= day + MAX_DAYS_TO_SEARCH; candidate++) {
			if (this.isWorkingLocalDay(candidate)) return candidate;
		}
		throw new Error(
			`No working day within ${MAX_DAYS_TO_SEARCH} days after ${formatDay(day)}; check office days and bank holidays.`,
		);
	}

	private localDayOf(instant: Date): EpochDay {
		const t = instant.getTime();
		return Math.floor((t + this.utcOffsetAt(t)) / MS_PER_DAY);
	}

	/**
	 * The zone's offset from UTC at an instant, in ms. Working it out through Intl is slow
	 * (a tray row asks for it once for every day it is late), and zones change offset only
	 * on a quarter-hour, so it is kept for each quarter-hour asked about.
	 */
	private utcOffsetAt(t: number): number {
		const quarter = Math.floor(t / QUARTER_HOUR_MS);
		let offset = this.offsetByQuarter.get(quarter);
		if (offset === undefined) {
			if (this.offsetByQuarter.size >= MAX_CACHED_DAYS) this.offsetByQuarter.clear();
			offset = -new TZDate(quarter * QUARTER_HOUR_MS, this.timeZone).getTimezoneOffset() * 60_000;
			this.offsetByQuarter.set(quarter, offset);
		}
		return offset;
	}

	/** The instant on `day` showing the same local wall-clock time as `instant`. */
	private sameWallClockOn(instant: number, day: EpochDay): number {
		const wall = new TZDate(instant, this.timeZone);
		return this.atLocal(day, wall.getHours(), wall.getMinutes(), wall.getSeconds(), wall.getMilliseconds());
	}

	private atLocal(day: EpochDay, hours: number, minutes: number, seconds = 0, ms = 0): number {
		const date = new Date(day * MS_PER_DAY);
		const local = new TZDate(
			date.getUTCFullYear(),
			date.getUTCMonth(),
			date.getUTCDate(),
			hours,
			minutes,
			seconds,
			ms,
			this.timeZone,
		);
		return local.getTime();
	}

	private hoursOn(day: EpochDay): { opens: number; closes: number } {
		let hours = this.hoursByDay.get(day);
		if (!hours) {
			if (this.hoursByDay.size >= MAX_CACHED_DAYS) this.hoursByDay.clear();
			hours = {
				opens: this.atLocal(day, Math.floor(this.opensMinutes / 60), this.opensMinutes % 60),
				// "24:00" is hour 24, which TZDate rolls over to the next local midnight.
				closes: this.atLocal(day, Math.floor(this.closesMinutes / 60), this.closesMinutes % 60),
			};
			this.hoursByDay.set(day, hours);
		}
		return hours;
	}
}
