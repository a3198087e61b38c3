/**
 * Two stored records as the estimator sees them: the first read as a search for its
 * current name, date of birth and postcode, the second as a candidate with every name and
 * postcode it has had, compared by the same agreement levels the search uses. Pure.
 */
import {
	DAY_MONTH_LEVELS,
	DOB_LEVELS,
	DOB_MONTH_LEVELS,
	DOB_YEAR_LEVELS,
	dayMonthAgreement,
	dobAgreement,
	dobMonthAgreement,
	dobYearAgreement,
	FAMILY_LEVELS,
	GIVEN_LEVELS,
	type NameField,
	type NameKind,
	type NameLevel,
	nameAgreements,
	nameForms,
	POSTCODE_LEVELS,
	postcodeAgreement,
	type StoredName,
} from "./agreement.ts";
import { parseIsoDate } from "./dates.ts";
import type { Vector } from "./estimate.ts";

export interface PairRecord {
	id: string;
	/** [given, family, kind, given key, family key], the current name first. */
	names: readonly (readonly [string, string, NameKind, string | null, string | null])[];
	dateOfBirth: string | null;
	/** The current postcode first. */
	postcodes: readonly string[];
}

/** The comparisons in the order of a vector, each with its levels. */
export const COMPARISONS = [
	["given", GIVEN_LEVELS],
	["family", FAMILY_LEVELS],
	["dob", DOB_LEVELS],
	["dobMonth", DOB_MONTH_LEVELS],
	["dobYear", DOB_YEAR_LEVELS],
	["dayMonth", DAY_MONTH_LEVELS],
	["postcode", POSTCODE_LEVELS],
] as const;

export type ComparisonName = (typeof COMPARISONS)[number][0];
export const LEVEL_COUNTS = COMPARISONS.map(([, levels]) => levels.length);
export const comparisonIndex = (name: ComparisonName): number => COMPARISONS.findIndex(([n]) => n === name);

function stored(record: PairRecord): StoredName[] {
	return record.names.map(([given, family, kind, givenKey, familyKey]) => ({
		kind,
		given: nameForms(given, givenKey),
		family: nameForms(family, familyKey),
	}));
}

// Strongest first, as the scorer would weigh them; a previous name counts as agreeing.
const NAME_ORDER: readonly NameLevel[] = ["exact", "nickname", "part", "typo", "sounds", "initial"];

function nameLevel(a: PairRecord, b: StoredName[], field: NameField): number | null {
	const current = a.names[0];
	if (!current) return null;
	const typed = nameForms(field === "given" ? current[0] : current[1], field === "given" ? current[3] : current[4]);
	if (typed.folded === "" || b.length === 0) return null;
	const levels: readonly string[] = field === "given" ? GIVEN_LEVELS : FAMILY_LEVELS;
	const found = nameAgreements(typed, b, field).map((x) => x.level);
	const strongest = NAME_ORDER.find((level) => found.includes(level));
	return levels.indexOf(strongest ?? "none");
}

/** The pair's level at each comparison, or null where either side lacks the field. */
export function pairLevels(a: PairRecord, b: PairRecord): Vector {
	const names = stored(b);
	const dobA = a.dateOfBirth === null ? null : parseIsoDate(a.dateOfBirth);
	const dobB = b.dateOfBirth === null ? null : parseIsoDate(b.dateOfBirth);
	const both = dobA && dobB ? ([dobA, dobB] as const) : null;
	const postcode = a.postcodes[0] ? postcodeAgreement(a.postcodes[0], b.postcodes) : null;
	return [
		nameLevel(a, names, "given"),
		nameLevel(a, names, "family"),
		both ? DOB_LEVELS.indexOf(dobAgreement(both[0], both[1]).level) : null,
		both ? DOB_MONTH_LEVELS.indexOf(dobMonthAgreement(both[0], both[1]).level) : null,
		both ? DOB_YEAR_LEVELS.indexOf(dobYearAgreement(both[0].year, both[1]).level) : null,
		both ? DAY_MONTH_LEVELS.indexOf(dayMonthAgreement(both[0], both[1]).level) : null,
		postcode ? POSTCODE_LEVELS.indexOf(postcode.level) : null,
	];
}
