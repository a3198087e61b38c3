import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DISABILITY, ETHNICITY, GENDER, NAME_KIND, RELATIONSHIP, SEX, UPN_UNKNOWN } from "../../domain/people/codes.ts";
import { ageOn, toCalendarDate } from "../../domain/people/dates.ts";
import type { MatchQuery } from "../../domain/people/match-score.ts";
import { may } from "../../platform/access-control.ts";
import { StaleEdit } from "../../platform/errors.ts";
import { formatDateTime } from "../../platform/format.ts";
import {
	attempt,
	dateInputValues,
	type FormErrors,
	fieldError,
	hasErrors,
	noErrors,
	parseForm,
} from "../../platform/forms.ts";
import { isUuid } from "../../platform/requests.ts";
import {
	MERGE_FIND_FORM,
	MERGE_FORM,
	NAME_FORM,
	PROFESSIONAL_FORM,
	RESTRICTION_FORM,
	readAddressForm,
	readEditPersonForm,
	readNewPersonForm,
	readRelationshipForm,
	safeReturn,
	UNDO_MERGE_FORM,
} from "./forms.ts";
import { MergeRefused } from "./merge.ts";
import { notListed } from "./search.ts";
import { readSearch } from "./search-form.ts";
import { detailsOf, type PersonDetails, RelationshipRefused } from "./service.ts";

type Body = Record<string, unknown>;
type WithPerson = FastifyRequest<{ Params: { personId: string } }>;
const V = (name: string) => `modules/people/views/${name}.njk`;

const options = <T extends Record<string, string>>(codes: T) =>
	Object.entries(codes).map(([value, text]) => ({ value, text }));
const CODES = {
	sex: options(SEX),
	gender: options(GENDER),
	ethnicity: options(ETHNICITY),
	disability: options(DISABILITY),
	upnUnknown: options(UPN_UNKNOWN),
	relationship: Object.entries(RELATIONSHIP).map(([value, r]) => ({ value, text: r.label, inverse: r.inverse })),
	nameKind: Object.entries(NAME_KIND)
		.filter(([k]) => k !== "current")
		.map(([value, text]) => ({ value, text })),
};

const ADVANCED_FIELDS = ["given", "family", "dob", "ageFrom", "ageTo", "postcode", "nhsNumber"] as const;
const emptyAdvancedFields = new WeakMap<FastifyInstance, Promise<string>>();
const blank = (value: unknown): boolean =>
	value === undefined ||
	value === "" ||
	(typeof value === "object" && value !== null && Object.values(value).every(blank));

/**
 * The advanced search fields' HTML. Their GOV.UK macros (a date input above all) cost more
 * than the rest of the page; while they are empty and without errors, as for every search
 * typed in the box, the HTML is the same each time and is rendered once.
 */
function advancedFields(app: FastifyInstance, values: Record<string, unknown>, errors: FormErrors): Promise<string> {
	const render = () => app.view(V("advanced-search"), { values, errors }) as Promise<string>;
	const empty = ADVANCED_FIELDS.every(
		(field) => !errors.fields[field] && !errors.fields[`${field}-day`] && blank(values[field]),
	);
	// Templates are read afresh on each request in development (as render.ts sets up), so not kept there.
	const cached = process.env.NODE_ENV === "production" || process.env.NODE_ENV === "test";
	if (!empty || !cached) return render();
	let html = emptyAdvancedFields.get(app);
	if (!html) {
		html = render();
		emptyAdvancedFields.set(app, html);
		// A failed render is not kept: the next search tries again.
		html.catch(() => emptyAdvancedFields.delete(app));
	}
	return html;
}

/** A fingerprint of what was checked for duplicates: change the details and they are checked again. */
function duplicateFingerprint(d: PersonDetails): string {
	return createHash("sha256")
		.update(JSON.stringify([d.givenName, d.familyName, d.dateOfBirth, d.expectedBirthDate, d.nhsNumber, d.upn]))
		.digest("hex")
		.slice(0, 16);
}

/** The people a page shows, for the view log: the record and any other person it names. */
const shownPeople = (...ids: (string | null | undefined)[]) =>
	ids.flatMap((id) => (id ? [{ id, personId: id, kind: "person" }] : []));

export function registerPeople(app: FastifyInstance) {
	registerRestriction(app);
	const people = () => app.services.people;

	app.get("/people", async (request, reply) => {
		const query = request.query as Body;
		// Today's date once for every result, not looked up in the council's zone for each.
		const today = toCalendarDate(app.services.now());
		const search = readSearch(query, today);
		const matches =
			search.ran && !hasErrors(search.errors)
				? await people().search(search.query, request.principal!, request.id)
				: null;
		return reply.code(hasErrors(search.errors) ? 400 : 200).page(V("search"), {
			title: "Find a person",
			values: search.values,
			errors: search.errors,
			advancedHtml: await advancedFields(app, search.values, search.errors),
			ran: search.ran && !hasErrors(search.errors),
			advanced: search.advanced,
			results: (matches?.results ?? []).map((r) => ({ ...r, age: r.dateOfBirth ? ageOn(r.dateOfBirth, today) : null })),
			notListed: matches ? notListed(matches) : null,
			whyFirst: matches?.whyFirst ?? null,
			dateNotes: matches ? search.dateNotes : [],
			relateTo: typeof query.relateTo === "string" ? query.relateTo : null,
		});
	});

	app.get("/people/new", async (request, reply) => {
		const query = request.query as Body;
		const returnTo = safeReturn(query.returnTo);
		return renderNew(reply, { ...emptyPerson(), ...prefilled(query), ...(returnTo ? { returnTo } : {}) }, noErrors());
	});

	app.post("/people/new", async (request, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = readNewPersonForm(body, app.services.now());
		if (!read.ok) return renderNew(reply.code(400), body, read.errors);
		const { details, address } = read.value;
		const fingerprint = duplicateFingerprint(details);
		const confirmed = read.value.confirmNew && read.value.checkedFingerprint === fingerprint;
		if (!confirmed) {
			const query: MatchQuery = {
				given: details.givenName,
				family: details.familyName,
				dob: details.dateOfBirth ? splitIso(details.dateOfBirth) : undefined,
				nhsNumber: details.nhsNumber ?? undefined,
				upn: details.upn ?? undefined,
				postcode: address?.postcode ?? undefined,
			};
			const { results } = await people().search(query, request.principal!, request.id);
			const candidates = results.filter((r) => r.likely);
			if (candidates.length) {
				return renderNew(reply.code(409), body, noErrors(), { candidates, fingerprint });
			}
		}
		const created = await people().create(details, address, request.principal!, request.id);
		// Created while recording a contact: back to the contact, with the new child on it.
		const { returnTo } = read.value;
		if (returnTo) return reply.redirect(`${returnTo}${returnTo.includes("?") ? "&" : "?"}child=${created.id}`, 303);
		return reply.redirect(`/people/${created.id}?created=1`, 303);
	});

	app.get("/people/:personId", async (request: WithPerson, reply) => {
		const record = await people().record(request.params.personId);
		if (record.person.merged_into) {
			// Old links to a merged record still work: they lead to the record it became.
			return reply.redirect(`/people/${record.person.merged_into}?from=${record.person.la_person_id}`, 303);
		}
		const query = request.query as Body;
		const timeline = await people().timeline(record.person.id);
		const sections = await people().sections(record.person.id);
		const relate = await people().brief(query.relate);
		request.shown(shownPeople(record.person.id, relate?.id));
		return reply.page(V("record"), {
			relate,
			restriction: await app.services.restrictions.of(record.person.id),
			canRestrict: may(request, "POST", "/people/:personId/restriction"),
			title: `${record.person.given_name} ${record.person.family_name}`,
			...record,
			age: record.person.date_of_birth ? ageOn(record.person.date_of_birth, app.services.now()) : null,
			timeline,
			sections,
			codes: { SEX, GENDER, ETHNICITY, DISABILITY, UPN_UNKNOWN, RELATIONSHIP, NAME_KIND },
			created: query.created === "1",
			saved: typeof query.saved === "string" ? query.saved : null,
			fromMerged: typeof query.from === "string" ? query.from : null,
			canEdit: canEdit(request),
			canMerge: canMerge(request),
		});
	});

	app.get("/people/:personId/edit", async (request: WithPerson, reply) => {
		const record = await people().record(request.params.personId);
		if (record.person.merged_into) return reply.redirect(`/people/${record.person.merged_into}/edit`, 303);
		return renderEdit(
			reply,
			record.person.id,
			valuesOf(detailsOf(record.person, record.disabilities), record.person.version),
			noErrors(),
		);
	});

	app.post("/people/:personId/edit", async (request: WithPerson, reply) => {
		const record = await people().record(request.params.personId);
		const body = (request.body ?? {}) as Body;
		const read = readEditPersonForm(body, app.services.now());
		if (!read.ok) return renderEdit(reply.code(400), record.person.id, body, read.errors);
		try {
			const { details, version } = read.value;
			await people().update(record.person.id, version, details, request.principal!, request.id);
		} catch (error) {
			if (!(error instanceof StaleEdit)) throw error;
			const fresh = await people().record(record.person.id);
			const message = `This record was changed by ${error.changedBy} at ${formatDateTime(error.changedAt)}. Your changes have not been saved. Check the details below and make your changes again.`;
			return renderEdit(
				reply.code(409),
				record.person.id,
				valuesOf(detailsOf(fresh.person, fresh.disabilities), fresh.person.version),
				fieldError("givenName", message),
			);
		}
		return reply.redirect(`/people/${record.person.id}?saved=details`, 303);
	});

	app.post("/people/:personId/names", async (request: WithPerson, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = parseForm(NAME_FORM, body);
		if (!read.ok) return renderRecordWithErrors(request, reply, read.errors, body);
		const { nameKind, otherGivenName, otherFamilyName } = read.value;
		await people().addName(
			request.params.personId,
			nameKind,
			otherGivenName,
			otherFamilyName,
			request.principal!,
			request.id,
		);
		return reply.redirect(`/people/${request.params.personId}?saved=name#names`, 303);
	});

	app.post("/people/:personId/addresses", async (request: WithPerson, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = readAddressForm(body);
		if (!read.ok) return renderRecordWithErrors(request, reply, read.errors, body);
		await people().addAddress(request.params.personId, read.value, request.principal!, request.id);
		return reply.redirect(`/people/${request.params.personId}?saved=address#addresses`, 303);
	});

	app.post("/people/:personId/relationships", async (request: WithPerson, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = readRelationshipForm(body);
		if (!read.ok) return renderRecordWithErrors(request, reply, read.errors, body);
		try {
			await people().addRelationship(request.params.personId, read.value, request.principal!, request.id);
			return reply.redirect(`/people/${request.params.personId}?saved=relationship#relationships`, 303);
		} catch (error) {
			if (!(error instanceof RelationshipRefused)) throw error;
			return renderRecordWithErrors(request, reply, fieldError("kind", error.message), body);
		}
	});

	app.post("/people/:personId/professionals", async (request: WithPerson, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = parseForm(PROFESSIONAL_FORM, body);
		if (!read.ok) return renderRecordWithErrors(request, reply, read.errors, body);
		const v = read.value;
		const input = {
			name: v.professionalName,
			role: v.professionalRole,
			agency: v.professionalAgency,
			phone: v.professionalPhone,
			email: v.professionalEmail,
		};
		await people().addProfessional(request.params.personId, input, request.principal!, request.id);
		return reply.redirect(`/people/${request.params.personId}?saved=professional#professionals`, 303);
	});

	app.get("/people/:personId/merge", async (request: WithPerson, reply) => {
		const record = await people().record(request.params.personId);
		if (record.person.merged_into) return reply.redirect(`/people/${record.person.merged_into}/merge`, 303);
		const read = parseForm(MERGE_FIND_FORM, request.query);
		const errors = read.ok ? noErrors() : read.errors;
		const number = read.ok ? read.value.duplicate : null;
		const duplicate = number ? await people().byNumber(number) : null;
		if (number && !duplicate) fieldError("duplicate", `There is no record ${number}`, errors);
		if (duplicate?.id === record.person.id) fieldError("duplicate", "A record cannot be merged into itself", errors);
		if (duplicate?.merged_into) fieldError("duplicate", `${number} has already been merged`, errors);
		const compare = duplicate && !hasErrors(errors) ? await people().record(duplicate.id) : null;
		// Two whole records side by side: both are views.
		request.shown(shownPeople(record.person.id, compare?.person.id));
		return reply.code(hasErrors(errors) ? 400 : 200).page(V("merge"), {
			title: "Merge a duplicate record",
			survivor: record,
			duplicate: compare,
			values: { duplicate: number ?? String((request.query as Body).duplicate ?? "") },
			errors,
			codes: { SEX, ETHNICITY },
		});
	});

	app.post("/people/:personId/merge", async (request: WithPerson, reply) => {
		const body = (request.body ?? {}) as Body;
		const survivor = await people().record(request.params.personId);
		const read = parseForm(MERGE_FORM, body);
		let errors = read.ok ? noErrors() : read.errors;
		const duplicateId = (read.ok ? read.value.duplicateId : read.partial.duplicateId) ?? "";
		if (read.ok) {
			try {
				const { reason } = read.value;
				await app.services.merges.merge(survivor.person.id, duplicateId, reason, request.principal!, request.id);
				return reply.redirect(`/people/${survivor.person.id}?saved=merge#merges`, 303);
			} catch (error) {
				if (!(error instanceof MergeRefused)) throw error;
				errors = fieldError("reason", error.message);
			}
		}
		const compare = isUuid(duplicateId)
			? await people()
					.record(duplicateId)
					.catch(() => null)
			: null;
		return reply.code(400).page(V("merge"), {
			title: "Merge a duplicate record",
			survivor,
			duplicate: compare,
			values: { duplicate: compare?.person.la_person_id ?? "", reason: body.reason },
			errors,
			codes: { SEX, ETHNICITY },
		});
	});

	app.post("/people/merges/:mergeId/undo", async (request: FastifyRequest<{ Params: { mergeId: string } }>, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = parseForm(UNDO_MERGE_FORM, body);
		if (!read.ok) {
			const personId = read.partial.returnTo;
			if (!personId)
				return reply.code(400).page("platform/views/error.njk", {
					title: read.errors.summary[0].text,
					text: "Go back and give a reason.",
				});
			return renderRecordWithErrors(request, reply, read.errors, body, personId, request.params.mergeId);
		}
		try {
			const { survivorId } = await app.services.merges.unmerge(
				request.params.mergeId,
				read.value.undoReason,
				request.principal!,
				request.id,
			);
			return reply.redirect(`/people/${survivorId}?saved=unmerge#merges`, 303);
		} catch (error) {
			if (!(error instanceof MergeRefused)) throw error;
			return reply
				.code(409)
				.page("platform/views/error.njk", { title: "The merge cannot be undone", text: error.message });
		}
	});

	async function renderRecordWithErrors(
		request: FastifyRequest,
		reply: FastifyReply,
		errors: FormErrors,
		body: Body,
		personId = (request as WithPerson).params.personId,
		undoMergeId: string | null = null,
	) {
		const record = await people().record(personId);
		const timeline = await people().timeline(record.person.id);
		const sections = await people().sections(record.person.id);
		const relate = await people().brief(body.otherPersonId);
		request.shown(shownPeople(record.person.id, relate?.id));
		return reply.code(400).page(V("record"), {
			relate,
			title: `${record.person.given_name} ${record.person.family_name}`,
			...record,
			age: record.person.date_of_birth ? ageOn(record.person.date_of_birth, app.services.now()) : null,
			timeline,
			sections,
			codes: { SEX, GENDER, ETHNICITY, DISABILITY, UPN_UNKNOWN, RELATIONSHIP, NAME_KIND },
			errors,
			values: body,
			undoMergeId,
			canEdit: canEdit(request),
			canMerge: canMerge(request),
		});
	}

	function renderNew(
		reply: FastifyReply,
		values: Body,
		errors: FormErrors,
		duplicates?: { candidates: unknown[]; fingerprint: string },
	) {
		return reply.page(V("new"), {
			title: duplicates ? "This person may already be known" : "Add a person",
			values: withDateParts(values),
			errors,
			codes: CODES,
			duplicates,
		});
	}

	function renderEdit(reply: FastifyReply, personId: string, values: Body, errors: FormErrors) {
		return reply.page(V("edit"), {
			title: "Change personal details",
			personId,
			values: withDateParts(values),
			errors,
			codes: CODES,
		});
	}
}

/** Restricting a record: who else may open it, and why it is closed to everyone else (ADR 21). */
function registerRestriction(app: FastifyInstance) {
	const render = async (reply: FastifyReply, personId: string, values: Record<string, unknown>, errors: FormErrors) => {
		const record = await app.services.people.record(personId);
		return reply.page(V("restriction"), {
			title: `Restrict ${record.person.given_name} ${record.person.family_name}'s record`,
			person: record.person,
			restriction: await app.services.restrictions.of(personId),
			values,
			errors,
		});
	};

	app.get("/people/:personId/restriction", async (request: WithPerson, reply) => {
		const current = await app.services.restrictions.of(request.params.personId);
		const values = current ? { reason: current.reason, users: current.users.map((u) => u.email).join("\n") } : {};
		return render(reply, request.params.personId, values, noErrors());
	});

	app.post("/people/:personId/restriction", async (request: WithPerson, reply) => {
		const { personId } = request.params;
		await app.services.people.record(personId);
		const read = parseForm(RESTRICTION_FORM, request.body);
		const errors = read.ok ? noErrors() : read.errors;
		const status = await attempt(errors, async () => {
			if (!read.ok) return;
			const emails = (read.value.users ?? "").split(/[\s,;]+/).filter(Boolean);
			await app.services.restrictions.restrict(
				personId,
				{ reason: read.value.reason, emails },
				request.principal!,
				request.id,
			);
		});
		if (status) return render(reply.code(status), personId, (request.body ?? {}) as Body, errors);
		return reply.redirect(`/people/${personId}?saved=restriction`, 303);
	});

	app.post("/people/:personId/restriction/lift", async (request: WithPerson, reply) => {
		await app.services.people.record(request.params.personId);
		await app.services.restrictions.lift(request.params.personId, request.principal!, request.id);
		return reply.redirect(`/people/${request.params.personId}?saved=restriction`, 303);
	});
}

function canMerge(request: FastifyRequest): boolean {
	return may(request, "POST", "/people/:personId/merge");
}

/** Editing controls show to whoever the permissions table lets change the record. */
function canEdit(request: FastifyRequest): boolean {
	return may(request, "POST", "/people/:personId/edit");
}

function splitIso(iso: string) {
	const [year, month, day] = iso.split("-").map(Number);
	return { year, month, day };
}

/**
 * What another page already knows about the person (the matching page passes an agency's
 * description), offered as the form's starting values; the form validates it as typed.
 */
function prefilled(query: Body): Body {
	const text = (v: unknown) => (typeof v === "string" && v.length <= 100 ? v : undefined);
	const out: Body = {};
	for (const name of ["givenName", "familyName", "nhsNumber", "postcode"]) {
		const value = text(query[name]);
		if (value) out[name] = value;
	}
	const dob = text(query.dateOfBirth)?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
	if (dob) out.dateOfBirth = { day: String(Number(dob[3])), month: String(Number(dob[2])), year: dob[1] };
	return out;
}

function emptyPerson(): Body {
	return { sex: "", ethnicity: "NOBT", disabilities: [] };
}

function valuesOf(d: PersonDetails, version: number): Body {
	return {
		...d,
		version,
		dateOfBirth: dateInputValues(d.dateOfBirth),
		expectedBirthDate: dateInputValues(d.expectedBirthDate),
		deathDate: dateInputValues(d.deathDate),
		councilHasParentalResponsibility: d.councilHasParentalResponsibility,
	};
}

/** Form posts carry date parts as `name-day` etc.; the templates read `values.name.day`. */
function withDateParts(values: Body): Body {
	const out: Body = { ...values, disabilities: [values.disabilities ?? []].flat() };
	for (const name of ["dateOfBirth", "expectedBirthDate", "deathDate", "addressStart"]) {
		if (typeof out[name] === "object" && out[name] !== null) continue;
		out[name] = {
			day: values[`${name}-day`] ?? "",
			month: values[`${name}-month`] ?? "",
			year: values[`${name}-year`] ?? "",
		};
	}
	return out;
}
