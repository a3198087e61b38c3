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
	departureReason: "",
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
		const review = { confirmed: true, recommendation: null, reason: "", unansweredReason: "" };
		assert.deepEqual(reviewProblems(review), {});
		const p = reviewProblems({ ...review, confirmed: false, recommendation: "nfa", reason: " " });
		assert.match(p.reason, /why/);
	});

	describe("a review confirms the recommendation only in the light of every answer", () => {
		const review = { confirmed: true, recommendation: null, reason: "", unansweredReason: "" };
		const context = { triageRecommendation: "assessment" as const, unanswered: ["Kent Police"] };

		it("refuses to confirm while an agency has not answered, naming it", () => {
			assert.equal(
				reviewProblems(review, context).unansweredReason,
				"Kent Police has not answered yet: record the answer before you confirm the recommendation, or explain why it is not needed",
			);
			const three = { ...context, unanswered: ["Kent Police", "the GP", "Oak Primary School"] };
			assert.match(
				reviewProblems(review, three).unansweredReason,
				/^Kent Police, the GP and Oak Primary School have not/,
			);
		});

		it("takes a reason in a sentence why the answer is not needed, and not 'x'", () => {
			assert.match(reviewProblems({ ...review, unansweredReason: "x" }, context).unansweredReason, /in a sentence/);
			const why = "The police answer cannot change a recommendation for an assessment.";
			assert.deepEqual(reviewProblems({ ...review, unansweredReason: why }, context), {});
		});

		it("needs no such reason when every enquiry is answered, or to change the recommendation", () => {
			assert.deepEqual(reviewProblems(review, { ...context, unanswered: [] }), {});
			const change = {
				...review,
				confirmed: false,
				recommendation: "nfa" as const,
				reason: "School and police know of nothing.",
			};
			assert.deepEqual(reviewProblems(change, context), {});
		});
	});

	describe("a review refuses answers that contradict each other", () => {
		const context = { triageRecommendation: "assessment" as const, unanswered: [] };
		const confirm = { confirmed: true, recommendation: null, reason: "", unansweredReason: "" };

		it("confirming with a different recommendation says how to make either", () => {
			const p = reviewProblems({ ...confirm, recommendation: "early-help", reason: "" }, context);
			assert.equal(
				p.recommendation,
				'You confirmed the triage recommendation, "Social work assessment (section 17)", but chose "Early help" as your recommendation now: choose "No, change it" to recommend "Early help", or choose "Social work assessment (section 17)" here to confirm it',
			);
			// Choosing the triage's own recommendation beside "confirm" is consistent: a radio cannot be cleared.
			assert.deepEqual(reviewProblems({ ...confirm, recommendation: "assessment" }, context), {});
		});

		it("confirming with a reason to change is refused, with or without the record", () => {
			const withReason = { ...confirm, reason: "Police history raises the level of concern." };
			assert.match(reviewProblems(withReason).reason, /You confirmed the recommendation.*clear this box/);
			assert.match(reviewProblems(withReason, context).reason, /clear this box, or choose "No, change it"/);
		});

		it("changing it to the recommendation it already is is refused", () => {
			const same = {
				...confirm,
				confirmed: false,
				recommendation: "assessment" as const,
				reason: "The police know the family well.",
			};
			assert.match(reviewProblems(same, context).recommendation, /^The triage already recommends "Social work/);
		});
	});

	it("a decision other than the reviewed recommendation needs a reason in a sentence", () => {
		assert.deepEqual(decisionProblems(decision, DEFAULT_FRAMEWORK, "assessment"), {});
		const departs = { ...decision, outcome: "strategy-discussion" as const, receivingTeamId: null };
		assert.equal(
			decisionProblems(departs, DEFAULT_FRAMEWORK, "assessment").departureReason,
			'The review recommended "Social work assessment (section 17)": explain why the decision is different, or choose that outcome',
		);
		assert.match(
			decisionProblems({ ...departs, departureReason: "x" }, DEFAULT_FRAMEWORK, "assessment").departureReason,
			/in a sentence/,
		);
		const why = { ...departs, departureReason: "The police told us of a second disclosure this morning." };
		assert.deepEqual(decisionProblems(why, DEFAULT_FRAMEWORK, "assessment"), {});
		// Read before the record, the form cannot know the review: the service judges it.
		assert.deepEqual(decisionProblems(departs, DEFAULT_FRAMEWORK), {});
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
