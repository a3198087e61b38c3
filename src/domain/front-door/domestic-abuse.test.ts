import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { STANDARD_OFFICE_HOURS, WorkingCalendar } from "../calendar/working-calendar.ts";
import { isHighRisk, notificationDelay, riskAssessmentText } from "./domestic-abuse.ts";

const calendar = new WorkingCalendar({
	officeHours: STANDARD_OFFICE_HOURS,
	bankHolidays: [],
	timeZone: "Europe/London",
});
const DAY = { unit: "clock-hours", amount: 24 } as const;

describe("domestic-abuse notifications", () => {
	const incident = new Date("2026-11-21T22:30:00Z");
	const after = (minutes: number) => new Date(incident.getTime() + minutes * 60_000);

	it("gives the delay from incident to receipt in clock hours, late only over the council's threshold", () => {
		const cases: [number, string, boolean][] = [
			[45, "45 minutes", false],
			[60, "1 hour", false],
			[24 * 60, "24 hours", false],
			[24 * 60 + 1, "24 hours 1 minute", true],
			// Saturday night to Monday morning: clock hours, not office hours.
			[35 * 60 + 30, "35 hours 30 minutes", true],
		];
		for (const [minutes, text, late] of cases) {
			const d = notificationDelay(incident, after(minutes), DAY, calendar);
			assert.equal(d.text, text, String(minutes));
			assert.equal(d.late, late, String(minutes));
			assert.equal(d.minutes, minutes);
			assert.equal(d.threshold, "24 hours");
		}
	});

	it("follows the council's own threshold", () => {
		const d = notificationDelay(incident, after(30 * 60), { unit: "clock-hours", amount: 48 }, calendar);
		assert.equal(d.late, false);
		assert.equal(d.threshold, "48 hours");
	});

	it("names the risk assessment, or says none was received", () => {
		assert.equal(riskAssessmentText({ riskTool: "DASH", riskLevel: "high" }), "DASH: High");
		assert.equal(riskAssessmentText({ riskTool: "DARA", riskLevel: "medium" }), "DARA: Medium");
		assert.equal(riskAssessmentText({ riskTool: null, riskLevel: null }), "None received");
	});

	it("counts a high DASH or DARA, or a MARAC referral, as high risk", () => {
		assert.equal(isHighRisk({ riskTool: "DASH", riskLevel: "high" }), true);
		assert.equal(isHighRisk({ riskTool: "DARA", riskLevel: "high" }), true);
		assert.equal(isHighRisk({ riskTool: "DASH", riskLevel: "medium" }), false);
		assert.equal(isHighRisk({ riskTool: null, riskLevel: null }), false);
		assert.equal(isHighRisk({ riskTool: null, riskLevel: null, maracReferral: true }), true);
	});
});
