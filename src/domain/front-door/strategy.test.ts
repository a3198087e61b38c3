import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { absencesOf, agencyGroup, agencyLabel, type StrategyInput, strategyProblems } from "./strategy.ts";
import { DEFAULT_FRAMEWORK } from "./thresholds.ts";
import { OUTCOME_LABELS, outcomeLabel } from "./workflow.ts";

const NOW = new Date("2026-11-23T12:00:00Z");
const DECIDED = { at: new Date("2026-11-23T10:00:00Z"), when: "23 November 2026 at 10:00am" };

const everyone: StrategyInput["attendees"] = [
	{ agency: "csc", name: "Sam Okafor", role: "Social worker" },
	{ agency: "police", name: "DS Khan", role: "Detective Sergeant" },
	{ agency: "health-visitor", name: "Jo Bell", role: "Health visitor" },
];
const input = (over: Partial<StrategyInput> = {}): StrategyInput => ({
	heldAt: new Date("2026-11-23T11:00:00Z"),
	attendees: everyone,
	absences: {},
	nextStep: "nfa",
	rationale: "No agency holds a worry that needs more.",
	actions: [],
	receivingTeamId: null,
	earlyHelpTier: null,
	familyAgreed: null,
	...over,
});
const problems = (over: Partial<StrategyInput> = {}) => strategyProblems(input(over), NOW, DEFAULT_FRAMEWORK, DECIDED);

describe("strategy discussions", () => {
	it("is saved with children's social care, the police and health, each with a name and a role", () => {
		assert.deepEqual(problems(), {});
	});

	it("is held no earlier than the decision to hold it, and no later than now", () => {
		assert.deepEqual(problems({ heldAt: new Date("2026-11-23T09:59:00Z") }), {
			"held-day": "When it was held cannot be before the decision to hold it, 23 November 2026 at 10:00am",
		});
		assert.deepEqual(problems({ heldAt: DECIDED.at }), {}, "the same minute as the decision");
		assert.deepEqual(problems({ heldAt: NOW }), {}, "now");
		assert.deepEqual(problems({ heldAt: new Date("2026-11-23T12:01:00Z") }), {
			"held-day": "When it was held must be in the past",
		});
		assert.deepEqual(
			strategyProblems(input({ heldAt: new Date("2026-11-20T09:00:00Z") }), NOW, DEFAULT_FRAMEWORK, null),
			{},
			"no decision known: only the future is refused",
		);
	});

	it("needs each required agency there, or a sentence saying why it could not take part, never both", () => {
		const noHealth = everyone.slice(0, 2);
		assert.deepEqual(problems({ attendees: noHealth }), {
			"absent-health": "Record who took part from health, or say why health could not take part",
		});
		assert.deepEqual(problems({ attendees: noHealth, absences: { health: "on leave" } }), {
			"absent-health": "Say in a sentence why health could not take part: who was asked and what they said",
		});
		assert.deepEqual(
			problems({ attendees: noHealth, absences: { health: "The GP surgery could not release anyone today." } }),
			{},
		);
		assert.deepEqual(problems({ absences: { police: "The sergeant was called to an incident." } }), {
			"absent-police": "Remove why the police could not take part: an attendee from the police is recorded",
		});
	});

	it("counts any health service as health, and needs two agencies at least", () => {
		assert.equal(agencyGroup("health-hospital"), "health");
		assert.equal(agencyGroup("police"), "police");
		const onlyCsc = problems({
			attendees: [everyone[0]],
			absences: {
				police: "No officer was free to join within the hour.",
				health: "The health visitor's line went unanswered all morning.",
			},
		});
		assert.deepEqual(onlyCsc, {
			attendees: "Record at least two agencies that took part: a strategy discussion is between agencies",
		});
		const twoHealth = problems({
			attendees: [
				{ agency: "health-gp", name: "Dr Shah", role: "GP" },
				{ agency: "health-hospital", name: "Dr Lee", role: "Paediatrician" },
			],
			absences: {
				csc: "Recorded for the file by the social worker who could not join.",
				police: "No officer was free to join within the hour.",
			},
		});
		assert.equal(twoHealth.attendees, onlyCsc.attendees, "two health services are one agency");
	});

	it("names each part of an attendee row that is missing", () => {
		const rows = strategyProblems(
			{
				attendees: [
					...everyone,
					{ agency: "education", name: " ", role: "" },
					{ agency: "", name: "Kim", role: "Head" },
				],
			},
			NOW,
			DEFAULT_FRAMEWORK,
		);
		assert.deepEqual(rows, {
			"attendee-3-name": "Enter the name of attendee 4",
			"attendee-3-role": "Enter the role of attendee 4",
			"attendee-4-agency": "Select the agency of attendee 5",
		});
	});

	it("keeps only the reasons given, and reads attendees recorded before the code list as they were typed", () => {
		assert.deepEqual(absencesOf({ absences: { csc: "  ", police: " Called to an incident on the ring road. " } }), [
			{ agency: "police", reason: "Called to an incident on the ring road." },
		]);
		assert.equal(agencyLabel({ agency: "police" }), "Police");
		assert.equal(agencyLabel({ agency: "other", recordedAs: "Anytown Housing" }), "Anytown Housing");
		assert.equal(agencyLabel({ agency: "Kent Police" }), "Kent Police");
	});

	it("reads a held discussion's outcome as what it decided", () => {
		assert.equal(outcomeLabel("strategy-discussion", "nfa"), "Strategy discussion held: no further action");
		assert.equal(outcomeLabel("strategy-discussion", "s47"), "Strategy discussion held: section 47 enquiries started");
		assert.equal(outcomeLabel("strategy-discussion", null), "Strategy discussion (section 47)");
		assert.equal(outcomeLabel("assessment", "nfa"), "Social work assessment (section 17)");
		assert.equal(
			OUTCOME_LABELS["strategy-discussion/assessment"],
			"Strategy discussion held: no section 47, a child in need assessment",
		);
	});
});
