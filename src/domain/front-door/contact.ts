import {
	DA_RISK_LEVEL,
	DA_RISK_TOOL,
	type DaRiskLevel,
	type DaRiskTool,
	FAMILY_AWARE,
	type FamilyAware,
	REFERRAL_SOURCE,
	type ReferralSource,
} from "./codes.ts";
import { RAG, type Rag } from "./triage.ts";

// What makes a contact recordable, the same for the contact officers' form and the
// partner agencies' API: the form shows these as field errors, the API as codes.

export interface DescribedChild {
	givenName: string | null;
	familyName: string | null;
	dateOfBirth: string | null;
	nhsNumber: string | null;
	postcode: string | null;
}

export type ContactChildInput = { personId: string; rag: Rag | null } | { described: DescribedChild; rag: Rag | null };

export interface DomesticAbuseDetails {
	incidentAt: Date;
	sentAt: Date | null;
	riskTool: DaRiskTool | null;
	riskLevel: DaRiskLevel | null;
}

export interface ContactInput {
	kind: "contact" | "da-notification";
	receivedAt: Date;
	source: ReferralSource;
	referrer: { name: string | null; agency: string | null; phone: string | null; email: string | null };
	concern: string;
	request: string | null;
	familyAware: FamilyAware;
	domesticAbuse: DomesticAbuseDetails | null;
	children: ContactChildInput[];
}

export const MAX_CHILDREN = 12;
const MAX_PAST_DAYS = 365;

export const isSource = (v: unknown): v is ReferralSource => typeof v === "string" && Object.hasOwn(REFERRAL_SOURCE, v);
export const isFamilyAware = (v: unknown): v is FamilyAware => typeof v === "string" && Object.hasOwn(FAMILY_AWARE, v);
export const isRag = (v: unknown): v is Rag => typeof v === "string" && Object.hasOwn(RAG, v);
export const isRiskTool = (v: unknown): v is DaRiskTool => typeof v === "string" && Object.hasOwn(DA_RISK_TOOL, v);
export const isRiskLevel = (v: unknown): v is DaRiskLevel => typeof v === "string" && Object.hasOwn(DA_RISK_LEVEL, v);

/**
 * Problems with a contact, keyed by field; empty when it can be recorded. A form passes
 * only the fields that parsed, so each rule judges only what it has.
 */
export function contactProblems(input: Partial<ContactInput>, now: Date): Record<string, string> {
	const problems: Record<string, string> = {};
	const { receivedAt, children, referrer, source } = input;
	if (receivedAt && receivedAt.getTime() > now.getTime() + 60_000)
		problems.receivedAt = "The time received must not be in the future";
	if (receivedAt && now.getTime() - receivedAt.getTime() > MAX_PAST_DAYS * 86_400_000) {
		problems.receivedAt = "The time received must be within the last year";
	}
	if (input.concern !== undefined && !input.concern.trim())
		problems.concern = "Enter the concern in the referrer's words";
	if (children) {
		if (children.length === 0) problems.children = "Add at least one child";
		if (children.length > MAX_CHILDREN) problems.children = `A contact can name at most ${MAX_CHILDREN} children`;
		const ids = children.flatMap((c) => ("personId" in c ? [c.personId] : []));
		if (new Set(ids).size !== ids.length) problems.children = "A child is on this contact twice";
	}
	if (source && referrer && source !== "9" && source !== "10" && !referrer.name?.trim() && !referrer.agency?.trim()) {
		problems.referrerName = "Enter the referrer's name or agency, or choose Anonymous as the source";
	}
	if (referrer?.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(referrer.email)) {
		problems.referrerEmail = "Enter an email address in the correct format, like name@example.com";
	}
	if (input.kind === "da-notification") {
		const da = input.domesticAbuse;
		if (source && source !== "6") problems.source = "A domestic-abuse notification comes from the police";
		if (da === null) problems.incidentAt = "Enter when the incident happened";
		if (da) {
			if (receivedAt && da.incidentAt > receivedAt)
				problems.incidentAt = "The incident must be before the notification was received";
			if (receivedAt && da.sentAt && da.sentAt > receivedAt)
				problems.sentAt = "The notification must be sent before it was received";
			if (da.sentAt && da.sentAt < da.incidentAt) problems.sentAt = "The notification must be sent after the incident";
			if ((da.riskTool === null) !== (da.riskLevel === null)) {
				problems.riskLevel = "Give both the risk assessment tool and its level, or neither";
			}
		}
	}
	return problems;
}
