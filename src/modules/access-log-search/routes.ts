import type { FastifyInstance } from "fastify";
import { field, fieldError, form, noErrors, parseForm } from "../../platform/forms.ts";
import { isUuid } from "../../platform/requests.ts";

// Who viewed a child, or what a user did: a GET form, read like every other (ADR 17).
const SEARCH_FORM = form(
	{
		personId: field.optionalText("The record id", 36),
		user: field.optionalText("The email address", 254),
		userId: field.optionalText("The user", 36),
		before: field.optionalText("The page", 100),
	},
	(v) => ({
		...(v.personId && !isUuid(v.personId) ? { personId: "Enter a person's record id, like 3f1c…" } : {}),
		...(v.userId && !isUuid(v.userId) ? { user: "Enter the user's email address" } : {}),
	}),
);

export function registerAccessLogSearch(app: FastifyInstance) {
	app.get("/admin/access-log", async (request, reply) => {
		const read = parseForm(SEARCH_FORM, request.query);
		const v = read.ok ? read.value : read.partial;
		const errors = read.ok ? noErrors() : read.errors;
		const personId = v.personId ?? undefined;
		const userEmail = v.user ?? undefined;
		let userId = v.userId ?? undefined;
		// Looked up by email rather than offered as a list: a council has thousands of users.
		if (userEmail && !userId) {
			userId = await app.services.users.idByEmail(userEmail);
			if (!userId) fieldError("user", "There is no user with that email address", errors);
		}
		let before: { at: Date; id: number } | undefined;
		if (v.before) {
			const [at, id] = v.before.split("_");
			const when = new Date(at ?? "");
			if (!Number.isNaN(when.getTime()) && /^\d+$/.test(id ?? "")) before = { at: when, id: Number(id) };
		}
		const searched = (personId || userId) && errors.summary.length === 0;
		const result = searched
			? await app.services.accessLogSearch.search({ personId, userId, before })
			: { rows: [], next: null };
		// Who saw a child is itself about the child: each person the page names is a view.
		const people = [...new Set(result.rows.flatMap((r) => (r.personId ? [r.personId] : [])))];
		request.shown(people.map((id) => ({ id, personId: id, kind: "person" })));
		const nextQuery = result.next
			? new URLSearchParams({
					...(personId ? { personId } : {}),
					...(userId ? { userId } : {}),
					before: `${result.next.at.toISOString()}_${result.next.id}`,
				}).toString()
			: null;
		return reply.code(errors.summary.length ? 400 : 200).page("modules/access-log-search/views/search.njk", {
			title: "Access log",
			values: { personId, user: userEmail ?? (userId ? await app.services.users.emailOf(userId) : undefined) },
			errors,
			searched,
			rows: result.rows,
			nextQuery,
		});
	});
}
