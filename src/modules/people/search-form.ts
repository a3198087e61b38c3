import { z } from "zod";
import { type DateInput, type TrustedDate, trustTypedDate } from "../../domain/people/dates.ts";
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
 * month and year, or a year. Null when left empty. Numbers that make no real date (31
 * February, month 13) are searched on what can be trusted of them, with a note, as in the
 * search box; boxes that hold no number at all are refused, the messages linked to the day box.
 */
const partialDate = (today: DateInput | undefined) =>
	z.unknown().transform((parts, ctx): TrustedDate | null => {
		const box = (name: string) => oneText(parts && typeof parts === "object" ? (parts as Query)[name] : undefined);
		const [day, month, year] = [box("day"), box("month"), box("year")];
		if (!day && !month && !year) return null;
		const number = /^\d{1,2}$/;
		let message: string | null = null;
		if (!/^\d{4}$/.test(year)) message = "Date of birth must include a year, like 2015";
		else if (month && !number.test(month)) message = "Month must be between 1 and 12";
		else if (day && !month) message = "Date of birth must include a month when it has a day";
		else if (day && !number.test(day)) message = "Date of birth must be a real date";
		if (message === null) {
			const fields = {
				year: Number(year),
				month: month ? Number(month) : undefined,
				day: day ? Number(day) : undefined,
			};
			return trustTypedDate(fields, [day, month, year].filter(Boolean).join("/"), today);
		}
		ctx.addIssue({ code: "custom", message, path: ["day"] });
		return z.NEVER;
	});

// The search box, then the advanced search, in page order.
const searchFields = (today: DateInput | undefined) => ({
	q: field.optionalText("Search terms", 200),
	given: field.optionalText("Given name", 100),
	family: field.optionalText("Family name", 100),
	dob: partialDate(today),
	ageFrom: age("Age from"),
	ageTo: age("Age to"),
	postcode: checkedText("Postcode", 20, (v) =>
		normalisePostcode(v) ? null : "Enter a real UK postcode, like ME14 1XQ",
	).transform((v) => (v === null ? null : normalisePostcode(v))),
	nhsNumber: checkedText("NHS number", 20, nhsNumberProblem).transform((v) =>
		v === null ? null : normaliseNhsNumber(v),
	),
});
type SearchValues = FormValues<ReturnType<typeof form<ReturnType<typeof searchFields>>>>;

/** The match query, and what to tell the user about a date that could not be searched as typed. */
function toQuery(v: Partial<SearchValues>, today: DateInput | undefined): { query: MatchQuery; dateNotes: string[] } {
	const query: MatchQuery = {};
	const dateNotes: string[] = [];
	if (v.q) {
		const parts = splitQuery(v.q, today);
		Object.assign(query, matchQueryFromParts(parts));
		if (parts.dateNote) dateNotes.push(parts.dateNote);
	}
	if (v.given) query.given = v.given;
	if (v.family) query.family = v.family;
	if (v.dob) {
		// The date typed in its own boxes is the date of birth, whatever the search box held.
		delete query.dob;
		const { date, dayMonth, note } = v.dob;
		Object.assign(
			query,
			matchQueryFromParts({ names: [], unrecognised: [], ...(date && { date }), ...(dayMonth && { dayMonth }) }),
		);
		if (note) dateNotes.push(note);
	}
	if (typeof v.ageFrom === "number" || typeof v.ageTo === "number") {
		query.ageRange = { min: v.ageFrom ?? 0, max: v.ageTo ?? 120 };
	}
	if (v.postcode) query.postcode = v.postcode;
	if (v.nhsNumber) query.nhsNumber = v.nhsNumber;
	return { query, dateNotes };
}

/** The search form; a search that was asked for must have enough to search on. */
function searchForm(submitted: boolean, today: DateInput | undefined) {
	const fields = searchFields(today);
	return form(fields, (v): Problems | undefined => {
		if (typeof v.ageFrom === "number" && typeof v.ageTo === "number" && v.ageFrom > v.ageTo) {
			return { ageTo: "Age to must be the same as or more than age from" };
		}
		// Judged only when every field has been read: a field with a problem says so itself.
		const everyField = Object.keys(fields).every((name) => name in v);
		const { query, dateNotes } = toQuery(v, today);
		if (!submitted || !everyField || searchable(query)) return undefined;
		// What was left of a date typed wrongly was not enough on its own: say which to fix.
		if (dateNotes.length)
			return { [v.dob?.note ? "dob-day" : "q"]: "Check the date of birth, or enter a name with it" };
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
 * search (empty, one letter) gets a message instead of scanning everyone. `today` bounds
 * the likely years of birth; a caller that leaves it out gets only the lower bound.
 */
export function readSearch(
	raw: Query,
	today?: DateInput,
): {
	ran: boolean;
	advanced: boolean;
	values: Record<string, unknown>;
	errors: FormErrors;
	query: MatchQuery;
	/** Said above the results: a date typed that was not real or likely, and what was searched instead. */
	dateNotes: string[];
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
	const parsed = parseForm(searchForm(submitted, today), raw);
	const read = parsed.ok ? toQuery(parsed.value, today) : { query: {}, dateNotes: [] };
	return { ran: submitted, advanced, values, errors: parsed.ok ? noErrors() : parsed.errors, ...read };
}
