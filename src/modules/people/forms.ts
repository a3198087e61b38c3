import {
	DISABILITY,
	ETHNICITY,
	GENDER,
	isCode,
	NAME_KIND,
	RELATIONSHIP,
	SEX,
	UPN_UNKNOWN,
} from "../../domain/people/codes.ts";
import { dateOfBirthProblem, expectedBirthDateProblem } from "../../domain/people/dates.ts";
import {
	nhsNumberProblem,
	normaliseNhsNumber,
	normalisePostcode,
	upnProblem,
} from "../../domain/people/identifiers.ts";
import { asList, checkLength, type FormErrors, fieldError, noErrors, parseDateInput } from "../../platform/forms.ts";
import type { AddressInput, PersonDetails, RelationshipInput } from "./service.ts";

type Body = Record<string, unknown>;
// What each free-text field is called in a message about its length.
const LABELS: Record<string, string> = {
	givenName: "Given name",
	familyName: "Family name",
	middleNames: "Middle names",
	genderDescription: "How they describe their gender",
	nhsNumber: "NHS number",
	upn: "UPN",
	formerUpn: "Former UPN",
	firstLanguage: "First language",
	immigrationStatus: "Immigration status",
	nationality: "Nationality",
	postcode: "Postcode",
	house: "House name or number",
	street: "Street",
	town: "Town or city",
	otherGivenName: "Given name",
	otherFamilyName: "Family name",
	professionalName: "Name",
	professionalRole: "Role",
	professionalEmail: "Email address",
	professionalAgency: "Agency",
	professionalPhone: "Phone number",
};

/** A free-text field, or null when empty; longer than `max` is an error saying the limit, never a cut. */
const text = (body: Body, name: string, max: number, errors: FormErrors) => {
	const v = String(body[name] ?? "").trim();
	checkLength(errors, name, LABELS[name] ?? "This answer", v, max);
	return v.length ? v : null;
};

const londonToday = (now: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(now);

/** The core details form: every problem reported against its field, nothing half-accepted. */
export function readPersonForm(body: Body, now: Date): { details: PersonDetails; errors: FormErrors } {
	const errors = noErrors();
	const today = londonToday(now);
	const givenName = text(body, "givenName", 100, errors);
	const familyName = text(body, "familyName", 100, errors);
	if (!givenName) fieldError("givenName", "Enter a given name (first name), or 'Unknown' if it is not known", errors);
	if (!familyName) fieldError("familyName", "Enter a family name (surname), or 'Unknown' if it is not known", errors);
	const sex = String(body.sex ?? "");
	if (!isCode(SEX, sex)) fieldError("sex", "Select the person's sex, or 'Unknown'", errors);
	const gender = text(body, "gender", 200, errors);
	if (gender && !isCode(GENDER, gender)) fieldError("gender", "Select a gender from the list", errors);

	const dob = parseDateInput(body, "dateOfBirth", "Date of birth");
	if (!dob.ok) fieldError("dateOfBirth", dob.message, errors);
	const dobProblem = dob.ok && dob.value ? dateOfBirthProblem(dob.value, today) : null;
	if (dobProblem) fieldError("dateOfBirth", dobProblem, errors);
	const expected = parseDateInput(body, "expectedBirthDate", "Expected date of birth");
	if (!expected.ok) fieldError("expectedBirthDate", expected.message, errors);
	const expectedProblem = expected.ok && expected.value ? expectedBirthDateProblem(expected.value, today) : null;
	if (expectedProblem) fieldError("expectedBirthDate", expectedProblem, errors);
	if (dob.ok && dob.value && expected.ok && expected.value) {
		fieldError("expectedBirthDate", "Give a date of birth or an expected date of birth, not both", errors);
	}
	const death = parseDateInput(body, "deathDate", "Date of death");
	if (!death.ok) fieldError("deathDate", death.message, errors);
	if (death.ok && death.value && death.value > today)
		fieldError("deathDate", "Date of death must be today or in the past", errors);
	if (death.ok && death.value && dob.ok && dob.value && death.value < dob.value) {
		fieldError("deathDate", "Date of death must be on or after the date of birth", errors);
	}

	const ethnicity = String(body.ethnicity ?? "NOBT");
	if (!isCode(ETHNICITY, ethnicity)) fieldError("ethnicity", "Select an ethnicity from the list", errors);
	const rawNhs = text(body, "nhsNumber", 20, errors);
	const nhsProblem = rawNhs ? nhsNumberProblem(rawNhs) : null;
	if (nhsProblem) fieldError("nhsNumber", nhsProblem, errors);
	const upn = text(body, "upn", 20, errors)?.toUpperCase() ?? null;
	const upnIssue = upn ? upnProblem(upn) : null;
	if (upnIssue) fieldError("upn", upnIssue, errors);
	const formerUpn = text(body, "formerUpn", 20, errors)?.toUpperCase() ?? null;
	const formerIssue = formerUpn ? upnProblem(formerUpn) : null;
	if (formerIssue) fieldError("formerUpn", `Former UPN: ${formerIssue}`, errors);
	const upnUnknown = text(body, "upnUnknown", 200, errors);
	if (upnUnknown && !isCode(UPN_UNKNOWN, upnUnknown)) fieldError("upnUnknown", "Select a reason from the list", errors);
	if (upn && upnUnknown) fieldError("upnUnknown", "Give a UPN or a reason it is not known, not both", errors);

	const disabilities = asList(body.disabilities);
	if (disabilities.some((d) => !isCode(DISABILITY, d)))
		fieldError("disabilities", "Select disabilities from the list", errors);
	if (disabilities.includes("NONE") && disabilities.length > 1) {
		fieldError("disabilities", "'No disability' cannot be selected with a disability", errors);
	}
	return {
		errors,
		details: {
			givenName: givenName ?? "",
			middleNames: text(body, "middleNames", 200, errors),
			familyName: familyName ?? "",
			sex: isCode(SEX, sex) ? sex : "U",
			gender: gender && isCode(GENDER, gender) ? gender : null,
			genderDescription: gender === "09" ? text(body, "genderDescription", 100, errors) : null,
			dateOfBirth: dob.ok ? dob.value : null,
			expectedBirthDate: expected.ok ? expected.value : null,
			deathDate: death.ok ? death.value : null,
			ethnicity: isCode(ETHNICITY, ethnicity) ? ethnicity : "NOBT",
			nhsNumber: rawNhs && !nhsProblem ? normaliseNhsNumber(rawNhs) : null,
			upn,
			formerUpn,
			upnUnknown: upnUnknown && isCode(UPN_UNKNOWN, upnUnknown) ? upnUnknown : null,
			firstLanguage: text(body, "firstLanguage", 100, errors),
			immigrationStatus: text(body, "immigrationStatus", 100, errors),
			nationality: text(body, "nationality", 100, errors),
			councilHasParentalResponsibility: body.councilHasParentalResponsibility !== undefined,
			disabilities: disabilities.filter((d) => isCode(DISABILITY, d)),
		},
	};
}

/** An address: a UK postcode, or no fixed abode, or abroad. */
export function readAddressForm(body: Body, required: boolean): { address: AddressInput | null; errors: FormErrors } {
	const errors = noErrors();
	const situation = String(body.addressSituation ?? "postcode");
	const rawPostcode = text(body, "postcode", 20, errors);
	const lines = {
		HOUSE: text(body, "house", 100, errors) ?? undefined,
		STREET: text(body, "street", 100, errors) ?? undefined,
		TOWN: text(body, "town", 100, errors) ?? undefined,
	};
	const start = parseDateInput(body, "addressStart", "Date they moved in");
	if (!start.ok) fieldError("addressStart", start.message, errors);
	if (situation === "no-fixed-abode" || situation === "abroad") {
		return {
			errors,
			address: {
				lines,
				postcode: null,
				noFixedAbode: situation === "no-fixed-abode",
				abroad: situation === "abroad",
				startDate: start.ok ? start.value : null,
			},
		};
	}
	if (!rawPostcode && !lines.HOUSE && !lines.STREET && !lines.TOWN) {
		if (required) fieldError("postcode", "Enter a postcode, or choose no fixed abode or abroad", errors);
		return { errors, address: null };
	}
	const postcode = rawPostcode ? normalisePostcode(rawPostcode) : null;
	if (rawPostcode && !postcode) fieldError("postcode", "Enter a real UK postcode, like ME14 1XQ", errors);
	return {
		errors,
		address: { lines, postcode, noFixedAbode: false, abroad: false, startDate: start.ok ? start.value : null },
	};
}

export function readNameForm(body: Body) {
	const errors = noErrors();
	const kind = String(body.nameKind ?? "");
	const given = text(body, "otherGivenName", 100, errors);
	const family = text(body, "otherFamilyName", 100, errors);
	if (!isCode(NAME_KIND, kind) || kind === "current")
		fieldError("nameKind", "Select what kind of name this is", errors);
	if (!given) fieldError("otherGivenName", "Enter the given name", errors);
	if (!family) fieldError("otherFamilyName", "Enter the family name", errors);
	return { errors, kind: kind as "previous" | "alias" | "birth", given: given ?? "", family: family ?? "" };
}

export function readRelationshipForm(body: Body): { input: RelationshipInput; errors: FormErrors } {
	const errors = noErrors();
	const kind = String(body.kind ?? "");
	if (!isCode(RELATIONSHIP, kind)) fieldError("kind", "Select the relationship", errors);
	const otherPersonId = String(body.otherPersonId ?? "").trim();
	if (!otherPersonId) fieldError("otherPersonId", "Choose the related person from the search results", errors);
	const direction = body.direction === "other-is" ? "other-is" : "person-is";
	const start = parseDateInput(body, "relationshipStart", "Start date");
	if (!start.ok) fieldError("relationshipStart", start.message, errors);
	return {
		errors,
		input: {
			kind: (isCode(RELATIONSHIP, kind) ? kind : "other-relative") as RelationshipInput["kind"],
			otherPersonId,
			direction,
			parentalResponsibility: body.parentalResponsibility !== undefined,
			startDate: start.ok ? start.value : null,
		},
	};
}

export function readProfessionalForm(body: Body) {
	const errors = noErrors();
	const name = text(body, "professionalName", 200, errors);
	const role = text(body, "professionalRole", 200, errors);
	const email = text(body, "professionalEmail", 254, errors);
	if (!name) fieldError("professionalName", "Enter the professional's name", errors);
	if (!role) fieldError("professionalRole", "Enter their role, for example Health visitor", errors);
	if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
		fieldError("professionalEmail", "Enter an email address in the correct format, like name@example.nhs.uk", errors);
	return {
		errors,
		input: {
			name: name ?? "",
			role: role ?? "",
			agency: text(body, "professionalAgency", 200, errors),
			phone: text(body, "professionalPhone", 50, errors),
			email,
		},
	};
}
