import type { FastifyRequest } from "fastify";
import type { Actor } from "./rules.ts";
import type { Shown } from "./view-log.ts";

/** Who is acting: a signed-in user or a partner agency's key. */
export interface Acting {
	userId: string | null;
	apiKeyId?: string | null;
	role: string | null;
	requestId: string;
	/** Names the records a service read to show, for the platform's view log (ADR 19). */
	shown?: (records: readonly Shown[]) => void;
}

/** A signed-in user doing a step: who they are for the log, and for the rules. */
export type Doer = Acting & { userId: string; teamId: string | null; actor: Actor };

/** The request's actor for the log, signed in or not. */
export const acting = (request: FastifyRequest): Acting => ({
	userId: request.principal?.id ?? null,
	role: request.principal?.roles.join(",") ?? null,
	requestId: request.id,
	shown: (records) => request.shown(records),
});

/** The signed-in user doing a step (only on routes the permissions table keeps for users). */
export const doer = (request: FastifyRequest): Doer => {
	const p = request.principal!;
	return {
		...acting(request),
		userId: p.id,
		teamId: p.teamId,
		actor: { id: p.id, roles: p.roles, sweRegistration: p.sweRegistration },
	};
};

/** A record id from the address or a form: anything else is a page not found, never a database error. */
export function isUuid(value: string): boolean {
	return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

const HERE = "http://threshold.invalid";

/**
 * Where to send someone back to: a path on this site, or the home page. Browsers drop tabs
 * and line breaks from an address and read a backslash as a slash ("/\t/elsewhere" is
 * "//elsewhere", another site), so a path with any of them, or one that resolves
 * elsewhere, is never followed.
 */
export function safeLocalPath(value: unknown): string {
	if (typeof value !== "string" || !value.startsWith("/") || value.includes("\\") || hasControlOrSpace(value))
		return "/";
	const url = new URL(value, HERE);
	return url.origin === HERE ? `${url.pathname}${url.search}` : "/";
}

const hasControlOrSpace = (value: string) =>
	[...value].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f);
