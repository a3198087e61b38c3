import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { STANDARD_OFFICE_HOURS, WorkingCalendar } from "../calendar/working-calendar.ts";
import { isRepeatContact, nextStepDue, type TriageInput, triageProblems } from "./triage.ts";

const calendar = new WorkingCalendar({
	officeHours: STANDARD_OFFICE_HOURS,
	bankHolidays: ["2026-12-25", "2026-12-28"],
	timeZone: "Europe/London",
});
const complete: TriageInput = {
	thresholdLevel: "3",
	rag: "amber",
	recommendation: "assessment",
	immediateStrategyDiscussion: false,
	rationale: "Repeated police call-outs.",
	factors: [{ code: "domestic-abuse-parent", status: "present", reason: null }],
	nextSteps: [{ action: "Check with school", urgency: "same-day", allocatedTo: "u1" }],
};

describe("triage", () => {
	it("accepts a complete triage", () => {
		assert.deepEqual(triageProblems(complete, ["1", "2", "3", "4"]), {});
	});

	it("cannot be saved without a factor considered or an urgency on every step", () => {
		const p = triageProblems(
			{ ...complete, factors: [], nextSteps: [{ action: "Call GP", urgency: null, allocatedTo: "u1" }] },
			["1", "2", "3", "4"],
		);
		assert.match(p.factors, /at least one risk factor/);
		assert.match(p["step-0-urgency"], /how urgent/);
	});

	it("needs a reason for each factor ruled out, and Red for an immediate strategy discussion", () => {
		const p = triageProblems(
			{
				...complete,
				immediateStrategyDiscussion: true,
				factors: [{ code: "neglect", status: "ruled-out", reason: " " }],
			},
			["1", "2", "3", "4"],
		);
		assert.match(p["factor-neglect-reason"], /why/);
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
