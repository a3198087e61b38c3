import type { WorkingCalendar } from "../domain/calendar/working-calendar.ts";
import type { Role } from "./roles.ts";

// Named conditions that go beyond "which role may open this page". Services evaluate
// them where the decision is taken, so the same rule holds for forms and the API.
export interface Actor {
	id: string;
	roles: readonly Role[];
	sweRegistration: string | null;
}

export type RuleResult = { ok: true } | { ok: false; rule: string; reason: string };

const ok: RuleResult = { ok: true };
const fail = (rule: string, reason: string): RuleResult => ({ ok: false, rule, reason });

export const MANAGER_ROLES: readonly Role[] = ["team-manager", "senior-leader"];

export function isManager(actor: Actor): boolean {
	return actor.roles.some((r) => MANAGER_ROLES.includes(r));
}

export const rules = {
	/** Holds a Social Work England registration and a social-work role. */
	registeredSocialWorker(actor: Actor): RuleResult {
		const socialWorkRole = actor.roles.some((r) =>
			(["practitioner", "team-manager", "out-of-hours", "senior-leader"] as Role[]).includes(r),
		);
		return actor.sweRegistration && socialWorkRole
			? ok
			: fail("registered-social-worker", "Only a registered social worker can do this.");
	},

	/** Decisions on a child's response: a registered social worker or a manager. */
	registeredSocialWorkerOrManager(actor: Actor): RuleResult {
		return rules.registeredSocialWorker(actor).ok || isManager(actor)
			? ok
			: fail("registered-social-worker-or-manager", "Only a registered social worker or a manager can do this.");
	},

	manager(actor: Actor): RuleResult {
		return isManager(actor) ? ok : fail("manager", "Only a manager can do this.");
	},

	/** Sign-off is a second pair of eyes: never the person who took the decision. */
	notTheDecisionMaker(actor: Actor, decidedBy: string | null): RuleResult {
		return decidedBy !== null && decidedBy === actor.id
			? fail("not-the-decision-maker", "Someone other than the person who made the decision must do this.")
			: ok;
	},

	/**
	 * A transfer is answered, and early help's first contact recorded, by the team it was
	 * sent to: the front door cannot accept its own work on another team's behalf. Senior
	 * leaders, who belong to no team, answer for any.
	 */
	inReceivingTeam(actor: Actor, actorTeamId: string | null, receivingTeamId: string): RuleResult {
		return actorTeamId === receivingTeamId || actor.roles.includes("senior-leader")
			? ok
			: fail("receiving-team", "Only the team the child was transferred to can do this.");
	},

	/** The out-of-hours service acts only when the day teams are closed. */
	outsideOfficeHours(now: Date, calendar: WorkingCalendar): RuleResult {
		return calendar.isOfficeHours(now)
			? fail("outside-office-hours", "This can only be done outside office hours.")
			: ok;
	},

	/**
	 * An out-of-hours duty worker triages, reviews and decides only while the day teams are
	 * closed (ADR 28). Someone who also holds a day-team role that may take the step
	 * (`dayRoles`) takes it in that role, at any hour.
	 */
	outOfHoursWorkerWhenClosed(
		roles: readonly Role[],
		dayRoles: readonly Role[],
		now: Date,
		calendar: WorkingCalendar,
	): RuleResult {
		const dutyOnly = roles.includes("out-of-hours") && !roles.some((r) => r !== "out-of-hours" && dayRoles.includes(r));
		return dutyOnly && calendar.isOfficeHours(now)
			? fail(
					"out-of-hours-when-closed",
					`${dayTeamsOpen(calendar)}. Nothing was saved: the front door's day team takes this child.`,
				)
			: ok;
	},
};

/** Why an out-of-hours worker is refused in office hours, naming the council's office hours. */
export function dayTeamsOpen(calendar: WorkingCalendar): string {
	return `The out-of-hours service acts only when the day teams are closed, and they are open now (${officeHoursText(calendar)})`;
}

const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** "Monday to Friday, 09:00 to 17:00, except bank holidays": the council's office hours as read. */
export function officeHoursText(calendar: WorkingCalendar): string {
	const { opens, closes, days } = calendar.officeHours;
	const sorted = [...days].sort((a, b) => a - b);
	const consecutive = sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1);
	const dayText =
		consecutive && sorted.length > 2
			? `${DAY_NAMES[sorted[0] - 1]} to ${DAY_NAMES[sorted[sorted.length - 1] - 1]}`
			: sorted.map((d) => DAY_NAMES[d - 1]).join(", ");
	return `${dayText}, ${opens} to ${closes}, except bank holidays`;
}

export class RuleViolation extends Error {
	constructor(
		readonly rule: string,
		reason: string,
	) {
		super(reason);
	}
}

/** Throws the first failed rule, for the error handler to answer 403 with its reason. */
export function enforce(...results: RuleResult[]): void {
	for (const r of results) if (!r.ok) throw new RuleViolation(r.rule, r.reason);
}
