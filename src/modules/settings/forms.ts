import { z } from "zod";
import { SCOPABLE_ROLES, type ScopableRole, type Scope } from "../../domain/access/scope.ts";
import { type OfficeHours, validateOfficeHours } from "../../domain/calendar/working-calendar.ts";
import { applyLocalOverrides, type LocalOverride, TIMESCALES } from "../../domain/clocks/timescales.ts";
import {
	frameworkProblems,
	MAX_LEVELS,
	MAX_TIERS,
	type ThresholdFramework,
} from "../../domain/front-door/thresholds.ts";
import { OUTCOMES, type Outcome } from "../../domain/front-door/workflow.ts";
import { field, form, type Problems } from "../../platform/forms.ts";
import { ROLES } from "../../platform/roles.ts";

/** A posted field as one trimmed string: a field sent twice is read as its first value. */
const oneText = (v: unknown) => String((Array.isArray(v) ? v[0] : v) ?? "").trim();
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// ---------------------------------------------------------------------------------------
// Office hours and bank holidays.

const WEEKDAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;

/** Which field a message about office hours belongs to. */
function officeHoursField(message: string): "opens" | "closes" | "days" {
	if (/clos/i.test(message)) return "closes";
	if (/day/i.test(message)) return "days";
	return "opens";
}

/** The office's hours: the domain's rules say what a working calendar accepts. */
export const OFFICE_HOURS_FORM = form(
	{
		version: field.version(),
		opens: field.optionalText("Opening time", 10),
		closes: field.optionalText("Closing time", 10),
		days: field.checkboxes(WEEKDAYS, "Select office days from the list"),
	},
	(v) => {
		const problems: Problems = {};
		for (const message of validateOfficeHours(officeHours({ opens: null, closes: null, days: [], ...v }))) {
			const id = officeHoursField(message);
			// A field that could not be read has said so already.
			if (id in v && !problems[id]) problems[id] = message;
		}
		return problems;
	},
);

export function officeHours(v: { opens: string | null; closes: string | null; days: readonly string[] }): OfficeHours {
	return { opens: v.opens ?? "", closes: v.closes ?? "", days: v.days.map(Number) };
}

export const BANK_HOLIDAY_FORM = form({
	day: field.date("Date", "Enter the date of the bank holiday"),
	title: field.text("Name", 100, "Enter the name of the bank holiday"),
});

// ---------------------------------------------------------------------------------------
// Local timescales: one whole number for each the council may set, in the table's order.

const LOCAL_TIMESCALES = TIMESCALES.filter((t) => t.kind === "local" && t.unit !== "same-working-day");

const amount = (name: string) =>
	z.preprocess(
		oneText,
		z
			.string()
			.regex(/^\d{1,4}$/, `Enter a whole number for "${name}"`)
			.transform(Number),
	);

/** The overrides posted, for the timescales whose amount could be read. */
export function localOverrides(v: Record<string, unknown>): LocalOverride[] {
	return LOCAL_TIMESCALES.filter((t) => typeof v[t.id] === "number").map((t) => ({
		id: t.id,
		amount: v[t.id] as number,
	}));
}

export const TIMESCALES_FORM = form(
	{ version: field.version(), ...Object.fromEntries(LOCAL_TIMESCALES.map((t) => [t.id, amount(t.name)])) },
	(v) => {
		const problems: Problems = {};
		for (const message of applyLocalOverrides(TIMESCALES, localOverrides(v)).errors) {
			// Each message names the timescale's id.
			const id = LOCAL_TIMESCALES.find((t) => message.includes(`(${t.id})`))?.id ?? "form";
			if (!problems[id]) problems[id] = message;
		}
		return problems;
	},
);

// ---------------------------------------------------------------------------------------
// The threshold framework: up to MAX_LEVELS levels and MAX_TIERS early-help tiers; rows
// left blank are dropped, and a level's id is its position among those kept.

const slug = (label: string) =>
	label
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, "-")
		.replace(/^-|-$/g, "");

const LEVEL_FIELDS = Object.fromEntries(
	range(MAX_LEVELS).flatMap((i) => [
		[`level-${i}-label`, field.optionalText(`Level ${i + 1}'s name`, 200)],
		[`level-${i}-descriptor`, field.optionalText(`Level ${i + 1}'s descriptor`, 4000)],
		[`level-${i}-fits`, field.checkboxes(OUTCOMES, `Choose the outcomes level ${i + 1} usually leads to`)],
	]),
);
const TIER_FIELDS = Object.fromEntries(
	range(MAX_TIERS).flatMap((i) => [
		// Written by the page: the tier's id as saved, kept when its name changes.
		[`tier-${i}-id`, field.optionalText(`Early-help tier ${i + 1}'s id`, 200)],
		[`tier-${i}-label`, field.optionalText(`Early-help tier ${i + 1}`, 200)],
	]),
);

// A field that could not be read stands for something typed: its row counts, and the
// framework's own rules are not asked about it (its message is already given).
const UNREAD = "\u0000";

/** The framework from the rows, with the form row each level and tier came from. */
export function toFramework(v: Record<string, unknown>): {
	framework: ThresholdFramework;
	levelRows: number[];
	tierRows: number[];
} {
	const text = (name: string) => (name in v ? ((v[name] as string | null) ?? "") : UNREAD);
	const levels: ThresholdFramework["levels"] = [];
	const levelRows: number[] = [];
	for (const i of range(MAX_LEVELS)) {
		const label = text(`level-${i}-label`);
		const descriptor = text(`level-${i}-descriptor`);
		const fits = (v[`level-${i}-fits`] as Outcome[] | undefined) ?? (["nfa"] as Outcome[]);
		const unread = !(`level-${i}-fits` in v);
		if (!label && !descriptor && !fits.length && !unread) continue;
		levels.push({ id: String(levels.length + 1), label, descriptor, fits });
		levelRows.push(i);
	}
	const earlyHelpTiers: ThresholdFramework["earlyHelpTiers"] = [];
	const tierRows: number[] = [];
	for (const i of range(MAX_TIERS)) {
		const label = text(`tier-${i}-label`);
		if (!label) continue;
		const id = text(`tier-${i}-id`);
		earlyHelpTiers.push({ id: label === UNREAD || id === UNREAD ? `${UNREAD}${i}` : id || slug(label), label });
		tierRows.push(i);
	}
	return { framework: { levels, earlyHelpTiers }, levelRows, tierRows };
}

export const THRESHOLDS_FORM = form({ version: field.version(), ...LEVEL_FIELDS, ...TIER_FIELDS }, (v) => {
	const { framework, levelRows, tierRows } = toFramework(v);
	const problems: Problems = {};
	// The domain numbers the levels and tiers kept; the page, its rows.
	for (const [key, message] of Object.entries(frameworkProblems(framework, Object.keys(OUTCOMES)))) {
		const m = /^(level|tier)-(\d+)-(.+)$/.exec(key);
		const rows = m?.[1] === "level" ? levelRows : tierRows;
		problems[m ? `${m[1]}-${rows[Number(m[2])] ?? 0}-${m[3]}` : key] = message;
	}
	return problems;
});

// ---------------------------------------------------------------------------------------
// Record scope: for each role a council may scope, which children's records it opens.

const SCOPES = ["all", "team", "allocated"] as const;

export const RECORD_SCOPE_FORM = form({
	version: field.version(),
	...(Object.fromEntries(
		SCOPABLE_ROLES.map((role) => [
			role,
			field.choice(SCOPES, `Select which records a ${ROLES[role].toLowerCase()} opens`),
		]),
	) as Record<ScopableRole, ReturnType<typeof field.choice<Scope>>>),
});

// ---------------------------------------------------------------------------------------
// Go-live: the first day Threshold's own contacts and referrals count (ADR 37).

export const GO_LIVE_FORM = form({
	version: field.version(),
	date: field.date("The go-live date", "Enter the go-live date"),
});
