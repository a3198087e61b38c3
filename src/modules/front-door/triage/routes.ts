import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { REFERRAL_SOURCE } from "../../../domain/front-door/codes.ts";
import { NOTIFICATION_FACTORS, type NotificationRisk } from "../../../domain/front-door/domestic-abuse.ts";
import { FACTOR_STATUS, RAG, URGENCY } from "../../../domain/front-door/triage.ts";
import { OUTCOMES } from "../../../domain/front-door/workflow.ts";
import { type FormErrors, fieldError, noErrors } from "../../../platform/forms.ts";
import type { InScope } from "../../../platform/record-access.ts";
import { acting, isUuid } from "../../../platform/requests.ts";
import { RuleViolation } from "../../../platform/rules.ts";
import { ChildChanged } from "../workflow/transitions.ts";
import { groupReasonField, readTriageForm, STEP_ROWS, stepField } from "./forms.ts";
import { QUEUE_PAGE, type QueueFilter, TriageInvalid } from "./service.ts";

type Body = Record<string, unknown>;
type WithChild = FastifyRequest<{ Params: { childId: string } }>;
const V = (name: string) => `modules/front-door/triage/views/${name}.njk`;
const options = (codes: Record<string, string>) => Object.entries(codes).map(([value, text]) => ({ value, text }));

function readFilter(query: Body, ownTeam: string | null, inScope: InScope | null): QueueFilter {
	const team = String(query.team ?? "mine");
	const rag = String(query.rag ?? "");
	const source = String(query.source ?? "");
	return {
		teamId: team === "all" ? null : team === "mine" ? ownTeam : isUuid(team) ? team : null,
		source: Object.hasOwn(REFERRAL_SOURCE, source) ? source : null,
		rag: rag === "red" || rag === "amber" || rag === "green" || rag === "none" ? rag : null,
		outOfHours: query.ooh === "1",
		page: Math.min(Math.max(1, Number.parseInt(String(query.page ?? "1"), 10) || 1), 1000),
		inScope,
	};
}

export function registerTriage(app: FastifyInstance) {
	const { services } = app;

	app.get("/triage", async (request, reply) => {
		const query = request.query as Body;
		const ownTeam = request.principal!.teamId;
		const filter = readFilter(query, ownTeam, await services.recordAccess.listScope(request.principal!));
		const [queue, teams, awaitingMatch] = await Promise.all([
			services.triage.queue(filter).then(async (q) => ({
				...q,
				rows: await services.recordAccess.withholdRestricted(request.principal!, q.rows),
			})),
			services.users.teams(),
			services.matching.waitingCount(),
		]);
		request.shown(queue.rows.map((r) => ({ id: r.id, personId: r.person_id })));
		const team = String(query.team ?? "mine");
		const params = (page: number) => {
			const p = new URLSearchParams({ team, page: String(page) });
			if (filter.source) p.set("source", filter.source);
			if (filter.rag) p.set("rag", filter.rag);
			if (filter.outOfHours) p.set("ooh", "1");
			return p.toString();
		};
		const pages = Math.max(1, Math.ceil(queue.total / QUEUE_PAGE));
		return reply.page(V("queue"), {
			title: "Waiting for triage",
			queue,
			awaitingMatch,
			filter: { team, source: filter.source ?? "", rag: filter.rag ?? "", ooh: filter.outOfHours ? "1" : "" },
			teams: [
				...(ownTeam ? [{ value: "mine", text: "My team" }] : []),
				{ value: "all", text: "All teams" },
				...teams.map((t) => ({ value: t.id, text: t.name })),
			],
			sources: [{ value: "", text: "All sources" }, ...options(REFERRAL_SOURCE)],
			rags: [{ value: "", text: "All" }, ...options(RAG), { value: "none", text: "Not rated" }],
			sourceLabels: REFERRAL_SOURCE,
			pagination: {
				previous: filter.page > 1 ? { href: `/triage?${params(filter.page - 1)}` } : undefined,
				next: filter.page < pages ? { href: `/triage?${params(filter.page + 1)}` } : undefined,
				page: filter.page,
				pages,
			},
		});
	});

	app.get("/front-door/children/:childId/triage", async (request: WithChild, reply) => {
		const form = await services.triage.form(request.params.childId, acting(request));
		if (form.child.state !== "awaiting-triage") {
			return reply.redirect(`/front-door/children/${form.child.id}`, 303);
		}
		// A police notification's domestic-abuse factors start as present, for the manager to
		// confirm or change (ADR 26): only the form's first values, never assumed when posted.
		const preselected = Object.fromEntries(preselectedFactors(form).map((code) => [`factor-${code}`, "present"]));
		return renderTriage(
			reply,
			form,
			{ version: String(form.child.version), rag: form.child.rag ?? "", ...preselected },
			noErrors(),
		);
	});

	app.post("/front-door/children/:childId/triage", async (request: WithChild, reply) => {
		const body = (request.body ?? {}) as Body;
		const { childId } = request.params;
		const form = await services.triage.form(childId, acting(request));
		const read = readTriageForm(
			body,
			{ factors: form.factors, groups: form.factorGroups },
			form.framework.levels.map((l) => l.id),
			notificationRisk(form),
		);
		if (!read.ok) return renderTriage(reply.code(400), form, body, read.errors);
		try {
			await services.triage.record(childId, read.input, read.version, {
				...acting(request),
				userId: request.principal!.id,
			});
			return reply.redirect(`/front-door/children/${childId}?saved=triage`, 303);
		} catch (error) {
			const errors = noErrors();
			if (error instanceof TriageInvalid) {
				for (const [field, message] of Object.entries(error.problems)) {
					fieldError(stepField(field, read.stepRows), message, errors);
				}
			} else if (error instanceof ChildChanged || error instanceof RuleViolation) {
				// Someone got there first, or a rule refuses (out of hours in office hours): the form keeps what was typed.
				fieldError("version", error.message, errors);
			} else throw error;
			// Loaded again: what the form offers may have changed with the record.
			const again = await services.triage.form(childId, acting(request));
			const status = error instanceof ChildChanged ? 409 : error instanceof RuleViolation ? 403 : 400;
			return renderTriage(reply.code(status), again, body, errors);
		}
	});

	type TriageForm = Awaited<ReturnType<typeof services.triage.form>>;

	const notificationRisk = ({ child }: TriageForm): NotificationRisk | null =>
		child.kind === "da-notification" ? { riskTool: child.risk_tool, riskLevel: child.risk_level } : null;

	const preselectedFactors = (form: TriageForm) =>
		form.child.kind === "da-notification"
			? NOTIFICATION_FACTORS.filter((code) => form.factors.some((f) => f.code === code))
			: [];

	function renderTriage(
		reply: FastifyReply,
		form: Awaited<ReturnType<typeof services.triage.form>>,
		values: Body,
		errors: FormErrors,
	) {
		return reply.page(V("triage"), {
			title: `Triage: ${form.child.given_name} ${form.child.family_name}`,
			...form,
			values,
			errors,
			stepRows: Array.from({ length: STEP_ROWS }, (_, i) => i),
			groupReasonField: Object.fromEntries(form.factorGroups.map((g) => [g.code, groupReasonField(g.code)])),
			// Each group's factors the notification pre-selects, by name, to say so under its heading.
			preselected: Object.fromEntries(
				form.factorGroups.flatMap((g) => {
					const labels = g.factors.filter((f) => preselectedFactors(form).includes(f.code)).map((f) => f.label);
					return labels.length ? [[g.code, labels]] : [];
				}),
			),
			codes: {
				rag: options(RAG),
				outcome: options(OUTCOMES),
				factorStatus: options(FACTOR_STATUS),
				urgency: Object.entries(URGENCY).map(([value, u]) => ({ value, text: u.label })),
				levels: form.framework.levels.map((l) => ({ value: l.id, text: l.label, hint: { text: l.descriptor } })),
				workers: form.workers.map((w) => ({ value: w.id, text: w.display_name })),
			},
			sourceLabels: REFERRAL_SOURCE,
		});
	}
}
