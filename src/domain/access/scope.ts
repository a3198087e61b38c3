// Which children's records a role opens: all of them (the default, as it has always
// been), those its team works with, or only those allocated to the user. A council
// chooses per role (ADR 22); oversight and front-door roles are never scoped, because
// their job is every child.

export type Scope = "all" | "team" | "allocated";
export type ScopableRole = (typeof SCOPABLE_ROLES)[number];
export type ScopeSetting = Partial<Record<ScopableRole, Scope>>;

/** The roles a council may scope, with what "their work" means for each. */
export const SCOPABLE_ROLES = [
	"practitioner",
	"team-manager",
	"early-help",
	"missing-coordinator",
	"exploitation-lead",
] as const;

export const SCOPE_LABELS: Record<Scope, string> = {
	all: "Every child's record",
	team: "Children their team works with",
	allocated: "Children allocated to them",
};

const WIDTH: Record<Scope, number> = { allocated: 0, team: 1, all: 2 };

export function isScopable(role: string): role is ScopableRole {
	return (SCOPABLE_ROLES as readonly string[]).includes(role);
}

export function isScope(value: unknown): value is Scope {
	return value === "all" || value === "team" || value === "allocated";
}

/**
 * A user's scope is the widest their roles give: one unscoped role (an auditor who is
 * also a practitioner) opens every record its routes allow. Without a team, "team"
 * narrows to the user's own allocations.
 */
export function scopeOf(roles: readonly string[], setting: ScopeSetting, teamId: string | null): Scope {
	let widest: Scope = "allocated";
	for (const role of roles) {
		const scope = isScopable(role) ? (setting[role] ?? "all") : "all";
		if (WIDTH[scope] > WIDTH[widest]) widest = scope;
	}
	return widest === "team" && teamId === null ? "allocated" : widest;
}

/** Problems with a setting as posted: only scopable roles, only known scopes. */
export function scopeSettingProblems(setting: Record<string, unknown>): string[] {
	return Object.entries(setting).flatMap(([role, scope]) =>
		!isScopable(role) ? [`${role} cannot be scoped`] : isScope(scope) ? [] : [`${String(scope)} is not a scope`],
	);
}
