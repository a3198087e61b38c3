import type { z } from "zod";
import {
	ACKNOWLEDGEMENT_METHOD,
	DA_RISK_LEVEL,
	DA_RISK_TOOL,
	FAMILY_AWARE,
	REFERRAL_SOURCE,
} from "../../../domain/front-door/codes.ts";
import { type ContactInput, contactProblems } from "../../../domain/front-door/contact.ts";
import { RAG, type Rag } from "../../../domain/front-door/triage.ts";
import { type FormErrors, field, fieldError, form, noErrors, parseForm } from "../../../platform/forms.ts";

// Where each problem from the domain's rules points on this form.
const FIELD_FOR: Record<string, string> = {
	receivedAt: "received-day",
	incidentAt: "incident-day",
	sentAt: "sent-day",
};

const CONTACT_FIELDS = {
	received: field.dateTime("The time received", "Enter the date and time the contact was received"),
	source: field.choice(REFERRAL_SOURCE, "Select who the contact is from"),
	referrerName: field.optionalText("The referrer's name", 200),
	referrerAgency: field.optionalText("The agency or relationship", 200),
	referrerPhone: field.optionalText("The phone number", 40),
	referrerEmail: field.optionalText("The email address", 200),
	concern: field.text("The concern", 20_000, "Enter the concern in the referrer's words"),
	request: field.optionalText("What the referrer asks for", 5_000),
	familyAware: field.choice(FAMILY_AWARE, "Select whether the family knows"),
};

// A police notification's own details, shown above the rest of the form.
const DA_FIELDS = {
	incident: field.dateTime("The time of the incident", "Enter the date and time of the incident"),
	sent: field.dateTime("The time the police sent it"),
	riskTool: field.optionalChoice(DA_RISK_TOOL, "Select the risk assessment tool"),
	riskLevel: field.optionalChoice(DA_RISK_LEVEL, "Select the risk level"),
};

const RAG_FIELD = field.optionalChoice(RAG, "Select a RAG rating from the list");

type Parsed = { [K in keyof typeof CONTACT_FIELDS]?: z.output<(typeof CONTACT_FIELDS)[K]> } & {
	[K in keyof typeof DA_FIELDS]?: z.output<(typeof DA_FIELDS)[K]>;
} & Record<string, unknown>;

/**
 * The contact as the domain sees it, from the fields that parsed. While a field is
 * missing its part is left out, so the domain's rules judge only what they can.
 */
function toInput(v: Parsed, kind: ContactInput["kind"], childIds: string[]): Partial<ContactInput> {
	const has = (...names: string[]) => names.every((n) => n in v);
	const input: Partial<ContactInput> = {
		kind,
		receivedAt: v.received ?? undefined,
		source: v.source,
		concern: v.concern,
		request: v.request,
		familyAware: v.familyAware,
		children: childIds.map((personId) => ({ personId, rag: (v[`rag-${personId}`] as Rag | null) ?? null })),
		domesticAbuse: null,
	};
	if (has("referrerName", "referrerAgency", "referrerPhone", "referrerEmail")) {
		input.referrer = {
			name: v.referrerName ?? null,
			agency: v.referrerAgency ?? null,
			phone: v.referrerPhone ?? null,
			email: v.referrerEmail ?? null,
		};
	}
	if (kind === "da-notification") {
		input.domesticAbuse =
			has("sent", "riskTool", "riskLevel") && v.incident
				? {
						incidentAt: v.incident,
						sentAt: v.sent ?? null,
						riskTool: v.riskTool ?? null,
						riskLevel: v.riskLevel ?? null,
					}
				: undefined;
	}
	return input;
}

/** The contact form for these children (each has its own initial RAG), with the domain's rules. */
function contactForm(kind: ContactInput["kind"], childIds: string[], now: Date) {
	const rags = Object.fromEntries(childIds.map((id) => [`rag-${id}`, RAG_FIELD]));
	const fields =
		kind === "da-notification" ? { ...DA_FIELDS, ...CONTACT_FIELDS, ...rags } : { ...CONTACT_FIELDS, ...rags };
	return form(fields, (v) => {
		const problems = contactProblems(toInput(v as Parsed, kind, childIds), now);
		return Object.fromEntries(Object.entries(problems).map(([f, m]) => [FIELD_FOR[f] ?? f, m]));
	});
}

/** Reads the contact form: every problem, the domain's rules included, in one round. */
export function readContactForm(
	body: Record<string, unknown>,
	kind: ContactInput["kind"],
	childIds: string[],
	now: Date,
): { input: ContactInput | null; errors: FormErrors } {
	const parsed = parseForm(contactForm(kind, childIds, now), body);
	if (!parsed.ok) return { input: null, errors: parsed.errors };
	return { input: toInput(parsed.value as Parsed, kind, childIds) as ContactInput, errors: noErrors() };
}

/** The domain's problems as form errors, pointing at the right fields. */
export function problemsToErrors(problems: Record<string, string>, errors = noErrors()): FormErrors {
	for (const [field, message] of Object.entries(problems)) fieldError(FIELD_FOR[field] ?? field, message, errors);
	return errors;
}

/** How the referrer was told their contact arrived. */
export const ACKNOWLEDGEMENT_FORM = form({
	method: field.choice(ACKNOWLEDGEMENT_METHOD, "Select how the referrer was acknowledged"),
});
