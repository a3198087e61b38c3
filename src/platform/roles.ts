// The people who use Threshold. The ids are stored; the labels are what users read.
export const ROLES = {
	"contact-officer": "Contact officer",
	practitioner: "Practitioner (social worker)",
	"team-manager": "Team manager",
	"out-of-hours": "Out-of-hours duty worker",
	"early-help": "Early-help practitioner",
	"missing-coordinator": "Missing coordinator",
	"exploitation-lead": "Exploitation lead",
	lado: "LADO",
	auditor: "Auditor",
	analyst: "Analyst",
	"senior-leader": "Senior leader",
	administrator: "Administrator",
	inspector: "Inspector",
} as const;

export type Role = keyof typeof ROLES;
export const ALL_ROLES = Object.keys(ROLES) as Role[];

export function isRole(value: string): value is Role {
	return Object.hasOwn(ROLES, value);
}
