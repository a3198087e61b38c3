import { TZDate } from "@date-fns/tz";
import { FormatRegistry, type Static, type TSchema, Type } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { type ValueError, ValueErrorType } from "@sinclair/typebox/errors";
import { differenceInMinutes, format, getDaysInMonth, isValid, parseISO, subYears } from "date-fns";
import type { WorkingCalendar } from "../../../domain/calendar/working-calendar.ts";
import { dueAt, type Timescale } from "../../../domain/clocks/timescales.ts";
import { namedSources } from "../../../domain/front-door/agency-sources.ts";
import {
	DA_RISK_LEVEL,
	DA_RISK_TOOL,
	FAMILY_AWARE,
	REFERRAL_SOURCE,
	type ReferralSource,
} from "../../../domain/front-door/codes.ts";
import { type ContactInput, contactProblems, MAX_CHILDREN } from "../../../domain/front-door/contact.ts";
import { ageOn, dateOfBirthProblem, expectedBirthDateProblem } from "../../../domain/people/dates.ts";
import { nhsNumberProblem, normaliseNhsNumber, normalisePostcode } from "../../../domain/people/identifiers.ts";
import type { ApiPrincipal } from "../../../platform/access-control.ts";
import { englandDay } from "../../../platform/format.ts";

// The partner API's contact body. It is the JSON Schema the OpenAPI document publishes,
// and the validator compiled from it, so the two cannot drift apart.

// TypeBox checks formats only once they are registered. Shapes here (a time of day and an
// offset that exist); whether the day exists is checked below with date-fns, where a
// message can say what is wrong ("February 2025 has 28 days").
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;
if (!FormatRegistry.Has("date")) FormatRegistry.Set("date", (v) => DATE.test(v));
if (!FormatRegistry.Has("date-time")) FormatRegistry.Set("date-time", (v) => DATE_TIME.test(v));

const text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, description });
const optionalText = (maxLength: number, description: string) =>
	Type.Optional(Type.Union([Type.String({ maxLength, description }), Type.Null()]));
const dateTime = (description: string) =>
	Type.String({ format: "date-time", description: `${description}, with its UTC offset (2026-11-22T23:40:00Z)` });
/** Census codes in the census's order (1A, 1B ... 9, 10), which Object.keys loses for "4", "6" and the like. */
const censusOrder = <K extends string>(keys: K[]) =>
	keys.every((k) => /^\d+[A-Z]?$/.test(k)) ? keys.sort((a, b) => a.localeCompare(b, "en", { numeric: true })) : keys;
const codes = <T extends Record<string, string>>(values: T, description: string) =>
	Type.Union(
		censusOrder(Object.keys(values) as (keyof T & string)[]).map((k) => Type.Literal(k)),
		{ description },
	);

const ChildSchema = Type.Object(
	{
		givenName: optionalText(100, "Given name as the agency knows it"),
		familyName: optionalText(100, "Family name as the agency knows it"),
		dateOfBirth: Type.Optional(
			Type.Union([
				Type.String({
					format: "date",
					description:
						"Date of birth (YYYY-MM-DD), under 18 on the day received; or, if unborn, the expected date (within the next 10 months)",
				}),
				Type.Null(),
			]),
		),
		nhsNumber: optionalText(12, "NHS number, ten digits (spaces allowed)"),
		postcode: optionalText(10, "Postcode of the child's home"),
	},
	{ additionalProperties: false },
);

export const ContactBodySchema = Type.Object(
	{
		kind: Type.Optional(
			Type.Union([Type.Literal("contact"), Type.Literal("da-notification")], {
				description:
					"A police domestic-abuse notification is 'da-notification' and needs domesticAbuse; 'contact' (the default) has none",
			}),
		),
		source: Type.Optional(
			codes(
				REFERRAL_SOURCE,
				"CIN census referral source code. It must be one the key's agency sends as (GET /api/v1/whoami lists them); " +
					"leave it out when the key has only one, and that one is used",
			),
		),
		referrer: Type.Object(
			{
				name: optionalText(200, "The person making the contact"),
				agency: optionalText(200, "Their agency"),
				phone: optionalText(40, "A phone number to reach them"),
				email: optionalText(200, "An email address to reach them"),
			},
			{ additionalProperties: false },
		),
		concern: text(20_000, "The concern, in the referrer's words"),
		request: optionalText(5_000, "What the referrer asks for"),
		familyAware: codes(FAMILY_AWARE, "Whether the family knows about the contact"),
		domesticAbuse: Type.Optional(
			Type.Union([
				Type.Object(
					{
						incidentAt: dateTime(
							"When the incident happened: not in the future, not before a child on the contact was born, " +
								"and within the last year",
						),
						sentAt: Type.Optional(
							Type.Union([
								dateTime("When the notification was sent: after the incident, not in the future"),
								Type.Null(),
							]),
						),
						riskTool: Type.Optional(Type.Union([codes(DA_RISK_TOOL, "Risk assessment tool"), Type.Null()])),
						riskLevel: Type.Optional(Type.Union([codes(DA_RISK_LEVEL, "Assessed risk level"), Type.Null()])),
					},
					{ additionalProperties: false },
				),
				Type.Null(),
			]),
		),
		children: Type.Array(ChildSchema, {
			minItems: 1,
			maxItems: MAX_CHILDREN,
			description: "The children the contact is about; a person at the council matches each one",
		}),
	},
	{ additionalProperties: false },
);

export type ContactBody = Static<typeof ContactBodySchema>;

export const EXAMPLE_BODY: ContactBody = {
	kind: "da-notification",
	source: "6",
	referrer: { name: "PC Sam Patel", agency: "County Police", phone: "01632 960001", email: null },
	concern: "Officers attended a domestic incident at the home overnight; both children were present and unhurt.",
	request: "For information, and any checks the front door thinks right",
	familyAware: "yes",
	domesticAbuse: {
		incidentAt: "2026-11-22T23:40:00Z",
		sentAt: "2026-11-23T08:05:00Z",
		riskTool: "DASH",
		riskLevel: "medium",
	},
	children: [
		{ givenName: "Ellie", familyName: "Marsh", dateOfBirth: "2016-04-09", nhsNumber: null, postcode: "ME14 1XQ" },
		{ givenName: "Tom", familyName: "Marsh", dateOfBirth: "2019-10-30", nhsNumber: null, postcode: "ME14 1XQ" },
	],
};

const checker = TypeCompiler.Compile(ContactBodySchema);

/** Something wrong with an accepted contact that the agency should know and put right next time. */
export interface Warning {
	code: "late_notification" | "no_risk_assessment" | "domestic_incident_as_contact";
	message: string;
}

// ---- Schema problems, said as a person fixing the request needs them --------------------

const shown = (value: unknown) => {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};
const typeOf = (value: unknown) =>
	value === null ? "null" : Array.isArray(value) ? "a list" : typeof value === "object" ? "an object" : typeof value;

/** What one schema allows, in words: `"6"`, `null`, `a date as YYYY-MM-DD`. */
function allowed(schema: TSchema): string[] {
	if (Array.isArray(schema.anyOf)) return (schema.anyOf as TSchema[]).flatMap(allowed);
	if (schema.const !== undefined) return [JSON.stringify(schema.const)];
	if (schema.type === "null") return ["null"];
	if (schema.type === "object") return [`an object with ${Object.keys(schema.properties ?? {}).join(", ")}`];
	if (schema.type === "array") return ["a list"];
	if (schema.type === "string") {
		if (schema.format === "date") return ["a date as YYYY-MM-DD"];
		if (schema.format === "date-time") return ["a date and time with its UTC offset, like 2026-11-22T23:40:00Z"];
		return [`text of at most ${schema.maxLength ?? "any"} characters`];
	}
	return [String(schema.type ?? "a value")];
}

const allowedText = (schema: TSchema) => {
	const options = allowed(schema);
	return options.length === 1 ? options[0] : `one of ${options.join(", ")}`;
};

function message(error: ValueError): string {
	const { schema, value } = error;
	// A nullable field's union has no description of its own: its first branch says what it is.
	const described = schema.description ?? (schema.anyOf as TSchema[] | undefined)?.[0]?.description;
	const what = typeof described === "string" ? ` (${described.split(/[.;]/)[0]})` : "";
	switch (error.type) {
		case ValueErrorType.ObjectRequiredProperty:
			return `Required${what}: ${allowedText(schema)}`;
		case ValueErrorType.ObjectAdditionalProperties:
			return `Not a field the API takes here; the fields are ${Object.keys(schema.properties ?? {}).join(", ")}`;
		case ValueErrorType.Union:
		case ValueErrorType.Literal:
			return `Expected ${allowedText(schema)}${what}; got ${shown(value)}`;
		case ValueErrorType.String:
		case ValueErrorType.Object:
		case ValueErrorType.Array:
			return `Expected ${allowedText(schema)}; got ${typeOf(value)}`;
		case ValueErrorType.StringMinLength:
			return schema.minLength === 1 ? `Must not be empty${what}` : `At least ${schema.minLength} characters`;
		case ValueErrorType.StringMaxLength:
			return `At most ${schema.maxLength} characters${what}; this has ${String(value).length}`;
		case ValueErrorType.StringFormat:
			return `Expected ${allowedText(schema)}; got ${shown(value)}`;
		case ValueErrorType.ArrayMinItems:
			return `At least ${schema.minItems}${what}; got ${Array.isArray(value) ? value.length : 0}`;
		case ValueErrorType.ArrayMaxItems:
			return `At most ${schema.maxItems}${what}; got ${Array.isArray(value) ? value.length : 0}`;
		default:
			return error.message;
	}
}

/**
 * A union's own error says only "Expected union value". When one branch takes the value's
 * type (`domesticAbuse`: the details object, or null; a name: text, or null), that branch's
 * errors say what is wrong: the field inside, or the text's length.
 */
function* precise(error: ValueError): Generator<ValueError> {
	if (error.type === ValueErrorType.Union && error.value !== null) {
		const kind = Array.isArray(error.value) ? "array" : typeof error.value;
		const branches = (error.schema.anyOf as TSchema[]).flatMap((s, i) =>
			s.type === kind && s.const === undefined ? [i] : [],
		);
		const only = branches.length === 1 ? error.errors[branches[0]] : undefined;
		if (only) {
			for (const inner of only) yield* precise(inner);
			return;
		}
	}
	yield error;
}

/**
 * Schema problems keyed by the JSON pointer of the field, each saying what is allowed and
 * what was sent; at most 20: enough to fix the request, not a flood.
 */
export function schemaProblems(body: unknown): Record<string, string> {
	const problems: Record<string, string> = {};
	for (const error of checker.Errors(body)) {
		for (const inner of precise(error)) {
			const path = inner.path || "/";
			if (!(path in problems)) problems[path] = message(inner);
		}
		if (Object.keys(problems).length >= 20) break;
	}
	return problems;
}

// ---- Dates: real ones, in bounds ---------------------------------------------------------

/**
 * An incident more than a year before the notification arrives is refused: a notification
 * is about an incident the police attended lately (the council expects it within a day),
 * so a year-old one is almost always a mistyped year, and an older incident disclosed now
 * is a new concern, sent as a contact in the referrer's words. A year is also how far back
 * a contact officer may date a contact's receipt.
 */
export const INCIDENT_WITHIN_YEARS = 1;
/** The front door takes contacts about children: under 18 on the day the contact arrives. */
const ADULT_AT = 18;

/** Why a string with the schema's shape is not a real day, from date-fns; null when it is one. */
function unrealDate(iso: string): string | null {
	if (isValid(parseISO(iso))) return null;
	const [year, month, day] = iso.slice(0, 10).split("-").map(Number);
	if (month < 1 || month > 12) return `${shown(iso)} is not a real date: there is no month ${month}`;
	const days = getDaysInMonth(new Date(year, month - 1, 1));
	if (day < 1 || day > days) {
		return `${shown(iso)} is not a real date: ${format(new Date(year, month - 1, 1), "MMMM yyyy")} has ${days} days`;
	}
	return `${shown(iso)} is not a real date`;
}

/** An instant as its day in England: "20 November 2025". */
const whenSaid = (at: Date) => format(new TZDate(at.getTime(), "Europe/London"), "d MMMM yyyy");

/**
 * Turns a body that passed the schema into the contact the front door records, with the
 * problems the schema cannot see (real dates in bounds, the key's sources, check digits,
 * the contact rules shared with the form). `receivedAt` is the council's clock: the contact
 * arrives when the API answers.
 */
export function toContactInput(
	body: ContactBody,
	receivedAt: Date,
	key: Pick<ApiPrincipal, "agency" | "referralSources">,
): { input: ContactInput; problems: Record<string, string> } {
	const problems: Record<string, string> = {};
	const today = englandDay(receivedAt);
	const births: { at: string; date: string }[] = [];
	const children = body.children.map((child, i) => {
		const at = `/children/${i}`;
		if (!child.givenName?.trim() && !child.familyName?.trim() && !child.nhsNumber?.trim()) {
			problems[at] = "Give at least a name or an NHS number, so the child can be matched";
		}
		if (child.dateOfBirth) {
			const unreal = unrealDate(child.dateOfBirth);
			const unborn = !unreal && child.dateOfBirth > today;
			const problem =
				unreal ??
				(unborn
					? expectedBirthDateProblem(child.dateOfBirth, today)
					: (dateOfBirthProblem(child.dateOfBirth, today) ??
						(ageOn(child.dateOfBirth, today) >= ADULT_AT
							? `Born ${child.dateOfBirth}, so ${ageOn(child.dateOfBirth, today)} today: the front door takes contacts about children under ${ADULT_AT}; tell adult social care about an adult`
							: null)));
			if (problem) problems[`${at}/dateOfBirth`] = problem;
			else if (!unborn) births.push({ at: `${at}/dateOfBirth`, date: child.dateOfBirth });
		}
		const nhs = child.nhsNumber?.trim() ? nhsNumberProblem(child.nhsNumber) : null;
		if (nhs) problems[`${at}/nhsNumber`] = nhs;
		const postcode = child.postcode?.trim() ? normalisePostcode(child.postcode) : null;
		if (child.postcode?.trim() && !postcode) problems[`${at}/postcode`] = "Enter a real UK postcode, like ME14 1XQ";
		return {
			described: {
				givenName: child.givenName?.trim() || null,
				familyName: child.familyName?.trim() || null,
				dateOfBirth: child.dateOfBirth ?? null,
				nhsNumber: child.nhsNumber?.trim() && !nhs ? normaliseNhsNumber(child.nhsNumber) : null,
				postcode,
			},
			rag: null,
		};
	});

	const da = body.domesticAbuse;
	const kind = body.kind ?? "contact";
	const incidentUnreal = da ? unrealDate(da.incidentAt) : null;
	const sentUnreal = da?.sentAt ? unrealDate(da.sentAt) : null;
	const incidentAt = da && !incidentUnreal ? parseISO(da.incidentAt) : null;
	const sentAt = da?.sentAt && !sentUnreal ? parseISO(da.sentAt) : null;
	if (incidentUnreal) problems["/domesticAbuse/incidentAt"] = incidentUnreal;
	if (sentUnreal) problems["/domesticAbuse/sentAt"] = sentUnreal;
	if (incidentAt) {
		const earliest = subYears(receivedAt, INCIDENT_WITHIN_YEARS);
		const bornAfter = births.find((b) => englandDay(incidentAt) < b.date);
		if (incidentAt < earliest) {
			problems["/domesticAbuse/incidentAt"] =
				`The incident (${whenSaid(incidentAt)}) is more than a year before the notification arrived: check the year. ` +
				"An older incident told to you now is sent as a contact, in the referrer's words";
		} else if (bornAfter) {
			problems["/domesticAbuse/incidentAt"] =
				`The incident (${englandDay(incidentAt)}) is before ${bornAfter.at.replace("/dateOfBirth", "")} was born ` +
				`(${bornAfter.date}): check both dates`;
		}
	}

	const source = sourceFor(body.source, key, problems);
	const input: ContactInput = {
		kind,
		receivedAt,
		source: source ?? "10",
		referrer: {
			name: body.referrer.name?.trim() || null,
			agency: body.referrer.agency?.trim() || null,
			phone: body.referrer.phone?.trim() || null,
			email: body.referrer.email?.trim() || null,
		},
		concern: body.concern,
		request: body.request?.trim() || null,
		familyAware: body.familyAware,
		domesticAbuse:
			da && incidentAt ? { incidentAt, sentAt, riskTool: da.riskTool ?? null, riskLevel: da.riskLevel ?? null } : null,
		children,
	};
	if (kind === "contact" && da) {
		problems["/kind"] =
			'A domestic-abuse incident is sent as a notification: set "kind": "da-notification" and keep domesticAbuse ' +
			"(incidentAt, sentAt, and riskTool with riskLevel once assessed). A plain contact has no domesticAbuse";
	}
	const shared = contactProblems(input, receivedAt);
	if (shared.source && source && !key.referralSources.includes("6")) {
		// The shared rule says the police send notifications; say what this key can do instead.
		shared.source = `Only the police send domestic-abuse notifications; this key sends as ${namedSources(key.referralSources)}: send it as a contact ("kind": "contact", no domesticAbuse)`;
	}
	if (!source) delete shared.source;
	for (const [field, text] of Object.entries(shared)) {
		const pointer = POINTER[field] ?? `/${field}`;
		if (!(pointer in problems)) problems[pointer] = text;
	}
	return { input, problems };
}

/** The referral source: the key's own, or one of them; never one the agency is not (ADR 25). */
function sourceFor(
	sent: string | undefined,
	key: Pick<ApiPrincipal, "agency" | "referralSources">,
	problems: Record<string, string>,
): ReferralSource | null {
	const mine = key.referralSources;
	if (sent === undefined) {
		if (mine.length === 1) return mine[0] as ReferralSource;
		problems["/source"] = `Required: this key sends as ${namedSources(mine)}; say which`;
		return null;
	}
	if (mine.includes(sent)) return sent as ReferralSource;
	problems["/source"] =
		`This key is ${key.agency}'s, which sends contacts as ${namedSources(mine)}, not ${sent} (${REFERRAL_SOURCE[sent as ReferralSource]}). ` +
		(mine.length === 1 ? "Leave source out, or send that one" : "Send one of those");
	return null;
}

// The shared contact rules name form fields; the API names the body's paths.
const POINTER: Record<string, string> = {
	referrerName: "/referrer/name",
	referrerEmail: "/referrer/email",
	incidentAt: "/domesticAbuse/incidentAt",
	sentAt: "/domesticAbuse/sentAt",
	riskLevel: "/domesticAbuse/riskLevel",
};

// ---- Warnings: accepted, but something is wrong --------------------------------------------

/**
 * What is wrong with a contact the front door accepts: a notification later than the
 * council's `da-notification-late` timescale after the incident, one with no risk
 * assessment, and a police contact that reads like a domestic incident but was not sent as
 * a notification (so its incident time and risk level are missing).
 */
export function contactWarnings(
	input: ContactInput,
	late: Pick<Timescale, "unit" | "amount">,
	calendar: WorkingCalendar,
): Warning[] {
	const warnings: Warning[] = [];
	const da = input.domesticAbuse;
	if (input.kind === "da-notification" && da) {
		if (input.receivedAt > dueAt(late, da.incidentAt, calendar)) {
			const minutes = differenceInMinutes(input.receivedAt, da.incidentAt);
			const took = minutes >= 2 * 24 * 60 ? `${Math.floor(minutes / 1440)} days` : `${Math.floor(minutes / 60)} hours`;
			warnings.push({
				code: "late_notification",
				message: `Received ${took} after the incident; the council expects a domestic-abuse notification within ${late.amount} ${late.unit === "clock-hours" ? "hours" : late.unit} of it. It is recorded, and counted as late`,
			});
		}
		if (da.riskTool === null || da.riskLevel === null) {
			warnings.push({
				code: "no_risk_assessment",
				message:
					"No risk assessment was sent (riskTool DASH or DARA, and riskLevel). The front door triages without it; " +
					"send the level to the front door once it is assessed, quoting the contact's reference",
			});
		}
	}
	if (input.kind === "contact" && input.source === "6" && /\bdomestic\b/i.test(input.concern)) {
		warnings.push({
			code: "domestic_incident_as_contact",
			message:
				'This contact describes a domestic incident but was not sent as a notification. A domestic-abuse incident is sent with "kind": ' +
				'"da-notification" and domesticAbuse.incidentAt (and its risk assessment), so the front door sees when it happened and how risky it is',
		});
	}
	return warnings;
}
