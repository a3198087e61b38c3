import type { Role } from "./roles.ts";
import { ALL_ROLES } from "./roles.ts";

/**
 * Who may reach each route: the one place access is declared. A route missing here
 * cannot be registered (deny by default). "public" needs no sign-in; "api" is for
 * partner agencies' keys, which carry no role.
 */
export type Access = "public" | "api" | readonly Role[];

const EVERYONE = ALL_ROLES;
const ADMIN: readonly Role[] = ["administrator"];
const ACCESS_LOG_READERS: readonly Role[] = ["administrator"];
// Who reads people's records, and who records them. Analysts work from figures and
// administrators run the system: neither opens a child's record.
const PEOPLE_READERS: readonly Role[] = [
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
const PEOPLE_WRITERS: readonly Role[] = PEOPLE_READERS.filter(
	(r) => !["auditor", "senior-leader", "inspector"].includes(r),
);
// Merging records is a decision with consequences for a child's history: managers take it.
const MERGERS: readonly Role[] = ["team-manager", "senior-leader"];
// The front door. Contacts are recorded by those who answer the phone and read the
// inbox; triage is the manager's (or, out of hours, the duty worker's).
const CONTACT_RECORDERS: readonly Role[] = ["contact-officer", "practitioner", "team-manager", "out-of-hours"];
const FRONT_DOOR_READERS: readonly Role[] = PEOPLE_READERS;
const TRIAGERS: readonly Role[] = ["team-manager", "senior-leader", "out-of-hours"];
// Enquiries, agreement to share and feedback: the front door's workers, qualified or not.
const FRONT_DOOR_WORKERS: readonly Role[] = CONTACT_RECORDERS;
// Reviews and decisions need a registered social worker or a manager (checked as a rule too).
const DECIDERS: readonly Role[] = ["practitioner", "team-manager", "senior-leader", "out-of-hours"];
const SIGNERS: readonly Role[] = ["team-manager", "senior-leader"];
// Figures are for those who run the service and those who check it; the lists behind
// them name children, so only those who may read children's records open them.
const DASHBOARD_READERS: readonly Role[] = ["team-manager", "senior-leader", "analyst", "auditor", "inspector"];
const DASHBOARD_LISTS: readonly Role[] = ["team-manager", "senior-leader", "auditor", "inspector"];
// Receiving teams: early help, and assessment teams' social workers and managers.
const RECEIVERS: readonly Role[] = ["early-help", "practitioner", "team-manager", "senior-leader"];
// Matching a child an agency described to a person: those who record contacts (and so
// search for children every day) and the managers. Senior leaders and inspectors see
// the queue and its candidates, to check how long children wait, but change nothing.
const MATCHERS: readonly Role[] = CONTACT_RECORDERS;
const MATCH_READERS: readonly Role[] = [...MATCHERS, "senior-leader", "inspector"];
const SETTINGS_READERS: readonly Role[] = ["administrator", "team-manager", "senior-leader", "analyst"];

export const ROUTE_ACCESS: Readonly<Record<string, Access>> = {
	"GET /": EVERYONE,
	"GET /healthz": "public",
	"GET /assets/*": "public",
	"GET /static/*": "public",
	"GET /readyz": "public",
	"GET /sign-in": "public",
	"POST /sign-in": "public",
	"GET /sign-in/oidc": "public",
	"GET /sign-in/oidc/callback": "public",
	"POST /sign-out": EVERYONE,
	"GET /signed-out": "public",
	"GET /accessibility": "public",

	"GET /people": PEOPLE_READERS,
	"GET /people/new": PEOPLE_WRITERS,
	"POST /people/new": PEOPLE_WRITERS,
	"GET /people/:personId": PEOPLE_READERS,
	"GET /people/:personId/edit": PEOPLE_WRITERS,
	"POST /people/:personId/edit": PEOPLE_WRITERS,
	"POST /people/:personId/names": PEOPLE_WRITERS,
	"POST /people/:personId/addresses": PEOPLE_WRITERS,
	"POST /people/:personId/relationships": PEOPLE_WRITERS,
	"POST /people/:personId/professionals": PEOPLE_WRITERS,
	"GET /people/:personId/merge": MERGERS,
	"POST /people/:personId/merge": MERGERS,
	"POST /people/merges/:mergeId/undo": MERGERS,

	"GET /contacts/new": CONTACT_RECORDERS,
	"GET /contacts/new/details": CONTACT_RECORDERS,
	"POST /contacts/new/details": CONTACT_RECORDERS,
	"GET /contacts/:contactId": FRONT_DOOR_READERS,
	"POST /contacts/:contactId/acknowledgement": CONTACT_RECORDERS,
	"GET /front-door/children/:childId": FRONT_DOOR_READERS,
	"GET /triage": TRIAGERS,
	"GET /front-door/children/:childId/triage": TRIAGERS,
	"POST /front-door/children/:childId/triage": TRIAGERS,
	"GET /front-door/children/:childId/enquiries": FRONT_DOOR_WORKERS,
	"POST /front-door/children/:childId/enquiries": FRONT_DOOR_WORKERS,
	"POST /front-door/children/:childId/enquiries/:enquiryId/answer": FRONT_DOOR_WORKERS,
	"POST /front-door/children/:childId/parents": FRONT_DOOR_WORKERS,
	"GET /front-door/children/:childId/sharing": FRONT_DOOR_WORKERS,
	"POST /front-door/children/:childId/sharing": FRONT_DOOR_WORKERS,
	"GET /front-door/children/:childId/review": DECIDERS,
	"POST /front-door/children/:childId/review": DECIDERS,
	"GET /front-door/children/:childId/decision": DECIDERS,
	"POST /front-door/children/:childId/decision": DECIDERS,
	"GET /front-door/children/:childId/sign-off": SIGNERS,
	"POST /front-door/children/:childId/sign-off": SIGNERS,
	"GET /front-door/sign-off": SIGNERS,
	"GET /front-door/children/:childId/feedback": FRONT_DOOR_WORKERS,
	"POST /front-door/children/:childId/feedback": FRONT_DOOR_WORKERS,
	"GET /front-door/feedback": FRONT_DOOR_WORKERS,
	"GET /front-door/children/:childId/strategy-discussion": FRONT_DOOR_READERS,
	"POST /front-door/children/:childId/strategy-discussion": DECIDERS,
	"POST /front-door/children/:childId/strategy-discussion/:discussionId/conference-not-required": DECIDERS,
	"GET /front-door/transfers": RECEIVERS,
	"GET /front-door/transfers/:transferId": RECEIVERS,
	"POST /front-door/transfers/:transferId": RECEIVERS,
	"POST /front-door/transfers/:transferId/first-contact": RECEIVERS,
	"GET /front-door/step-ups": SIGNERS,
	"GET /front-door/children/:childId/withdraw": TRIAGERS,
	"POST /front-door/children/:childId/withdraw": TRIAGERS,
	"GET /front-door/matching": MATCH_READERS,
	"GET /front-door/children/:childId/match": MATCH_READERS,
	"POST /front-door/children/:childId/match": MATCHERS,
	"GET /dashboard": DASHBOARD_READERS,
	"GET /dashboard/children": DASHBOARD_LISTS,

	"GET /admin/users": ADMIN,
	"GET /admin/users/new": ADMIN,
	"POST /admin/users/new": ADMIN,
	"GET /admin/users/:userId": ADMIN,
	"POST /admin/users/:userId": ADMIN,
	"GET /admin/access-log": ACCESS_LOG_READERS,
	"GET /admin/api-keys": ADMIN,
	"POST /admin/api-keys": ADMIN,
	"POST /admin/api-keys/:keyId/revoke": ADMIN,

	"GET /api/v1/whoami": "api",
	"POST /api/v1/contacts": "api",
	"GET /api/v1/openapi.json": "public",

	"GET /settings/calendar": SETTINGS_READERS,
	"POST /settings/office-hours": ADMIN,
	"POST /settings/bank-holidays": ADMIN,
	"GET /settings/timescales": SETTINGS_READERS,
	"POST /settings/timescales": ADMIN,
	"GET /settings/thresholds": SETTINGS_READERS,
	"POST /settings/thresholds": ["administrator", "senior-leader"],
};

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
	if (writes && onlyInspector && url !== "/sign-out") return "deny";
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
