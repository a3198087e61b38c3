import type { FastifyInstance } from "fastify";
import { fieldError, noErrors } from "../../platform/forms.ts";
import { isUuid } from "../../platform/requests.ts";

export function registerAccessLogSearch(app: FastifyInstance) {
	app.get("/admin/access-log", async (request, reply) => {
		const query = request.query as Record<string, string | undefined>;
		const personId = query.personId?.trim() || undefined;
		const userEmail = query.user?.trim() || undefined;
		let userId = query.userId?.trim() || undefined;
		const errors = noErrors();
		if (personId && !isUuid(personId)) fieldError("personId", "Enter a person's record id, like 3f1c…", errors);
		if (userId && !isUuid(userId)) fieldError("user", "Enter the user's email address", errors);
		// Looked up by email rather than offered as a list: a council has thousands of users.
		if (userEmail && !userId) {
			userId = await app.services.users.idByEmail(userEmail);
			if (!userId) fieldError("user", "There is no user with that email address", errors);
		}
		let before: { at: Date; id: number } | undefined;
		if (query.before) {
			const [at, id] = query.before.split("_");
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
