/**
 * How likely a stored person is the one a worker searched for, and why, in the manner of
 * probabilistic record linkage (Fellegi–Sunter): each piece of evidence agrees at some
 * level (agreement.ts), each level carries a weight in bits (match-weights.ts), and the
 * weights add up. A name counts for more the rarer it is. Missing evidence weighs nothing
 * either way. Pure: the caller fetches the candidates and says what day it is.
 */
import {
	type Agreement,
	dayMonthAgreement,
	dobAgreement,
	dobComparisonOf,
	dobMonthAgreement,
	dobYearAgreement,
	type NameAgreement,
	type NameField,
	type NameForms,
	type NameKind,
	nameAgreements,
	nameForms,
	postcodeAgreement,
	type StoredName,
} from "./agreement.ts";
import { ageOn, type DateInput, type PartialDate, parseIsoDate } from "./dates.ts";
import { nhsNumberProblem, normaliseNhsNumber, normaliseUpn, upnProblem } from "./identifiers.ts";
import { exactNameWeight, WEIGHTS } from "./match-weights.ts";
import type { QueryParts } from "./names.ts";

export type { NameKind } from "./agreement.ts";
export { WEIGHTS } from "./match-weights.ts";

export interface MatchQuery {
	given?: string;
	family?: string;
	/** dmetaphone keys of the query's names, when the caller has asked the database for them. */
	phonetic?: { given?: string; family?: string };
	/**
	 * How many people hold each typed name (folded), as given and as family names, and how
	 * many people there are, when the caller has looked them up: agreeing on a rare name
	 * counts for more. Without them every name counts as an average one.
	 */
	nameCounts?: NameCounts;
	dob?: PartialDate;
	/** A day and month of birth whose year could not be trusted ("12/03/0216"). */
	dayMonth?: { day: number; month: number };
	ageRange?: { min: number; max: number };
	postcode?: string;
	nhsNumber?: string;
	upn?: string;
}

export interface NameCounts {
	people: number;
	given: Readonly<Record<string, number>>;
	family: Readonly<Record<string, number>>;
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

/** One piece of evidence: which field, how it agreed, what it weighs. */
export interface Evidence {
	field: "identifier" | "dob" | "age" | NameField | "names" | "postcode";
	weight: number;
	exact: boolean;
	reason?: string;
}

export interface MatchScore {
	/** The total weight in bits, rounded for display. */
	score: number;
	/** The total weight in bits, as ranked. */
	weight: number;
	/** How many of the fields asked about agree exactly: the first tie-break. */
	exactFields: number;
	/** Short phrases, strongest field first, shown joined with "; ". */
	reasons: string[];
	evidence: Evidence[];
	exactIdentifier: boolean;
}

export interface RankedCandidate<C extends Candidate = Candidate> extends MatchScore {
	personId: string;
	candidate: C;
}

/**
 * Results weighing less than this are left out: odds of 8 to one that the evidence came
 * from this person rather than a stranger. A lone name, however common, spelt right, with
 * a slip or sounding alike, a lone date of birth or postcode clears it; a postcode district
 * alone does not, nor does a date or name that contradicts what else agrees.
 */
export const MATCH_THRESHOLD = 3;

/**
 * Before a new record is made, only likely duplicates stop the worker: an identifier, or odds
 * of 4,096 to one with at least two of given name, family name and date of birth agreeing.
 * A mother or a brother at the same address shares a family name and a postcode, which
 * weigh a lot together (the model takes them as independent; in a household they are not),
 * but is not a likely duplicate. A search lists more: near misses are what a worker looks for.
 */
export const LIKELY_MATCH = 12;

export function isLikelyMatch(match: Pick<MatchScore, "weight" | "exactIdentifier" | "evidence">): boolean {
	const core = match.evidence.filter(
		(e) => (e.field === "given" || e.field === "family" || e.field === "dob") && e.weight > 0,
	);
	return match.exactIdentifier || (match.weight >= LIKELY_MATCH && core.length >= 2);
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

function storedNames(candidate: Candidate): StoredName[] {
	const names = candidate.names.map((name, i) => ({
		kind: name.kind,
		given: nameForms(name.given, candidate.phonetic?.[i]?.given),
		family: nameForms(name.family, candidate.phonetic?.[i]?.family),
	}));
	// Current first, so that on equal weight the reason names the current name.
	return names.sort((a, b) => Number(b.kind === "current") - Number(a.kind === "current"));
}

/**
 * What exact agreement on a typed (folded) name weighs, given how many people hold it; the
 * average name's weight when the counts were not looked up. A name not counted yet (new
 * since the last count) is as rare as a name can be.
 */
export function typedNameWeight(field: NameField, folded: string, counts: NameCounts | undefined): number {
	const share = counts && counts.people > 0 ? (counts[field][folded] ?? 0) / counts.people : undefined;
	return exactNameWeight(field, share);
}

function nameWeight(field: NameField, a: NameAgreement, typed: NameForms, query: MatchQuery): number {
	const levels: Record<string, number> = WEIGHTS[field];
	const exact = typedNameWeight(field, typed.folded, query.nameCounts);
	// A near miss of a common name is no stronger than the name itself: "Smiht" is not
	// better evidence than "Smith" for a Smith.
	const base = a.level === "exact" ? exact : Math.min(levels[a.level], exact);
	return a.kind === "current" || base <= 0 ? base : base * WEIGHTS.otherNameFactor;
}

/** The heaviest agreement of one typed name with the stored names in one field, or null. */
function best(typed: NameForms, names: StoredName[], field: NameField, query: MatchQuery): Evidence | null {
	let found: Evidence | null = null;
	for (const a of nameAgreements(typed, names, field)) {
		const weight = nameWeight(field, a, typed, query);
		if (found === null || weight > found.weight) {
			found = { field, weight, exact: a.level === "exact" && a.kind === "current", reason: a.reason };
		}
	}
	return found;
}

const disagrees = (field: NameField): Evidence => ({
	field,
	weight: WEIGHTS[field].none,
	exact: false,
	reason: `different ${field} name`,
});

function nameEvidence(query: MatchQuery, { given, family }: QueryNames, candidate: Candidate): Evidence[] {
	const names = storedNames(candidate);
	if (names.length === 0) return [];
	if (given && family) {
		const straightGiven = best(given, names, "given", query) ?? disagrees("given");
		const straightFamily = best(family, names, "family", query) ?? disagrees("family");
		const swappedGiven = best(family, names, "given", query);
		const swappedFamily = best(given, names, "family", query);
		if (swappedGiven && swappedFamily) {
			const swapped = swappedGiven.weight + swappedFamily.weight + WEIGHTS.swappedNames;
			if (swapped > straightGiven.weight + straightFamily.weight) {
				const note: Evidence = {
					field: "names",
					weight: WEIGHTS.swappedNames,
					exact: false,
					reason: "given and family names swapped",
				};
				return [note, { ...swappedFamily, exact: false }, { ...swappedGiven, exact: false }];
			}
		}
		return [straightFamily, straightGiven];
	}
	// One name alone may be either; people search by a given name as often as by a family name.
	const lone = given ?? family;
	if (!lone) return [];
	const typedAs: NameField = given ? "given" : "family";
	const asFamily = best(lone, names, "family", query);
	const asGiven = best(lone, names, "given", query);
	const found = [asFamily, asGiven].reduce<Evidence | null>((a, b) => (b && (!a || b.weight > a.weight) ? b : a), null);
	return [found ?? disagrees(typedAs)];
}

function dated(agreement: Agreement<string>, weights: Record<string, number>): Evidence {
	return {
		field: "dob",
		weight: weights[agreement.level],
		exact: agreement.level === "exact" || agreement.level === "same",
		reason: agreement.reason,
	};
}

function birthEvidence(query: MatchQuery, candidate: Candidate, today: DateInput): Evidence[] {
	const dob = candidate.dateOfBirth === null ? null : parseIsoDate(candidate.dateOfBirth);
	if (!dob) return [];
	const evidence: Evidence[] = [];
	if (query.dob) {
		const { year, month, day } = query.dob;
		switch (dobComparisonOf(query.dob)) {
			case "dob":
				evidence.push(dated(dobAgreement({ year, month: month ?? 0, day: day ?? 0 }, dob), WEIGHTS.dob));
				break;
			case "dobMonth":
				evidence.push(dated(dobMonthAgreement({ year, month: month ?? 0 }, dob), WEIGHTS.dobMonth));
				break;
			default:
				evidence.push(dated(dobYearAgreement(year, dob), WEIGHTS.dobYear));
		}
	} else if (query.dayMonth) {
		evidence.push(dated(dayMonthAgreement(query.dayMonth, dob), WEIGHTS.dayMonth));
	}
	if (query.ageRange) {
		const age = ageOn(dob, today);
		const within = age >= query.ageRange.min && age <= query.ageRange.max;
		evidence.push(
			within
				? { field: "age", weight: WEIGHTS.age.within, exact: false, reason: `age ${age} within range` }
				: { field: "age", weight: WEIGHTS.age.outside, exact: false, reason: `age ${age} outside range` },
		);
	}
	return evidence;
}

function postcodeEvidence(query: MatchQuery, candidate: Candidate): Evidence[] {
	if (!query.postcode) return [];
	const agreement = postcodeAgreement(query.postcode, candidate.postcodes);
	if (!agreement) return [];
	return [
		{
			field: "postcode",
			weight: WEIGHTS.postcode[agreement.level],
			exact: agreement.level === "exact",
			reason: agreement.reason,
		},
	];
}

function identifierEvidence(query: MatchQuery, candidate: Candidate): Evidence[] {
	const evidence: Evidence[] = [];
	const W = WEIGHTS.identifier;
	const same = (reason: string): Evidence => ({ field: "identifier", weight: W.same, exact: true, reason });
	if (query.nhsNumber && candidate.nhsNumber) {
		if (normaliseNhsNumber(query.nhsNumber) === normaliseNhsNumber(candidate.nhsNumber)) {
			evidence.push(same("same NHS number"));
		} else {
			evidence.push({
				field: "identifier",
				weight: W.differentNhsNumber,
				exact: false,
				reason: "different NHS number",
			});
		}
	}
	if (query.upn) {
		const upn = normaliseUpn(query.upn);
		if (candidate.upn && normaliseUpn(candidate.upn) === upn) evidence.push(same("same UPN"));
		else if (candidate.formerUpn && normaliseUpn(candidate.formerUpn) === upn)
			evidence.push(same("matches former UPN"));
		else if (candidate.upn) {
			evidence.push({ field: "identifier", weight: W.differentUpn, exact: false, reason: "different UPN" });
		}
	}
	return evidence;
}

export function scoreCandidate(query: MatchQuery, candidate: Candidate, today: DateInput): MatchScore {
	return scoreWith(query, queryNames(query), candidate, today);
}

function scoreWith(query: MatchQuery, names: QueryNames, candidate: Candidate, today: DateInput): MatchScore {
	const evidence = [
		...identifierEvidence(query, candidate),
		...birthEvidence(query, candidate, today),
		...nameEvidence(query, names, candidate),
		...postcodeEvidence(query, candidate),
	];
	const weight = evidence.reduce((sum, e) => sum + e.weight, 0);
	return {
		score: Math.round(weight),
		weight,
		exactFields: evidence.filter((e) => e.exact).length,
		reasons: evidence.flatMap((e) => (e.reason ? [e.reason] : [])),
		evidence,
		exactIdentifier: evidence.some((e) => e.field === "identifier" && e.exact),
	};
}

/**
 * Exact identifiers first, then by weight; equal weights by how many fields agree exactly,
 * then by person id, so the same search always lists the same people in the same order.
 * Matches below the threshold are dropped.
 */
export function rankCandidates<C extends Candidate>(
	query: MatchQuery,
	candidates: readonly C[],
	today: DateInput,
): RankedCandidate<C>[] {
	const names = queryNames(query);
	return candidates
		.map((candidate) => ({ personId: candidate.personId, candidate, ...scoreWith(query, names, candidate, today) }))
		.filter((result) => result.exactIdentifier || result.weight >= MATCH_THRESHOLD)
		.sort(
			(a, b) =>
				Number(b.exactIdentifier) - Number(a.exactIdentifier) ||
				b.weight - a.weight ||
				b.exactFields - a.exactFields ||
				(a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0),
		);
}

const FIELD_WORDS: Record<Evidence["field"], string> = {
	identifier: "identifier",
	dob: "date of birth",
	age: "age",
	given: "given name",
	family: "family name",
	names: "names",
	postcode: "postcode",
};

/**
 * Why the first result is first, in a sentence: what agrees for it, and where the next
 * one falls short of it. Null when there is nothing to compare.
 */
export function whyFirst(first: MatchScore, next: (MatchScore & { name: string }) | undefined): string | null {
	if (first.exactIdentifier) {
		const reason = first.evidence.find((e) => e.field === "identifier" && e.exact)?.reason ?? "same identifier";
		return `Listed first: ${reason}.`;
	}
	const agreeing = first.evidence.filter((e) => e.weight > 0 && e.reason).sort((a, b) => b.weight - a.weight);
	if (agreeing.length === 0) return null;
	let sentence = `Listed first: ${agreeing.map((e) => e.reason).join(", ")}.`;
	if (!next) return sentence;
	const weightOf = (m: MatchScore, field: Evidence["field"]) =>
		m.evidence.filter((e) => e.field === field).reduce((sum, e) => sum + e.weight, 0);
	const fields = [...new Set([...first.evidence, ...next.evidence].map((e) => e.field))];
	const behind = fields
		.map((field) => ({ field, by: weightOf(first, field) - weightOf(next, field) }))
		.filter((f) => f.by > 0.5)
		.sort((a, b) => b.by - a.by)
		.map(
			({ field }) =>
				next.evidence.find((e) => e.field === field && e.reason)?.reason ?? `no ${FIELD_WORDS[field]} to compare`,
		);
	if (behind.length) sentence += ` ${next.name}, next, has ${behind.join(", ")}.`;
	else if (first.weight === next.weight) sentence += ` ${next.name}, next, matches as closely.`;
	return sentence;
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
	else if (parts.dayMonth) query.dayMonth = parts.dayMonth;
	if (parts.postcode) query.postcode = parts.postcode;
	if (parts.nhsNumber && nhsNumberProblem(parts.nhsNumber) === null) query.nhsNumber = parts.nhsNumber;
	if (parts.upn && upnProblem(parts.upn) === null) query.upn = parts.upn;
	return query;
}
