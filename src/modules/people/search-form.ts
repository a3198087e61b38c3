import { nhsNumberProblem, normaliseNhsNumber, normalisePostcode } from "../../domain/people/identifiers.ts";
import { type MatchQuery, matchQueryFromParts } from "../../domain/people/match-score.ts";
import { foldName, splitQuery } from "../../domain/people/names.ts";
import { type FormErrors, fieldError, noErrors } from "../../platform/forms.ts";
import { searchable } from "./search.ts";

type Query = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v.trim() : "");

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
		q: str(raw.q),
		given: str(raw.given),
		family: str(raw.family),
		dob: { day: str(raw["dob-day"]), month: str(raw["dob-month"]), year: str(raw["dob-year"]) },
		ageFrom: str(raw.ageFrom),
		ageTo: str(raw.ageTo),
		postcode: str(raw.postcode),
		nhsNumber: str(raw.nhsNumber),
	};
	const errors = noErrors();
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
	const query: MatchQuery = {};

	if (values.q) Object.assign(query, matchQueryFromParts(splitQuery(values.q)));
	if (values.given) query.given = values.given;
	if (values.family) query.family = values.family;
	const { day, month, year } = values.dob;
	if (day || month || year) {
		const d = Number(day);
		const m = Number(month);
		const y = Number(year);
		if (!/^\d{4}$/.test(year)) fieldError("dob", "Date of birth must include a year, like 2015", errors);
		else if (month && !(m >= 1 && m <= 12)) fieldError("dob", "Month must be between 1 and 12", errors);
		else if (day && !month) fieldError("dob", "Date of birth must include a month when it has a day", errors);
		else if (day && !(d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate()))
			fieldError("dob", "Date of birth must be a real date", errors);
		else query.dob = { year: y, month: month ? m : undefined, day: day ? d : undefined };
	}
	if (values.ageFrom || values.ageTo) {
		const min = values.ageFrom ? Number(values.ageFrom) : 0;
		const max = values.ageTo ? Number(values.ageTo) : 120;
		if (!Number.isInteger(min) || min < 0 || min > 120)
			fieldError("ageFrom", "Age from must be a whole number from 0 to 120", errors);
		else if (!Number.isInteger(max) || max < 0 || max > 120)
			fieldError("ageTo", "Age to must be a whole number from 0 to 120", errors);
		else if (min > max) fieldError("ageTo", "Age to must be the same as or more than age from", errors);
		else query.ageRange = { min, max };
	}
	if (values.postcode) {
		const postcode = normalisePostcode(values.postcode);
		if (postcode) query.postcode = postcode;
		else fieldError("postcode", "Enter a real UK postcode, like ME14 1XQ", errors);
	}
	if (values.nhsNumber) {
		const problem = nhsNumberProblem(values.nhsNumber);
		if (problem) fieldError("nhsNumber", problem, errors);
		else query.nhsNumber = normaliseNhsNumber(values.nhsNumber);
	}
	if (submitted && errors.summary.length === 0 && !searchable(query)) {
		const onlyShort = (query.family && foldName(query.family).length < 2) || (values.q && values.q.length < 2);
		fieldError(
			"q",
			onlyShort
				? "Enter at least 2 letters of a name, or a date of birth, NHS number or postcode"
				: "Enter a name, a date of birth, an NHS number, a UPN or a postcode to search",
			errors,
		);
	}
	return { ran: submitted, advanced, values, errors, query };
}
