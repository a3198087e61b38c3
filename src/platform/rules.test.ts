import assert from "node:assert/strict";
import { describe, test } from "node:test";
import bankHolidays from "../domain/calendar/bank-holidays-england-and-wales.json" with { type: "json" };
import { STANDARD_OFFICE_HOURS, WorkingCalendar } from "../domain/calendar/working-calendar.ts";
import { type Actor, enforce, RuleViolation, rules } from "./rules.ts";

const actor = (roles: Actor["roles"], sweRegistration: string | null = null): Actor => ({
	id: "u1",
	roles,
	sweRegistration,
});
const calendar = new WorkingCalendar({
	officeHours: STANDARD_OFFICE_HOURS,
	bankHolidays: bankHolidays.map((h) => h.date),
	timeZone: "Europe/London",
});

describe("named rules", () => {
	test("a registered social worker needs both a registration and a social-work role", () => {
		assert.equal(rules.registeredSocialWorker(actor(["practitioner"], "SW1")).ok, true);
		assert.equal(rules.registeredSocialWorker(actor(["practitioner"])).ok, false);
		assert.equal(rules.registeredSocialWorker(actor(["contact-officer"], "SW1")).ok, false);
	});

	test("decisions: a registered social worker or a manager", () => {
		assert.equal(rules.registeredSocialWorkerOrManager(actor(["team-manager"])).ok, true);
		assert.equal(rules.registeredSocialWorkerOrManager(actor(["practitioner"], "SW2")).ok, true);
		const refused = rules.registeredSocialWorkerOrManager(actor(["early-help"]));
		assert.equal(refused.ok, false);
		assert.match(refused.ok ? "" : refused.reason, /registered social worker or a manager/);
	});

	test("sign-off is never by the person who made the decision", () => {
		assert.equal(rules.notTheDecisionMaker(actor(["team-manager"]), "u1").ok, false);
		assert.equal(rules.notTheDecisionMaker(actor(["team-manager"]), "u2").ok, true);
	});

	test("only outside office hours: evenings, weekends and bank holidays", () => {
		const at = (iso: string) => rules.outsideOfficeHours(new Date(iso), calendar).ok;
		assert.equal(at("2026-11-24T10:00:00Z"), false, "Tuesday morning");
		assert.equal(at("2026-11-24T18:30:00Z"), true, "Tuesday evening");
		assert.equal(at("2026-11-28T10:00:00Z"), true, "Saturday");
		assert.equal(at("2026-12-25T10:00:00Z"), true, "Christmas Day");
		assert.equal(at("2026-06-01T08:30:00Z"), false, "09:30 BST on a Monday");
	});

	test("an out-of-hours worker triages and decides only while the day teams are closed, unless also in a day-team role", () => {
		const deciders = ["practitioner", "team-manager", "senior-leader", "out-of-hours"] as const;
		const tuesdayMorning = new Date("2026-11-24T10:00:00Z");
		const tuesdayEvening = new Date("2026-11-24T18:30:00Z");
		const refused = rules.outOfHoursWorkerWhenClosed(["out-of-hours"], deciders, tuesdayMorning, calendar);
		assert.equal(refused.ok, false);
		assert.equal(
			refused.ok ? "" : refused.reason,
			"The out-of-hours service acts only when the day teams are closed, and they are open now (Monday to Friday, 09:00 to 17:00, except bank holidays). Nothing was saved: the front door's day team takes this child.",
		);
		assert.equal(rules.outOfHoursWorkerWhenClosed(["out-of-hours"], deciders, tuesdayEvening, calendar).ok, true);
		assert.equal(
			rules.outOfHoursWorkerWhenClosed(["out-of-hours"], deciders, new Date("2026-12-25T10:00:00Z"), calendar).ok,
			true,
			"Christmas Day: the day teams are closed",
		);
		assert.equal(
			rules.outOfHoursWorkerWhenClosed(["out-of-hours", "practitioner"], deciders, tuesdayMorning, calendar).ok,
			true,
			"also a practitioner: decides as one",
		);
		assert.equal(
			rules.outOfHoursWorkerWhenClosed(
				["out-of-hours", "practitioner"],
				["team-manager", "senior-leader"],
				tuesdayMorning,
				calendar,
			).ok,
			false,
			"a practitioner does not triage, so the out-of-hours role alone would",
		);
		assert.equal(rules.outOfHoursWorkerWhenClosed(["team-manager"], deciders, tuesdayMorning, calendar).ok, true);
	});

	test("enforce throws the first failed rule with its reason", () => {
		assert.throws(
			() => enforce(rules.manager(actor(["team-manager"])), rules.notTheDecisionMaker(actor(["team-manager"]), "u1")),
			(e: RuleViolation) => e instanceof RuleViolation && e.rule === "not-the-decision-maker",
		);
		assert.doesNotThrow(() => enforce(rules.manager(actor(["senior-leader"]))));
	});
});
