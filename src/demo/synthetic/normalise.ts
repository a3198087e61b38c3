import { canonicalGivenName, foldName } from "../../domain/people/names.ts";

// person_name's given_norm, family_norm and given_canonical, computed exactly as the
// application computes them for the names it saves, so search treats synthetic rows
// like real ones. Names repeat endlessly across a council, so each spelling is
// normalised once; the caches hold one entry per distinct spelling (typos included).

const folded = new Map<string, string>();
const canonical = new Map<string, string>();

export function fold(name: string): string {
	let value = folded.get(name);
	if (value === undefined) {
		value = foldName(name);
		folded.set(name, value);
	}
	return value;
}

export function canonicalGiven(given: string): string {
	let value = canonical.get(given);
	if (value === undefined) {
		value = canonicalGivenName(fold(given));
		canonical.set(given, value);
	}
	return value;
}
