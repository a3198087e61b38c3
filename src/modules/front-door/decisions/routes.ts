import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { clockStatus } from "../../../domain/clocks/timescales.ts";
import { AGREEMENT, OUTSIDE_ENGLAND, SENT_HOW } from "../../../domain/front-door/decision.ts";
import { levelLabel } from "../../../domain/front-door/thresholds.ts";
import { FACTOR_STATUS, URGENCY } from "../../../domain/front-door/triage.ts";
import { OUTCOME_LABELS, OUTCOMES, STATES, STRATEGY_NEXT_STEPS } from "../../../domain/front-door/workflow.ts";
import { NotFound } from "../../../platform/errors.ts";
import { attempt, type FormErrors, noErrors, parseForm } from "../../../platform/forms.ts";
import { acting, doer } from "../../../platform/requests.ts";
import {
	decisionForm,
	decisionInput,
	reviewForm,
	reviewInput,
	SENT_FORM,
	SIGN_OFF_ANSWERS,
	signOffForm,
} from "./forms.ts";

type Body = Record<string, unknown>;
type WithChild = FastifyRequest<{ Params: { childId: string } }>;
const V = (name: string) => `modules/front-door/decisions/views/${name}.njk`;

export function registerDecisions(app: FastifyInstance) {
	const { services } = app;

	async function context(childId: string, request: FastifyRequest) {
		const record = await services.frontDoor.view(childId, acting(request));
		const [framework, teams, workers] = await Promise.all([
			services.settings.thresholdFramework(),
			services.users.teams(),
			services.decisions.allocatedWorkers(),
		]);
		return { record, framework, decision: record.decision, review: record.review, teams, workers };
	}

	async function render(
		reply: FastifyReply,
		step: "review" | "decision" | "sign-off",
		childId: string,
		// A function when the form starts from the record (the decision starts from the review).
		given: Body | ((record: Awaited<ReturnType<typeof context>>["record"]) => Body),
		errors: FormErrors,
	) {
		const c = await context(childId, reply.request);
		const { child, triage } = c.record;
		const values = typeof given === "function" ? given(c.record) : given;
		const now = services.now();
		return reply.page(V(step), {
			title: `${{ review: "Review the recommendation", decision: "Record the decision", "sign-off": "Sign off the decision" }[step]}: ${child.given_name} ${child.family_name}`,
			...c.record,
			decision: c.decision,
			review: c.review,
			values: { version: String(child.version), ...values },
			errors,
			stateLabel: STATES[child.state],
			outcomes: Object.entries(OUTCOMES).map(([value, text]) => ({ value, text })),
			// A decision recording a held strategy discussion reads as what it decided.
			outcomeLabels: OUTCOME_LABELS,
			levels: c.framework.levels.map((l) => ({
				value: l.id,
				text: l.label,
				hint: { text: `${l.descriptor} Usually: ${l.fits.map((o) => OUTCOMES[o].toLowerCase()).join(", ")}.` },
			})),
			levelLabel: triage ? levelLabel(c.framework, triage.threshold_level) : null,
			decisionLevelLabel: c.decision ? levelLabel(c.framework, c.decision.threshold_level) : null,
			tiers: c.framework.earlyHelpTiers.map((t) => ({ value: t.id, text: t.label })),
			teams: c.teams
				.filter((t) => t.kind === "early-help" || t.kind === "assessment")
				.map((t) => ({ value: t.id, text: t.name })),
			workers: c.workers.map((w) => ({ value: w.id, text: w.display_name })),
			councils: [
				...services.decisions.councils().map((x) => ({ value: x.code, text: `${x.name} (${x.code})` })),
				{ value: OUTSIDE_ENGLAND, text: "A council outside England (name it below)" },
			],
			decisionClock: clockStatus(child.decision_due_at, now, c.decision?.decided_at),
			isOutOfHoursWorker: reply.request.principal!.roles.includes("out-of-hours"),
			// What the record sections (views/record.njk) need: sign-off shows the whole record.
			recommendationLabel: triage ? OUTCOMES[triage.recommendation as keyof typeof OUTCOMES] : null,
			agreementLabels: AGREEMENT,
			nextStepLabels: STRATEGY_NEXT_STEPS,
			factorStatus: FACTOR_STATUS,
			urgency: URGENCY,
			answers: Object.entries(SIGN_OFF_ANSWERS).map(([value, text]) => ({
				value,
				text,
				checked: values.answer === value,
			})),
			openSteps: c.record.steps.filter((s) => !s.done_at && !s.cancelled_at).length,
		});
	}

	const guard = (state: string, wanted: string) => state === wanted;

	app.get("/front-door/children/:childId/review", async (request: WithChild, reply) => {
		const child = await services.frontDoor.child(request.params.childId);
		if (!guard(child.state, "enquiries")) return reply.redirect(`/front-door/children/${child.id}`, 303);
		return render(reply, "review", child.id, {}, noErrors());
	});

	app.post("/front-door/children/:childId/review", async (request: WithChild, reply) => {
		const body = (request.body ?? {}) as Body;
		const { childId } = request.params;
		const parsed = parseForm(reviewForm(await services.decisions.reviewContext(childId)), body);
		const errors = parsed.ok ? noErrors() : parsed.errors;
		const status = parsed.ok
			? await attempt(errors, () =>
					services.decisions.review(childId, reviewInput(parsed.value), parsed.value.version, doer(request)),
				)
			: 400;
		if (status === null) return reply.redirect(`/front-door/children/${childId}?saved=review`, 303);
		return render(reply.code(status), "review", childId, body, errors);
	});

	app.get("/front-door/children/:childId/decision", async (request: WithChild, reply) => {
		const child = await services.frontDoor.child(request.params.childId);
		if (!guard(child.state, "awaiting-decision")) return reply.redirect(`/front-door/children/${child.id}`, 303);
		return render(
			reply,
			"decision",
			child.id,
			({ review, triage }) => ({
				outcome: review?.recommendation ?? "",
				thresholdLevel: triage?.threshold_level ?? "",
			}),
			noErrors(),
		);
	});

	app.post("/front-door/children/:childId/decision", async (request: WithChild, reply) => {
		const body = (request.body ?? {}) as Body;
		const { childId } = request.params;
		const [framework, reviewed] = await Promise.all([
			services.settings.thresholdFramework(),
			services.decisions.reviewed(childId),
		]);
		const parsed = parseForm(decisionForm(framework, reviewed?.recommendation), body);
		const errors = parsed.ok ? noErrors() : parsed.errors;
		const status = parsed.ok
			? await attempt(errors, () =>
					services.decisions.decide(childId, decisionInput(parsed.value), parsed.value.version, doer(request)),
				)
			: 400;
		if (status === null) return reply.redirect(`/front-door/children/${childId}?saved=decision`, 303);
		return render(reply.code(status), "decision", childId, body, errors);
	});

	app.get("/front-door/children/:childId/sign-off", async (request: WithChild, reply) => {
		const child = await services.frontDoor.child(request.params.childId);
		if (!guard(child.state, "awaiting-sign-off")) return reply.redirect(`/front-door/children/${child.id}`, 303);
		return render(reply, "sign-off", child.id, {}, noErrors());
	});

	app.post("/front-door/children/:childId/sign-off", async (request: WithChild, reply) => {
		const body = (request.body ?? {}) as Body;
		const { childId } = request.params;
		const parsed = parseForm(signOffForm, body);
		const errors = parsed.ok ? noErrors() : parsed.errors;
		const answer = parsed.ok ? parsed.value.answer : null;
		const status = parsed.ok
			? await attempt(errors, () =>
					answer === "return"
						? services.decisions.returnDecision(childId, parsed.value.comment, parsed.value.version, doer(request))
						: services.decisions.signOff(childId, parsed.value.comment, parsed.value.version, doer(request)),
				)
			: 400;
		if (status === null) {
			return reply.redirect(
				`/front-door/children/${childId}?saved=${answer === "return" ? "returned" : "sign-off"}`,
				303,
			);
		}
		return render(reply.code(status), "sign-off", childId, body, errors);
	});

	app.get("/front-door/sign-off", async (request, reply) => {
		const reader = request.principal!;
		const rows = await services.recordAccess.withholdRestricted(
			reader,
			await services.decisions.awaitingSignOff(await services.recordAccess.listScope(reader), reader.id),
		);
		request.shown(rows.map((r) => ({ id: r.id, personId: r.person_id })));
		const now = services.now();
		return reply.page(V("sign-off-list"), {
			title: "Decisions waiting for sign-off",
			rows: rows.map((r) => ({ ...r, overdue: r.sign_off_due_at < now })),
			outcomeLabels: OUTCOMES,
		});
	});

	async function renderSent(reply: FastifyReply, childId: string, values: Body, errors: FormErrors) {
		const record = await services.frontDoor.view(childId, acting(reply.request));
		const { child, decision } = record;
		if (decision?.outcome !== "other-council" || !decision.signed_off_at || !decision.other_council_name) {
			throw new NotFound("Referral to another council");
		}
		return reply.page(V("other-council"), {
			title: `Referral to ${decision.other_council_name}: ${child.given_name} ${child.family_name}`,
			...record,
			outcomeLabels: OUTCOMES,
			sentHow: SENT_HOW,
			hows: Object.entries(SENT_HOW).map(([value, text]) => ({ value, text, checked: values.how === value })),
			values,
			errors,
		});
	}

	app.get("/front-door/children/:childId/other-council", async (request: WithChild, reply) =>
		renderSent(reply, request.params.childId, {}, noErrors()),
	);

	app.post("/front-door/children/:childId/other-council", async (request: WithChild, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = parseForm(SENT_FORM, body);
		const errors = read.ok ? noErrors() : read.errors;
		const { childId } = request.params;
		const status = read.ok
			? await attempt(errors, () =>
					services.decisions.recordSent(
						childId,
						{ sentAt: read.value.sent as Date, how: read.value.how, to: read.value.to ?? "" },
						doer(request),
					),
				)
			: 400;
		if (status === null) return reply.redirect(`/front-door/children/${childId}?saved=sent-to-council`, 303);
		return renderSent(reply.code(status), childId, body, errors);
	});
}
