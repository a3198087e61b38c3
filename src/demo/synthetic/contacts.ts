import {
	type Outcome,
	REFERRAL_OUTCOMES,
	type State,
	type StrategyNextStep,
} from "../../domain/front-door/workflow.ts";
import { Random, seededUuid, streamSeed, Weighted } from "./random.ts";

// A deterministic front-door history for synthetic people: contacts (some of them police
// domestic-abuse notifications), each child on them, and each child's whole path through
// the workflow as the state machine allows it, with the rows every step writes. Contacts
// are generated in order of receipt, so re-referrals are computed as they happen. The
// newest contacts are left open (awaiting triage, enquiries, a decision or its sign-off)
// so that the queues have children in them. Pure: the loader writes what this yields.

export interface Household {
	/** The household's children (a parent's children), each with a date of birth. */
	children: { id: string; dob: string }[];
}

export interface FrontDoorActors {
	contactOfficer: string;
	manager: string;
	/** Answers transfers to the assessment team: only the receiving team may (ADR 14). */
	assessmentManager: string;
	practitioner: string;
	earlyHelp: string;
	frontDoorTeam: string;
	earlyHelpTeam: string;
	assessmentTeam: string;
}

export interface ContactOptions {
	contacts: number;
	years: number;
	seed: number;
	today: Date;
	/** The front-door team is left with at least this many children awaiting triage. */
	minAwaitingTriage: number;
}

type Row = Record<string, unknown>;

export const FRONT_DOOR_TABLES = {
	contact: [
		"id",
		"kind",
		"channel",
		"received_at",
		"out_of_hours",
		"source",
		"referrer_name",
		"referrer_agency",
		"concern",
		"request",
		"family_aware",
		"incident_at",
		"sent_at",
		"risk_tool",
		"risk_level",
		"acknowledged_at",
		"acknowledged_by",
		"acknowledgement_method",
		"acknowledgement_due_at",
		"team_id",
		"created_by",
		"created_at",
		"closed_at",
	],
	contact_child: [
		"id",
		"contact_id",
		"person_id",
		"state",
		"state_changed_at",
		"received_at",
		"out_of_hours",
		"source",
		"team_id",
		"rag",
		"urgency_rank",
		"decision_due_at",
		"outcome",
		"closed_at",
		"version",
	],
	contact_child_event: ["contact_child_id", "event", "from_state", "to_state", "at", "by_user", "detail"],
	triage: [
		"contact_child_id",
		"threshold_level",
		"rag",
		"recommendation",
		"immediate_strategy_discussion",
		"rationale",
		"repeat_contact",
		"triaged_at",
		"triaged_by",
	],
	triage_factor: ["contact_child_id", "risk_factor", "status", "reason"],
	next_step: [
		"id",
		"contact_child_id",
		"action",
		"urgency",
		"due_at",
		"allocated_to",
		"done_at",
		"done_by",
		"created_at",
	],
	enquiry: ["id", "contact_child_id", "agency", "requested_at", "due_at", "answered_at", "response", "recorded_by"],
	information_sharing: [
		"id",
		"contact_child_id",
		"person_name",
		"agreement",
		"information_shared",
		"rationale",
		"authorised_by",
		"authorisation",
		"authorised_at",
		"lawful_basis",
		"recorded_at",
		"recorded_by",
	],
	review: ["contact_child_id", "confirmed", "recommendation", "reason", "reviewed_at", "reviewed_by"],
	decision: [
		"id",
		"contact_child_id",
		"outcome",
		"early_help_tier",
		"threshold_level",
		"level_reason",
		"rationale",
		"family_agreed",
		"receiving_team_id",
		"decided_at",
		"decided_by",
		"sign_off_due_at",
		"signed_off_at",
		"signed_off_by",
		"sign_off_comment",
		"strategy_next_step",
	],
	referral: [
		"id",
		"contact_child_id",
		"person_id",
		"referral_date",
		"re_referral",
		"previous_referral_id",
		"created_at",
	],
	feedback: ["contact_child_id", "given_at", "method", "summary", "given_by", "recorded_at"],
	strategy_discussion: [
		"id",
		"contact_child_id",
		"held_at",
		"attendees",
		"next_step",
		"rationale",
		"icpc_due_at",
		"recorded_at",
		"recorded_by",
		"early_help_tier",
		"family_agreed",
	],
	transfer: [
		"id",
		"contact_child_id",
		"decision_id",
		"to_team_id",
		"kind",
		"early_help_tier",
		"sent_at",
		"responded_at",
		"responded_by",
		"accepted",
		"first_contact_at",
	],
} as const;

export type FrontDoorTable = keyof typeof FRONT_DOOR_TABLES;
/** Foreign-key order. */
export const FRONT_DOOR_ORDER = Object.keys(FRONT_DOOR_TABLES) as FrontDoorTable[];
export type FrontDoorBatch = Record<FrontDoorTable, Row[]>;

export const emptyFrontDoorBatch = (): FrontDoorBatch =>
	Object.fromEntries(FRONT_DOOR_ORDER.map((t) => [t, []])) as unknown as FrontDoorBatch;

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;

const SOURCES = new Weighted<string>([
	["2A", 18],
	["3A", 4],
	["3B", 4],
	["3E", 3],
	["3F", 3],
	["6", 12],
	["1A", 7],
	["1B", 3],
	["1C", 1],
	["4", 3],
	["5A", 4],
	["5B", 2],
	["5D", 4],
	["7", 2],
	["8", 4],
	["9", 2],
	["10", 1],
]);
const AGENCY: Record<string, string> = {
	"2A": "Hillside Primary School",
	"3A": "Riverside Medical Practice",
	"3B": "Health Visiting Service",
	"3E": "General Hospital A&E",
	"3F": "Community Health Trust",
	"6": "County Police",
	"4": "Council Housing",
	"5A": "Children's Social Care",
	"5B": "Adult Social Care",
	"5D": "Early Help East",
	"7": "Probation Service",
};
// Roughly national proportions of front-door outcomes.
const OUTCOMES = new Weighted<Outcome>([
	["nfa", 25],
	["information-advice", 20],
	["early-help", 25],
	["assessment", 20],
	["strategy-discussion", 5],
	["allocated-worker", 3],
	["other-council", 2],
]);
const LEVEL: Record<Outcome, string> = {
	nfa: "1",
	"information-advice": "1",
	"early-help": "2",
	"allocated-worker": "3",
	"other-council": "2",
	assessment: "3",
	"strategy-discussion": "4",
};
const RAG_OF: Record<string, "red" | "amber" | "green"> = { "1": "green", "2": "green", "3": "amber", "4": "red" };
const URGENCY: Record<string, number> = { red: 0, amber: 1, green: 3 };
// The factors a triage finds, following what the contact says (a police notification of
// a domestic incident never has domestic abuse ruled out): what it speaks to is present
// or not known; other worries a manager would want checked are not known; a factor is
// ruled out only where nothing in the contact bears on it, with the reason. History
// generated in bulk keeps these answers only (not the 40-odd a triage answers today):
// a million contacts times every factor would make the bench council's database many
// times larger for rows no measurement reads.
const DA_ALSO = ["alcohol-parent", "drugs-parent", "mental-health-parent", "emotional-abuse"] as const;
const CARE_ALSO = [
	"mental-health-parent",
	"alcohol-parent",
	"drugs-parent",
	"domestic-abuse-parent",
	"emotional-abuse",
	"young-carer",
] as const;
const RULED_OUT: Record<string, string> = {
	"private-fostering-other": "The children live with their parents; no one else cares for them.",
	uasc: "The children were born here and live with their parents.",
	"physical-abuse-child": "The referrer knows of nothing between the children themselves.",
};
const ENQUIRY_AGENCIES = ["School", "GP", "Health visitor", "Police", "Housing", "Probation"];
const STRATEGY_NEXT = new Weighted<StrategyNextStep>([
	["s47", 60],
	["assessment", 25],
	["early-help", 8],
	["nfa", 7],
]);

/** Office hours, roughly: Monday to Friday, 09:00 to 17:00 UTC. */
function isOfficeHours(t: number): boolean {
	const d = new Date(t);
	const day = d.getUTCDay();
	const hour = d.getUTCHours();
	return day >= 1 && day <= 5 && hour >= 9 && hour < 17;
}

/** A timestamp's same time a year before: PostgreSQL's `- interval '12 months'`, in UTC. */
export function yearBefore(t: number): number {
	const d = new Date(t);
	d.setUTCFullYear(d.getUTCFullYear() - 1);
	// 29 February a year back is 28 February, as PostgreSQL's month arithmetic clamps it.
	if (d.getUTCDate() !== new Date(t).getUTCDate()) d.setUTCDate(0);
	return d.getTime();
}

const MOVES = new Set(["triage", "review", "decide", "sign-off", "hold-strategy-discussion", "accept-transfer"]);

type OpenStage = "awaiting-triage" | "enquiries" | "awaiting-decision" | "awaiting-sign-off";

/** Contacts received in the last four days are still open, later stages for older ones. */
function stageFor(age: number): OpenStage | null {
	if (age < 1 * DAY) return "awaiting-triage";
	if (age < 2 * DAY) return "enquiries";
	if (age < 3 * DAY) return "awaiting-decision";
	if (age < 4 * DAY) return "awaiting-sign-off";
	return null;
}

export interface GenerateSummary {
	contacts: number;
	children: number;
	awaitingTriage: number;
}

/**
 * Yields the rows of about `chunk` contacts at a time, oldest first. Needs households with
 * children: a contact is about one to three children of one household who were born and
 * under 18 when it was received.
 */
export function* generateFrontDoor(
	households: readonly Household[],
	actors: FrontDoorActors,
	options: ContactOptions,
	chunk = 5_000,
	summary: GenerateSummary = { contacts: 0, children: 0, awaitingTriage: 0 },
): Generator<FrontDoorBatch> {
	if (households.length === 0 || options.contacts === 0) return;
	const rng = new Random(streamSeed(options.seed, "front-door"));
	const end = options.today.getTime();
	const start = end - options.years * 365.25 * DAY;
	// Receipt times: most in office hours; sorted, so history is written in order.
	const times = new Float64Array(options.contacts);
	for (let i = 0; i < times.length; i++) {
		const day = Math.floor(start / DAY) + rng.int(Math.floor((end - start) / DAY) + 1);
		const hour = rng.chance(0.8) ? 9 + rng.int(8) : (17 + rng.int(16)) % 24;
		times[i] = Math.min(end - MINUTE, day * DAY + hour * HOUR + rng.int(60) * MINUTE);
	}
	times.sort();
	// A twentieth of households come back again and again; most appear once or twice.
	const frequent = Math.max(1, Math.floor(households.length / 20));
	const lastReferral = new Map<string, { id: string; at: number }>();
	const lastContact = new Map<string, number>();
	let batch = emptyFrontDoorBatch();
	let inBatch = 0;
	let ordinal = 0;
	const id = (table: string) => seededUuid(options.seed, `fd-${table}`, ordinal++);
	const iso = (t: number) => new Date(t).toISOString();

	const contact = (received: number, forceStage: OpenStage | null) => {
		let kids: { id: string }[] = [];
		for (let attempt = 0; attempt < 8 && kids.length === 0; attempt++) {
			const h = rng.chance(0.35) ? households[rng.int(frequent)] : households[rng.int(households.length)];
			kids = h.children.filter((c) => {
				const born = Date.parse(`${c.dob}T00:00:00Z`);
				return born < received - DAY && received - born < 18 * 365.25 * DAY;
			});
		}
		if (kids.length === 0) return;
		const want = rng.chance(0.6) ? 1 : rng.chance(0.7) ? 2 : 3;
		if (kids.length > want) {
			const from = rng.int(kids.length - want + 1);
			kids = kids.slice(from, from + want);
		}
		const stage = forceStage ?? stageFor(end - received);
		const da = rng.chance(0.15);
		const source = da ? "6" : SOURCES.draw(rng);
		const outOfHours = !isOfficeHours(received);
		const contactId = id("contact");
		const recordedAt = received + rng.between(2, 40) * MINUTE;
		let incident: number | null = null;
		let sent: number | null = null;
		let riskTool: string | null = null;
		let riskLevel: string | null = null;
		if (da) {
			// Most notifications arrive within two days of the incident; some are weeks late.
			const delay = rng.chance(0.12) ? rng.between(3, 30) * DAY : rng.between(2, 40) * HOUR;
			incident = received - delay;
			sent = received - rng.between(5, 120) * MINUTE;
			if (sent < incident) sent = incident + MINUTE;
			if (!rng.chance(0.12)) {
				riskTool = rng.chance(0.7) ? "DASH" : "DARA";
				riskLevel = rng.pick(["standard", "standard", "medium", "high"]);
			}
		}
		const acknowledged = stage !== "awaiting-triage" || rng.chance(0.5);
		const contactRow: Row = {
			id: contactId,
			kind: da ? "da-notification" : "contact",
			channel: rng.chance(0.2) ? "api" : "form",
			received_at: iso(received),
			out_of_hours: outOfHours,
			source,
			referrer_name: "Synthetic Referrer",
			referrer_agency: AGENCY[source] ?? null,
			concern: da
				? "Police attended a domestic incident at the family home; the children were present."
				: "The referrer is worried about the children's care at home.",
			request: "Please consider whether the family needs support.",
			family_aware: rng.pick(["yes", "yes", "no", "not-known"]),
			incident_at: incident === null ? null : iso(incident),
			sent_at: sent === null ? null : iso(sent),
			risk_tool: riskTool,
			risk_level: riskLevel,
			acknowledged_at: acknowledged ? iso(recordedAt + rng.between(10, 600) * MINUTE) : null,
			acknowledged_by: acknowledged ? actors.contactOfficer : null,
			acknowledgement_method: acknowledged ? rng.pick(["phone", "email", "secure-email"]) : null,
			acknowledgement_due_at: iso(received + (new Date(received).getUTCDay() >= 5 ? 3 : 1) * DAY),
			team_id: actors.frontDoorTeam,
			created_by: actors.contactOfficer,
			created_at: iso(recordedAt),
			closed_at: null,
		};
		batch.contact.push(contactRow);
		let contactClosedAt = 0;
		for (const kid of kids) {
			const closedAt = child(kid.id, contactId, received, recordedAt, source, outOfHours, stage, da);
			contactClosedAt = closedAt === null || contactClosedAt < 0 ? -1 : Math.max(contactClosedAt, closedAt);
			summary.children++;
		}
		if (contactClosedAt > 0) contactRow.closed_at = iso(contactClosedAt);
		summary.contacts++;
		inBatch++;
	};

	/** One child's path; returns when it closed, or null while open. */
	const child = (
		personId: string,
		contactId: string,
		received: number,
		recordedAt: number,
		source: string,
		outOfHours: boolean,
		stage: OpenStage | null,
		da: boolean,
	): number | null => {
		const childId = id("child");
		const events: Row[] = [];
		let state = "awaiting-triage" as State;
		let version = 1;
		const event = (name: string, to: State, at: number, by: string, detail: object | null = null) => {
			events.push({
				contact_child_id: childId,
				event: name,
				from_state: name === "recorded" ? null : state,
				to_state: to,
				at: iso(at),
				by_user: by,
				detail: detail === null ? null : JSON.stringify(detail),
			});
			// Steps that leave the child where it is (an enquiry, feedback) do not change the row.
			if (MOVES.has(name)) version++;
			state = to;
		};
		const outcome = OUTCOMES.draw(rng);
		const level = LEVEL[outcome];
		const rag = RAG_OF[level];
		const decisionDue = received + DAY;
		const row: Row = {
			id: childId,
			contact_id: contactId,
			person_id: personId,
			state,
			state_changed_at: iso(recordedAt),
			received_at: iso(received),
			out_of_hours: outOfHours,
			source,
			team_id: actors.frontDoorTeam,
			rag: rng.chance(0.5) ? rag : null,
			urgency_rank: 2,
			decision_due_at: iso(decisionDue),
			outcome: null,
			closed_at: null,
			version: 1,
		};
		row.urgency_rank = row.rag === null ? 2 : URGENCY[row.rag as string];
		event("recorded", "awaiting-triage", recordedAt, actors.contactOfficer);
		const previous = lastContact.get(personId);
		lastContact.set(personId, received);
		let t = recordedAt;
		const finish = () => {
			row.state = state;
			row.state_changed_at = events[events.length - 1].at;
			row.version = version;
			batch.contact_child.push(row);
			for (const e of events) batch.contact_child_event.push(e);
			return state === "closed" ? t : null;
		};
		if (stage === "awaiting-triage") {
			summary.awaitingTriage++;
			return finish();
		}
		// Triage by the manager, with factors and next steps.
		t += rng.between(30, 300) * MINUTE;
		event("triage", "enquiries", t, actors.manager, { rag, recommendation: outcome, thresholdLevel: level });
		row.rag = rag;
		row.urgency_rank = URGENCY[rag];
		batch.triage.push({
			contact_child_id: childId,
			threshold_level: level,
			rag,
			recommendation: outcome,
			immediate_strategy_discussion: false,
			rationale: "Recommendation on the information in the contact.",
			repeat_contact: previous !== undefined && previous >= yearBefore(received),
			triaged_at: iso(t),
			triaged_by: actors.manager,
		});
		const answers = new Map<string, "present" | "not-known" | "ruled-out">();
		if (da) {
			// The children were present: domestic abuse of the parent, and of the child.
			answers.set("domestic-abuse-parent", "present");
			answers.set("domestic-abuse-child", rng.chance(0.7) ? "present" : "not-known");
			for (let f = rng.between(0, 2); f > 0; f--) answers.set(rng.pick(DA_ALSO), "not-known");
		} else {
			answers.set("neglect", rng.chance(0.5) ? "present" : "not-known");
			for (let f = rng.between(0, 2); f > 0; f--) {
				answers.set(rng.pick(CARE_ALSO), rng.chance(0.3) ? "present" : "not-known");
			}
		}
		if (rng.chance(0.3)) answers.set(rng.pick(Object.keys(RULED_OUT)), "ruled-out");
		for (const [factor, status] of answers) {
			batch.triage_factor.push({
				contact_child_id: childId,
				risk_factor: factor,
				status,
				reason: status === "ruled-out" ? RULED_OUT[factor] : null,
			});
		}
		const triagedAt = t;
		const steps = rng.between(1, 2);
		const done = stage !== "enquiries";
		for (let s = 0; s < steps; s++) {
			batch.next_step.push({
				id: id("step"),
				contact_child_id: childId,
				action: s === 0 ? "Check agency records" : "Speak to the parents",
				urgency: rag === "red" ? "within-4-hours" : "one-working-day",
				due_at: iso(triagedAt + (rag === "red" ? 4 * HOUR : DAY)),
				allocated_to: actors.practitioner,
				done_at: done ? iso(triagedAt + rng.between(30, 300) * MINUTE) : null,
				done_by: done ? actors.practitioner : null,
				created_at: iso(triagedAt),
			});
		}
		// Enquiries and agreement to share.
		const enquiries = rng.between(1, 3);
		for (let q = 0; q < enquiries; q++) {
			t += rng.between(10, 120) * MINUTE;
			const answered = stage !== "enquiries" || rng.chance(0.4);
			const answeredAt = t + rng.between(30, 360) * MINUTE;
			batch.enquiry.push({
				id: id("enquiry"),
				contact_child_id: childId,
				agency: rng.pick(ENQUIRY_AGENCIES),
				requested_at: iso(t),
				due_at: iso(t + DAY),
				answered_at: answered ? iso(answeredAt) : null,
				response: answered ? "Known to us; no current concerns beyond the referral." : null,
				recorded_by: actors.practitioner,
			});
			event("enquiry", state, t, actors.practitioner);
			if (answered) {
				t = answeredAt;
				event("enquiry-answered", state, t, actors.practitioner);
			}
		}
		t += rng.between(10, 60) * MINUTE;
		const notSought = rng.chance(0.04);
		batch.information_sharing.push({
			id: id("sharing"),
			contact_child_id: childId,
			person_name: "Parent of the child",
			agreement: notSought ? "not-sought" : rng.chance(0.97) ? "sought-given" : "sought-refused",
			information_shared: notSought,
			rationale: notSought ? "Seeking agreement could place the child at risk of significant harm." : null,
			authorised_by: notSought ? actors.manager : null,
			// The manager confirmed it as they were asked, half an hour on.
			authorisation: notSought ? "confirmed" : null,
			authorised_at: notSought ? iso(t + 30 * MINUTE) : null,
			lawful_basis: "Children Act 1989 s17/s47; UK GDPR 6(1)(e)",
			recorded_at: iso(t),
			recorded_by: actors.practitioner,
		});
		event("information-sharing", state, t, actors.practitioner);
		if (stage === "enquiries") return finish();
		// The review of the triage recommendation.
		t += rng.between(30, 240) * MINUTE;
		const confirmed = rng.chance(0.85);
		batch.review.push({
			contact_child_id: childId,
			confirmed,
			recommendation: outcome,
			reason: confirmed ? null : "The enquiries changed the picture.",
			reviewed_at: iso(t),
			reviewed_by: actors.practitioner,
		});
		event("review", "awaiting-decision", t, actors.practitioner);
		if (stage === "awaiting-decision") return finish();
		// The decision, by a registered practitioner; referrals for a social-work response.
		t += rng.between(30, 240) * MINUTE;
		const decisionId = id("decision");
		const earlyHelp = outcome === "early-help";
		const receiving = earlyHelp ? actors.earlyHelpTeam : outcome === "assessment" ? actors.assessmentTeam : null;
		const tier = earlyHelp ? (rng.chance(0.7) ? "targeted" : "intensive") : null;
		event("decide", "awaiting-sign-off", t, actors.practitioner, { outcome, thresholdLevel: level });
		row.outcome = outcome;
		const decidedAt = t;
		const decision: Row = {
			id: decisionId,
			contact_child_id: childId,
			outcome,
			early_help_tier: tier,
			threshold_level: level,
			level_reason: null,
			rationale: "The decision rests on the triage and the enquiries.",
			family_agreed: earlyHelp ? true : null,
			receiving_team_id: receiving,
			decided_at: iso(decidedAt),
			decided_by: actors.practitioner,
			sign_off_due_at: iso(decidedAt + DAY),
			signed_off_at: null,
			signed_off_by: null,
			sign_off_comment: null,
		};
		batch.decision.push(decision);
		if (REFERRAL_OUTCOMES.includes(outcome)) {
			const prior = lastReferral.get(personId);
			const referralId = id("referral");
			batch.referral.push({
				id: referralId,
				contact_child_id: childId,
				person_id: personId,
				referral_date: iso(received),
				re_referral: prior !== undefined && prior.at < received && prior.at >= yearBefore(received),
				previous_referral_id: prior !== undefined && prior.at < received ? prior.id : null,
				created_at: iso(decidedAt),
			});
			lastReferral.set(personId, { id: referralId, at: received });
		}
		if (stage === "awaiting-sign-off") return finish();
		// Sign-off by a manager other than the decision maker.
		t += rng.between(20, 600) * MINUTE;
		decision.signed_off_at = iso(t);
		decision.signed_off_by = actors.manager;
		decision.sign_off_comment = "Agreed.";
		let next: State = "closed";
		if (outcome === "strategy-discussion") next = "strategy-discussion";
		else if (receiving) next = "awaiting-transfer";
		event("sign-off", next, t, actors.manager, { decisionId });
		if (rng.chance(0.85)) {
			const given = t + rng.between(60, 2 * 24 * 60) * MINUTE;
			batch.feedback.push({
				contact_child_id: childId,
				given_at: iso(given),
				method: rng.pick(["phone", "email", "letter"]),
				summary: "The referrer was told the outcome.",
				given_by: actors.practitioner,
				recorded_at: iso(given + 10 * MINUTE),
			});
		}
		let transferKind: "early-help" | "assessment" | null = earlyHelp ? "early-help" : receiving ? "assessment" : null;
		let transferTier = tier;
		let transferTeam = receiving;
		let transferDecision = decisionId;
		if (state === "strategy-discussion") {
			t += rng.between(60, 24 * 60) * MINUTE;
			const nextStep = STRATEGY_NEXT.draw(rng);
			batch.strategy_discussion.push({
				id: id("strategy"),
				contact_child_id: childId,
				held_at: iso(t),
				// Children's social care, the police and health, each by its code (ADR 29).
				attendees: JSON.stringify([
					{ agency: "police", name: "DS Synthetic", role: "Detective Sergeant" },
					{ agency: "health-other", name: "Sam Synthetic", role: "Named nurse for safeguarding" },
					{ agency: "csc", name: "Alex Synthetic", role: "Team manager" },
				]),
				next_step: nextStep,
				rationale: "Agreed by the agencies present.",
				icpc_due_at: nextStep === "s47" ? iso(t + 21 * DAY) : null,
				recorded_at: iso(t + 30 * MINUTE),
				recorded_by: actors.manager,
				// A step down from a strategy discussion is agreed with the family, in a tier.
				early_help_tier: nextStep === "early-help" ? (tier ?? "targeted") : null,
				family_agreed: nextStep === "early-help" ? true : null,
			});
			if (nextStep === "early-help") transferTier = tier ?? "targeted";
			// Ending the front door's work (no further action, a step down) is a decision another manager signs off.
			const exit = nextStep === "nfa" || nextStep === "early-help";
			event("hold-strategy-discussion", exit ? "awaiting-sign-off" : "awaiting-transfer", t, actors.manager, {
				nextStep,
			});
			if (exit) {
				const heldAt = t;
				t += rng.between(20, 300) * MINUTE;
				transferDecision = id("decision");
				batch.decision.push({
					id: transferDecision,
					contact_child_id: childId,
					outcome: "strategy-discussion",
					strategy_next_step: nextStep,
					early_help_tier: nextStep === "early-help" ? transferTier : null,
					threshold_level: level,
					level_reason: null,
					rationale: "Agreed by the agencies present.",
					family_agreed: nextStep === "early-help" ? true : null,
					receiving_team_id: nextStep === "early-help" ? actors.earlyHelpTeam : null,
					decided_at: iso(heldAt),
					decided_by: actors.manager,
					sign_off_due_at: iso(heldAt + DAY),
					signed_off_at: iso(t),
					signed_off_by: actors.assessmentManager,
					sign_off_comment: "Agreed: the discussion's outcome is proportionate.",
				});
				event("sign-off", nextStep === "nfa" ? "closed" : "awaiting-transfer", t, actors.assessmentManager, {
					decisionId: transferDecision,
				});
			}
			transferKind = nextStep === "early-help" ? "early-help" : nextStep === "nfa" ? null : "assessment";
			transferTeam = transferKind === "early-help" ? actors.earlyHelpTeam : actors.assessmentTeam;
		}
		if (state === "awaiting-transfer" && transferKind && transferTeam) {
			const sentAt = t;
			t += rng.between(60, 3 * 24 * 60) * MINUTE;
			batch.transfer.push({
				id: id("transfer"),
				contact_child_id: childId,
				decision_id: transferDecision,
				to_team_id: transferTeam,
				kind: transferKind,
				early_help_tier: transferKind === "early-help" ? transferTier : null,
				sent_at: iso(sentAt),
				responded_at: iso(t),
				responded_by: transferKind === "early-help" ? actors.earlyHelp : actors.assessmentManager,
				accepted: true,
				first_contact_at: transferKind === "early-help" ? iso(t + rng.between(1, 15 * 24) * HOUR) : null,
			});
			event(
				"accept-transfer",
				"closed",
				t,
				transferKind === "early-help" ? actors.earlyHelp : actors.assessmentManager,
			);
		}
		row.closed_at = iso(t);
		return finish();
	};

	for (let i = 0; i < times.length; i++) {
		contact(times[i], null);
		if (inBatch >= chunk) {
			yield batch;
			batch = emptyFrontDoorBatch();
			inBatch = 0;
		}
	}
	// The newest contacts: enough children waiting for triage to fill the queue's pages.
	let late = end - 6 * HOUR;
	while (summary.awaitingTriage < options.minAwaitingTriage) {
		late += Math.max(1, Math.floor((5 * HOUR) / Math.max(1, options.minAwaitingTriage)));
		contact(Math.min(late, end - MINUTE), "awaiting-triage");
		if (inBatch >= chunk) {
			yield batch;
			batch = emptyFrontDoorBatch();
			inBatch = 0;
		}
	}
	if (inBatch > 0) yield batch;
}
