import type { FastifyInstance } from "fastify";
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.ts";
import { answerEvery } from "../domain/front-door/triage.ts";
import type { Outcome } from "../domain/front-door/workflow.ts";
import type { Role } from "../platform/roles.ts";
import { DEMO_AGENCY, DEMO_USERS } from "./council.ts";

// A morning at the demo council's front door, made through the real services so every
// row is one the application could have written: children waiting for triage, in
// enquiries, waiting for sign-off, and some closed with feedback given.

const HOUR = 3_600_000;

type Rag = "red" | "amber" | "green";

/**
 * What each demo contact says, and a triage that follows from it: the factors it speaks
 * to are present or not known, never ruled out; the rest are ruled out after checking
 * the records; the rating and recommendation weigh what it says (a child who says mum's
 * boyfriend hits him is not Green). `none` records "No factors identified".
 */
interface Scenario {
	kind: "contact" | "da-notification";
	source: "2A" | "3B" | "1A" | "3A" | "4" | "6";
	concern: string;
	present: string[];
	notKnown: string[];
	none?: boolean;
	level: string;
	rag: Rag;
	recommendation: Outcome;
	rationale: string;
}
const RULED_OUT = "Nothing in the contact or the council's records points to it.";

const HUNGER: Scenario = {
	kind: "contact",
	source: "2A",
	concern: "School reports the child arrived hungry three days running and with unwashed clothes.",
	present: ["neglect"],
	notKnown: ["mental-health-parent", "alcohol-parent", "drugs-parent"],
	level: "3",
	rag: "amber",
	recommendation: "assessment",
	rationale: "A pattern of hunger and poor hygiene suggests neglect; why is not yet known.",
};
const POLICE_DA: Scenario = {
	kind: "da-notification",
	source: "6",
	concern: "Police attended a domestic incident overnight; the children were present.",
	present: ["domestic-abuse-parent", "domestic-abuse-child"],
	notKnown: ["domestic-abuse-household", "alcohol-parent", "emotional-abuse"],
	level: "3",
	rag: "amber",
	recommendation: "assessment",
	rationale: "The children were present at a domestic incident, so they are victims of it in their own right.",
};
const ARGUMENT_DA: Scenario = {
	kind: "da-notification",
	source: "6",
	concern: "Police attended a verbal argument between the parents; no violence, the children were asleep upstairs.",
	present: ["domestic-abuse-parent"],
	notKnown: ["domestic-abuse-child", "domestic-abuse-household"],
	level: "2",
	rag: "green",
	recommendation: "early-help",
	rationale: "A first argument with no violence; the parents want help, which early help can give.",
};
const INJURED_DA: Scenario = {
	kind: "da-notification",
	source: "6",
	concern: "Police were called to a domestic incident; the mother was injured and the children were in the house.",
	present: ["domestic-abuse-parent", "domestic-abuse-child", "physical-abuse-adult"],
	notKnown: ["domestic-abuse-household", "alcohol-parent", "drugs-parent"],
	level: "4",
	rag: "red",
	recommendation: "strategy-discussion",
	rationale: "Violence causing injury with the children in the house: they may be at risk of significant harm.",
};
const SHOUTING: Scenario = {
	kind: "contact",
	source: "1A",
	concern: "Neighbour heard shouting and a child crying late at night.",
	present: [],
	notKnown: [
		"domestic-abuse-parent",
		"domestic-abuse-child",
		"domestic-abuse-household",
		"emotional-abuse",
		"physical-abuse-adult",
	],
	level: "2",
	rag: "amber",
	recommendation: "information-advice",
	rationale: "Not enough to know what happened: checks with school and police before anything else.",
};
const DISCLOSURE: Scenario = {
	kind: "contact",
	source: "2A",
	concern: "The child told a teacher that mum's boyfriend hits him.",
	present: ["physical-abuse-adult", "domestic-abuse-child"],
	notKnown: ["domestic-abuse-parent", "domestic-abuse-household", "emotional-abuse"],
	level: "4",
	rag: "red",
	recommendation: "strategy-discussion",
	rationale: "A child's disclosure of physical abuse by an adult in the household needs a strategy discussion today.",
};
const LOW_MOOD: Scenario = {
	kind: "contact",
	source: "3B",
	concern: "Health visitor is worried about the baby's weight and the mother's low mood.",
	present: ["mental-health-parent"],
	notKnown: ["neglect"],
	level: "3",
	rag: "amber",
	recommendation: "assessment",
	rationale: "A baby not gaining weight and a mother who may be depressed: her care needs assessing.",
};
const ASTHMA: Scenario = {
	kind: "contact",
	source: "3A",
	concern: "GP concerned about repeated missed appointments for a child with asthma.",
	present: ["physical-disability-child"],
	notKnown: ["neglect"],
	level: "1",
	rag: "green",
	recommendation: "information-advice",
	rationale: "School says the child is well and attends; the GP can follow up the appointments with the family.",
};
const HOUSING: Scenario = {
	kind: "contact",
	source: "4",
	concern:
		"Housing asks what support there is for a family moved to temporary accommodation; no worries about the children.",
	present: [],
	notKnown: [],
	none: true,
	level: "1",
	rag: "green",
	recommendation: "nfa",
	rationale: "A request for information about housing support, with nothing about the children's care.",
};

/** Loads the demo front door when no contact has been recorded yet. */
export async function loadDemoContacts(app: FastifyInstance, kysely: Kysely<DB>): Promise<boolean> {
	const existing = await kysely.selectFrom("contact").select("id").limit(1).executeTakeFirst();
	if (existing) return false;
	const users = new Map<Role, { id: string; roles: Role[]; sweRegistration: string | null; teamId: string | null }>();
	for (const u of DEMO_USERS) {
		const row = await kysely
			.selectFrom("app_user")
			.select(["id", "swe_registration", "team_id"])
			.where("email", "=", u.email)
			.executeTakeFirst();
		if (row && !users.has(u.role))
			users.set(u.role, { id: row.id, roles: [u.role], sweRegistration: row.swe_registration, teamId: row.team_id });
	}
	const as = (role: Role) => {
		const u = users.get(role);
		if (!u) throw new Error(`The demo council has no ${role}`);
		return {
			userId: u.id,
			role,
			requestId: "demo-load",
			actor: { id: u.id, roles: u.roles, sweRegistration: u.sweRegistration },
			teamId: u.teamId,
		};
	};
	const children = await kysely
		.selectFrom("person")
		.select("id")
		.where("merged_into", "is", null)
		.where("date_of_birth", ">", sql<string>`current_date - interval '16 years'`)
		.orderBy("la_person_id")
		.limit(12)
		.execute();
	if (children.length < 12) return false;
	const { services } = app;
	const now = services.now();
	const teams = await services.users.teams();
	const assessment = teams.find((t) => t.kind === "assessment")?.id ?? null;
	const earlyHelp = teams.find((t) => t.kind === "early-help")?.id ?? null;

	// Each demo child: how long ago the contact came in, and how far it has got.
	const plan: {
		hoursAgo: number;
		stage: "waiting" | "enquiries" | "decided" | "closed";
		about: Scenario;
		outcome?: Outcome;
	}[] = [
		{ hoursAgo: 1, stage: "waiting", about: HUNGER },
		{ hoursAgo: 3, stage: "waiting", about: POLICE_DA },
		{ hoursAgo: 14, stage: "waiting", about: LOW_MOOD },
		{ hoursAgo: 30, stage: "waiting", about: SHOUTING },
		{ hoursAgo: 5, stage: "enquiries", about: DISCLOSURE },
		{ hoursAgo: 20, stage: "enquiries", about: INJURED_DA },
		{ hoursAgo: 26, stage: "decided", about: ASTHMA, outcome: "information-advice" },
		{ hoursAgo: 50, stage: "decided", about: HUNGER, outcome: "assessment" },
		{ hoursAgo: 75, stage: "closed", about: HOUSING, outcome: "nfa" },
		{ hoursAgo: 100, stage: "closed", about: ARGUMENT_DA, outcome: "early-help" },
		{ hoursAgo: 120, stage: "closed", about: LOW_MOOD, outcome: "assessment" },
		{ hoursAgo: 150, stage: "closed", about: SHOUTING, outcome: "information-advice" },
	];
	const { factors } = await services.triage.factorList();
	for (const [i, p] of plan.entries()) {
		const officer = as("contact-officer");
		const { about } = p;
		const da = about.kind === "da-notification";
		const contact = await services.contacts.record(
			{
				kind: about.kind,
				receivedAt: new Date(now.getTime() - p.hoursAgo * HOUR),
				source: about.source,
				referrer: {
					name: "Demo referrer",
					agency: da ? "Police" : "Partner agency",
					phone: null,
					email: null,
				},
				concern: about.concern,
				request: "Advice and, if needed, a visit",
				familyAware: "yes",
				domesticAbuse: da
					? {
							incidentAt: new Date(now.getTime() - (p.hoursAgo + 6 + i) * HOUR),
							sentAt: null,
							riskTool: i % 8 === 1 ? "DASH" : null,
							riskLevel: i % 8 === 1 ? "medium" : null,
						}
					: null,
				children: [{ personId: children[i].id, rag: i % 3 === 0 ? "amber" : null }],
			},
			{ ...officer, channel: "form" },
		);
		if (p.stage === "waiting") continue;
		const child = await kysely
			.selectFrom("contact_child")
			.select(["id", "version"])
			.where("contact_id", "=", contact.id)
			.executeTakeFirstOrThrow();
		const outcome = p.outcome ?? about.recommendation;
		// The level the decision rests on, one each outcome usually follows.
		const level = outcome === "assessment" ? "4" : outcome === "early-help" ? "2" : "1";
		const manager = as("team-manager");
		const given = [
			...about.present.map((code) => ({ code, status: "present" as const, reason: null })),
			...about.notKnown.map((code) => ({ code, status: "not-known" as const, reason: null })),
		];
		await services.triage.record(
			child.id,
			{
				thresholdLevel: about.level,
				rag: about.rag,
				recommendation: about.recommendation,
				immediateStrategyDiscussion: false,
				rationale: about.rationale,
				factors: about.none ? [] : answerEvery(factors, given, { status: "ruled-out", reason: RULED_OUT }),
				noFactorsIdentified: about.none === true,
				nextSteps: [
					{
						action: "Check with school and health",
						// Urgency follows the risk (ADR 26): a child rated Red is seen to today.
						urgency: about.rag === "red" ? "same-day" : "one-working-day",
						allocatedTo: as("practitioner").userId,
					},
				],
			},
			child.version,
			manager,
		);
		if (p.stage === "enquiries") continue;
		const practitioner = as("practitioner");
		await services.decisions.review(
			child.id,
			{ confirmed: true, recommendation: null, reason: "", unansweredReason: "" },
			child.version + 1,
			practitioner,
		);
		await services.decisions.decide(
			child.id,
			{
				outcome,
				thresholdLevel: level,
				levelReason: "",
				rationale: "Demo decision after enquiries with school and health.",
				earlyHelpTier: outcome === "early-help" ? "targeted" : null,
				familyAgreed: outcome === "early-help" ? true : null,
				receivingTeamId: outcome === "assessment" ? assessment : outcome === "early-help" ? earlyHelp : null,
				allocatedWorkerId: outcome === "allocated-worker" ? practitioner.userId : null,
				otherCouncil: outcome === "other-council" ? "887" : null,
				otherCouncilName: "",
				departureReason: "",
				aloneOnDuty: false,
			},
			child.version + 2,
			practitioner,
		);
		if (p.stage === "decided") continue;
		// The child leaves the front door only once its next steps are done, as in the app.
		const steps = await kysely.selectFrom("next_step").select("id").where("contact_child_id", "=", child.id).execute();
		for (const step of steps) {
			await services.nextSteps.complete(
				child.id,
				step.id,
				"Demo: school and health had nothing further to add.",
				practitioner,
			);
		}
		await services.decisions.signOff(child.id, "Demo sign-off: agreed.", child.version + 3, manager);
		await services.contacts.acknowledge(contact.id, "email", officer);
		await services.feedback.record(
			child.id,
			{ method: "email", summary: "Told the referrer the outcome.", givenAt: services.now() },
			officer,
		);
	}
	await loadAgencyContacts(
		app,
		kysely,
		children.map((c) => c.id),
	);
	return true;
}

/**
 * Two notifications from the demo police by the partner API, whose children are described
 * and so wait on the matching queue: one a known child with a slip in her name, one a
 * child the council has never heard of.
 */
async function loadAgencyContacts(app: FastifyInstance, kysely: Kysely<DB>, used: string[]) {
	const { services } = app;
	const now = services.now();
	const key = await kysely.selectFrom("api_key").select("id").where("agency", "=", DEMO_AGENCY).executeTakeFirst();
	const known = await kysely
		.selectFrom("person as p")
		.leftJoin("person_address as a", (j) => j.onRef("a.person_id", "=", "p.id").on("a.end_date", "is", null))
		.select(["p.given_name", "p.family_name", "p.date_of_birth", "a.postcode"])
		.where("p.merged_into", "is", null)
		.where("p.id", "not in", used)
		.where("p.date_of_birth", ">", sql<string>`current_date - interval '16 years'`)
		.where(sql<boolean>`length(p.given_name) >= 4`)
		.orderBy("p.la_person_id")
		.executeTakeFirst();
	// Two letters of the given name swapped: what the matching scores as a slip.
	const slip = (name: string) => name.slice(0, 1) + name.slice(2, 3) + name.slice(1, 2) + name.slice(3);
	const described = [
		known
			? {
					givenName: slip(known.given_name),
					familyName: known.family_name,
					dateOfBirth: known.date_of_birth,
					nhsNumber: null,
					postcode: known.postcode,
				}
			: null,
		{ givenName: "Kacey", familyName: "Thornbury", dateOfBirth: "2019-08-21", nhsNumber: null, postcode: null },
	];
	for (const [i, child] of described.entries()) {
		if (!child) continue;
		await services.contacts.record(
			{
				kind: "contact",
				receivedAt: new Date(now.getTime() - (2 + i * 5) * HOUR),
				source: "6",
				referrer: { name: "PC Demo", agency: DEMO_AGENCY, phone: null, email: null },
				concern: "Officers attended a disturbance at the home overnight; the child was present and unhurt.",
				request: "For information and any checks the front door thinks right",
				familyAware: "yes",
				domesticAbuse: null,
				children: [{ described: child, rag: null }],
			},
			{ userId: null, apiKeyId: key?.id ?? null, role: null, requestId: "demo-load", teamId: null, channel: "api" },
		);
	}
}
