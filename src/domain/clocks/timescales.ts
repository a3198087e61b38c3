/**
 * Every statutory and local timescale ("clock") the service works to, declared
 * once, plus the arithmetic that turns a start instant into a due instant.
 * Pure: callers pass the instants and the working calendar.
 */
import { TZDate } from "@date-fns/tz";
import { addMonths } from "date-fns";
import type { WorkingCalendar } from "../calendar/working-calendar.ts";

export type TimescaleUnit = "clock-hours" | "working-hours" | "working-days" | "same-working-day" | "calendar-months";

/** 'statutory' = set nationally (law, statutory guidance, DfE definitions): never locally adjustable. */
export type TimescaleKind = "statutory" | "local";

export interface Timescale {
	readonly id: string;
	readonly name: string;
	readonly unit: TimescaleUnit;
	/** For 'same-working-day' this is always 1 and carries no meaning. */
	readonly amount: number;
	readonly starts: string;
	readonly ends: string;
	readonly source: string;
	readonly kind: TimescaleKind;
}

const WT2023 = "Working Together to Safeguard Children 2023";
const MISSING_2014 = "Statutory guidance on children who run away or go missing from home or care 2014";
const LOCAL = "Local practice standard";

export const TIMESCALES: readonly Timescale[] = [
	{
		id: "contact-acknowledgement",
		name: "Acknowledge a referral to the referrer",
		unit: "working-days",
		amount: 1,
		starts: "contact or referral received by children's social care",
		ends: "receipt acknowledged to the referrer",
		source: WT2023,
		kind: "statutory",
	},
	{
		id: "referral-decision",
		name: "Decide the type of response needed",
		unit: "working-days",
		amount: 1,
		starts: "referral received by children's social care",
		ends: "decision on next steps and type of response recorded",
		source: WT2023,
		kind: "statutory",
	},
	{
		id: "assessment-completion",
		name: "Complete the child and family assessment",
		unit: "working-days",
		amount: 45,
		starts: "referral received by children's social care",
		ends: "assessment concluded and authorised",
		source: WT2023,
		kind: "statutory",
	},
	{
		id: "strategy-to-icpc",
		name: "Hold the initial child protection conference",
		unit: "working-days",
		amount: 15,
		starts: "strategy discussion at which section 47 enquiries were initiated",
		ends: "initial child protection conference held",
		source: WT2023,
		kind: "statutory",
	},
	{
		id: "serious-incident-notification",
		name: "Notify a serious incident to the Child Safeguarding Practice Review Panel",
		unit: "working-days",
		amount: 5,
		starts: "local authority becomes aware of the serious incident",
		ends: "notification submitted to the Panel (and Ofsted)",
		source: WT2023,
		kind: "statutory",
	},
	{
		id: "return-home-interview",
		name: "Offer a return home interview",
		unit: "clock-hours",
		amount: 72,
		starts: "child returns after being missing",
		ends: "return home interview carried out",
		source: MISSING_2014,
		kind: "statutory",
	},
	{
		id: "triage-same-working-day",
		name: "Triage a new contact",
		unit: "same-working-day",
		amount: 1,
		starts: "contact received at the front door",
		ends: "triage decision and urgency recorded",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "urgency-immediate",
		name: "Respond to an immediate-urgency contact",
		unit: "clock-hours",
		amount: 4,
		starts: "contact triaged as immediate",
		ends: "first response made (child seen or protective action taken)",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "urgency-same-working-day",
		name: "Respond to a same-day contact",
		unit: "same-working-day",
		amount: 1,
		starts: "contact triaged as same working day",
		ends: "first response made",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "urgency-one-working-day",
		name: "Respond to a next-working-day contact",
		unit: "working-days",
		amount: 1,
		starts: "contact triaged as one working day",
		ends: "first response made",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "urgency-three-working-days",
		name: "Respond to a three-working-day contact",
		unit: "working-days",
		amount: 3,
		starts: "contact triaged as three working days",
		ends: "first response made",
		source: LOCAL,
		kind: "local",
	},
	{
		// The dashboard counts notifications later than this, and the partner API warns of them.
		id: "da-notification-late",
		name: "Receive a police domestic-abuse notification",
		unit: "clock-hours",
		amount: 24,
		starts: "domestic-abuse incident the police attended",
		ends: "notification received by the front door (later is flagged as late)",
		source: LOCAL,
		kind: "local",
	},
	{
		// The same worry recorded twice (a call, then the referrer's email about it) makes two
		// triages: a contact about a child from a referrer heard from within this time warns.
		id: "repeat-contact-window",
		name: "Warn of a contact that may already be recorded",
		unit: "clock-hours",
		amount: 24,
		starts: "a contact about the child received from a referrer",
		ends: "another contact about the child from the same referrer is no longer taken for the same one",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "decision-sign-off",
		name: "Sign off a front-door decision",
		unit: "working-days",
		amount: 1,
		starts: "decision on a contact recorded",
		ends: "a manager other than the decision maker signs it off",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "out-of-hours-sign-off",
		name: "Sign off out-of-hours work by the next working day",
		unit: "same-working-day",
		amount: 1,
		starts: "out-of-hours (emergency duty) record completed",
		ends: "record reviewed and signed off by a daytime manager",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "strategy-discussion-held",
		name: "Hold a strategy discussion",
		unit: "working-days",
		amount: 1,
		starts: "decision to hold a strategy discussion signed off",
		ends: "strategy discussion recorded",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "transfer-response",
		name: "Accept or reject a transfer from the front door",
		unit: "working-days",
		amount: 1,
		starts: "decision signed off and the child sent to the receiving team",
		ends: "receiving team accepts or rejects the transfer",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "sharing-authorisation",
		name: "Confirm or refuse sharing without agreement",
		unit: "same-working-day",
		amount: 1,
		starts: "information shared without agreement is recorded, naming its authoriser",
		ends: "the authoriser confirms or refuses it, signed in as themselves",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "feedback-to-referrer",
		name: "Tell the referrer the outcome",
		unit: "working-days",
		amount: 3,
		starts: "the decision on a contact is signed off",
		ends: "feedback to the referrer recorded",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "ssd-link-review",
		name: "Say which person an imported child is",
		unit: "working-days",
		amount: 5,
		starts: "an SSD import's linking finds likely matches for a child but none certain",
		ends: "a reviewer links the child to one of them or makes a new person",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "early-help-first-contact",
		name: "Early help's first contact with the family",
		unit: "working-days",
		amount: 3,
		starts: "early help accepts a transfer from the front door",
		ends: "first contact with the family recorded",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "withdrawal-sign-off",
		name: "Sign off a withdrawal from the front door",
		unit: "same-working-day",
		amount: 1,
		starts: "someone other than a manager asks to withdraw a child (duplicate, or entered in error)",
		ends: "a manager agrees, and the child leaves the queues, or refuses",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "referral-to-other-council",
		name: "Send the referral to the council where the child lives",
		unit: "working-days",
		amount: 1,
		starts: "a decision to pass the child to another council is signed off",
		ends: "the referral is sent, and when and how is recorded",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "no-conference-sign-off",
		name: "Agree that section 47 enquiries need no conference",
		unit: "same-working-day",
		amount: 1,
		starts: "someone other than a manager records that section 47 enquiries need no child protection conference",
		ends: "a manager agrees, or refuses and the conference stays due",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "task-escalation",
		name: "Escalate an overdue task to the owner's manager",
		unit: "working-hours",
		amount: 4,
		starts: "a task falls overdue",
		ends: "the task also shows on the owner's line manager's work tray",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "lado-resolution-1-month",
		name: "Resolve a LADO allegation (one-month target)",
		unit: "calendar-months",
		amount: 1,
		starts: "allegation referred to the LADO",
		ends: "allegation outcome recorded",
		source: "Local target for LADO allegation management",
		kind: "local",
	},
	{
		id: "lado-resolution-3-months",
		name: "Resolve a LADO allegation (three-month target)",
		unit: "calendar-months",
		amount: 3,
		starts: "allegation referred to the LADO",
		ends: "allegation outcome recorded",
		source: "Local target for LADO allegation management",
		kind: "local",
	},
	{
		id: "step-up-after-step-down",
		name: "Step-up window after a step-down to early help",
		unit: "calendar-months",
		amount: 3,
		starts: "case stepped down from children's social care to early help",
		ends: "case stepped back up to children's social care (counts as a step-up within the window)",
		source: LOCAL,
		kind: "local",
	},
	{
		id: "re-referral-window",
		name: "Re-referral window",
		unit: "calendar-months",
		amount: 12,
		starts: "previous referral received",
		ends: "new referral received (counts as a re-referral within the window)",
		source: "DfE Children in Need census guidance (re-referral definition)",
		kind: "statutory",
	},
];

/** Looks a timescale up by id, throwing for an id that is not declared. */
export function timescaleById(id: string, timescales: readonly Timescale[] = TIMESCALES): Timescale {
	const found = timescales.find((t) => t.id === id);
	if (!found) throw new Error(`Unknown timescale "${id}".`);
	return found;
}

/**
 * When the clock for `timescale` runs out, for a clock started at `start`.
 * Office-time units start at the next opening when `start` is out of hours;
 * clock hours and calendar months run from `start` whatever the hour.
 */
export function dueAt(timescale: Pick<Timescale, "unit" | "amount">, start: Date, calendar: WorkingCalendar): Date {
	if (Number.isNaN(start.getTime())) throw new TypeError("start must be a valid Date.");
	switch (timescale.unit) {
		case "clock-hours":
			// Real elapsed hours: 72 hours across a clock change ends an hour "off" on the wall.
			return new Date(start.getTime() + timescale.amount * 3_600_000);
		case "working-hours":
			return calendar.addWorkingHours(start, timescale.amount);
		case "working-days":
			return calendar.addWorkingDays(start, timescale.amount);
		case "same-working-day":
			return calendar.endOfWorkingDay(start);
		case "calendar-months": {
			// Month arithmetic on the local wall calendar; a short month clamps (31 Jan + 1 = 28/29 Feb).
			const local = new TZDate(start.getTime(), calendar.timeZone);
			return new Date(addMonths(local, timescale.amount).getTime());
		}
		default: {
			// Timescales may come from stored configuration, so guard at runtime too.
			const unknownUnit: never = timescale.unit;
			throw new Error(`Unknown timescale unit "${String(unknownUnit)}".`);
		}
	}
}

export interface LocalOverride {
	readonly id: string;
	readonly amount: number;
}

/** Upper bounds that catch typos (e.g. 450 for 45) without second-guessing local policy. */
export const MAX_LOCAL_AMOUNT: Readonly<Record<TimescaleUnit, number>> = {
	"clock-hours": 24 * 31,
	"working-hours": 8 * 65,
	"working-days": 130,
	"same-working-day": 1,
	"calendar-months": 24,
};

/**
 * Applies a council's adjustments to local timescales. All or nothing: when any
 * override is invalid, `timescales` is the unchanged defaults and `errors` says why.
 */
export function applyLocalOverrides(
	defaults: readonly Timescale[],
	overrides: readonly LocalOverride[],
): { timescales: Timescale[]; errors: string[] } {
	const errors: string[] = [];
	const amounts = new Map<string, number>();
	const seen = new Set<string>();
	for (const override of overrides) {
		const timescale = defaults.find((t) => t.id === override.id);
		if (!timescale) {
			errors.push(`Unknown timescale "${override.id}" cannot be adjusted.`);
			continue;
		}
		if (seen.has(override.id)) {
			errors.push(`Timescale "${override.id}" is adjusted more than once.`);
			continue;
		}
		seen.add(override.id);
		if (timescale.kind === "statutory") {
			errors.push(`"${timescale.name}" (${timescale.id}) is set by ${timescale.source} and cannot be changed locally.`);
			continue;
		}
		if (timescale.unit === "same-working-day") {
			errors.push(`"${timescale.name}" (${timescale.id}) is a same-working-day timescale and has no amount to adjust.`);
			continue;
		}
		const max = MAX_LOCAL_AMOUNT[timescale.unit];
		if (!Number.isInteger(override.amount) || override.amount < 1 || override.amount > max) {
			errors.push(
				`"${timescale.name}" (${timescale.id}) must be a whole number from 1 to ${max} ${timescale.unit}, got ${override.amount}.`,
			);
			continue;
		}
		amounts.set(override.id, override.amount);
	}
	const timescales = defaults.map((t) =>
		errors.length === 0 && amounts.has(t.id) ? { ...t, amount: amounts.get(t.id) ?? t.amount } : { ...t },
	);
	return { timescales, errors };
}

export type ClockState = "met" | "missed" | "due" | "overdue";

export interface ClockStatus {
	readonly state: ClockState;
	/** Time left before `due` (or, once met, the margin it was met by); 0 otherwise. */
	readonly remainingMs: number;
	/** How late: now − due while overdue, done − due when missed; 0 otherwise. */
	readonly overdueMs: number;
}

/**
 * Where a clock stands. Completing exactly at `due` meets it. Once `done` is
 * given, `now` is irrelevant: the outcome is fixed.
 */
export function clockStatus(due: Date, now: Date, done?: Date): ClockStatus {
	const dueMs = due.getTime();
	if (done !== undefined) {
		const doneMs = done.getTime();
		return doneMs <= dueMs
			? { state: "met", remainingMs: dueMs - doneMs, overdueMs: 0 }
			: { state: "missed", remainingMs: 0, overdueMs: doneMs - dueMs };
	}
	const nowMs = now.getTime();
	return nowMs <= dueMs
		? { state: "due", remainingMs: dueMs - nowMs, overdueMs: 0 }
		: { state: "overdue", remainingMs: 0, overdueMs: nowMs - dueMs };
}
