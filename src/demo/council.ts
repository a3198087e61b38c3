import type { Database } from "../db/engine.ts";
import { hashPassword } from "../modules/auth/index.ts";
import { ROLES, type Role } from "../platform/roles.ts";

// A small demo council: its teams and one user per role, so a new user can sign in
// as anyone on a fresh machine. People arrive with the people module.
export const DEMO_PASSWORD = "demo-password-1";
// Known so the demo's partner API can be tried at once; a real council issues keys in the browser.
export const DEMO_API_KEY = "thr_demo_agency_key_for_trying_the_api_only";
export const DEMO_AGENCY = "Demo Police";

const TEAMS = [
	{ name: "Front Door (MASH)", kind: "front-door" },
	{ name: "Assessment Team North", kind: "assessment" },
	{ name: "Early Help East", kind: "early-help" },
	{ name: "Out of Hours Service", kind: "out-of-hours" },
	{ name: "Missing and Exploitation Hub", kind: "adolescent-risk" },
	{ name: "LADO Service", kind: "lado" },
	{ name: "Quality Assurance", kind: "quality-assurance" },
	{ name: "Performance and Information", kind: "performance" },
];

interface DemoUser {
	role: Role;
	name: string;
	email: string;
	team: string | null;
	swe?: string;
	inspector?: boolean;
}

export const DEMO_USERS: DemoUser[] = [
	{ role: "contact-officer", name: "Casey Contact", email: "contact.officer@demo.example", team: "Front Door (MASH)" },
	{
		role: "practitioner",
		name: "Priya Practitioner",
		email: "practitioner@demo.example",
		team: "Front Door (MASH)",
		swe: "SW100001",
	},
	{
		role: "team-manager",
		name: "Morgan Manager",
		email: "team.manager@demo.example",
		team: "Front Door (MASH)",
		swe: "SW100002",
	},
	// A second manager, after the first so that "the team manager" stays the front door's:
	// transfers to the assessment team are answered by its own staff.
	{
		role: "team-manager",
		name: "Abi Assessment",
		email: "assessment.manager@demo.example",
		team: "Assessment Team North",
		swe: "SW100008",
	},
	{
		role: "out-of-hours",
		name: "Owen Nightduty",
		email: "out.of.hours@demo.example",
		team: "Out of Hours Service",
		swe: "SW100003",
	},
	{ role: "early-help", name: "Erin Earlyhelp", email: "early.help@demo.example", team: "Early Help East" },
	{
		role: "missing-coordinator",
		name: "Mina Missing",
		email: "missing@demo.example",
		team: "Missing and Exploitation Hub",
	},
	{
		role: "exploitation-lead",
		name: "Ellis Exploitation",
		email: "exploitation@demo.example",
		team: "Missing and Exploitation Hub",
		swe: "SW100004",
	},
	{ role: "lado", name: "Lee Lado", email: "lado@demo.example", team: "LADO Service", swe: "SW100005" },
	{ role: "auditor", name: "Ada Auditor", email: "auditor@demo.example", team: "Quality Assurance", swe: "SW100006" },
	{ role: "analyst", name: "Ana Analyst", email: "analyst@demo.example", team: "Performance and Information" },
	{ role: "senior-leader", name: "Sam Director", email: "senior.leader@demo.example", team: null, swe: "SW100007" },
	{ role: "administrator", name: "Alex Admin", email: "admin@demo.example", team: null },
	{ role: "inspector", name: "Ingrid Inspector", email: "inspector@demo.example", team: null, inspector: true },
];

/** Loads the demo council into an empty database; does nothing if any user exists. */
export async function loadDemoCouncil(db: Database, now = new Date()): Promise<boolean> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	const inspectorEnds = new Date(now.getTime() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
	return db.withOwner(async (owner) => {
		await owner.exec("BEGIN");
		try {
			// Two processes starting on one empty PostgreSQL database must not both load it.
			await owner.exec("LOCK TABLE app_user IN EXCLUSIVE MODE");
			const [{ n }] = await owner.query<{ n: number }>("SELECT count(*)::int AS n FROM app_user");
			if (n > 0) {
				await owner.exec("ROLLBACK");
				return false;
			}
			const teamIds = new Map<string, string>();
			for (const t of TEAMS) {
				const [row] = await owner.query<{ id: string }>(
					"INSERT INTO team (name, kind) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind RETURNING id",
					[t.name, t.kind],
				);
				teamIds.set(t.name, row.id);
			}
			const userIds = new Map<string, string>();
			for (const u of DEMO_USERS) {
				const [row] = await owner.query<{ id: string }>(
					`INSERT INTO app_user (email, display_name, password_hash, team_id, swe_registration, expires_on)
					 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
					[
						u.email,
						u.name,
						passwordHash,
						u.team ? teamIds.get(u.team) : null,
						u.swe ?? null,
						u.inspector ? inspectorEnds : null,
					],
				);
				await owner.query("INSERT INTO user_role (user_id, role) VALUES ($1, $2)", [row.id, u.role]);
				userIds.set(u.email, row.id);
			}
			// Practitioners are line-managed by their team's manager.
			for (const u of DEMO_USERS) {
				const manager = DEMO_USERS.find((m) => m.role === "team-manager" && m.team === u.team);
				if (u.role !== "practitioner" || !u.team || !manager) continue;
				await owner.query("UPDATE app_user SET manager_id = $1 WHERE id = $2", [
					userIds.get(manager.email),
					userIds.get(u.email),
				]);
			}
			await owner.query(
				"INSERT INTO api_key (agency, referral_sources, key_hash, key_prefix) VALUES ($1, ARRAY['6'], encode(sha256(convert_to($2, 'UTF8')), 'hex'), $3)",
				[DEMO_AGENCY, DEMO_API_KEY, DEMO_API_KEY.slice(0, 12)],
			);
			await owner.exec("COMMIT");
			return true;
		} catch (error) {
			await owner.exec("ROLLBACK");
			throw error;
		}
	});
}

export function demoLoginLines(): string[] {
	const width = Math.max(...DEMO_USERS.map((u) => ROLES[u.role].length));
	return DEMO_USERS.map((u) => `  ${ROLES[u.role].padEnd(width)}  ${u.email}`);
}
