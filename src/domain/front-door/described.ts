import { nhsNumberProblem, normaliseNhsNumber, normalisePostcode } from "../people/identifiers.ts";
import type { MatchQuery } from "../people/match-score.ts";
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
