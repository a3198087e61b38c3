import { REFERRAL_SOURCE, type ReferralSource } from "./codes.ts";

// The CIN census referral sources a partner agency's API key may send contacts as (ADR 25).
// A key is an agency: never an individual (1A-1D), anonymous (9) or unknown (10). The
// migration that added keys' sources (0034) holds the same list in its CHECK.
export const AGENCY_SOURCES = [
	"2A",
	"2B",
	"3A",
	"3B",
	"3C",
	"3D",
	"3E",
	"3F",
	"4",
	"5A",
	"5B",
	"5C",
	"5D",
	"6",
	"7",
	"8",
] as const satisfies readonly ReferralSource[];
export type AgencySource = (typeof AGENCY_SOURCES)[number];

export const AGENCY_SOURCE_NAMES: Record<AgencySource, string> = Object.fromEntries(
	AGENCY_SOURCES.map((code) => [code, REFERRAL_SOURCE[code]]),
) as Record<AgencySource, string>;

/** "6 (Police)", "3A (Health: GP) or 3B (Health: health visitor)": a key's sources as a message names them. */
export function namedSources(codes: readonly string[]): string {
	const named = codes.map((c) => `${c} (${REFERRAL_SOURCE[c as ReferralSource] ?? "unknown"})`);
	return named.length <= 1 ? named.join("") : `${named.slice(0, -1).join(", ")} or ${named[named.length - 1]}`;
}
