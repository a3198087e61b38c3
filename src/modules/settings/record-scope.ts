import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { SCOPABLE_ROLES, SCOPE_LABELS, type ScopeSetting } from "../../domain/access/scope.ts";
import { StaleEdit } from "../../platform/errors.ts";
import { formatDateTime } from "../../platform/format.ts";
import { fieldError, noErrors, parseForm } from "../../platform/forms.ts";
import { ROLES } from "../../platform/roles.ts";
import { RECORD_SCOPE_FORM } from "./forms.ts";

type Body = Record<string, unknown>;

/** Which children's records each scopable role opens (ADR 22): the council's choice, every record by default. */
export function registerRecordScope(app: FastifyInstance) {
	const settings = () => app.services.settings;
	const canEdit = (request: FastifyRequest) => request.principal?.roles.includes("administrator") ?? false;

	async function render(request: FastifyRequest, reply: FastifyReply, errors = noErrors(), values?: Body) {
		const current = await settings().recordScope();
		const chosen: Body = values ?? Object.fromEntries(SCOPABLE_ROLES.map((r) => [r, current.value[r] ?? "all"]));
		return reply.page("modules/settings/views/record-scope.njk", {
			title: "Which records each role opens",
			canEdit: canEdit(request),
			roles: SCOPABLE_ROLES.map((role) => ({
				role,
				label: ROLES[role],
				scope: current.value[role] ?? "all",
				items: Object.entries(SCOPE_LABELS).map(([value, text]) => ({ value, text, checked: chosen[role] === value })),
			})),
			scopeLabels: SCOPE_LABELS,
			version: values?.version ?? current.version,
			updated: current.updatedAt ? `${formatDateTime(current.updatedAt)} by ${current.updatedByName}` : null,
			errors,
			saved: (request.query as Body).saved === "1",
		});
	}

	app.get("/settings/record-scope", async (request, reply) => render(request, reply));

	app.post("/settings/record-scope", async (request, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = parseForm(RECORD_SCOPE_FORM, body);
		if (!read.ok) return render(request, reply.code(400), read.errors, body);
		const { version, ...chosen } = read.value;
		// Only what narrows is stored: a role left at "every record" is as if never set.
		const setting: ScopeSetting = Object.fromEntries(Object.entries(chosen).filter(([, scope]) => scope !== "all"));
		try {
			await settings().setRecordScope(setting, version, request.principal!, request.id);
			app.services.recordAccess.forgetScope();
			return reply.redirect("/settings/record-scope?saved=1", 303);
		} catch (error) {
			if (!(error instanceof StaleEdit)) throw error;
			const message = `${error.changedBy} changed these settings at ${formatDateTime(error.changedAt)}; yours were not saved. Check them and choose again.`;
			return render(request, reply.code(409), fieldError(SCOPABLE_ROLES[0], message), body);
		}
	});
}
