/**
 * Names for matching: folding to comparable letters, nicknames and short forms, and
 * splitting what a worker types in the one search box into names, dates and identifiers.
 * Pure.
 */
import { type DateInput, type DayMonth, type PartialDate, readTypedDate } from "./dates.ts";
import { isOutwardCode, normaliseNhsNumber, normalisePostcode, normaliseUpn } from "./identifiers.ts";
import nicknameData from "./nicknames.json" with { type: "json" };

/**
 * Formal given name → its spelling variants and short forms, all folded. A name that is a
 * key is a formal name; a key with an empty list ("harry", "jack") is a name given in its
 * own right that is also a short form of others, so it keeps itself as its canonical form.
 */
const NICKNAMES: Readonly<Record<string, readonly string[]>> = nicknameData;

/** Short form or variant → every formal name it may stand for, alphabetical so choices are stable. */
const FORMAL_NAMES = new Map<string, string[]>();
for (const [formal, shortForms] of Object.entries(NICKNAMES)) {
	for (const short of shortForms) FORMAL_NAMES.set(short, [...(FORMAL_NAMES.get(short) ?? []), formal]);
}
for (const formals of FORMAL_NAMES.values()) formals.sort();

// Letters that Unicode decomposition leaves whole but an English records system spells out.
const SPELT_OUT: Record<string, string> = {
	ß: "ss",
	æ: "ae",
	œ: "oe",
	ø: "o",
	đ: "d",
	ð: "d",
	þ: "th",
	ł: "l",
	ı: "i",
};

/**
 * Lower-case letters only: accents off Latin letters, punctuation and spaces gone
 * ("O'Brien-Smith" → "obriensmith", "Zoë" → "zoe"). Letters of other scripts are kept,
 * marks and all, so names written in them still compare with themselves.
 */
export function foldName(raw: string): string {
	// Scoring folds every name of every candidate of every search, and names repeat: the
	// Unicode normalising was a tenth of a search's JavaScript before it was remembered.
	let folded = FOLDED.get(raw);
	if (folded === undefined) {
		if (FOLDED.size >= FOLDED_MAX) FOLDED.clear();
		folded = fold(raw);
		FOLDED.set(raw, folded);
	}
	return folded;
}

const FOLDED = new Map<string, string>();
const FOLDED_MAX = 50_000;

function fold(raw: string): string {
	return raw
		.toLowerCase()
		.normalize("NFKD")
		.replace(/[ßæœøđðþłı]/g, (ch) => SPELT_OUT[ch])
		.replace(/([a-z])\p{M}+/gu, "$1")
		.replace(/[^\p{L}\p{M}]/gu, "")
		.normalize("NFC");
}

function isFormalName(folded: string): boolean {
	return Object.hasOwn(NICKNAMES, folded);
}

/** The formal form of a folded given name ("bob" → "robert"); alphabetically first when several fit. */
export function canonicalGivenName(folded: string): string {
	if (isFormalName(folded)) return folded;
	return FORMAL_NAMES.get(folded)?.[0] ?? folded;
}

/** The name itself and every formal name it may be short for: two names are linked when these overlap. */
export function givenNameKeys(folded: string): string[] {
	return [folded, ...(FORMAL_NAMES.get(folded) ?? []).filter((formal) => formal !== folded)];
}

/** Every name linked to this one (formal names and all their short forms), for a database lookup. */
export function givenNameVariants(folded: string): string[] {
	const names = new Set([folded]);
	for (const key of givenNameKeys(folded)) {
		if (!isFormalName(key)) continue;
		names.add(key);
		for (const short of NICKNAMES[key]) names.add(short);
	}
	return [...names].sort();
}

/** A name as typed, capitalised only when typed all in lower case ("bob" → "Bob", "McKay" kept). */
export function displayName(raw: string): string {
	const name = raw.trim();
	return name === name.toLowerCase() ? name.charAt(0).toUpperCase() + name.slice(1) : name;
}

/** "Bob = Robert" when the two given names are one name in different forms; null otherwise. */
export function nicknameLink(a: string, b: string): string | null {
	const foldedA = foldName(a);
	const foldedB = foldName(b);
	if (foldedA === "" || foldedB === "" || foldedA === foldedB) return null;
	const keysB = new Set(givenNameKeys(foldedB));
	const linked = givenNameKeys(foldedA).some((key) => keysB.has(key));
	return linked ? `${displayName(a)} = ${displayName(b)}` : null;
}

/** What the search box held, sorted into the parts a search can use. */
export interface QueryParts {
	/** Name words in the order given first, family after ("Smith, Bob" becomes ["Bob", "Smith"]). */
	names: string[];
	/** Ten digits; not checked here, so the caller can say when the check digit is wrong. */
	nhsNumber?: string;
	/** Upper case; not checked here. */
	upn?: string;
	/** A full postcode ("ME14 1XQ") or an outward code alone ("ME14"). */
	postcode?: string;
	/** A date or partial date; in a person search, the date of birth. Only what can be trusted of a date typed wrongly. */
	date?: PartialDate;
	/** The day and month of a date whose year cannot be right (12/03/1850), and no `date`. */
	dayMonth?: DayMonth;
	/** Said to the user when the date typed was not a real or likely one: what was typed, and what the search used. */
	dateNote?: string;
	/** Pieces that were none of the above, or a second date or identifier. */
	unrecognised: string[];
}

const MONTH_WORD =
	"(?:january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec)\\.?";
// Each pattern is bounded so it cannot start or end inside a longer word or number.
const START = "(?<![\\p{L}\\p{N}])";
const END = "(?![\\p{L}\\p{N}])";
const bounded = (body: string): RegExp => new RegExp(`${START}(?:${body})${END}`, "giu");

const NHS_PATTERN = bounded("\\d{3}[ -]?\\d{3}[ -]?\\d{4}");
const UPN_PATTERN = bounded("[a-z]\\d{11}[a-z\\d]");
const DATE_PATTERN = bounded(
	[
		"\\d{4}-\\d{1,2}-\\d{1,2}",
		"\\d{1,2}([/.-])\\d{1,2}\\1\\d{4}",
		"\\d{1,2}[/.-]\\d{4}",
		`(?:\\d{1,2}(?:st|nd|rd|th)?\\s+)?${MONTH_WORD},?\\s+\\d{4}`,
		// a lone number is a year only when it looks like a birth year
		"(?:19|20)\\d{2}",
	].join("|"),
);
const POSTCODE_PATTERN = bounded("gir\\s*0aa|[a-z]{1,2}\\d[a-z\\d]?\\s*\\d[a-z]{2}");
const OUTWARD_PATTERN = bounded("[a-z]{1,2}\\d[a-z\\d]?");
const NAME_WORD = /^\p{L}[\p{L}\p{M}'’.-]*$/u;

/**
 * Splits free text ("bob smith 12/3/2015 ME14 1XQ") into names, a date of birth, a postcode
 * and identifiers. Identifiers and dates are taken out first so their digits never become
 * names. A month that is also a name ("May", "June") followed by a year reads as a date.
 * A date that is not real or not likely keeps what can be trusted of it, with a note saying
 * so (see trustTypedDate); `today` bounds the likely years, and without it only years
 * before 1900 are unlikely.
 */
export function splitQuery(text: string, today?: DateInput): QueryParts {
	const parts: QueryParts = { names: [], unrecognised: [] };
	let rest = text.normalize("NFC");
	const take = (pattern: RegExp, use: (piece: string) => boolean): void => {
		rest = rest.replace(pattern, (match) => {
			const piece = match.trim();
			if (!use(piece)) parts.unrecognised.push(piece);
			return " ";
		});
	};
	take(NHS_PATTERN, (piece) => {
		if (parts.nhsNumber !== undefined) return false;
		parts.nhsNumber = normaliseNhsNumber(piece);
		return true;
	});
	take(UPN_PATTERN, (piece) => {
		if (parts.upn !== undefined) return false;
		parts.upn = normaliseUpn(piece);
		return true;
	});
	take(DATE_PATTERN, (piece) => {
		// The first date is the date of birth, whatever could be made of it; any other is set aside.
		if (parts.date !== undefined || parts.dayMonth !== undefined || parts.dateNote !== undefined) return false;
		const read = readTypedDate(piece, today);
		if (read === null) return false;
		if (read.date) parts.date = read.date;
		if (read.dayMonth) parts.dayMonth = read.dayMonth;
		if (read.note) parts.dateNote = read.note;
		return true;
	});
	take(POSTCODE_PATTERN, (piece) => {
		const postcode = normalisePostcode(piece);
		if (postcode === null || parts.postcode !== undefined) return false;
		parts.postcode = postcode;
		return true;
	});
	take(OUTWARD_PATTERN, (piece) => {
		if (!isOutwardCode(piece) || parts.postcode !== undefined) return false;
		parts.postcode = piece.toUpperCase();
		return true;
	});
	// "Smith, Bob" is how registers write names: family name, comma, given name.
	const segments = rest.split(",").map((segment) => wordsOf(segment, parts.unrecognised));
	const named = segments.filter((words) => words.length > 0);
	parts.names = named.length === 2 && segments.length === 2 ? [...named[1], ...named[0]] : named.flat();
	return parts;
}

function wordsOf(segment: string, unrecognised: string[]): string[] {
	const words: string[] = [];
	for (const token of segment.split(/\s+/).filter(Boolean)) {
		const word = token.replace(/[.]+$/, "");
		if (NAME_WORD.test(word)) words.push(word);
		else unrecognised.push(token);
	}
	return words;
}

/**
 * A message when the query is too vague to search without reading most of the register
 * (nothing, one letter, a bare year, a postcode district alone); null when it can run.
 */
export function searchQueryProblem(parts: QueryParts): string | null {
	if (parts.nhsNumber !== undefined || parts.upn !== undefined) return null;
	const longestName = Math.max(0, ...parts.names.map((name) => foldName(name).length));
	const fullPostcode = parts.postcode !== undefined && normalisePostcode(parts.postcode) !== null;
	if (longestName >= 2 || fullPostcode || parts.date?.month !== undefined) return null;
	// A day and month narrow a name about as much as a month and year do.
	if (parts.dayMonth !== undefined && parts.names.length > 0) return null;
	const typedNothing =
		parts.names.length === 0 &&
		parts.date === undefined &&
		parts.dateNote === undefined &&
		parts.postcode === undefined;
	if (typedNothing && parts.unrecognised.length === 0) {
		return "Enter a name, date of birth, postcode, NHS number or UPN";
	}
	return "Enter at least 2 letters of a name, a month and year of birth, or a full postcode";
}
