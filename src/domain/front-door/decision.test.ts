import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type DecisionInput, decisionProblems, OUTSIDE_ENGLAND, reviewProblems, sharingProblems } from "./decision.ts";
import { DEFAULT_FRAMEWORK } from "./thresholds.ts";

const decision: DecisionInput = {
	outcome: "assessment",
	thresholdLevel: "4",
	levelReason: "",
	rationale: "Disclosure confirmed by school.",
	earlyHelpTier: null,
	familyAgreed: null,
	receivingTeamId: "team",
	allocatedWorkerId: null,
	otherCouncil: null,
	otherCouncilName: "",
};

describe("review, decision and information sharing", () => {
	it("passing to the allocated worker names the worker", () => {
		const p = decisionProblems({ ...decision, outcome: "allocated-worker", receivingTeamId: null }, DEFAULT_FRAMEWORK);
		assert.equal(p.allocatedWorkerId, "Select the child's allocated worker");
		const named = { ...decision, outcome: "allocated-worker" as const, receivingTeamId: null, allocatedWorkerId: "w" };
		assert.equal(decisionProblems(named, DEFAULT_FRAMEWORK).allocatedWorkerId, undefined);
	});

	it("passing to another council names it: an English one by its code, one outside England by name", () => {
		const other = { ...decision, outcome: "other-council" as const, receivingTeamId: null };
		assert.equal(decisionProblems(other, DEFAULT_FRAMEWORK).otherCouncil, "Select the council the child is passed to");
		assert.deepEqual(decisionProblems({ ...other, otherCouncil: "887" }, DEFAULT_FRAMEWORK), {});
		const wales = { ...other, otherCouncil: OUTSIDE_ENGLAND };
		assert.equal(
			decisionProblems(wales, DEFAULT_FRAMEWORK).otherCouncilName,
			"Enter the name of the council outside England",
		);
		assert.deepEqual(decisionProblems({ ...wales, otherCouncilName: "Cardiff" }, DEFAULT_FRAMEWORK), {});
	});

	it("needs a reason to change the triage recommendation", () => {
		assert.deepEqual(reviewProblems({ confirmed: true, recommendation: null, reason: "" }), {});
		const p = reviewProblems({ confirmed: false, recommendation: "nfa", reason: " " });
		assert.match(p.reason, /why/);
	});

	it("needs a reason when the outcome does not fit the level of need", () => {
		assert.deepEqual(decisionProblems(decision, DEFAULT_FRAMEWORK), {});
		const p = decisionProblems({ ...decision, outcome: "nfa", receivingTeamId: null }, DEFAULT_FRAMEWORK);
		assert.match(p.levelReason, /does not usually follow/);
		assert.deepEqual(
			decisionProblems(
				{ ...decision, outcome: "nfa", levelReason: "The family moved abroad last week" },
				DEFAULT_FRAMEWORK,
			),
			{},
		);
	});

	it("steps down to early help only with a tier and the family's agreement", () => {
		const p = decisionProblems({ ...decision, outcome: "early-help", thresholdLevel: "2" }, DEFAULT_FRAMEWORK);
		assert.ok(p.earlyHelpTier);
		assert.match(p.familyAgreed, /agreement/);
	});

	it("refuses sharing without agreement unless a rationale and an authoriser are recorded", () => {
		const base = {
			personName: "Dawn Hollins",
			agreement: "not-sought" as const,
			informationShared: true,
			rationale: "",
			authorisedBy: null,
			lawfulBasis: "public-task" as const,
		};
		const p = sharingProblems(base);
		assert.match(p.rationale, /not sought/);
		assert.ok(p.authorisedBy);
		assert.deepEqual(sharingProblems({ ...base, rationale: "Asking would alert the abuser.", authorisedBy: "u" }), {});
		assert.ok(sharingProblems({ ...base, agreement: "sought-refused", lawfulBasis: "consent" }).lawfulBasis);
	});
});
