// The front-door workflow of one child on a contact, as a pure state machine: each
// event either moves the child to its next state or is refused with a code and a
// message, and nothing else decides where a child goes next.

export const STATES = {
	"awaiting-match": "Waiting to be matched to a person",
	"awaiting-triage": "Waiting for triage",
	enquiries: "Enquiries under way",
	"awaiting-decision": "Waiting for a decision",
	"awaiting-sign-off": "Waiting for sign-off",
	"strategy-discussion": "Strategy discussion to hold",
	"awaiting-transfer": "Waiting for the receiving team",
	closed: "Closed",
	duplicate: "Duplicate notification",
	"entered-in-error": "Entered in error",
} as const;
export type State = keyof typeof STATES;

export const OUTCOMES = {
	nfa: "No further action",
	"information-advice": "Information and advice",
	"early-help": "Early help",
	"allocated-worker": "Passed to the allocated worker",
	"other-council": "Passed to another council",
	assessment: "Social work assessment (section 17)",
	"strategy-discussion": "Strategy discussion (section 47)",
} as const;
export type Outcome = keyof typeof OUTCOMES;

/** Only these make a contact a referral: a social-work response. */
export const REFERRAL_OUTCOMES: readonly Outcome[] = ["assessment", "strategy-discussion"];
/** These hand the child to another team, which accepts or rejects. */
export const TRANSFER_OUTCOMES: readonly Outcome[] = ["early-help", "assessment"];

const TERMINAL: readonly State[] = ["closed", "duplicate", "entered-in-error"];

export type Event =
	| { type: "match" }
	| { type: "triage"; immediateStrategyDiscussion: boolean }
	| { type: "mark-duplicate" }
	| { type: "enter-in-error" }
	| { type: "review" }
	| { type: "decide"; outcome: Outcome }
	| { type: "sign-off"; outcome: Outcome; strategyNextStep?: StrategyNextStep }
	| { type: "return-decision" }
	| { type: "hold-strategy-discussion"; nextStep: StrategyNextStep; signedOff: boolean }
	| { type: "accept-transfer" }
	| { type: "reject-transfer" };

export type EventType = Event["type"];

/** What a strategy discussion decides, as practice names it: section 47 enquiries, or the step taken instead. */
export const STRATEGY_NEXT_STEPS = {
	s47: "Start section 47 enquiries",
	assessment: "No section 47: a child in need assessment (section 17)",
	"early-help": "No section 47: early help",
	nfa: "No further action",
} as const;
export type StrategyNextStep = keyof typeof STRATEGY_NEXT_STEPS;

/**
 * An outcome as the record reads it. Once a strategy discussion is held, the child's
 * outcome is what it decided ("Strategy discussion held: no further action"), not the
 * front door's decision to hold one.
 */
export function outcomeLabel(outcome: Outcome, strategyNextStep?: StrategyNextStep | null): string {
	if (outcome !== "strategy-discussion" || !strategyNextStep) return OUTCOMES[outcome];
	return `Strategy discussion held: ${STRATEGY_HELD[strategyNextStep]}`;
}

const STRATEGY_HELD: Record<StrategyNextStep, string> = {
	s47: "section 47 enquiries started",
	assessment: "no section 47, a child in need assessment",
	"early-help": "no section 47, early help",
	nfa: "no further action",
};

/**
 * The outcomes' labels for the pages: each outcome, and "strategy-discussion/<next step>"
 * for a decision that records a held discussion (the outcome macro reads that first).
 */
export const OUTCOME_LABELS: Readonly<Record<string, string>> = {
	...OUTCOMES,
	...Object.fromEntries(
		(Object.keys(STRATEGY_NEXT_STEPS) as StrategyNextStep[]).map((step) => [
			`strategy-discussion/${step}`,
			outcomeLabel("strategy-discussion", step),
		]),
	),
};
/** What a strategy discussion may decide that ends the front door's work without section 47 or an assessment. */
export const STRATEGY_EXITS: readonly StrategyNextStep[] = ["nfa", "early-help"];

export type Transition = { ok: true; to: State } | { ok: false; code: string; message: string };

const refuse = (code: string, message: string): Transition => ({ ok: false, code, message });
const to = (state: State): Transition => ({ ok: true, to: state });

/** Where the child goes once a decision has been signed off. */
function afterSignOff(outcome: Outcome, strategyNextStep: StrategyNextStep | undefined): State {
	if (outcome === "strategy-discussion") {
		// Not held yet: hold it. Held: the child moves on as the discussion decided.
		if (!strategyNextStep) return "strategy-discussion";
		return strategyNextStep === "nfa" ? "closed" : "awaiting-transfer";
	}
	if (TRANSFER_OUTCOMES.includes(outcome)) return "awaiting-transfer";
	return "closed";
}

const WHEN: Record<EventType, readonly State[]> = {
	match: ["awaiting-match"],
	triage: ["awaiting-triage"],
	"mark-duplicate": ["awaiting-match", "awaiting-triage"],
	"enter-in-error": ["awaiting-match", "awaiting-triage", "enquiries", "awaiting-decision", "awaiting-sign-off"],
	review: ["enquiries"],
	decide: ["awaiting-decision"],
	"sign-off": ["awaiting-sign-off"],
	"return-decision": ["awaiting-sign-off"],
	"hold-strategy-discussion": ["strategy-discussion"],
	"accept-transfer": ["awaiting-transfer"],
	"reject-transfer": ["awaiting-transfer"],
};

const NOT_YET: Partial<Record<EventType, string>> = {
	triage: "This child has already been triaged.",
	review: "The triage recommendation can be reviewed only after triage, while enquiries are under way.",
	decide: "A decision can be recorded only after triage and the review of the triage recommendation.",
	"sign-off": "There is no decision waiting for sign-off.",
	"return-decision": "There is no decision waiting for sign-off to return.",
	"hold-strategy-discussion": "No strategy discussion is waiting for this child.",
	"accept-transfer": "This child is not waiting for a receiving team.",
	"reject-transfer": "This child is not waiting for a receiving team.",
	match: "This child is already matched to a person.",
	"mark-duplicate": "Only a child not yet triaged can be marked as a duplicate notification.",
	"enter-in-error": "Only a child whose decision has not been signed off can be marked as entered in error.",
};

/** The next state after `event`, or why the event is refused in `state`. */
export function next(state: State, event: Event): Transition {
	if (TERMINAL.includes(state)) {
		return refuse("child-closed", `This child is ${STATES[state].toLowerCase()}: nothing more can be recorded.`);
	}
	if (!WHEN[event.type].includes(state)) {
		return refuse(`cannot-${event.type}`, NOT_YET[event.type] ?? "That cannot be done at this stage.");
	}
	switch (event.type) {
		case "match":
			return to("awaiting-triage");
		case "triage":
			return to(event.immediateStrategyDiscussion ? "strategy-discussion" : "enquiries");
		case "mark-duplicate":
			return to("duplicate");
		case "enter-in-error":
			return to("entered-in-error");
		case "review":
			return to("awaiting-decision");
		case "decide":
			return to("awaiting-sign-off");
		case "sign-off":
			return to(afterSignOff(event.outcome, event.strategyNextStep));
		case "return-decision":
			// The manager does not agree: the decision goes back to be made again.
			return to("awaiting-decision");
		case "hold-strategy-discussion": {
			// A strategy discussion held straight from triage is itself the decision, and
			// still needs a manager's sign-off before the child moves on.
			if (!event.signedOff) return to("awaiting-sign-off");
			// Ending the front door's work (no further action, or a step down to early help)
			// is an exit: a manager signs it off before the child leaves.
			if (STRATEGY_EXITS.includes(event.nextStep)) return to("awaiting-sign-off");
			return to(afterSignOff("strategy-discussion", event.nextStep));
		}
		case "accept-transfer":
			return to("closed");
		case "reject-transfer":
			// Returned with a reason: a new decision is needed.
			return to("awaiting-decision");
	}
}

/** The events that could be recorded now: what the child's page offers. */
export function available(state: State): EventType[] {
	if (TERMINAL.includes(state)) return [];
	return (Object.keys(WHEN) as EventType[]).filter((e) => WHEN[e].includes(state));
}

export const isOpen = (state: State) => !TERMINAL.includes(state);
