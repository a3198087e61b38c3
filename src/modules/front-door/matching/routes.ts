import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { REFERRAL_SOURCE } from "../../../domain/front-door/codes.ts";
import type { DescribedChild } from "../../../domain/front-door/contact.ts";
import { describedBirthDate, describedQuery, describedSearchValues } from "../../../domain/front-door/described.ts";
import { ageOn, toCalendarDate } from "../../../domain/people/dates.ts";
import { may } from "../../../platform/access-control.ts";
import {
	type FormErrors,
	fieldError,
	hasErrors,
	noErrors,
	parseForm,
	refusalErrors,
	refusalStatus,
} from "../../../platform/forms.ts";
import { doer } from "../../../platform/requests.ts";
import { notListed, readSearch, searchable } from "../../people/index.ts";
import { MATCH_FORM } from "./forms.ts";
import { encodeKey, readPosition } from "./paging.ts";
import { MatchDiffers, PersonMerged } from "./service.ts";

type Body = Record<string, unknown>;
type WithChild = FastifyRequest<{ Params: { childId: string } }>;
const V = (name: string) => `modules/front-door/matching/views/${name}.njk`;

const allowed = may;

/** The child as the agency named them, for the page's heading. */
function describedName(d: { givenName: string | null; familyName: string | null }): string {
	return [d.givenName, d.familyName].filter(Boolean).join(" ") || "the child";
}

export function registerMatching(app: FastifyInstance) {
	const { services } = app;

	app.get("/front-door/matching", async (request, reply) => {
		const queue = await services.matching.queue(readPosition(request.query as Body));
		// Not yet matched to a person: each child is known by what the agency described.
		request.shown(queue.rows.map((r) => ({ id: r.id, personId: null })));
		const href = (dir: "after" | "before", key: { at: string; id: string }) =>
			`/front-door/matching?${new URLSearchParams({ [dir]: encodeKey(key) })}`;
		return reply.page(V("queue"), {
			title: "Children waiting to be matched",
			queue,
			sourceLabels: REFERRAL_SOURCE,
			pagination: {
				previous: queue.previous ? { href: href("before", queue.previous) } : undefined,
				next: queue.next ? { href: href("after", queue.next) } : undefined,
			},
		});
	});

	/**
	 * The match page: what the agency said, the people who may be the child, and a way to
	 * search again or create the person. A search typed here replaces the agency's terms.
	 */
	async function render(
		request: WithChild,
		reply: FastifyReply,
		child: Awaited<ReturnType<typeof services.matching.find>>,
		errors: FormErrors,
		survivor: PersonMerged["survivor"] | null = null,
		differs: MatchDiffers | null = null,
		reason: string | null = null,
	) {
		request.shown([{ id: child.id, personId: child.person_id }]);
		const query = request.query as Body;
		const today = toCalendarDate(services.now());
		const typed = readSearch(query, today);
		const search = typed.ran
			? typed
			: {
					values: describedSearchValues(child.described),
					errors: noErrors(),
					query: describedQuery(child.described),
					dateNotes: [],
				};
		const canSearch = typed.ran ? !hasErrors(typed.errors) : searchable(search.query);
		const [candidates, added] = await Promise.all([
			canSearch ? services.matching.candidates(search.query, request.principal!, request.id) : null,
			services.matching.person(query.child),
		]);
		// The search box is not on this page: "enter something" points at the given name instead.
		for (const [field, message] of Object.entries(search.errors.fields)) {
			fieldError(field === "q" ? "given" : field, message.text, errors);
		}
		const here = `/front-door/children/${child.id}/match`;
		if (hasErrors(errors) && reply.statusCode === 200) reply.code(400);
		return reply.page(V("match"), {
			title: `Match ${describedName(child.described)} to a person`,
			child,
			sourceLabels: REFERRAL_SOURCE,
			values: { ...search.values, reason },
			differs,
			errors,
			searchedTyped: typed.ran,
			searched: canSearch,
			candidates: (candidates?.results ?? []).map((c) => ({
				...c,
				age: c.dateOfBirth ? ageOn(c.dateOfBirth, today) : null,
			})),
			notListed: candidates ? notListed(candidates) : null,
			whyFirst: candidates?.whyFirst ?? null,
			dateNotes: candidates ? search.dateNotes : [],
			added,
			survivor,
			canMatch: allowed(request, "POST", "/front-door/children/:childId/match"),
			canCreate: allowed(request, "POST", "/people/new"),
			newPersonHref: `/people/new?${newPersonQuery(child.described, here)}`,
			here,
		});
	}

	app.get("/front-door/children/:childId/match", async (request: WithChild, reply) => {
		const child = await services.matching.find(request.params.childId);
		// Matched already (or withdrawn): the child's page says by whom and what is next.
		if (child.state !== "awaiting-match") return reply.redirect(`/front-door/children/${child.id}`, 303);
		return render(request, reply, child, noErrors());
	});

	app.post("/front-door/children/:childId/match", async (request: WithChild, reply) => {
		const { childId } = request.params;
		const read = parseForm(MATCH_FORM, request.body);
		if (!read.ok) return render(request, reply.code(400), await services.matching.find(childId), read.errors);
		try {
			await services.matching.match(childId, read.value.personId, read.value.version, doer(request), read.value.reason);
			return reply.redirect(`/front-door/children/${childId}?saved=matched`, 303);
		} catch (error) {
			const errors = refusalErrors(error);
			if (!errors) throw error;
			const survivor = error instanceof PersonMerged ? error.survivor : null;
			const differs = error instanceof MatchDiffers ? error : null;
			const child = await services.matching.find(childId);
			return render(request, reply.code(refusalStatus(error)), child, errors, survivor, differs, read.value.reason);
		}
	});
}

/** The new-person form starts from what the agency said, so nobody types it twice. */
function newPersonQuery(d: DescribedChild, returnTo: string): URLSearchParams {
	const query = new URLSearchParams({ returnTo });
	const known = {
		givenName: d.givenName,
		familyName: d.familyName,
		dateOfBirth: describedBirthDate(d),
		nhsNumber: d.nhsNumber,
		postcode: d.postcode,
	};
	for (const [name, value] of Object.entries(known)) if (value) query.set(name, value);
	return query;
}
