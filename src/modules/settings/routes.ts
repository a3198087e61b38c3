import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { LocalOverride } from "../../domain/clocks/timescales.ts";
import { StaleEdit } from "../../platform/errors.ts";
import { formatDateTime } from "../../platform/format.ts";
import {
	asList,
	dateInputValues,
	type FormErrors,
	fieldError,
	noErrors,
	parseDateInput,
} from "../../platform/forms.ts";
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
		const value = {
			opens: String(body.opens ?? "").trim(),
			closes: String(body.closes ?? "").trim(),
			days: asList(body.days).map(Number),
		};
		const hoursValues = { ...value, days: value.days.map(String), version: body.version };
		try {
			await settings().setOfficeHours(value, Number(body.version ?? -1), request.principal!, request.id);
			return reply.redirect("/settings/calendar?saved=office-hours", 303);
		} catch (error) {
			const errors = noErrors();
			if (error instanceof InvalidSetting) for (const m of error.messages) fieldError(fieldFor(m), m, errors);
			else if (error instanceof StaleEdit) fieldError("opens", staleMessage(error), errors);
			else throw error;
			return renderCalendar(request, reply.code(error instanceof StaleEdit ? 409 : 400), {
				hoursErrors: errors,
				hoursValues,
			});
		}
	});

	app.post("/settings/bank-holidays", async (request, reply) => {
		const body = (request.body ?? {}) as Body;
		const errors = noErrors();
		const day = parseDateInput(body, "day", "Date");
		if (!day.ok) fieldError("day", day.message, errors);
		else if (!day.value) fieldError("day", "Enter the date of the bank holiday", errors);
		const title = String(body.title ?? "").trim();
		if (!title) fieldError("title", "Enter the name of the bank holiday", errors);
		else if (title.length > 100) fieldError("title", "Name must be 100 characters or fewer", errors);
		const holidayValues = { day: { day: body["day-day"], month: body["day-month"], year: body["day-year"] }, title };
		if (errors.summary.length === 0 && day.ok && day.value) {
			try {
				await settings().addBankHoliday(day.value, title, request.principal!, request.id);
				return reply.redirect("/settings/calendar?saved=bank-holiday", 303);
			} catch (error) {
				if (!(error instanceof InvalidSetting)) throw error;
				for (const m of error.messages) fieldError("day", m, errors);
			}
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
		const { timescales } = await settings().timescales();
		const errors = noErrors();
		const overrides: LocalOverride[] = [];
		for (const t of timescales.filter((t) => t.kind === "local" && t.unit !== "same-working-day")) {
			const raw = String(body[t.id] ?? "").trim();
			if (!/^\d{1,4}$/.test(raw)) {
				fieldError(t.id, `Enter a whole number for "${t.name}"`, errors);
				continue;
			}
			overrides.push({ id: t.id, amount: Number(raw) });
		}
		if (errors.summary.length === 0) {
			try {
				await settings().setTimescaleOverrides(overrides, Number(body.version ?? -1), request.principal!, request.id);
				return reply.redirect("/settings/timescales?saved=1", 303);
			} catch (error) {
				if (error instanceof InvalidSetting)
					for (const m of error.messages) fieldError(overrideField(m, overrides), m, errors);
				else if (error instanceof StaleEdit) fieldError("form", staleMessage(error), errors);
				else throw error;
				return renderTimescales(request, reply.code(error instanceof StaleEdit ? 409 : 400), errors);
			}
		}
		return renderTimescales(request, reply.code(400), errors, body);
	});
}

function staleMessage(error: StaleEdit) {
	return `These settings were changed by ${error.changedBy} at ${formatDateTime(error.changedAt)}. Your changes have not been saved. Check the current settings and make your changes again.`;
}

function fieldFor(message: string): string {
	if (/clos/i.test(message)) return "closes";
	if (/day/i.test(message)) return "days";
	return "opens";
}

function overrideField(message: string, overrides: LocalOverride[]): string {
	return overrides.find((o) => message.includes(o.id))?.id ?? "form";
}
