/**
 * How likely a stored person is the one a worker searched for, and why. Each field adds
 * points when it agrees and takes some away when it contradicts, in proportion to how much
 * that says about identity: a date of birth rarely changes and rarely collides, so it counts
 * for and against; family names change (adoption, a parent's marriage), so a mismatch costs
 * little. Pure: the caller fetches the candidates and says what day it is.
 */
import { ageOn, type CalendarDate, type DateInput, type PartialDate, parseIsoDate, swappedDayMonth } from "./dates.ts";
import {
	nhsNumberProblem,
	normaliseNhsNumber,
	normalisePostcode,
	normaliseUpn,
	outwardCode,
	upnProblem,
} from "./identifiers.ts";
import { displayName, foldName, givenNameKeys, type QueryParts } from "./names.ts";

export type NameKind = "current" | "previous" | "alias" | "birth";

export interface MatchQuery {
	given?: string;
	family?: string;
	/** dmetaphone keys of the query's names, when the caller has asked the database for them. */
	phonetic?: { given?: string; family?: string };
	dob?: PartialDate;
	ageRange?: { min: number; max: number };
	postcode?: string;
	nhsNumber?: string;
	upn?: string;
}

export interface CandidateName {
	given: string;
	family: string;
	kind: NameKind;
}

export interface Candidate {
	personId: string;
	names: readonly CandidateName[];
	/** "YYYY-MM-DD" */
	dateOfBirth: string | null;
	/** Current and previous postcodes. */
	postcodes: readonly string[];
	nhsNumber: string | null;
	upn: string | null;
	formerUpn: string | null;
	/** dmetaphone keys from person_name, one entry per entry of `names`, same order. */
	phonetic?: readonly { given: string | null; family: string | null }[];
}

export interface MatchScore {
	/** 0–100; 100 only for an exact identifier. */
	score: number;
	/** Short phrases, strongest field first, shown joined with "; ". */
	reasons: string[];
	exactIdentifier: boolean;
}

export interface RankedCandidate<C extends Candidate = Candidate> extends MatchScore {
	personId: string;
	candidate: C;
}

/**
 * Points per piece of evidence. A full name and date of birth together reach 80, so a lone
 * exact field (at most 30) can never outrank the right person seen through two small errors
 * (a nickname and a misspelling still give 36 of the 50 name points).
 */
export const WEIGHTS = {
	family: { exact: 30, part: 22, typo: 20, sounds: 18, none: -10 },
	given: { exact: 20, part: 16, nickname: 16, typo: 13, sounds: 12, initial: 5, none: -8 },
	/** A match on a previous, alias or birth name is slightly weaker than one on the current name. */
	otherNameFactor: 0.85,
	swappedNames: -3,
	dob: {
		exact: 30,
		swapped: 20,
		sameYearAndMonth: 18,
		sameYear: 10,
		differentDay: -10,
		differentMonth: -10,
		differentYear: -15,
		contradiction: -25,
	},
	age: { within: 8, outside: -20 },
	postcode: { exact: 15, district: 5 },
	identifier: { differentNhsNumber: -30, differentUpn: -10 },
} as const;

/** Results scoring below this are left out: a lone exact family name (30) or postcode (15) stays in. */
export const MATCH_THRESHOLD = 12;

const MAX_WITHOUT_IDENTIFIER = 99;

interface Evidence {
	points: number;
	reason?: string;
}

type Field = "given" | "family";
type Tier = "exact" | "part" | "nickname" | "typo" | "sounds" | "initial";

/** A name as typed plus, for multi-word names, each word ("Smith-Jones" → smithjones, smith, jones). */
interface NameForms extends NameWord {
	words: NameWord[];
	phonetic: string | null;
}

interface NameWord {
	raw: string;
	folded: string;
	/** The name and every formal name it may be short for (givenNameKeys), worked out when first needed. */
	keys?: readonly string[];
}

function nameForms(raw: string, phonetic?: string | null): NameForms {
	const words = raw
		.split(/[\s-]+/)
		.map((word) => ({ raw: word, folded: foldName(word) }))
		.filter((word) => word.folded.length >= 2);
	return { raw: raw.trim(), folded: foldName(raw), words: words.length > 1 ? words : [], phonetic: phonetic || null };
}

function keysOf(word: NameWord): readonly string[] {
	word.keys ??= word.folded === "" ? [] : givenNameKeys(word.folded);
	return word.keys;
}

/** "Bob = Robert" when two given names are one name in different forms (as nicknameLink, on folded forms). */
function nicknameLinkOf(a: NameWord, b: NameWord): string | null {
	if (a.folded === "" || b.folded === "" || a.folded === b.folded) return null;
	const keysB = keysOf(b);
	return keysOf(a).some((key) => keysB.includes(key)) ? `${displayName(a.raw)} = ${displayName(b.raw)}` : null;
}

/** Damerau–Levenshtein distance (optimal string alignment): a transposition costs one edit. */
export function damerauLevenshtein(a: string, b: string): number {
	const s = [...a];
	const t = [...b];
	const width = t.length + 1;
	// Three rows of the table are enough: the one being filled and the two before it.
	let before = new Uint16Array(width);
	let previous = Uint16Array.from({ length: width }, (_, j) => j);
	let current = new Uint16Array(width);
	for (let i = 1; i <= s.length; i++) {
		current[0] = i;
		for (let j = 1; j <= t.length; j++) {
			const cost = s[i - 1] === t[j - 1] ? 0 : 1;
			let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
			if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, before[j - 2] + 1);
			current[j] = d;
		}
		[before, previous, current] = [previous, current, before];
	}
	return previous[t.length];
}

/** Jaro–Winkler similarity, 0–1, favouring strings that share their first letters. */
export function jaroWinkler(a: string, b: string): number {
	if (a === b) return 1;
	if (a.length === 0 || b.length === 0) return 0;
	const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
	const matchedA = new Array<boolean>(a.length).fill(false);
	const matchedB = new Array<boolean>(b.length).fill(false);
	let matches = 0;
	for (let i = 0; i < a.length; i++) {
		for (let j = Math.max(0, i - window); j <= Math.min(b.length - 1, i + window); j++) {
			if (matchedB[j] || a[i] !== b[j]) continue;
			matchedA[i] = true;
			matchedB[j] = true;
			matches++;
			break;
		}
	}
	if (matches === 0) return 0;
	let halfTranspositions = 0;
	let k = 0;
	for (let i = 0; i < a.length; i++) {
		if (!matchedA[i]) continue;
		while (!matchedB[k]) k++;
		if (a[i] !== b[k]) halfTranspositions++;
		k++;
	}
	const jaro = (matches / a.length + matches / b.length + (matches - halfTranspositions / 2) / matches) / 3;
	let prefix = 0;
	while (prefix < 4 && prefix < Math.min(a.length, b.length) && a[prefix] === b[prefix]) prefix++;
	return jaro + prefix * 0.1 * (1 - jaro);
}

/** A likely slip of the keyboard: one edit in a short name, two in a long one, or very close by Jaro–Winkler. */
export function isTypo(a: string, b: string): boolean {
	if (Math.min(a.length, b.length) < 3) return false;
	const allowed = Math.max(a.length, b.length) >= 8 ? 2 : 1;
	// Names further apart in length than the edits allowed can only be close by Jaro–Winkler.
	if (Math.abs(a.length - b.length) <= allowed && damerauLevenshtein(a, b) <= allowed) return true;
	return jaroWinkler(a, b) >= 0.9;
}

type PlainTier = Exclude<Tier, "nickname">;
/** How two names agree; a nickname carries its explanation ("Bob = Robert"). */
type TierMatch = { tier: PlainTier } | { tier: "nickname"; link: string };

/** The strongest way two names agree, checked strongest first; null when they do not. */
function compareNames(query: NameForms, stored: NameForms, field: Field): TierMatch | null {
	if (query.folded === "" || stored.folded === "") return null;
	if (query.folded === stored.folded) return { tier: "exact" };
	// A bare initial agrees with any name it starts, and with nothing else.
	if (query.folded.length === 1 || stored.folded.length === 1) {
		const initialAgrees = field === "given" && query.folded[0] === stored.folded[0];
		return initialAgrees ? { tier: "initial" } : null;
	}
	const queryWords = [query, ...query.words];
	const storedWords = [stored, ...stored.words];
	if (queryWords.some((q) => storedWords.some((s) => s.folded === q.folded))) return { tier: "part" };
	if (field === "given") {
		for (const q of queryWords) {
			for (const s of storedWords) {
				const link = nicknameLinkOf(q, s);
				if (link) return { tier: "nickname", link };
			}
		}
	}
	if (isTypo(query.folded, stored.folded)) return { tier: "typo" };
	if (query.phonetic !== null && query.phonetic === stored.phonetic) return { tier: "sounds" };
	return null;
}

function describe(field: Field, match: TierMatch, kind: NameKind, storedRaw: string): string {
	if (match.tier === "nickname") return kind === "current" ? match.link : `${match.link} (${kind} name)`;
	if (kind === "current") {
		const phrases: Record<PlainTier, string> = {
			exact: `same ${field} name`,
			part: `${field} name partly matches (${storedRaw})`,
			typo: `${field} name spelt similarly`,
			sounds: `${field} name sounds alike`,
			initial: "same initial",
		};
		return phrases[match.tier];
	}
	const name = `${kind} ${field} name ${storedRaw}`;
	const phrases: Record<PlainTier, string> = {
		exact: `matches ${name}`,
		part: `partly matches ${name}`,
		typo: `similar to ${name}`,
		sounds: `sounds like ${name}`,
		initial: `initial matches ${name}`,
	};
	return phrases[match.tier];
}

interface StoredName {
	kind: NameKind;
	given: NameForms;
	family: NameForms;
}

function storedNames(candidate: Candidate): StoredName[] {
	const names = candidate.names.map((name, i) => ({
		kind: name.kind,
		given: nameForms(name.given, candidate.phonetic?.[i]?.given),
		family: nameForms(name.family, candidate.phonetic?.[i]?.family),
	}));
	// Current first, so that on equal points the reason names the current name.
	return names.sort((a, b) => Number(b.kind === "current") - Number(a.kind === "current"));
}

/** The best agreement between one query name and the candidate's names in one field, or null. */
function bestAgreement(query: NameForms, names: StoredName[], field: Field): Evidence | null {
	let best: Evidence | null = null;
	for (const name of names) {
		const match = compareNames(query, name[field], field);
		if (!match) continue;
		const weights: Partial<Record<Tier, number>> = WEIGHTS[field];
		const base = weights[match.tier] ?? 0;
		const points = name.kind === "current" ? base : base * WEIGHTS.otherNameFactor;
		if (best === null || points > best.points) {
			best = { points, reason: describe(field, match, name.kind, name[field].raw) };
		}
	}
	return best;
}

/** The query's names in the forms the comparisons use, worked out once for all candidates. */
interface QueryNames {
	given: NameForms | null;
	family: NameForms | null;
}

function queryNames(query: MatchQuery): QueryNames {
	return {
		given: query.given?.trim() ? nameForms(query.given, query.phonetic?.given) : null,
		family: query.family?.trim() ? nameForms(query.family, query.phonetic?.family) : null,
	};
}

function nameEvidence({ given, family }: QueryNames, candidate: Candidate): Evidence[] {
	const names = storedNames(candidate);
	if (given && family) {
		const straightGiven = bestAgreement(given, names, "given") ?? { points: WEIGHTS.given.none };
		const straightFamily = bestAgreement(family, names, "family") ?? { points: WEIGHTS.family.none };
		const swappedGiven = bestAgreement(family, names, "given");
		const swappedFamily = bestAgreement(given, names, "family");
		if (swappedGiven && swappedFamily) {
			const swapped = swappedGiven.points + swappedFamily.points + WEIGHTS.swappedNames;
			if (swapped > straightGiven.points + straightFamily.points) {
				const note = { points: WEIGHTS.swappedNames, reason: "given and family names swapped" };
				return [note, swappedFamily, swappedGiven];
			}
		}
		return [straightFamily, straightGiven];
	}
	// One name alone may be either; people search by a given name as often as by a family name.
	const lone = given ?? family;
	if (!lone) return [];
	const asFamily = bestAgreement(lone, names, "family");
	const asGiven = bestAgreement(lone, names, "given");
	const best = [asFamily, asGiven].reduce<Evidence | null>((a, b) => (b && (!a || b.points > a.points) ? b : a), null);
	return [best ?? { points: family ? WEIGHTS.family.none : WEIGHTS.given.none }];
}

function compareDob(query: PartialDate, dob: CalendarDate): Evidence {
	const W = WEIGHTS.dob;
	const sameYear = query.year === dob.year;
	if (query.month === undefined) {
		return sameYear
			? { points: W.sameYear, reason: "same year of birth" }
			: { points: W.differentYear, reason: "different year of birth" };
	}
	const sameMonth = sameYear && query.month === dob.month;
	if (query.day === undefined) {
		if (sameMonth) return { points: W.sameYearAndMonth, reason: "same month and year of birth" };
		if (sameYear) return { points: W.differentMonth, reason: "different month of birth" };
		return { points: W.differentYear, reason: "different year of birth" };
	}
	if (sameMonth && query.day === dob.day) return { points: W.exact, reason: "same date of birth" };
	const swapped = swappedDayMonth(query);
	if (swapped && swapped.year === dob.year && swapped.month === dob.month && swapped.day === dob.day) {
		return { points: W.swapped, reason: "day and month of birth swapped" };
	}
	// Only the day differs: a slip on one number, less telling than a different month or year.
	if (sameMonth) return { points: W.differentDay, reason: "different day of birth" };
	return { points: W.contradiction, reason: "different date of birth" };
}

function birthEvidence(query: MatchQuery, candidate: Candidate, today: DateInput): Evidence[] {
	const dob = candidate.dateOfBirth === null ? null : parseIsoDate(candidate.dateOfBirth);
	if (!dob) return [];
	const evidence: Evidence[] = [];
	if (query.dob) evidence.push(compareDob(query.dob, dob));
	if (query.ageRange) {
		const age = ageOn(dob, today);
		const within = age >= query.ageRange.min && age <= query.ageRange.max;
		evidence.push(
			within
				? { points: WEIGHTS.age.within, reason: `age ${age} within range` }
				: { points: WEIGHTS.age.outside, reason: `age ${age} outside range` },
		);
	}
	return evidence;
}

function postcodeEvidence(query: MatchQuery, candidate: Candidate): Evidence[] {
	if (!query.postcode) return [];
	const full = normalisePostcode(query.postcode);
	const district = outwardCode(query.postcode);
	const stored = candidate.postcodes.map(normalisePostcode).filter((p): p is string => p !== null);
	if (full !== null && stored.includes(full)) return [{ points: WEIGHTS.postcode.exact, reason: "same postcode" }];
	if (district !== null && stored.some((p) => outwardCode(p) === district)) {
		return [{ points: WEIGHTS.postcode.district, reason: `same postcode district (${district})` }];
	}
	return [];
}

function identifierEvidence(query: MatchQuery, candidate: Candidate): { exact: boolean; evidence: Evidence[] } {
	const evidence: Evidence[] = [];
	let exact = false;
	if (query.nhsNumber && candidate.nhsNumber) {
		if (normaliseNhsNumber(query.nhsNumber) === normaliseNhsNumber(candidate.nhsNumber)) {
			exact = true;
			evidence.push({ points: 0, reason: "same NHS number" });
		} else {
			evidence.push({ points: WEIGHTS.identifier.differentNhsNumber, reason: "different NHS number" });
		}
	}
	if (query.upn) {
		const upn = normaliseUpn(query.upn);
		if (candidate.upn && normaliseUpn(candidate.upn) === upn) {
			exact = true;
			evidence.push({ points: 0, reason: "same UPN" });
		} else if (candidate.formerUpn && normaliseUpn(candidate.formerUpn) === upn) {
			exact = true;
			evidence.push({ points: 0, reason: "matches former UPN" });
		} else if (candidate.upn) {
			// UPNs are reissued by mistake more often than NHS numbers, so this counts for less.
			evidence.push({ points: WEIGHTS.identifier.differentUpn, reason: "different UPN" });
		}
	}
	return { exact, evidence };
}

export function scoreCandidate(query: MatchQuery, candidate: Candidate, today: DateInput): MatchScore {
	return scoreWith(query, queryNames(query), candidate, today);
}

function scoreWith(query: MatchQuery, names: QueryNames, candidate: Candidate, today: DateInput): MatchScore {
	const identifiers = identifierEvidence(query, candidate);
	const evidence = [
		...identifiers.evidence,
		...birthEvidence(query, candidate, today),
		...nameEvidence(names, candidate),
		...postcodeEvidence(query, candidate),
	];
	const reasons = evidence.flatMap((e) => (e.reason ? [e.reason] : []));
	if (identifiers.exact) return { score: 100, reasons, exactIdentifier: true };
	const points = evidence.reduce((sum, e) => sum + e.points, 0);
	return {
		score: Math.min(MAX_WITHOUT_IDENTIFIER, Math.max(0, Math.round(points))),
		reasons,
		exactIdentifier: false,
	};
}

/** Exact identifiers first, then by score, ties by personId so pages are stable; weak matches dropped. */
export function rankCandidates<C extends Candidate>(
	query: MatchQuery,
	candidates: readonly C[],
	today: DateInput,
): RankedCandidate<C>[] {
	const names = queryNames(query);
	return candidates
		.map((candidate) => ({ personId: candidate.personId, candidate, ...scoreWith(query, names, candidate, today) }))
		.filter((result) => result.exactIdentifier || result.score >= MATCH_THRESHOLD)
		.sort(
			(a, b) =>
				Number(b.exactIdentifier) - Number(a.exactIdentifier) ||
				b.score - a.score ||
				(a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0),
		);
}

/**
 * The search box's parts as a scorer query: the first name word is the given name, the rest
 * the family name (a lone word may be either, and is matched as both). Identifiers that fail
 * their check are left out, so a mistyped NHS number does not count against everyone.
 */
export function matchQueryFromParts(parts: QueryParts): MatchQuery {
	const query: MatchQuery = {};
	const [first, ...rest] = parts.names;
	if (rest.length > 0) {
		query.given = first;
		query.family = rest.join(" ");
	} else if (first !== undefined) {
		query.family = first;
	}
	if (parts.date) query.dob = parts.date;
	if (parts.postcode) query.postcode = parts.postcode;
	if (parts.nhsNumber && nhsNumberProblem(parts.nhsNumber) === null) query.nhsNumber = parts.nhsNumber;
	if (parts.upn && upnProblem(parts.upn) === null) query.upn = parts.upn;
	return query;
}
