import type { FastifyInstance } from "fastify";
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.ts";
import type { Outcome } from "../domain/front-door/workflow.ts";
import type { Role } from "../platform/roles.ts";
import { DEMO_AGENCY, DEMO_USERS } from "./council.ts";

// A morning at the demo council's front door, made through the real services so every
// row is one the application could have written: children waiting for triage, in
// enquiries, waiting for sign-off, and some closed with feedback given.

const HOUR = 3_600_000;

const CONCERNS = [
	"School reports the child arrived hungry three days running and with unwashed clothes.",
	"Police attended a domestic incident overnight; the children were present.",
	"Health visitor is worried about the baby's weight and the mother's low mood.",
	"Neighbour heard shouting and a child crying late at night.",
	"The child told a teacher that mum's boyfriend hits him.",
	"GP concerned about repeated missed appointments for a child with asthma.",
];

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
	const plan: { hoursAgo: number; stage: "waiting" | "enquiries" | "decided" | "closed"; outcome?: Outcome }[] = [
		{ hoursAgo: 1, stage: "waiting" },
		{ hoursAgo: 3, stage: "waiting" },
		{ hoursAgo: 14, stage: "waiting" },
		{ hoursAgo: 30, stage: "waiting" },
		{ hoursAgo: 5, stage: "enquiries" },
		{ hoursAgo: 20, stage: "enquiries" },
		{ hoursAgo: 26, stage: "decided", outcome: "information-advice" },
		{ hoursAgo: 50, stage: "decided", outcome: "assessment" },
		{ hoursAgo: 75, stage: "closed", outcome: "nfa" },
		{ hoursAgo: 100, stage: "closed", outcome: "early-help" },
		{ hoursAgo: 120, stage: "closed", outcome: "assessment" },
		{ hoursAgo: 150, stage: "closed", outcome: "information-advice" },
	];
	for (const [i, p] of plan.entries()) {
		const officer = as("contact-officer");
		const contact = await services.contacts.record(
			{
				kind: i % 4 === 1 ? "da-notification" : "contact",
				receivedAt: new Date(now.getTime() - p.hoursAgo * HOUR),
				source: i % 4 === 1 ? "6" : (["2A", "3B", "1A", "3A"] as const)[i % 4],
				referrer: {
					name: "Demo referrer",
					agency: i % 4 === 1 ? "Police" : "Partner agency",
					phone: null,
					email: null,
				},
				concern: CONCERNS[i % CONCERNS.length],
				request: "Advice and, if needed, a visit",
				familyAware: "yes",
				domesticAbuse:
					i % 4 === 1
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
		const outcome = p.outcome ?? "information-advice";
		const level = outcome === "assessment" ? "4" : outcome === "early-help" ? "2" : "1";
		const manager = as("team-manager");
		await services.triage.record(
			child.id,
			{
				thresholdLevel: level,
				rag: outcome === "assessment" ? "amber" : "green",
				recommendation: outcome,
				immediateStrategyDiscussion: false,
				rationale: "Demo triage: the known history and the referrer's account weighed together.",
				factors: [
					{ code: "neglect", status: "not-known", reason: null },
					{
						code: "domestic-abuse-parent",
						status: i % 4 === 1 ? "present" : "ruled-out",
						reason: "No police history.",
					},
				],
				nextSteps: [
					{
						action: "Check with school and health",
						urgency: "one-working-day",
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
			{ confirmed: true, recommendation: null, reason: "" },
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
