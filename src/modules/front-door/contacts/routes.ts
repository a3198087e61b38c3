import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { timescaleById } from "../../../domain/clocks/timescales.ts";
import {
	ACKNOWLEDGEMENT_METHOD,
	DA_RISK_LEVEL,
	DA_RISK_TOOL,
	FAMILY_AWARE,
	REFERRAL_SOURCE,
} from "../../../domain/front-door/codes.ts";
import { type ContactInput, MAX_CHILDREN } from "../../../domain/front-door/contact.ts";
import { RAG } from "../../../domain/front-door/triage.ts";
import { OUTCOMES, STATES } from "../../../domain/front-door/workflow.ts";
import { ageOn, toCalendarDate } from "../../../domain/people/dates.ts";
import { may } from "../../../platform/access-control.ts";
import { asList, type FormErrors, hasErrors, noErrors, parseForm } from "../../../platform/forms.ts";
import { acting, isUuid } from "../../../platform/requests.ts";
import { notListed, readSearch } from "../../people/index.ts";
import { ACKNOWLEDGEMENT_FORM, problemsToErrors, readContactForm } from "./forms.ts";
import { ContactInvalid } from "./service.ts";

/** Names the earlier contacts a worker was shown, so a new one among them warns again. */
const repeatsKey = (ids: string[]) =>
	createHash("sha256")
		.update([...ids].sort().join(","))
		.digest("hex")
		.slice(0, 16);

type Body = Record<string, unknown>;
const V = (name: string) => `modules/front-door/contacts/views/${name}.njk`;
const options = (codes: Record<string, string>) => Object.entries(codes).map(([value, text]) => ({ value, text }));
const kindOf = (v: unknown): ContactInput["kind"] => (v === "da-notification" ? "da-notification" : "contact");

/** The chosen children travel in the address (`child=`), so the journey needs no draft. */
function chosenIds(query: Body): string[] {
	return [...new Set(asList(query.child).filter(isUuid))].slice(0, MAX_CHILDREN);
}

function childQuery(ids: string[], extra: Record<string, string> = {}): string {
	const params = new URLSearchParams();
	for (const id of ids) params.append("child", id);
	for (const [k, v] of Object.entries(extra)) params.set(k, v);
	return params.toString();
}

export function registerContacts(app: FastifyInstance) {
	const { services } = app;

	/** The chosen children, by name and number: shown on the page, so logged as views. */
	async function briefs(request: FastifyRequest, ids: string[]) {
		const found = (await Promise.all(ids.map((id) => services.people.brief(id)))).filter((b) => b !== null);
		request.shown(found.map((b) => ({ id: b.id, personId: b.id, kind: "person" })));
		return found;
	}

	// Step 1: find the children the contact is about.
	app.get("/contacts/new", async (request, reply) => {
		const query = request.query as Body;
		const kind = kindOf(query.kind);
		const children = await briefs(request, chosenIds(query));
		const ids = children.map((c) => c.id);
		// The page opens without a search; an empty search asks for more.
		const search = readSearch(query.q === undefined ? {} : { q: query.q }, toCalendarDate(services.now()));
		const ran = search.ran && !hasErrors(search.errors);
		const matches = ran ? await services.people.search(search.query, request.principal!, request.id) : null;
		return reply.code(search.ran && hasErrors(search.errors) ? 400 : 200).page(V("choose-children"), {
			title: kind === "da-notification" ? "Record a domestic-abuse notification" : "Record a contact",
			kind,
			children: children.map((c) => ({
				...c,
				removeQuery: childQuery(
					ids.filter((i) => i !== c.id),
					{ kind },
				),
			})),
			notListed: matches ? notListed(matches) : null,
			whyFirst: matches?.whyFirst ?? null,
			dateNotes: matches ? search.dateNotes : [],
			results: (matches?.results ?? [])
				.filter((r) => !ids.includes(r.personId))
				.map((r) => ({
					...r,
					age: r.dateOfBirth ? ageOn(r.dateOfBirth, services.now()) : null,
					addQuery: childQuery([...ids, r.personId], { kind }),
				})),
			ran,
			values: search.values,
			errors: search.errors,
			continueQuery: childQuery(ids, { kind }),
			newPersonReturn: `/contacts/new?${childQuery(ids, { kind })}`,
			full: ids.length >= MAX_CHILDREN,
		});
	});

	// Step 2: the contact itself.
	app.get("/contacts/new/details", async (request, reply) => {
		const query = request.query as Body;
		const children = await briefs(request, chosenIds(query));
		if (children.length === 0) return reply.redirect(`/contacts/new?kind=${kindOf(query.kind)}&none=1`, 303);
		return renderDetails(reply, kindOf(query.kind), children, { familyAware: "not-known" }, noErrors());
	});

	app.post("/contacts/new/details", async (request, reply) => {
		const body = (request.body ?? {}) as Body;
		const kind = kindOf(body.kind);
		const children = await briefs(request, chosenIds(body));
		const { input, errors } = readContactForm(
			body,
			kind,
			children.map((c) => c.id),
			services.now(),
		);
		if (children.length === 0) problemsToErrors({ children: "Add at least one child" }, errors);
		if (!input || hasErrors(errors)) return renderDetails(reply.code(400), kind, children, body, errors);
		// The same worry recorded twice makes two triages: say so, once, before saving.
		const repeatHours = timescaleById("repeat-contact-window", await services.settings.activeTimescales()).amount;
		const repeats = await services.contacts.fromSameReferrer(input, repeatHours);
		const seen = repeats.length ? repeatsKey(repeats.map((r) => r.id)) : null;
		if (seen && asList(body.notRepeat)[0] !== seen) {
			return renderDetails(reply.code(409), kind, children, body, noErrors(), {
				repeats,
				repeatsSeen: seen,
				repeatHours,
			});
		}
		try {
			const created = await services.contacts.record(input, {
				...acting(request),
				teamId: request.principal!.teamId,
				channel: "form",
			});
			return reply.redirect(`/contacts/${created.id}?recorded=1`, 303);
		} catch (error) {
			if (error instanceof ContactInvalid) {
				return renderDetails(reply.code(400), kind, children, body, problemsToErrors(error.problems));
			}
			throw error;
		}
	});

	app.get("/contacts/:contactId", async (request: FastifyRequest<{ Params: { contactId: string } }>, reply) => {
		const view = await services.contacts.view(request.params.contactId, acting(request));
		return renderContact(reply, view, noErrors(), (request.query as Body).recorded === "1");
	});

	app.post(
		"/contacts/:contactId/acknowledgement",
		async (request: FastifyRequest<{ Params: { contactId: string } }>, reply) => {
			const read = parseForm(ACKNOWLEDGEMENT_FORM, request.body);
			if (!read.ok) {
				const view = await services.contacts.view(request.params.contactId, acting(request));
				return renderContact(reply.code(400), view, read.errors, false);
			}
			await services.contacts.acknowledge(request.params.contactId, read.value.method, acting(request));
			return reply.redirect(`/contacts/${request.params.contactId}`, 303);
		},
	);

	function renderContact(
		reply: FastifyReply,
		{ contact, children }: Awaited<ReturnType<typeof services.contacts.view>>,
		errors: FormErrors,
		recorded: boolean,
	) {
		return reply.page(V("contact"), {
			title: `${contact.kind === "da-notification" ? "Domestic-abuse notification" : "Contact"} ${contact.reference}`,
			contact,
			children: children.map((c) => ({
				...c,
				stateLabel: STATES[c.state],
				outcomeLabel: c.outcome ? OUTCOMES[c.outcome as keyof typeof OUTCOMES] : null,
			})),
			sources: REFERRAL_SOURCE,
			familyAware: FAMILY_AWARE,
			rag: RAG,
			riskTool: DA_RISK_TOOL,
			riskLevel: DA_RISK_LEVEL,
			methods: options(ACKNOWLEDGEMENT_METHOD),
			canAcknowledge: may(reply.request, "POST", "/contacts/:contactId/acknowledgement"),
			errors,
			recorded,
		});
	}

	function renderDetails(
		reply: FastifyReply,
		kind: ContactInput["kind"],
		children: { id: string; given_name: string; family_name: string; la_person_id: string }[],
		values: Body,
		errors: FormErrors,
		repeated?: { repeats: unknown[]; repeatsSeen: string; repeatHours: number },
	) {
		return reply.page(V("details"), {
			title: kind === "da-notification" ? "Domestic-abuse notification details" : "Contact details",
			...repeated,
			kind,
			children,
			values,
			errors,
			backQuery: childQuery(
				children.map((c) => c.id),
				{ kind },
			),
			codes: {
				source: options(REFERRAL_SOURCE),
				familyAware: options(FAMILY_AWARE),
				riskTool: options(DA_RISK_TOOL),
				riskLevel: options(DA_RISK_LEVEL),
				rag: options(RAG),
			},
		});
	}
}
