import { FormatRegistry, type Static, Type } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { DA_RISK_LEVEL, DA_RISK_TOOL, FAMILY_AWARE, REFERRAL_SOURCE } from "../../../domain/front-door/codes.ts";
import { type ContactInput, contactProblems, MAX_CHILDREN } from "../../../domain/front-door/contact.ts";
import { dateOfBirthProblem, expectedBirthDateProblem, parseIsoDate } from "../../../domain/people/dates.ts";
import { nhsNumberProblem, normaliseNhsNumber, normalisePostcode } from "../../../domain/people/identifiers.ts";

// The partner API's contact body. It is the JSON Schema the OpenAPI document publishes,
// and the validator compiled from it, so the two cannot drift apart.

// TypeBox checks formats only once they are registered. Shapes here; real dates are
// checked below, where a message can say what is wrong.
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
if (!FormatRegistry.Has("date")) FormatRegistry.Set("date", (v) => DATE.test(v));
if (!FormatRegistry.Has("date-time")) FormatRegistry.Set("date-time", (v) => DATE_TIME.test(v));

const text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, description });
const optionalText = (maxLength: number, description: string) =>
	Type.Optional(Type.Union([Type.String({ maxLength, description }), Type.Null()]));
const dateTime = (description: string) => Type.String({ format: "date-time", description });
const codes = <T extends Record<string, string>>(values: T, description: string) =>
	Type.Union(
		(Object.keys(values) as (keyof T & string)[]).map((k) => Type.Literal(k)),
		{ description },
	);

const ChildSchema = Type.Object(
	{
		givenName: optionalText(100, "Given name as the agency knows it"),
		familyName: optionalText(100, "Family name as the agency knows it"),
		dateOfBirth: Type.Optional(
			Type.Union([
				Type.String({ format: "date", description: "Date of birth, or expected date if unborn" }),
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
				description: "A police domestic-abuse notification is 'da-notification' and needs domesticAbuse",
			}),
		),
		source: codes(REFERRAL_SOURCE, "CIN census referral source code"),
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
						incidentAt: dateTime("When the incident happened"),
						sentAt: Type.Optional(Type.Union([dateTime("When the notification was sent"), Type.Null()])),
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

/** Schema problems as JSON-pointer paths, at most a handful: enough to fix the request, not a flood. */
export function schemaProblems(body: unknown): Record<string, string> {
	const problems: Record<string, string> = {};
	for (const error of checker.Errors(body)) {
		const path = error.path || "/";
		if (!(path in problems)) problems[path] = error.message;
		if (Object.keys(problems).length >= 20) break;
	}
	return problems;
}

const instant = (iso: string): Date | null => {
	const at = new Date(iso);
	return Number.isNaN(at.getTime()) ? null : at;
};

/**
 * Turns a body that passed the schema into the contact the front door records, with the
 * problems the schema cannot see (real dates, check digits, the contact rules shared with
 * the form). `receivedAt` is the council's clock: the contact arrives when the API answers.
 */
export function toContactInput(
	body: ContactBody,
	receivedAt: Date,
): { input: ContactInput; problems: Record<string, string> } {
	const problems: Record<string, string> = {};
	const children = body.children.map((child, i) => {
		const at = `/children/${i}`;
		if (!child.givenName?.trim() && !child.familyName?.trim() && !child.nhsNumber?.trim()) {
			problems[at] = "Give at least a name or an NHS number, so the child can be matched";
		}
		if (child.dateOfBirth) {
			const date = parseIsoDate(child.dateOfBirth);
			const future = date !== null && child.dateOfBirth > receivedAt.toISOString().slice(0, 10);
			const problem = future
				? expectedBirthDateProblem(child.dateOfBirth, receivedAt)
				: dateOfBirthProblem(child.dateOfBirth, receivedAt);
			if (problem) problems[`${at}/dateOfBirth`] = problem;
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
	const incidentAt = da ? instant(da.incidentAt) : null;
	const sentAt = da?.sentAt ? instant(da.sentAt) : null;
	if (da && !incidentAt) problems["/domesticAbuse/incidentAt"] = "Give a real date and time";
	if (da?.sentAt && !sentAt) problems["/domesticAbuse/sentAt"] = "Give a real date and time";
	const kind = body.kind ?? "contact";
	const input: ContactInput = {
		kind,
		receivedAt,
		source: body.source,
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
	if (kind === "contact" && da) problems["/domesticAbuse"] = "Only a domestic-abuse notification has these details";
	for (const [field, message] of Object.entries(contactProblems(input, receivedAt))) {
		problems[POINTER[field] ?? `/${field}`] = message;
	}
	return { input, problems };
}

// The shared contact rules name form fields; the API names the body's paths.
const POINTER: Record<string, string> = {
	referrerName: "/referrer/name",
	referrerEmail: "/referrer/email",
	incidentAt: "/domesticAbuse/incidentAt",
	sentAt: "/domesticAbuse/sentAt",
	riskLevel: "/domesticAbuse/riskLevel",
};
