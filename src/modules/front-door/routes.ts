import type { FastifyInstance, FastifyRequest } from "fastify";
import { clockStatus } from "../../domain/clocks/timescales.ts";
import { REFERRAL_SOURCE } from "../../domain/front-door/codes.ts";
import { levelLabel } from "../../domain/front-door/thresholds.ts";
import { FACTOR_STATUS, URGENCY } from "../../domain/front-door/triage.ts";
import { available, OUTCOMES, STATES } from "../../domain/front-door/workflow.ts";
import { decideAccess, ROUTE_ACCESS } from "../../platform/permissions.ts";
import { acting } from "../contacts/routes.ts";
import { describeEvent } from "./transitions.ts";

type WithChild = FastifyRequest<{ Params: { childId: string } }>;

// The page each workflow event is recorded on, once that page exists.
const ACTION_PAGES: Record<string, { path: string; text: string }> = {
	triage: { path: "triage", text: "Triage this child" },
};

export function registerFrontDoor(app: FastifyInstance) {
	const { services } = app;

	app.get("/front-door/children/:childId", async (request: WithChild, reply) => {
		const record = await services.frontDoor.view(request.params.childId, acting(request));
		const framework = await services.settings.thresholdFramework();
		const now = services.now();
		const { child } = record;
		const actions = available(child.state as keyof typeof STATES).flatMap((event) => {
			const page = ACTION_PAGES[event];
			if (!page) return [];
			const url = `/front-door/children/:childId/${page.path}`;
			return decideAccess(ROUTE_ACCESS[`POST ${url}`], "POST", url, request.principal) === "allow"
				? [{ href: `/front-door/children/${child.id}/${page.path}`, text: page.text }]
				: [];
		});
		return reply.page("modules/front-door/views/child.njk", {
			title: child.person_id ? `${child.given_name} ${child.family_name}` : "Child not yet matched",
			...record,
			stateLabel: STATES[child.state as keyof typeof STATES],
			outcomeLabel: child.outcome ? OUTCOMES[child.outcome as keyof typeof OUTCOMES] : null,
			decisionClock: clockStatus(child.decision_due_at, now),
			levelLabel: record.triage ? levelLabel(framework, record.triage.threshold_level) : null,
			recommendationLabel: record.triage ? OUTCOMES[record.triage.recommendation as keyof typeof OUTCOMES] : null,
			events: record.events.map((e) => ({
				...e,
				text: describeEvent(e.event),
				toLabel: STATES[e.to_state as keyof typeof STATES],
			})),
			sourceLabels: REFERRAL_SOURCE,
			factorStatus: FACTOR_STATUS,
			urgency: URGENCY,
			actions,
			saved: (request.query as Record<string, unknown>).saved ?? null,
		});
	});
}
