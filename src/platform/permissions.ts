import type { Role } from "./roles.ts";
import { ALL_ROLES } from "./roles.ts";

/**
 * Who may reach a route. Each module declares its routes' access in its manifest, from
 * the role groups below (the council's policy on who reads and records what); the
 * platform collects them into one table (docs/permissions.md) and a route missing from
 * it cannot be registered (deny by default). "public" needs no sign-in; "api" is for
 * partner agencies' keys, which carry no role.
 */
export type Access = "public" | "api" | readonly Role[];

export const EVERYONE: readonly Role[] = ALL_ROLES;
export const ADMIN: readonly Role[] = ["administrator"];
export const ACCESS_LOG_READERS: readonly Role[] = ["administrator"];
// Who reads people's records, and who records them. Analysts work from figures and
// administrators run the system: neither opens a child's record.
export const PEOPLE_READERS: readonly Role[] = [
	"contact-officer",
	"practitioner",
	"team-manager",
	"out-of-hours",
	"early-help",
	"missing-coordinator",
	"exploitation-lead",
	"lado",
	"auditor",
	"senior-leader",
	"inspector",
];
export const PEOPLE_WRITERS: readonly Role[] = PEOPLE_READERS.filter(
	(r) => !["auditor", "senior-leader", "inspector"].includes(r),
);
// Merging records is a decision with consequences for a child's history: managers take it.
export const MERGERS: readonly Role[] = ["team-manager", "senior-leader"];
// The front door. Contacts are recorded by those who answer the phone and read the
// inbox; triage is the manager's (or, out of hours, the duty worker's).
export const CONTACT_RECORDERS: readonly Role[] = ["contact-officer", "practitioner", "team-manager", "out-of-hours"];
export const FRONT_DOOR_READERS: readonly Role[] = PEOPLE_READERS;
export const TRIAGERS: readonly Role[] = ["team-manager", "senior-leader", "out-of-hours"];
// Enquiries, agreement to share and feedback: the front door's workers, qualified or not.
export const FRONT_DOOR_WORKERS: readonly Role[] = CONTACT_RECORDERS;
// Reviews and decisions need a registered social worker or a manager (checked as a rule too).
export const DECIDERS: readonly Role[] = ["practitioner", "team-manager", "senior-leader", "out-of-hours"];
export const SIGNERS: readonly Role[] = ["team-manager", "senior-leader"];
// Figures are for those who run the service and those who check it; the lists behind
// them name children, so only those who may read children's records open them.
export const DASHBOARD_READERS: readonly Role[] = ["team-manager", "senior-leader", "analyst", "auditor", "inspector"];
export const DASHBOARD_LISTS: readonly Role[] = ["team-manager", "senior-leader", "auditor", "inspector"];
// Receiving teams: early help, and assessment teams' social workers and managers.
export const RECEIVERS: readonly Role[] = ["early-help", "practitioner", "team-manager", "senior-leader"];
// Matching a child an agency described to a person: those who record contacts (and so
// search for children every day) and the managers. Senior leaders and inspectors see
// the queue and its candidates, to check how long children wait, but change nothing.
export const MATCHERS: readonly Role[] = CONTACT_RECORDERS;
export const MATCH_READERS: readonly Role[] = [...MATCHERS, "senior-leader", "inspector"];
export const SETTINGS_READERS: readonly Role[] = ["administrator", "team-manager", "senior-leader", "analyst"];
export const THRESHOLD_WRITERS: readonly Role[] = ["administrator", "senior-leader"];

export function routeKey(method: string, url: string): string {
	return `${method.toUpperCase()} ${url}`;
}

export type AccessDecision = "allow" | "sign-in" | "deny";

/**
 * Decides a request from the table. Inspectors are read-only everywhere: whatever the
 * table says, they may change nothing but their own session.
 */
export function decideAccess(
	access: Access | undefined,
	method: string,
	url: string,
	principal: { roles: readonly Role[] } | null,
	isApiKey = false,
): AccessDecision {
	if (access === undefined) return "deny";
	if (access === "public") return "allow";
	if (access === "api") return isApiKey ? "allow" : "deny";
	if (!principal) return "sign-in";
	if (!principal.roles.some((r) => access.includes(r))) return "deny";
	const writes = method !== "GET" && method !== "HEAD";
	const onlyInspector = principal.roles.every((r) => r === "inspector");
	// Their own session is the one thing an inspector changes: signing out, or staying signed in.
	if (writes && onlyInspector && url !== "/sign-out" && url !== "/session/keep-alive") return "deny";
	return "allow";
}

// Column headings of the printed table: short, so the table fits a screen.
const ROLE_CODES: Readonly<Record<Role, string>> = {
	"contact-officer": "CO",
	practitioner: "PR",
	"team-manager": "TM",
	"out-of-hours": "OH",
	"early-help": "EH",
	"missing-coordinator": "MC",
	"exploitation-lead": "XL",
	lado: "LA",
	auditor: "AU",
	analyst: "AN",
	"senior-leader": "SL",
	administrator: "AD",
	inspector: "IN",
};

/**
 * The table as people review it: one row per route, one column per role, each cell what
 * `decideAccess` lets that role do ("Y" or "·"); public and partner-API routes say so.
 * `docs/permissions.md` holds the reviewed copy that the tests hold the app to.
 */
export function printPermissionTable(routeAccess: Readonly<Record<string, Access>>): string {
	const roles = ALL_ROLES;
	const lines = [
		`| Route | ${roles.map((r) => ROLE_CODES[r]).join(" | ")} |`,
		`|---|${roles.map(() => ":-:").join("|")}|`,
	];
	for (const key of Object.keys(routeAccess).sort()) {
		const access = routeAccess[key];
		const [method, url] = key.split(" ");
		const cells =
			access === "public"
				? roles.map(() => "public")
				: access === "api"
					? roles.map(() => "key")
					: roles.map((role) => (decideAccess(access, method, url, { roles: [role] }) === "allow" ? "Y" : "·"));
		lines.push(`| \`${key}\` | ${cells.join(" | ")} |`);
	}
	return `${lines.join("\n")}\n`;
}
