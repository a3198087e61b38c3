/**
 * How one piece of evidence agrees between what was searched for and a stored person: the
 * agreement levels of record linkage (exact, a nickname, a slip, sounds alike, disagrees),
 * each with the plain words a worker is shown. No weights here: the scorer weighs levels,
 * and the estimator counts them over pairs of records to learn the weights. Pure.
 */
import { type CalendarDate, daysInMonth, type PartialDate, swappedDayMonth } from "./dates.ts";
import { normalisePostcode, outwardCode } from "./identifiers.ts";
import { displayName, foldName, givenNameKeys } from "./names.ts";
import { isTypo } from "./similarity.ts";

export type NameKind = "current" | "previous" | "alias" | "birth";
export type NameField = "given" | "family";

export const GIVEN_LEVELS = ["exact", "nickname", "part", "typo", "sounds", "initial", "none"] as const;
export const FAMILY_LEVELS = ["exact", "part", "typo", "sounds", "none"] as const;
export type GivenLevel = (typeof GIVEN_LEVELS)[number];
export type FamilyLevel = (typeof FAMILY_LEVELS)[number];
export type NameLevel = GivenLevel | FamilyLevel;

/** A full date of birth against a stored one. */
export const DOB_LEVELS = ["exact", "swapped", "oneDigit", "sameYear", "none"] as const;
/** A month and year against a stored date. */
export const DOB_MONTH_LEVELS = ["same", "sameYear", "none"] as const;
/** A year alone against a stored date. */
export const DOB_YEAR_LEVELS = ["same", "none"] as const;
/** A day and month whose year could not be trusted. */
export const DAY_MONTH_LEVELS = ["same", "none"] as const;
export const POSTCODE_LEVELS = ["exact", "district", "none"] as const;

export type DobLevel = (typeof DOB_LEVELS)[number];
export type DobMonthLevel = (typeof DOB_MONTH_LEVELS)[number];
export type DobYearLevel = (typeof DOB_YEAR_LEVELS)[number];
export type DayMonthLevel = (typeof DAY_MONTH_LEVELS)[number];
export type PostcodeLevel = (typeof POSTCODE_LEVELS)[number];

/** A level and the words that explain it (none for a plain disagreement of a name). */
export interface Agreement<L extends string> {
	level: L;
	reason?: string;
}

// ---- Names ----------------------------------------------------------------------------------

interface NameWord {
	raw: string;
	folded: string;
	/** The name and every formal name it may be short for (givenNameKeys), worked out when first needed. */
	keys?: readonly string[];
}

/** A name as typed plus, for multi-word names, each word ("Smith-Jones" → smithjones, smith, jones). */
export interface NameForms extends NameWord {
	words: NameWord[];
	/** Its dmetaphone key, made by the database so it matches the stored keys. */
	phonetic: string | null;
}

export function nameForms(raw: string, phonetic?: string | null): NameForms {
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

type Matched = { level: Exclude<NameLevel, "nickname" | "none"> } | { level: "nickname"; link: string };

/** The strongest way two names agree, checked strongest first; null when they do not. */
function compareNames(query: NameForms, stored: NameForms, field: NameField): Matched | null {
	if (query.folded === "" || stored.folded === "") return null;
	if (query.folded === stored.folded) return { level: "exact" };
	// A bare initial agrees with any given name it starts, and with nothing else.
	if (query.folded.length === 1 || stored.folded.length === 1) {
		const initialAgrees = field === "given" && query.folded[0] === stored.folded[0];
		return initialAgrees ? { level: "initial" } : null;
	}
	const queryWords = [query, ...query.words];
	const storedWords = [stored, ...stored.words];
	if (field === "given") {
		// A nickname is stronger evidence than sharing one word of a double name.
		for (const q of queryWords) {
			for (const s of storedWords) {
				const link = nicknameLinkOf(q, s);
				if (link) return { level: "nickname", link };
			}
		}
	}
	if (queryWords.some((q) => storedWords.some((s) => s.folded === q.folded))) return { level: "part" };
	if (isTypo(query.folded, stored.folded)) return { level: "typo" };
	if (query.phonetic !== null && query.phonetic === stored.phonetic) return { level: "sounds" };
	return null;
}

function describe(field: NameField, match: Matched, kind: NameKind, storedRaw: string): string {
	if (match.level === "nickname") return kind === "current" ? match.link : `${match.link} (${kind} name)`;
	if (kind === "current") {
		const phrases = {
			exact: `same ${field} name`,
			part: `${field} name partly matches (${storedRaw})`,
			typo: `${field} name spelt similarly`,
			sounds: `${field} name sounds alike`,
			initial: "same initial",
		};
		return phrases[match.level];
	}
	const name = `${kind} ${field} name ${storedRaw}`;
	const phrases = {
		exact: `matches ${name}`,
		part: `partly matches ${name}`,
		typo: `similar to ${name}`,
		sounds: `sounds like ${name}`,
		initial: `initial matches ${name}`,
	};
	return phrases[match.level];
}

export interface StoredName {
	kind: NameKind;
	given: NameForms;
	family: NameForms;
}

/** How a query name agrees with one stored name, in one field. */
export interface NameAgreement extends Agreement<NameLevel> {
	kind: NameKind;
}

/**
 * Every way one query name agrees with the stored names in a field, one per stored name
 * that agrees at all: the scorer keeps the one that weighs most.
 */
export function nameAgreements(query: NameForms, names: readonly StoredName[], field: NameField): NameAgreement[] {
	const found: NameAgreement[] = [];
	for (const name of names) {
		const match = compareNames(query, name[field], field);
		if (match)
			found.push({ level: match.level, kind: name.kind, reason: describe(field, match, name.kind, name[field].raw) });
	}
	return found;
}

// ---- Dates of birth -------------------------------------------------------------------------

const digits = (d: CalendarDate) =>
	`${String(d.day).padStart(2, "0")}${String(d.month).padStart(2, "0")}${String(d.year).padStart(4, "0")}`;

/** True when the two dates, written DDMMYYYY, differ in exactly one digit. */
export function oneDigitApart(a: CalendarDate, b: CalendarDate): boolean {
	const x = digits(a);
	const y = digits(b);
	let differ = 0;
	for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) differ++;
	return differ === 1;
}

/**
 * Every real date one digit away from this one as written DD/MM/YYYY, from 1900 to
 * `latestYear`: the dates a slip of one key could have made of it, for the search to look up.
 */
export function oneDigitVariants(date: CalendarDate, latestYear: number): CalendarDate[] {
	const written = digits(date);
	const found: CalendarDate[] = [];
	for (let i = 0; i < written.length; i++) {
		for (let d = 0; d <= 9; d++) {
			if (String(d) === written[i]) continue;
			const text = written.slice(0, i) + d + written.slice(i + 1);
			const day = Number(text.slice(0, 2));
			const month = Number(text.slice(2, 4));
			const year = Number(text.slice(4));
			if (year < 1900 || year > latestYear || month < 1 || month > 12 || day < 1) continue;
			if (day > daysInMonth(year, month)) continue;
			found.push({ year, month, day });
		}
	}
	return found;
}

/** A full date of birth as asked against the stored one. */
export function dobAgreement(query: CalendarDate, stored: CalendarDate): Agreement<DobLevel> {
	if (query.year === stored.year && query.month === stored.month && query.day === stored.day) {
		return { level: "exact", reason: "same date of birth" };
	}
	const swapped = swappedDayMonth(query);
	if (swapped && swapped.year === stored.year && swapped.month === stored.month && swapped.day === stored.day) {
		return { level: "swapped", reason: "day and month of birth swapped" };
	}
	if (oneDigitApart(query, stored)) return { level: "oneDigit", reason: "date of birth one digit different" };
	if (query.year === stored.year) return { level: "sameYear", reason: "same year of birth, different day" };
	return { level: "none", reason: "different date of birth" };
}

export function dobMonthAgreement(
	query: { year: number; month: number },
	stored: CalendarDate,
): Agreement<DobMonthLevel> {
	if (query.year !== stored.year) return { level: "none", reason: "different year of birth" };
	return query.month === stored.month
		? { level: "same", reason: "same month and year of birth" }
		: { level: "sameYear", reason: "different month of birth" };
}

export function dobYearAgreement(year: number, stored: CalendarDate): Agreement<DobYearLevel> {
	return year === stored.year
		? { level: "same", reason: "same year of birth" }
		: { level: "none", reason: "different year of birth" };
}

export function dayMonthAgreement(
	query: { day: number; month: number },
	stored: CalendarDate,
): Agreement<DayMonthLevel> {
	return query.day === stored.day && query.month === stored.month
		? { level: "same", reason: "same day and month of birth" }
		: { level: "none", reason: "different day and month of birth" };
}

/** Which comparison a partial date makes: a full date, a month and year, a year, or a day and month. */
export type DobComparison = "dob" | "dobMonth" | "dobYear" | "dayMonth";

export function dobComparisonOf(date: PartialDate): DobComparison {
	if (date.month === undefined) return "dobYear";
	return date.day === undefined ? "dobMonth" : "dob";
}

// ---- Postcodes ------------------------------------------------------------------------------

/** A postcode (or a district alone) against every postcode the person has had; null when there is nothing to compare. */
export function postcodeAgreement(query: string, stored: readonly string[]): Agreement<PostcodeLevel> | null {
	const full = normalisePostcode(query);
	const district = outwardCode(query);
	const known = stored.map(normalisePostcode).filter((p): p is string => p !== null);
	if (known.length === 0) return null;
	if (full !== null && known.includes(full)) return { level: "exact", reason: "same postcode" };
	if (district !== null && known.some((p) => outwardCode(p) === district)) {
		return { level: "district", reason: `same postcode district (${district})` };
	}
	// Families move: a different postcode is shown only in the weight, not as a reason.
	return { level: "none" };
}
