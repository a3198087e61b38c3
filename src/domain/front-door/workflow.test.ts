import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { available, type Event, next, type State } from "./workflow.ts";

function walk(start: State, events: Event[]): State {
	let state = start;
	for (const e of events) {
		const t = next(state, e);
		assert.ok(t.ok, `${e.type} refused in ${state}: ${t.ok ? "" : t.message}`);
		state = t.to;
	}
	return state;
}

const ENQUIRIES: Event[] = [{ type: "triage", immediateStrategyDiscussion: false }, { type: "review" }];

describe("front-door workflow", () => {
	it("takes a child from triage to closed for advice and no further action", () => {
		for (const outcome of ["nfa", "information-advice", "allocated-worker", "other-council"] as const) {
			const end = walk("awaiting-triage", [...ENQUIRIES, { type: "decide", outcome }, { type: "sign-off", outcome }]);
			assert.equal(end, "closed", outcome);
		}
	});

	it("sends early help and assessments to the receiving team, and a rejection back for a new decision", () => {
		for (const outcome of ["early-help", "assessment"] as const) {
			const waiting = walk("awaiting-triage", [
				...ENQUIRIES,
				{ type: "decide", outcome },
				{ type: "sign-off", outcome },
			]);
			assert.equal(waiting, "awaiting-transfer");
			assert.equal(walk(waiting, [{ type: "reject-transfer" }]), "awaiting-decision");
			assert.equal(walk(waiting, [{ type: "accept-transfer" }]), "closed");
		}
	});

	it("holds a strategy discussion after a signed-off decision, and moves on as it decided", () => {
		const held = walk("awaiting-triage", [
			...ENQUIRIES,
			{ type: "decide", outcome: "strategy-discussion" },
			{ type: "sign-off", outcome: "strategy-discussion" },
		]);
		assert.equal(held, "strategy-discussion");
		assert.equal(
			walk(held, [{ type: "hold-strategy-discussion", nextStep: "s47", signedOff: true }]),
			"awaiting-transfer",
		);
		// No further action, or a step down, is an exit: a manager signs the discussion's outcome off first.
		const ending = walk(held, [{ type: "hold-strategy-discussion", nextStep: "nfa", signedOff: true }]);
		assert.equal(ending, "awaiting-sign-off");
		assert.equal(
			walk(ending, [{ type: "sign-off", outcome: "strategy-discussion", strategyNextStep: "nfa" }]),
			"closed",
		);
	});

	it("takes a Red child straight to a strategy discussion, which then needs sign-off", () => {
		const sd = walk("awaiting-triage", [{ type: "triage", immediateStrategyDiscussion: true }]);
		assert.equal(sd, "strategy-discussion");
		const signing = walk(sd, [{ type: "hold-strategy-discussion", nextStep: "s47", signedOff: false }]);
		assert.equal(signing, "awaiting-sign-off");
		assert.equal(
			walk(signing, [{ type: "sign-off", outcome: "strategy-discussion", strategyNextStep: "s47" }]),
			"awaiting-transfer",
		);
	});

	it("refuses a decision before triage and review, with a code", () => {
		const t = next("awaiting-triage", { type: "decide", outcome: "nfa" });
		assert.equal(t.ok, false);
		assert.equal(!t.ok && t.code, "cannot-decide");
		assert.equal(next("enquiries", { type: "decide", outcome: "nfa" }).ok, false);
	});

	it("refuses closing without sign-off: only sign-off leaves awaiting sign-off", () => {
		assert.deepEqual(available("awaiting-sign-off"), ["enter-in-error", "sign-off", "return-decision"]);
	});

	it("lets a duplicate notification or an entry in error leave the queue, and nothing after", () => {
		assert.equal(walk("awaiting-triage", [{ type: "mark-duplicate" }]), "duplicate");
		assert.equal(walk("enquiries", [{ type: "enter-in-error" }]), "entered-in-error");
		const t = next("entered-in-error", { type: "review" });
		assert.equal(!t.ok && t.code, "child-closed");
		assert.deepEqual(available("closed"), []);
	});

	it("matches an agency's child before triage", () => {
		assert.equal(next("awaiting-match", { type: "triage", immediateStrategyDiscussion: false }).ok, false);
		assert.equal(walk("awaiting-match", [{ type: "match" }]), "awaiting-triage");
	});
});
