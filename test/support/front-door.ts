import { DEMO_AGENCY } from "../../src/demo/council.ts";
import type { DescribedChild } from "../../src/domain/front-door/contact.ts";
import { nameRow } from "../../src/modules/people/service.ts";
import type { TestApp } from "./app.ts";

/** Inserts a child directly: front-door tests are about contacts, not about creating people. */
export async function addChild(t: TestApp, given: string, family: string, dateOfBirth: string): Promise<string> {
	const row = await t.testDb.db.kysely
		.insertInto("person")
		.values({
			given_name: given,
			family_name: family,
			date_of_birth: dateOfBirth,
			sex: "U",
			ethnicity: "NOBT",
			updated_at: new Date(),
		})
		.returning("id")
		.executeTakeFirstOrThrow();
	await t.testDb.db.kysely
		.insertInto("person_name")
		.values(nameRow(row.id, "current", given, family))
		.execute();
	return row.id;
}

/** A contact form as a contact officer fills it in, received at `at` (England time "HH:MM"). */
export function contactForm(children: string[], overrides: Record<string, string | string[]> = {}) {
	return {
		kind: "contact",
		child: children,
		"received-day": "23",
		"received-month": "11",
		"received-year": "2026",
		"received-time": "09:15",
		source: "2A",
		referrerName: "Pat Teacher",
		referrerAgency: "Oak Primary School",
		referrerEmail: "pat@oak.example",
		concern: "Both children arrived hungry and the younger has a bruise on her arm.",
		request: "Advice and a visit",
		familyAware: "yes",
		...overrides,
	};
}

/** A complete triage form for the first risk factor and one next step. */
export function triageForm(version: number, workerId: string, overrides: Record<string, string> = {}) {
	return {
		version: String(version),
		thresholdLevel: "3",
		rag: "amber",
		recommendation: "assessment",
		rationale: "Unexplained bruise and hunger reported by school.",
		"factor-neglect": "present",
		"factor-physical-abuse-adult": "not-known",
		"factor-domestic-abuse-parent": "ruled-out",
		"factor-domestic-abuse-parent-reason": "No police call-outs; school knows of none.",
		"step-0-action": "Check with the GP and health visitor",
		"step-0-urgency": "same-day",
		"step-0-allocatedTo": workerId,
		...overrides,
	};
}

/**
 * Records a contact from the demo partner agency about children it only describes, as the
 * partner API does: through the contacts service, never creating a person.
 */
export async function recordDescribed(
	t: TestApp,
	described: Partial<DescribedChild>[],
	options: { receivedAt?: Date; personIds?: string[] } = {},
): Promise<{ contactId: string; childIds: string[] }> {
	const key = await t.testDb.db.kysely
		.selectFrom("api_key")
		.select("id")
		.where("agency", "=", DEMO_AGENCY)
		.executeTakeFirst();
	const blank = { givenName: null, familyName: null, dateOfBirth: null, nhsNumber: null, postcode: null };
	const contact = await t.app.services.contacts.record(
		{
			kind: "contact",
			receivedAt: options.receivedAt ?? new Date(t.clock.now.getTime() - 60 * 60_000),
			source: "6",
			referrer: { name: "PC Demo", agency: DEMO_AGENCY, phone: null, email: null },
			concern: "Police attended an incident at the family home; the child was present.",
			request: null,
			familyAware: "yes",
			domesticAbuse: null,
			children: [
				...(options.personIds ?? []).map((personId) => ({ personId, rag: null })),
				...described.map((d) => ({ described: { ...blank, ...d }, rag: null })),
			],
		},
		{ userId: null, apiKeyId: key?.id ?? null, role: null, requestId: "test-api", teamId: null, channel: "api" },
	);
	const children = await t.testDb.db.kysely
		.selectFrom("contact_child")
		.select("id")
		.where("contact_id", "=", contact.id)
		.where("person_id", "is", null)
		.orderBy("id")
		.execute();
	return { contactId: contact.id, childIds: children.map((c) => c.id) };
}
