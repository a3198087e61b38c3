// How late a task is, in the two clocks people talk in: the time on the wall, and the
// office's working time (a task due at 5pm on Friday is three days late on Monday
// evening, and one working day late). Shown together where they differ.
import type { WorkingCalendar } from "../calendar/working-calendar.ts";

export interface Lateness {
	overdue: boolean;
	/** "2 days 3 hours", "45 minutes": clock time since the due time. */
	clock: string;
	/** The same in office hours, or null where it says the same as the clock. */
	working: string | null;
}

/** A duration in minutes as people say it: the two largest units, never "0 minutes" for a late task. */
export function sayMinutes(minutes: number, unit: "" | "working " = ""): string {
	const m = Math.max(1, Math.round(minutes));
	const days = Math.floor(m / 1440);
	const hours = Math.floor((m % 1440) / 60);
	const mins = m % 60;
	const part = (n: number, word: string) => `${n} ${unit}${word}${n === 1 ? "" : "s"}`;
	if (days) return [part(days, "day"), hours ? part(hours, "hour") : ""].filter(Boolean).join(" ");
	if (hours) return [part(hours, "hour"), mins ? part(mins, "minute") : ""].filter(Boolean).join(" ");
	return part(mins, "minute");
}

/** Working time is said in hours and minutes only: a "working day" differs between councils. */
function sayWorkingMinutes(minutes: number): string {
	const m = Math.round(minutes);
	if (m <= 0) return "none of it in office hours";
	const hours = Math.floor(m / 60);
	const mins = m % 60;
	const part = (n: number, word: string) => `${n} working ${word}${n === 1 ? "" : "s"}`;
	return [hours ? part(hours, "hour") : "", mins ? part(mins, "minute") : ""].filter(Boolean).join(" ");
}

export function lateness(due: Date, now: Date, calendar: WorkingCalendar): Lateness {
	const overdue = now.getTime() > due.getTime();
	if (!overdue) return { overdue, clock: "", working: null };
	const clockMinutes = (now.getTime() - due.getTime()) / 60_000;
	const workingMinutes = calendar.workingHoursBetween(due, now) * 60;
	const differs = Math.abs(clockMinutes - workingMinutes) >= 1;
	return {
		overdue,
		clock: sayMinutes(clockMinutes),
		working: differs ? sayWorkingMinutes(workingMinutes) : null,
	};
}
