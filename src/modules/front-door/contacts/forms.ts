import {
	type ContactInput,
	isFamilyAware,
	isRag,
	isRiskLevel,
	isRiskTool,
	isSource,
} from "../../../domain/front-door/contact.ts";
import { type FormErrors, fieldError, noErrors, parseDateTimeInput } from "../../../platform/forms.ts";

type Body = Record<string, unknown>;

const text = (body: Body, name: string): string | null => {
	const v = String(body[name] ?? "").trim();
	return v === "" ? null : v;
};

// Where each problem from the domain's checks points on this form.
const FIELD_FOR: Record<string, string> = {
	receivedAt: "received-day",
	incidentAt: "incident-day",
	sentAt: "sent-day",
};

/** Reads the contact form; the children come from the chosen people, each with an initial RAG. */
export function readContactForm(
	body: Body,
	kind: ContactInput["kind"],
	childIds: string[],
): { input: ContactInput | null; errors: FormErrors } {
	const errors = noErrors();
	const received = parseDateTimeInput(body, "received", "The time received");
	if (!received.ok) fieldError("received-day", received.message, errors);
	else if (!received.value) fieldError("received-day", "Enter the date and time the contact was received", errors);
	const source = body.source;
	if (!isSource(source)) fieldError("source", "Select who the contact is from", errors);
	const familyAware = body.familyAware ?? "not-known";
	if (!isFamilyAware(familyAware)) fieldError("familyAware", "Select whether the family knows", errors);
	let domesticAbuse: ContactInput["domesticAbuse"] = null;
	if (kind === "da-notification") {
		const incident = parseDateTimeInput(body, "incident", "The time of the incident");
		const sent = parseDateTimeInput(body, "sent", "The time the police sent it");
		if (!incident.ok) fieldError("incident-day", incident.message, errors);
		else if (!incident.value) fieldError("incident-day", "Enter the date and time of the incident", errors);
		if (!sent.ok) fieldError("sent-day", sent.message, errors);
		const tool = text(body, "riskTool");
		const level = text(body, "riskLevel");
		if (tool !== null && !isRiskTool(tool)) fieldError("riskTool", "Select the risk assessment tool", errors);
		if (level !== null && !isRiskLevel(level)) fieldError("riskLevel", "Select the risk level", errors);
		if (incident.ok && incident.value && sent.ok) {
			domesticAbuse = {
				incidentAt: incident.value,
				sentAt: sent.value,
				riskTool: isRiskTool(tool) ? tool : null,
				riskLevel: isRiskLevel(level) ? level : null,
			};
		}
	}
	const children = childIds.map((personId) => {
		const rag = body[`rag-${personId}`];
		return { personId, rag: isRag(rag) ? rag : null };
	});
	if (errors.summary.length || !received.ok || !received.value || !isSource(source) || !isFamilyAware(familyAware)) {
		return { input: null, errors };
	}
	return {
		input: {
			kind,
			receivedAt: received.value,
			source,
			referrer: {
				name: text(body, "referrerName"),
				agency: text(body, "referrerAgency"),
				phone: text(body, "referrerPhone"),
				email: text(body, "referrerEmail"),
			},
			concern: text(body, "concern") ?? "",
			request: text(body, "request"),
			familyAware,
			domesticAbuse,
			children,
		},
		errors,
	};
}

/** The domain's problems as form errors, pointing at the right fields. */
export function problemsToErrors(problems: Record<string, string>, errors = noErrors()): FormErrors {
	for (const [field, message] of Object.entries(problems)) fieldError(FIELD_FOR[field] ?? field, message, errors);
	return errors;
}
