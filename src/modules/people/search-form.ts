import { z } from "zod";
import type { PartialDate } from "../../domain/people/dates.ts";
import { nhsNumberProblem, normaliseNhsNumber, normalisePostcode } from "../../domain/people/identifiers.ts";
import { type MatchQuery, matchQueryFromParts } from "../../domain/people/match-score.ts";
import { foldName, splitQuery } from "../../domain/people/names.ts";
import {
	type FormErrors,
	type FormValues,
	field,
	form,
	noErrors,
	type Problems,
	parseForm,
} from "../../platform/forms.ts";
import { searchable } from "./search.ts";

type Query = Record<string, unknown>;
/** What was typed in a box, trimmed, to show again. */
const typed = (v: unknown) => (typeof v === "string" ? v.trim() : "");
/** A field as one trimmed string: a field sent twice is read as its first value. */
const oneText = (v: unknown) => String((Array.isArray(v) ? v[0] : v) ?? "").trim();

/** Optional free text that must also pass a check; the check's message is the field's. */
const checkedText = (label: string, max: number, problem: (value: string) => string | null) =>
	field.optionalText(label, max).superRefine((value, ctx) => {
		const message = value === null ? null : problem(value);
		if (message) ctx.addIssue({ code: "custom", message });
	});

/** An age in whole years, 0 to 120; null when left empty. */
const age = (label: string) =>
	z.preprocess(
		oneText,
		z
			.string()
			.regex(/^(\d{1,3})?$/, `${label} must be a whole number from 0 to 120`)
			.transform((v) => (v === "" ? null : Number(v)))
			.refine((v) => v === null || v <= 120, `${label} must be a whole number from 0 to 120`),
	);

/**
 * What someone remembers of a date of birth, in a GOV.UK date input: a whole date, a
 * month and year, or a year. Null when left empty; its messages link to the day box.
 */
const partialDate = z.unknown().transform((parts, ctx): PartialDate | null => {
	const box = (name: string) => oneText(parts && typeof parts === "object" ? (parts as Query)[name] : undefined);
	const [day, month, year] = [box("day"), box("month"), box("year")];
	if (!day && !month && !year) return null;
	const d = Number(day);
	const m = Number(month);
	const y = Number(year);
	let message: string | null = null;
	if (!/^\d{4}$/.test(year)) message = "Date of birth must include a year, like 2015";
	else if (month && !(m >= 1 && m <= 12)) message = "Month must be between 1 and 12";
	else if (day && !month) message = "Date of birth must include a month when it has a day";
	else if (day && !(d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate()))
		message = "Date of birth must be a real date";
	if (message === null) return { year: y, month: month ? m : undefined, day: day ? d : undefined };
	ctx.addIssue({ code: "custom", message, path: ["day"] });
	return z.NEVER;
});

// The search box, then the advanced search, in page order.
const SEARCH_FIELDS = {
	q: field.optionalText("Search terms", 200),
	given: field.optionalText("Given name", 100),
	family: field.optionalText("Family name", 100),
	dob: partialDate,
	ageFrom: age("Age from"),
	ageTo: age("Age to"),
	postcode: checkedText("Postcode", 20, (v) =>
		normalisePostcode(v) ? null : "Enter a real UK postcode, like ME14 1XQ",
	).transform((v) => (v === null ? null : normalisePostcode(v))),
	nhsNumber: checkedText("NHS number", 20, nhsNumberProblem).transform((v) =>
		v === null ? null : normaliseNhsNumber(v),
	),
};
type SearchValues = FormValues<ReturnType<typeof form<typeof SEARCH_FIELDS>>>;

function toQuery(v: Partial<SearchValues>): MatchQuery {
	const query: MatchQuery = {};
	if (v.q) Object.assign(query, matchQueryFromParts(splitQuery(v.q)));
	if (v.given) query.given = v.given;
	if (v.family) query.family = v.family;
	if (v.dob) query.dob = v.dob;
	if (typeof v.ageFrom === "number" || typeof v.ageTo === "number") {
		query.ageRange = { min: v.ageFrom ?? 0, max: v.ageTo ?? 120 };
	}
	if (v.postcode) query.postcode = v.postcode;
	if (v.nhsNumber) query.nhsNumber = v.nhsNumber;
	return query;
}

/** The search form; a search that was asked for must have enough to search on. */
function searchForm(submitted: boolean) {
	return form(SEARCH_FIELDS, (v): Problems | undefined => {
		if (typeof v.ageFrom === "number" && typeof v.ageTo === "number" && v.ageFrom > v.ageTo) {
			return { ageTo: "Age to must be the same as or more than age from" };
		}
		// Judged only when every field has been read: a field with a problem says so itself.
		const everyField = Object.keys(SEARCH_FIELDS).every((name) => name in v);
		const query = toQuery(v);
		if (!submitted || !everyField || searchable(query)) return undefined;
		const onlyShort = (query.family && foldName(query.family).length < 2) || (v.q && v.q.length < 2);
		return {
			q: onlyShort
				? "Enter at least 2 letters of a name, or a date of birth, NHS number or postcode"
				: "Enter a name, a date of birth, an NHS number, a UPN or a postcode to search",
		};
	});
}

/**
 * The search box and the advanced form, read into one match query. A query too thin to
 * search (empty, one letter) gets a message instead of scanning everyone.
 */
export function readSearch(raw: Query): {
	ran: boolean;
	advanced: boolean;
	values: Record<string, unknown>;
	errors: FormErrors;
	query: MatchQuery;
} {
	const values = {
		q: typed(raw.q),
		given: typed(raw.given),
		family: typed(raw.family),
		dob: { day: typed(raw["dob-day"]), month: typed(raw["dob-month"]), year: typed(raw["dob-year"]) },
		ageFrom: typed(raw.ageFrom),
		ageTo: typed(raw.ageTo),
		postcode: typed(raw.postcode),
		nhsNumber: typed(raw.nhsNumber),
	};
	const advanced = Boolean(
		values.given ||
			values.family ||
			values.dob.day ||
			values.dob.month ||
			values.dob.year ||
			values.ageFrom ||
			values.ageTo ||
			values.postcode ||
			values.nhsNumber,
	);
	const submitted = "q" in raw || advanced;
	const parsed = parseForm(searchForm(submitted), raw);
	return {
		ran: submitted,
		advanced,
		values,
		errors: parsed.ok ? noErrors() : parsed.errors,
		query: parsed.ok ? toQuery(parsed.value) : {},
	};
}
