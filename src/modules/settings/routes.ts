import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { StaleEdit } from "../../platform/errors.ts";
import { formatDateTime } from "../../platform/format.ts";
import { dateInputValues, type FormErrors, fieldError, noErrors, parseForm } from "../../platform/forms.ts";
import { BANK_HOLIDAY_FORM, localOverrides, OFFICE_HOURS_FORM, officeHours, TIMESCALES_FORM } from "./forms.ts";
import { registerGoLive } from "./go-live.ts";
import { registerRecordScope } from "./record-scope.ts";
import { InvalidSetting } from "./service.ts";
import { registerThresholds } from "./thresholds.ts";

const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const UNIT_LABELS: Record<string, string> = {
	"clock-hours": "clock hours",
	"working-hours": "working hours",
	"working-days": "working days",
	"same-working-day": "same working day",
	"calendar-months": "calendar months",
};

type Body = Record<string, unknown>;

export function registerSettings(app: FastifyInstance) {
	registerThresholds(app);
	registerRecordScope(app);
	registerGoLive(app);
	const settings = () => app.services.settings;
	const isAdmin = (request: FastifyRequest) => request.principal?.roles.includes("administrator") ?? false;

	async function renderCalendar(
		request: FastifyRequest,
		reply: FastifyReply,
		state: {
			hoursErrors?: FormErrors;
			holidayErrors?: FormErrors;
			hoursValues?: Body;
			holidayValues?: Body;
			saved?: string;
		} = {},
	) {
		const [hours, holidays] = await Promise.all([settings().officeHours(), settings().bankHolidays()]);
		const errors = noErrors();
		for (const e of [state.hoursErrors, state.holidayErrors]) {
			if (!e) continue;
			errors.summary.push(...e.summary);
			Object.assign(errors.fields, e.fields);
		}
		const thisYear = Number(new Date().getFullYear());
		const byYear = new Map<string, typeof holidays>();
		for (const h of holidays.filter((h) => Number(h.day.slice(0, 4)) >= thisYear - 1)) {
			const year = h.day.slice(0, 4);
			byYear.set(year, [...(byYear.get(year) ?? []), h]);
		}
		return reply.page("modules/settings/views/calendar.njk", {
			title: "Office hours and bank holidays",
			canEdit: isAdmin(request),
			hours,
			hoursValues: state.hoursValues ?? {
				opens: hours.value.opens,
				closes: hours.value.closes,
				days: hours.value.days.map(String),
				version: hours.version,
			},
			holidayValues: state.holidayValues ?? { day: dateInputValues(null) },
			days: DAY_NAMES.map((name, i) => ({ value: String(i + 1), text: name })),
			years: [...byYear.entries()],
			errors,
			saved: state.saved,
			lastYear: holidays.at(-1)?.day.slice(0, 4),
		});
	}

	app.get("/settings/calendar", async (request, reply) => {
		const saved = (request.query as Record<string, string>).saved;
		return renderCalendar(request, reply, { saved });
	});

	app.post("/settings/office-hours", async (request, reply) => {
		const body = (request.body ?? {}) as Body;
		const hoursValues = {
			opens: body.opens,
			closes: body.closes,
			days: [body.days ?? []].flat(),
			version: body.version,
		};
		const read = parseForm(OFFICE_HOURS_FORM, body);
		if (!read.ok) return renderCalendar(request, reply.code(400), { hoursErrors: read.errors, hoursValues });
		try {
			const { version, ...hours } = read.value;
			await settings().setOfficeHours(officeHours(hours), version, request.principal!, request.id);
			return reply.redirect("/settings/calendar?saved=office-hours", 303);
		} catch (error) {
			if (!(error instanceof StaleEdit)) throw error;
			const hoursErrors = fieldError("opens", staleMessage(error));
			return renderCalendar(request, reply.code(409), { hoursErrors, hoursValues });
		}
	});

	app.post("/settings/bank-holidays", async (request, reply) => {
		const body = (request.body ?? {}) as Body;
		const holidayValues = {
			day: { day: body["day-day"], month: body["day-month"], year: body["day-year"] },
			title: body.title,
		};
		const read = parseForm(BANK_HOLIDAY_FORM, body);
		if (!read.ok) return renderCalendar(request, reply.code(400), { holidayErrors: read.errors, holidayValues });
		const errors = noErrors();
		try {
			const { day, title } = read.value;
			// The date is required, so it is here.
			await settings().addBankHoliday(day as string, title, request.principal!, request.id);
			return reply.redirect("/settings/calendar?saved=bank-holiday", 303);
		} catch (error) {
			// Already a bank holiday: the database says so.
			if (!(error instanceof InvalidSetting)) throw error;
			for (const m of error.messages) fieldError("day-day", m, errors);
		}
		return renderCalendar(request, reply.code(400), { holidayErrors: errors, holidayValues });
	});

	async function renderTimescales(request: FastifyRequest, reply: FastifyReply, errors = noErrors(), values?: Body) {
		const { timescales, overrides } = await settings().timescales();
		return reply.page("modules/settings/views/timescales.njk", {
			title: "Timescales",
			canEdit: isAdmin(request),
			timescales: timescales.map((t) => ({ ...t, unitLabel: UNIT_LABELS[t.unit] ?? t.unit })),
			values: values ?? Object.fromEntries(timescales.map((t) => [t.id, String(t.amount)])),
			version: values?.version ?? overrides.version,
			updated: overrides.updatedAt ? `${formatDateTime(overrides.updatedAt)} by ${overrides.updatedByName}` : null,
			errors,
			saved: (request.query as Record<string, string>).saved === "1",
		});
	}

	app.get("/settings/timescales", async (request, reply) => renderTimescales(request, reply));

	app.post("/settings/timescales", async (request, reply) => {
		const body = (request.body ?? {}) as Body;
		const read = parseForm(TIMESCALES_FORM, body);
		if (!read.ok) return renderTimescales(request, reply.code(400), read.errors, body);
		try {
			const overrides = localOverrides(read.value);
			await settings().setTimescaleOverrides(overrides, read.value.version, request.principal!, request.id);
			return reply.redirect("/settings/timescales?saved=1", 303);
		} catch (error) {
			if (!(error instanceof StaleEdit)) throw error;
			return renderTimescales(request, reply.code(409), fieldError("form", staleMessage(error)));
		}
	});
}

function staleMessage(error: StaleEdit) {
	return `These settings were changed by ${error.changedBy} at ${formatDateTime(error.changedAt)}. Your changes have not been saved. Check the current settings and make your changes again.`;
}
