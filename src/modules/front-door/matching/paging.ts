import { isUuid } from "../../../platform/requests.ts";

// Keyset paging for the matching queue: a page starts after (or ends before) the
// (received_at, id) of a row on the page next to it, so a page costs the same however
// deep it is and a child matched meanwhile does not shift the rest along.

export interface QueueKey {
	/** received_at to the microsecond, as the database gave it (UTC, ISO 8601). */
	at: string;
	id: string;
}

export type QueuePosition = { after: QueueKey } | { before: QueueKey } | null;

const KEY_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeKey(key: QueueKey): string {
	return `${key.at}_${key.id}`;
}

/** A key from the address, or null when it is not one this page wrote (then the first page is shown). */
export function decodeKey(raw: unknown): QueueKey | null {
	if (typeof raw !== "string") return null;
	const [at, id, ...rest] = raw.split("_");
	if (rest.length || !at || !id || !KEY_AT.test(at) || !isUuid(id)) return null;
	// A date that rolls over (31 February) is not a real key.
	const millis = `${at.slice(0, 23)}Z`;
	const parsed = new Date(millis);
	if (Number.isNaN(parsed.getTime()) || parsed.toISOString() !== millis) return null;
	return { at, id };
}

export function readPosition(query: Record<string, unknown>): QueuePosition {
	const after = decodeKey(query.after);
	if (after) return { after };
	const before = decodeKey(query.before);
	return before ? { before } : null;
}
