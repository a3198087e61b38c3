import { z } from "zod";
import {
	DISABILITY,
	ETHNICITY,
	GENDER,
	NAME_KIND,
	RELATIONSHIP,
	type RelationshipKind,
	SEX,
	UPN_UNKNOWN,
} from "../../domain/people/codes.ts";
import { dateOfBirthProblem, expectedBirthDateProblem } from "../../domain/people/dates.ts";
import {
	nhsNumberProblem,
	normaliseNhsNumber,
	normalisePostcode,
	normaliseUpn,
	upnProblem,
} from "../../domain/people/identifiers.ts";
import { englandDay } from "../../platform/format.ts";
import {
	type FormErrors,
	type FormValues,
	field,
	fieldError,
	form,
	type Problems,
	parseForm,
} from "../../platform/forms.ts";
import { isUuid } from "../../platform/requests.ts";
import type { AddressInput, PersonDetails, RelationshipInput } from "./service.ts";

type Body = Record<string, unknown>;
type Read<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A posted field as one trimmed string: a field sent twice is read as its first value. */
const oneText = (v: unknown) => String((Array.isArray(v) ? v[0] : v) ?? "").trim();

/** Optional free text that must also pass one of the domain's checks; the check's message is the field's. */
const checkedText = (label: string, max: number, problem: (value: string) => string | null) =>
	field.optionalText(label, max).superRefine((value, ctx) => {
		const message = value === null ? null : problem(value);
		if (message) ctx.addIssue({ code: "custom", message });
	});

/** A UPN as typed, checked, and stored in its canonical form (capitals, no spaces). */
const upnField = (label: string, prefix: string) =>
	checkedText(label, 20, (v) => {
		const problem = upnProblem(v);
		return problem ? `${prefix}${problem}` : null;
	}).transform((v) => (v === null ? null : normaliseUpn(v)));

/** Only the contact journey and the match page may ask to be returned to; anything else is ignored. */
export function safeReturn(value: unknown): string | null {
	if (typeof value !== "string") return null;
	const contact = /^\/contacts\/new(\?[\w=&%.-]*)?$/.test(value);
	const match = /^\/front-door\/children\/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\/match$/.test(value);
	return contact || match ? value : null;
}

// Hidden fields the pages write themselves: read as they were before, never a message to the user.
const hidden = {
	/** Where to go back to once the person is created, when it is a place that may ask. */
	returnTo: () => z.preprocess((v) => safeReturn(oneText(v)), z.string().nullable()),
	/** The duplicate check's fingerprint, to compare with the details as posted. */
	text: () => z.preprocess(oneText, z.string()),
	/** A person's id, or null when it is not one. */
	personId: () => z.preprocess((v) => (isUuid(oneText(v)) ? oneText(v) : null), z.string().nullable()),
};

// ---------------------------------------------------------------------------------------
// A person's core details: "add a person" and "change personal details", in page order.

const PERSON_FIELDS = {
	givenName: field.text("Given name", 100, "Enter a given name (first name), or 'Unknown' if it is not known"),
	middleNames: field.optionalText("Middle names", 200),
	familyName: field.text("Family name", 100, "Enter a family name (surname), or 'Unknown' if it is not known"),
	dateOfBirth: field.date("Date of birth"),
	expectedBirthDate: field.date("Expected date of birth"),
	sex: field.choice(SEX, "Select the person's sex, or 'Unknown'"),
	nhsNumber: checkedText("NHS number", 20, nhsNumberProblem).transform((v) =>
		v === null ? null : normaliseNhsNumber(v),
	),
	// Not on the API's forms: a post without it is "not yet obtained".
	ethnicity: z.preprocess((v) => v ?? "NOBT", field.choice(ETHNICITY, "Select an ethnicity from the list")),
	gender: field.optionalChoice(GENDER, "Select a gender from the list"),
	genderDescription: field.optionalText("How they describe their gender", 100),
	upn: upnField("UPN", ""),
	formerUpn: upnField("Former UPN", "Former UPN: "),
	upnUnknown: field.optionalChoice(UPN_UNKNOWN, "Select a reason from the list"),
	disabilities: field.checkboxes(DISABILITY, "Select disabilities from the list"),
	firstLanguage: field.optionalText("First language", 100),
	nationality: field.optionalText("Nationality", 100),
	immigrationStatus: field.optionalText("Immigration status", 100),
	deathDate: field.date("Date of death"),
	councilHasParentalResponsibility: field.ticked(),
};
type PersonValues = FormValues<ReturnType<typeof form<typeof PERSON_FIELDS>>>;

/** The rules across a person's details, with today's date in England. */
function personProblems(v: Partial<PersonValues>, today: string): Problems {
	const p: Problems = {};
	const { dateOfBirth: dob, expectedBirthDate: expected, deathDate: death } = v;
	const dobProblem = dob ? dateOfBirthProblem(dob, today) : null;
	if (dobProblem) p["dateOfBirth-day"] = dobProblem;
	const expectedProblem = expected ? expectedBirthDateProblem(expected, today) : null;
	if (expectedProblem) p["expectedBirthDate-day"] = expectedProblem;
	else if (dob && expected) {
		p["expectedBirthDate-day"] = "Give a date of birth or an expected date of birth, not both";
	}
	if (death && death > today) p["deathDate-day"] = "Date of death must be today or in the past";
	else if (death && dob && death < dob) p["deathDate-day"] = "Date of death must be on or after the date of birth";
	if (v.upn && v.upnUnknown) p.upnUnknown = "Give a UPN or a reason it is not known, not both";
	if (v.disabilities?.includes("NONE") && v.disabilities.length > 1) {
		p.disabilities = "'No disability' cannot be selected with a disability";
	}
	return p;
}

function toDetails(v: PersonValues): PersonDetails {
	return {
		givenName: v.givenName,
		middleNames: v.middleNames,
		familyName: v.familyName,
		sex: v.sex,
		gender: v.gender,
		genderDescription: v.gender === "09" ? v.genderDescription : null,
		dateOfBirth: v.dateOfBirth,
		expectedBirthDate: v.expectedBirthDate,
		deathDate: v.deathDate,
		ethnicity: v.ethnicity,
		nhsNumber: v.nhsNumber,
		upn: v.upn,
		formerUpn: v.formerUpn,
		upnUnknown: v.upnUnknown,
		firstLanguage: v.firstLanguage,
		immigrationStatus: v.immigrationStatus,
		nationality: v.nationality,
		councilHasParentalResponsibility: v.councilHasParentalResponsibility,
		disabilities: v.disabilities,
	};
}

// ---------------------------------------------------------------------------------------
// An address: a UK postcode, or no fixed abode, or abroad.

const SITUATION = {
	postcode: "At an address in the UK",
	"no-fixed-abode": "No fixed abode",
	abroad: "Abroad",
} as const;

const ADDRESS_FIELDS = {
	addressSituation: field.optionalChoice(SITUATION, "Select where they live"),
	house: field.optionalText("House name or number", 100),
	street: field.optionalText("Street", 100),
	town: field.optionalText("Town or city", 100),
	postcode: field.optionalText("Postcode", 20),
};
type AddressValues = FormValues<ReturnType<typeof form<typeof ADDRESS_FIELDS>>> & { addressStart?: string | null };

const NO_ADDRESS = "Enter a postcode, or choose no fixed abode or abroad";
const inTheUk = (v: Partial<AddressValues>) =>
	v.addressSituation !== "no-fixed-abode" && v.addressSituation !== "abroad";

/** A UK address needs a real postcode, or (when one must be given) some part of it. */
function addressProblems(v: Partial<AddressValues>, required: boolean): Problems {
	if (!inTheUk(v)) return {};
	if (v.postcode && !normalisePostcode(v.postcode)) return { postcode: "Enter a real UK postcode, like ME14 1XQ" };
	const nothing = [v.postcode, v.house, v.street, v.town].every((part) => part === null);
	if (required && nothing) return { postcode: NO_ADDRESS };
	return {};
}

function toAddress(v: AddressValues): AddressInput | null {
	const lines = { HOUSE: v.house ?? undefined, STREET: v.street ?? undefined, TOWN: v.town ?? undefined };
	const startDate = v.addressStart ?? null;
	if (!inTheUk(v)) {
		return {
			lines,
			postcode: null,
			noFixedAbode: v.addressSituation === "no-fixed-abode",
			abroad: v.addressSituation === "abroad",
			startDate,
		};
	}
	if (!v.postcode && !lines.HOUSE && !lines.STREET && !lines.TOWN) return null;
	const postcode = v.postcode ? normalisePostcode(v.postcode) : null;
	return { lines, postcode, noFixedAbode: false, abroad: false, startDate };
}

// ---------------------------------------------------------------------------------------
// The forms, and what each gives its route.

/** "Add a person": the duplicate check's answer, the person's details, then where they live. */
function newPersonForm(today: string) {
	return form(
		{
			returnTo: hidden.returnTo(),
			checkedFingerprint: hidden.text(),
			confirmNew: field.ticked(),
			...PERSON_FIELDS,
			...ADDRESS_FIELDS,
		},
		(v) => ({ ...personProblems(v, today), ...addressProblems(v, false) }),
	);
}

export function readNewPersonForm(
	body: Body,
	now: Date,
): Read<{
	details: PersonDetails;
	address: AddressInput | null;
	confirmNew: boolean;
	checkedFingerprint: string;
	returnTo: string | null;
}> {
	const parsed = parseForm(newPersonForm(englandDay(now)), body);
	if (!parsed.ok) return parsed;
	const v = parsed.value;
	return {
		ok: true,
		value: {
			details: toDetails(v),
			address: toAddress(v),
			confirmNew: v.confirmNew,
			checkedFingerprint: v.checkedFingerprint,
			returnTo: v.returnTo,
		},
	};
}

/** "Change personal details", with the version the page was loaded at. */
export function readEditPersonForm(body: Body, now: Date): Read<{ details: PersonDetails; version: number }> {
	const today = englandDay(now);
	const parsed = parseForm(
		form({ version: field.version(), ...PERSON_FIELDS }, (v) => personProblems(v, today)),
		body,
	);
	if (!parsed.ok) return parsed;
	return { ok: true, value: { details: toDetails(parsed.value), version: parsed.value.version } };
}

const ADDRESS_FORM = form({ ...ADDRESS_FIELDS, addressStart: field.date("Date they moved in") }, (v) =>
	addressProblems(v, true),
);

/** A new address on the record: one must be given. */
export function readAddressForm(body: Body): Read<AddressInput> {
	const parsed = parseForm(ADDRESS_FORM, body);
	if (!parsed.ok) return parsed;
	const address = toAddress(parsed.value);
	// The rules ask for an address when none is given, so there is one here.
	return address ? { ok: true, value: address } : { ok: false, errors: fieldError("postcode", NO_ADDRESS) };
}

const OTHER_NAME_KIND = { previous: NAME_KIND.previous, alias: NAME_KIND.alias, birth: NAME_KIND.birth } as const;

export const NAME_FORM = form({
	nameKind: field.choice(OTHER_NAME_KIND, "Select what kind of name this is"),
	otherGivenName: field.text("Given name", 100, "Enter the given name"),
	otherFamilyName: field.text("Family name", 100, "Enter the family name"),
});

const RELATIONSHIP_FORM = form({
	otherPersonId: field.id("Choose the related person from the search results"),
	kind: field.choice(Object.keys(RELATIONSHIP) as RelationshipKind[], "Select the relationship"),
	// Written by the page: the person chosen is the <kind> of this person.
	direction: z.preprocess(
		(v) => (oneText(v) === "other-is" ? "other-is" : "person-is"),
		z.enum(["person-is", "other-is"]),
	),
	parentalResponsibility: field.ticked(),
});

export function readRelationshipForm(body: Body): Read<RelationshipInput> {
	const parsed = parseForm(RELATIONSHIP_FORM, body);
	if (!parsed.ok) return parsed;
	return { ok: true, value: { ...parsed.value, startDate: null } };
}

export const PROFESSIONAL_FORM = form({
	professionalName: field.text("Name", 200, "Enter the professional's name"),
	professionalRole: field.text("Role", 200, "Enter their role, for example Health visitor"),
	professionalAgency: field.optionalText("Agency", 200),
	professionalPhone: field.optionalText("Phone number", 50),
	professionalEmail: checkedText("Email address", 254, (v) =>
		EMAIL.test(v) ? null : "Enter an email address in the correct format, like name@example.nhs.uk",
	),
});

/** "Compare records": the duplicate's record number, as typed, in capitals. */
export const MERGE_FIND_FORM = form({
	duplicate: field.optionalText("The record number", 20).transform((v) => v?.toUpperCase() ?? null),
});

export const MERGE_FORM = form({
	// Written by the page; an id that is not a person's is refused by the merge as not found.
	duplicateId: hidden.text(),
	reason: field.text("The reason", 4000, "Say why these records are the same person"),
});

export const UNDO_MERGE_FORM = form({
	returnTo: hidden.personId(),
	undoReason: field.text("The reason", 4000, "Say why the merge is being undone"),
});

/** Restricting a record: why, and who else may open it (email addresses, one a line). */
export const RESTRICTION_FORM = form({
	reason: field.sentence(
		"The reason",
		4000,
		"Say why this record is restricted",
		"Say why this record is restricted, in a sentence",
		3,
	),
	users: field.optionalText("The email addresses", 4000),
});
