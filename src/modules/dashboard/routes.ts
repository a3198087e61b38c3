import { TZDate } from "@date-fns/tz";
import { addMonths, format } from "date-fns";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { REFERRAL_SOURCE } from "../../domain/front-door/codes.ts";
import { OUTCOMES, STATES } from "../../domain/front-door/workflow.ts";
import { may } from "../../platform/access-control.ts";
import { formatDateTime } from "../../platform/format.ts";
import { acting } from "../../platform/requests.ts";
import type { PeriodFigures } from "./figures.ts";
import { LIST_LIMIT, LISTS } from "./lists.ts";
import { isMonth, monthStart } from "./service.ts";

type Query = Record<string, unknown>;
const LONDON = "Europe/London";
const percent = (v: number | null) => (v === null ? "No data" : `${Math.round(v * 1000) / 10}%`);
const hours = (v: number | null) => (v === null ? "No data" : `${Math.round(v * 10) / 10} hours`);
const days = (v: number | null) => (v === null ? "No data" : `${Math.round(v * 10) / 10} days`);

/** The figures of one period, each with the list of children behind it. */
function periodCells(f: PeriodFigures | null, link: (list: string) => string | null, lateHours: number) {
	const v = (n: number | undefined) => String(n ?? 0);
	return [
		{ label: "Children on contacts", value: v(f?.children), href: link("contacts") },
		{ label: "Referrals", value: v(f?.referrals), href: link("referrals") },
		{ label: "Contact-to-referral conversion", value: percent(f?.conversion ?? null), href: link("referrals") },
		{ label: "Re-referral rate", value: percent(f?.reReferralRate ?? null), href: link("re-referrals") },
		{
			label: "Decisions within 1 working day",
			value: percent(f?.decisionsInTime ?? null),
			href: link("decisions-late"),
		},
		{
			label: "Signed off within the expected time",
			value: percent(f?.signOffsInTime ?? null),
			href: link("sign-offs-late"),
		},
		{
			label: "Information shared without agreement",
			value: v(f?.sharedWithoutAgreement),
			href: link("shared-without-agreement"),
		},
		{
			label: "… and without a rationale (should be none)",
			value: v(f?.withoutRationale),
			href: link("without-rationale"),
		},
		{
			label: `DA notifications more than ${lateHours} hours after the incident`,
			value: `${v(f?.daLate)} of ${v(f?.daNotifications)}`,
			href: link("da-late"),
		},
		{
			label: "DA notifications: median time from incident to receipt",
			value: hours(f?.daMedianDelayHours ?? null),
			href: link("da-late"),
		},
		{
			label: "DA notifications without a risk assessment",
			value: v(f?.daNoRiskAssessment),
			href: link("da-no-risk-assessment"),
		},
		{
			label: "Early help: median time from decision to first contact",
			value: days(f?.earlyHelpMedianDays ?? null),
			href: link("early-help-not-contacted"),
		},
		{
			label: "Early help: accepted, family not yet contacted",
			value: v(f?.earlyHelpNotContacted),
			href: link("early-help-not-contacted"),
		},
		{ label: "Stepped up within 3 months of a step-down", value: v(f?.stepUps), href: link("step-ups") },
	];
}

export function registerDashboard(app: FastifyInstance) {
	const { services } = app;
	const canList = (request: FastifyRequest) => may(request, "GET", "/dashboard/children");

	app.get("/dashboard", async (request, reply) => {
		const query = request.query as Query;
		const p = services.dashboard.periods();
		const defaultFrom = format(addMonths(new TZDate(p.month.getTime(), LONDON), -11), "yyyy-MM");
		let from = isMonth(query.from) ? query.from : defaultFrom;
		let to = isMonth(query.to) ? query.to : p.thisMonth;
		const errors = { summary: [] as { text: string; href: string }[], fields: {} as Record<string, { text: string }> };
		if ((query.from !== undefined && !isMonth(query.from)) || (query.to !== undefined && !isMonth(query.to))) {
			errors.summary.push({ text: "Enter months as YYYY-MM, for example 2026-04", href: "#from" });
			errors.fields.from = { text: "Enter months as YYYY-MM, for example 2026-04" };
		} else if (from > to) {
			errors.summary.push({ text: "The first month must be before the last", href: "#from" });
			errors.fields.from = { text: "The first month must be before the last" };
		} else if (monthStart(to).getTime() - monthStart(from).getTime() > 10 * 366 * 86_400_000) {
			errors.summary.push({ text: "Choose at most 10 years", href: "#from" });
			errors.fields.from = { text: "Choose at most 10 years" };
		}
		if (errors.summary.length) [from, to] = [defaultFrom, p.thisMonth];
		const [{ live, month, computedAt, lateHours }, monthly] = await Promise.all([
			services.dashboard.live(),
			services.dashboard.monthly(from, to),
		]);
		const lists = canList(request);
		const range = (a: Date, b: Date) => `from=${a.toISOString()}&to=${b.toISOString()}`;
		const link = (list: string, a: Date, b: Date, extra = "") =>
			lists ? `/dashboard/children?list=${list}&${range(a, b)}${extra}` : null;
		const monthRows = monthly.map((m) => {
			const start = monthStart(m.month);
			const end = new Date(addMonths(new TZDate(start.getTime(), LONDON), 1).getTime());
			return {
				month: format(new TZDate(start.getTime(), LONDON), "MMMM yyyy"),
				cells: periodCells(m, (l) => link(l, start, end), lateHours),
			};
		});
		return reply.code(errors.summary.length ? 400 : 200).page("modules/dashboard/views/dashboard.njk", {
			title: "Front door performance",
			computedAt: formatDateTime(computedAt),
			live,
			oldestWaiting: live.oldestWaiting ? formatDateTime(new Date(live.oldestWaiting)) : null,
			links: {
				triage: "/triage?team=all",
				matching: may(request, "GET", "/front-door/matching") ? "/front-door/matching" : null,
				signOff: "/front-door/sign-off",
				feedback: "/front-door/feedback",
				overdue: link("decisions-overdue", p.now, p.now),
				acknowledgements: link("acknowledgements-owed", p.now, p.now),
				outOfHours: link("out-of-hours", p.yesterday, p.todayEnd),
				sideExits: link("side-exits", p.month, p.monthEnd),
			},
			sources: live.bySource.map((s) => ({
				label: REFERRAL_SOURCE[s.source as keyof typeof REFERRAL_SOURCE] ?? s.source,
				today: s.today,
				week: s.week,
				todayHref: link("contacts", p.today, p.todayEnd, `&source=${s.source}`),
				weekHref: link("contacts", p.week, p.weekEnd, `&source=${s.source}`),
			})),
			thisMonth: periodCells(month, (l) => link(l, p.month, p.monthEnd), lateHours),
			headings: periodCells(null, () => null, lateHours).map((c) => c.label),
			monthRows,
			values: { from, to },
			errors,
		});
	});

	app.get("/dashboard/children", async (request, reply) => {
		const query = request.query as Query;
		const list = typeof query.list === "string" && Object.hasOwn(LISTS, query.list) ? query.list : null;
		const from = new Date(String(query.from ?? ""));
		const to = new Date(String(query.to ?? ""));
		const source =
			typeof query.source === "string" && Object.hasOwn(REFERRAL_SOURCE, query.source) ? query.source : null;
		// Years outside the service's life are a tampered address, not a list (PGlite refuses year 0).
		const plausible = (d: Date) =>
			!Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1990 && d.getUTCFullYear() <= 2200;
		if (!list || !plausible(from) || !plausible(to)) {
			return reply.code(400).page("platform/views/error.njk", {
				title: "There is a problem with this list",
				text: "Open the list from a figure on the dashboard.",
				status: 400,
			});
		}
		const reader = request.principal!;
		const listed = await services.dashboard.list(
			list,
			{ from, to },
			source,
			acting(request),
			await services.recordAccess.listScope(reader),
		);
		const { title } = listed;
		const rows = await services.recordAccess.withholdRestricted(reader, listed.rows);
		return reply.page("modules/dashboard/views/children.njk", {
			title,
			period: LISTS[list].period ? `${formatDateTime(from)} to ${formatDateTime(to)}` : null,
			source: source ? REFERRAL_SOURCE[source as keyof typeof REFERRAL_SOURCE] : null,
			rows: rows.slice(0, LIST_LIMIT).map((r) => ({
				...r,
				stateLabel: STATES[r.state],
				outcomeLabel: r.outcome ? OUTCOMES[r.outcome as keyof typeof OUTCOMES] : "",
			})),
			more: rows.length > LIST_LIMIT,
			limit: LIST_LIMIT,
		});
	});
}
