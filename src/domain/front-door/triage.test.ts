import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { STANDARD_OFFICE_HOURS, WorkingCalendar } from "../calendar/working-calendar.ts";
import type { NotificationRisk } from "./domestic-abuse.ts";
import {
	isRepeatContact,
	type NextStepInput,
	nextStepDue,
	type RiskFactor,
	type TriageInput,
	triageProblems,
	type Urgency,
	urgencyProblems,
} from "./triage.ts";

const calendar = new WorkingCalendar({
	officeHours: STANDARD_OFFICE_HOURS,
	bankHolidays: ["2026-12-25", "2026-12-28"],
	timeZone: "Europe/London",
});
const LEVELS = ["1", "2", "3", "4"];
const FACTORS: RiskFactor[] = [
	{ code: "domestic-abuse-parent", label: "Domestic abuse: a parent or carer" },
	{ code: "neglect", label: "Neglect" },
	{ code: "private-fostering-other", label: "Privately fostered: another arrangement" },
];
const complete: TriageInput = {
	thresholdLevel: "3",
	rag: "amber",
	recommendation: "assessment",
	immediateStrategyDiscussion: false,
	rationale: "Repeated police call-outs.",
	factors: [
		{ code: "domestic-abuse-parent", status: "present", reason: null },
		{ code: "neglect", status: "not-known", reason: null },
		{ code: "private-fostering-other", status: "ruled-out", reason: "She has lived with both parents all her life." },
	],
	noFactorsIdentified: false,
	nextSteps: [{ action: "Check with school", urgency: "same-day", allocatedTo: "u1" }],
};
const problems = (input: Partial<TriageInput>) => triageProblems({ ...complete, ...input }, LEVELS, FACTORS);

describe("triage", () => {
	it("accepts a complete triage: every factor answered once", () => {
		assert.deepEqual(problems({}), {});
	});

	it("refuses a triage with one factor unanswered, naming it", () => {
		const p = problems({ factors: complete.factors.filter((f) => f.code !== "neglect") });
		assert.deepEqual(Object.keys(p), ["factor-neglect"]);
		assert.match(p["factor-neglect"], /Say whether Neglect is present, not known or ruled out/);
	});

	it("refuses a triage with no factor answered and no 'no factors identified', in one message", () => {
		const p = problems({ factors: [] });
		assert.match(p.factors, /Answer every risk factor/);
		assert.match(p.factors, /No factors identified/);
		assert.equal(Object.keys(p).length, 1);
	});

	it("refuses a factor not on the list, and one answered twice", () => {
		const p = problems({
			factors: [...complete.factors, { code: "bullying", status: "present", reason: null }, complete.factors[1]],
		});
		assert.match(p.factors, /"bullying" is not a risk factor/);
		assert.match(p["factor-neglect"], /Neglect is answered more than once/);
	});

	it("needs a reason in a sentence for each factor ruled out, and a reason only there", () => {
		const ruledOut = (reason: string | null) =>
			problems({
				factors: [
					complete.factors[0],
					complete.factors[1],
					{ code: "private-fostering-other", status: "ruled-out", reason },
				],
			})["factor-private-fostering-other-reason"];
		assert.match(ruledOut(null) ?? "", /Say why Privately fostered: another arrangement was ruled out/);
		assert.match(ruledOut(" ") ?? "", /Say why/);
		assert.match(ruledOut("x") ?? "", /in a sentence/);
		assert.match(ruledOut("Lives with mum.") ?? "", /in a sentence/);
		assert.equal(ruledOut("Lives with her mum and dad."), undefined);
		const stray = problems({
			factors: [
				{ ...complete.factors[0], reason: "Police say there were two call-outs." },
				...complete.factors.slice(1),
			],
		});
		assert.match(stray["factor-domestic-abuse-parent-reason"], /Only a factor ruled out takes a reason/);
	});

	it("takes 'no factors identified' (21) only alone: with factors ruled out but none present or not known", () => {
		assert.deepEqual(problems({ factors: [], noFactorsIdentified: true }), {});
		assert.deepEqual(problems({ factors: [complete.factors[2]], noFactorsIdentified: true }), {});
		const p = problems({ noFactorsIdentified: true });
		assert.match(p.noFactorsIdentified, /cannot be recorded with a factor present or not known/);
		assert.match(p.noFactorsIdentified, /Domestic abuse: a parent or carer, Neglect/);
		assert.equal(Object.keys(p).length, 1, "the contradiction is the only problem");
	});

	it("needs an urgency on every step, and Red for an immediate strategy discussion", () => {
		const p = problems({
			immediateStrategyDiscussion: true,
			nextSteps: [{ action: "Call GP", urgency: null, allocatedTo: "u1" }],
		});
		assert.match(p["step-0-urgency"], /how urgent/);
		assert.match(p.immediateStrategyDiscussion, /Red/);
	});

	it("sets due times by urgency on the working calendar", () => {
		// Thursday 24 December 2026, 3pm: Christmas and the Boxing Day substitute are bank holidays.
		const at = new Date("2026-12-24T15:00:00Z");
		assert.equal(nextStepDue("within-4-hours", at, calendar).toISOString(), "2026-12-24T19:00:00.000Z");
		assert.equal(nextStepDue("one-working-day", at, calendar).toISOString(), "2026-12-29T15:00:00.000Z");
	});

	it("flags a repeat contact within the 12 months before", () => {
		const at = new Date("2026-11-23T10:00:00Z");
		assert.equal(isRepeatContact(at, [new Date("2025-11-24T10:00:00Z")]), true);
		assert.equal(isRepeatContact(at, [new Date("2025-11-22T10:00:00Z")]), false);
		assert.equal(isRepeatContact(at, [new Date("2026-11-24T10:00:00Z")]), false);
	});
});

describe("urgency follows the risk", () => {
	const step = (urgency: Urgency): NextStepInput => ({ action: "Visit", urgency, allocatedTo: "u1" });
	const DASH_HIGH: NotificationRisk = { riskTool: "DASH", riskLevel: "high" };
	const REASON = "Mother and children are in a refuge tonight, with police aware.";
	const urgency = (
		rag: "red" | "amber" | "green",
		urgencies: Urgency[],
		notification: NotificationRisk | null = null,
		urgencyReason: string | null = null,
	) => urgencyProblems({ rag, nextSteps: urgencies.map(step), urgencyReason }, notification);

	// [rag, step urgencies, notification, needs a reason]
	const cases: ["red" | "amber" | "green", Urgency[], NotificationRisk | null, boolean][] = [
		["red", ["one-working-day"], null, true],
		["red", ["three-working-days", "one-working-day"], null, true],
		["red", ["one-working-day", "same-day"], null, false],
		["red", ["within-4-hours"], null, false],
		["amber", ["three-working-days"], null, false],
		["green", ["three-working-days"], null, false],
		["green", ["same-day"], DASH_HIGH, true],
		["amber", ["one-working-day"], DASH_HIGH, true],
		["amber", ["same-day"], DASH_HIGH, false],
		["green", ["within-4-hours"], { riskTool: "DARA", riskLevel: "high" }, true],
		["amber", ["one-working-day"], { riskTool: "DASH", riskLevel: "medium" }, false],
		["green", ["three-working-days"], { riskTool: "DASH", riskLevel: "standard" }, false],
		["green", ["three-working-days"], { riskTool: null, riskLevel: null }, false],
		["amber", ["one-working-day"], { riskTool: null, riskLevel: null, maracReferral: true }, true],
	];
	for (const [rag, urgencies, notification, needed] of cases) {
		const label = `${rag} with ${urgencies.join(", ")}${notification ? `, notification ${JSON.stringify(notification)}` : ""}`;
		it(`${needed ? "needs" : "does not need"} a reason: ${label}`, () => {
			const p = urgency(rag, urgencies, notification);
			assert.deepEqual(Object.keys(p), needed ? ["urgencyReason"] : []);
			// With a reason in a sentence the triage stands; a reason where nothing departs is refused.
			const withReason = urgency(rag, urgencies, notification, REASON);
			assert.deepEqual(Object.keys(withReason), needed ? [] : ["urgencyReason"]);
			if (!needed) assert.match(withReason.urgencyReason, /Only a triage whose rating or urgency does not follow/);
		});
	}

	it("says what departs from the risk, and what would answer it", () => {
		assert.equal(
			urgency("red", ["one-working-day"]).urgencyReason,
			"This child is rated Red: give a next step within 4 hours or the same working day, or say why not",
		);
		assert.equal(
			urgency("green", ["same-day"], DASH_HIGH).urgencyReason,
			"The police assessed the risk as high (DASH): rate the child Amber or Red, or say why not",
		);
		assert.equal(
			urgency("green", ["three-working-days"], DASH_HIGH).urgencyReason,
			"The police assessed the risk as high (DASH): rate the child Amber or Red and give a next step within 4 hours or the same working day, or say why not",
		);
		assert.match(
			urgency("amber", ["one-working-day"], { riskTool: null, riskLevel: null, maracReferral: true }).urgencyReason,
			/^The police referred the victim to MARAC: give a next step/,
		);
	});

	it("takes only a sentence as the reason", () => {
		for (const reason of ["x", "ok", "  ", "Safe tonight."]) {
			const p = urgency("red", ["one-working-day"], null, reason);
			assert.ok(p.urgencyReason, JSON.stringify(reason));
		}
		assert.match(urgency("red", ["one-working-day"], null, "fine").urgencyReason, /say in a sentence why not/);
	});

	it("is part of the triage's rules, pointed at the reason field", () => {
		const red = { ...complete, rag: "red" as const, nextSteps: [step("one-working-day")] };
		assert.deepEqual(Object.keys(triageProblems(red, LEVELS, FACTORS)), ["urgencyReason"]);
		assert.deepEqual(triageProblems({ ...red, urgencyReason: REASON }, LEVELS, FACTORS), {});
		const green = { ...complete, rag: "green" as const };
		assert.deepEqual(triageProblems(green, LEVELS, FACTORS), {});
		assert.deepEqual(Object.keys(triageProblems(green, LEVELS, FACTORS, DASH_HIGH)), ["urgencyReason"]);
	});
});
