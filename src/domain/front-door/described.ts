import { format } from "date-fns";
import { nhsNumberProblem, normaliseNhsNumber, normalisePostcode } from "../people/identifiers.ts";
import type { MatchQuery } from "../people/match-score.ts";
import { foldName, nicknameLink } from "../people/names.ts";
import { damerauLevenshtein, isTypo } from "../people/similarity.ts";
import type { DescribedChild } from "./contact.ts";

// A child an agency described but did not identify: what it said, read back from the
// stored JSON, and turned into the person search that finds who it may be. Pure.

const FIELDS = ["givenName", "familyName", "dateOfBirth", "nhsNumber", "postcode"] as const;

/** The stored description, whatever shape the column holds; anything missing or not text is null. */
export function readDescribed(stored: unknown): DescribedChild {
	let value = stored;
	if (typeof value === "string") {
		try {
			value = JSON.parse(value);
		} catch {
			value = null;
		}
	}
	const record = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
	const out = {} as DescribedChild;
	for (const field of FIELDS) {
		const v = record[field];
		out[field] = typeof v === "string" && v.trim() ? v.trim() : null;
	}
	return out;
}

/** A full ISO date (yyyy-mm-dd) that exists, as its parts; anything else is null. */
function isoDate(value: string | null): { year: number; month: number; day: number } | null {
	const m = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
	if (!m) return null;
	const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? { year, month, day } : null;
}

/** The described date of birth when it is a real calendar date, else null (shown as the agency wrote it). */
export function describedBirthDate(d: DescribedChild): string | null {
	return isoDate(d.dateOfBirth) ? d.dateOfBirth : null;
}

/**
 * The person search for a described child. An agency's identifier that fails its own
 * check (a mistyped NHS number, a postcode that is not one) is left out rather than
 * trusted: the names and date of birth still find the child.
 */
export function describedQuery(d: DescribedChild): MatchQuery {
	const q: MatchQuery = {};
	if (d.givenName) q.given = d.givenName;
	if (d.familyName) q.family = d.familyName;
	const dob = isoDate(d.dateOfBirth);
	if (dob) q.dob = dob;
	if (d.nhsNumber && !nhsNumberProblem(d.nhsNumber)) q.nhsNumber = normaliseNhsNumber(d.nhsNumber);
	const postcode = d.postcode ? normalisePostcode(d.postcode) : null;
	if (postcode) q.postcode = postcode;
	return q;
}

/** The "search again" form filled in with what the agency said, as the person search form names its fields. */
export function describedSearchValues(d: DescribedChild) {
	const dob = isoDate(d.dateOfBirth);
	return {
		q: "",
		given: d.givenName ?? "",
		family: d.familyName ?? "",
		dob: dob
			? { day: String(dob.day), month: String(dob.month), year: String(dob.year) }
			: { day: "", month: "", year: "" },
		ageFrom: "",
		ageTo: "",
		postcode: d.postcode ?? "",
		nhsNumber: d.nhsNumber ?? "",
	};
}

/** What a person's record says, as far as an agency's description can be checked against it. */
export interface RecordedPerson {
	/** Every given and family name recorded (current, previous, alias, at birth). */
	names: { given: string; family: string }[];
	dateOfBirth: string | null;
	nhsNumber: string | null;
}

/** A calendar date as GOV.UK writes it: "2 March 2014" (built in local time, so no zone moves it). */
const spelt = (d: { year: number; month: number; day: number }) =>
	format(new Date(d.year, d.month - 1, d.day), "d MMMM yyyy");

/** Two dates one slip apart: a digit mistyped or two swapped, or day and month the other way round. */
function closeDates(a: { year: number; month: number; day: number }, b: { year: number; month: number; day: number }) {
	if (a.year === b.year && a.month === b.day && a.day === b.month) return true;
	const digits = (d: typeof a) => `${d.year}${String(d.month).padStart(2, "0")}${String(d.day).padStart(2, "0")}`;
	return damerauLevenshtein(digits(a), digits(b)) <= 1;
}

/** One name is the other as typed or spoken: the same, a typo, a nickname, or one part of a double name. */
function closeNames(said: string, recorded: string, given: boolean) {
	const a = foldName(said);
	const b = foldName(recorded);
	if (!a || !b) return true;
	if (a === b || isTypo(a, b)) return true;
	if (given && nicknameLink(said, recorded)) return true;
	const parts = (n: string) =>
		n
			.toLowerCase()
			.split(/[\s-]+/)
			.map(foldName)
			.filter(Boolean);
	return parts(said).some((p) => parts(recorded).includes(p));
}

/**
 * Where an agency's description and the record chosen for the child disagree more than a
 * slip of the keyboard would explain, each in words for the worker: a date of birth years
 * apart, a family or given name unlike any the record holds, another NHS number. Empty
 * when they agree, or when either side does not say. Matching past one needs a reason.
 */
export function markedDifferences(d: DescribedChild, p: RecordedPerson): string[] {
	const found: string[] = [];
	const said = isoDate(d.dateOfBirth);
	const recorded = isoDate(p.dateOfBirth);
	if (said && recorded && !closeDates(said, recorded)) {
		found.push(`Date of birth: the agency said ${spelt(said)}; the record says ${spelt(recorded)}`);
	}
	const shown = p.names[0];
	if (d.familyName && p.names.length && !p.names.some((n) => closeNames(d.familyName as string, n.family, false))) {
		found.push(`Family name: the agency said ${d.familyName}; the record says ${shown.family}`);
	}
	if (d.givenName && p.names.length && !p.names.some((n) => closeNames(d.givenName as string, n.given, true))) {
		found.push(`Given name: the agency said ${d.givenName}; the record says ${shown.given}`);
	}
	const nhs = d.nhsNumber && !nhsNumberProblem(d.nhsNumber) ? normaliseNhsNumber(d.nhsNumber) : null;
	if (nhs && p.nhsNumber && nhs !== p.nhsNumber) {
		found.push(`NHS number: the agency said ${nhs}; the record says ${p.nhsNumber}`);
	}
	return found;
}
