import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, startOfDay, startOfMonth, startOfWeek } from "date-fns";
import type { Kysely } from "kysely";
import type { DB } from "../../db/schema.ts";
import { timescaleById } from "../../domain/clocks/timescales.ts";
import type { InScope } from "../../platform/record-access.ts";
import type { Acting } from "../../platform/requests.ts";
import type { SettingsService } from "../settings/index.ts";
import { liveFigures, periodFigures, type Range } from "./figures.ts";
import { LISTS, listChildren } from "./lists.ts";

const LONDON = "Europe/London";
// Figures are shared by everyone who opens the dashboard and recomputed at most this
// often, so a change shows within a minute and a busy morning costs one computation.
const FRESH_MS = 30_000;

/** The first instant of a "YYYY-MM" month in England's time. */
export function monthStart(ym: string): Date {
	const [y, m] = ym.split("-").map(Number);
	return new Date(new TZDate(y, m - 1, 1, 0, 0, 0, LONDON).getTime());
}

export const isMonth = (v: unknown): v is string => typeof v === "string" && /^\d{4}-(0[1-9]|1[0-2])$/.test(v);

/** Live and retrospective performance of the front door. */
export class DashboardService {
	#cache = new Map<string, { at: number; value: Promise<unknown> }>();

	constructor(
		private readonly db: Kysely<DB>,
		private readonly now: () => Date,
		private readonly settings: Pick<SettingsService, "activeTimescales">,
	) {}

	/** After how many hours a domestic-abuse notification is late: the council's timescale, 24 unless it sets another. */
	async lateHours(): Promise<number> {
		return timescaleById("da-notification-late", await this.settings.activeTimescales()).amount;
	}

	private cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
		const hit = this.#cache.get(key);
		if (hit && Date.now() - hit.at < FRESH_MS) return hit.value as Promise<T>;
		const value = compute();
		this.#cache.set(key, { at: Date.now(), value });
		value.catch(() => this.#cache.delete(key));
		if (this.#cache.size > 200) this.#cache.delete(this.#cache.keys().next().value as string);
		return value;
	}

	/** Today, this week and this month, in England's time. */
	periods() {
		const local = new TZDate(this.now().getTime(), LONDON);
		const at = (d: Date) => new Date(d.getTime());
		const today = startOfDay(local);
		const week = startOfWeek(local, { weekStartsOn: 1 });
		const month = startOfMonth(local);
		// Periods run to their end, not to now, so what happened this very minute counts.
		return {
			now: this.now(),
			today: at(today),
			yesterday: at(addDays(today, -1)),
			todayEnd: at(addDays(today, 1)),
			week: at(week),
			weekEnd: at(addDays(week, 7)),
			month: at(month),
			monthEnd: at(addMonths(month, 1)),
			thisMonth: `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, "0")}`,
		};
	}

	async live() {
		const p = this.periods();
		const lateHours = await this.lateHours();
		return this.cached(`live:${lateHours}`, async () => ({
			live: await liveFigures(this.db, p.now, p.today, p.week, p.weekEnd, p.yesterday),
			month: (await periodFigures(this.db, { from: p.month, to: p.monthEnd }, false, lateHours))[0] ?? null,
			lateHours,
			computedAt: this.now(),
		}));
	}

	/** One row per month from `from` to `to` inclusive ("YYYY-MM"). */
	monthly(from: string, to: string) {
		const range: Range = {
			from: monthStart(from),
			to: new Date(addMonths(new TZDate(monthStart(to).getTime(), LONDON), 1).getTime()),
		};
		return this.lateHours().then((lateHours) =>
			this.cached(`monthly:${from}:${to}:${lateHours}`, () => periodFigures(this.db, range, true, lateHours)),
		);
	}

	/** Everything at once, uncached: what "recomputed from scratch" costs. */
	async recompute(from: string, to: string) {
		this.#cache.clear();
		const [live, monthly] = await Promise.all([this.live(), this.monthly(from, to)]);
		return { live, monthly };
	}

	/** The children behind a figure; each child listed is logged as seen. */
	async list(id: string, range: Range, source: string | null, acting: Acting, inScope: InScope | null) {
		const lateHours = await this.lateHours();
		const rows = await listChildren(this.db, id, { range, now: this.now(), source, lateHours }, inScope);
		acting.shown?.(rows.map((r) => ({ id: r.id, personId: r.person_id, kind: "contact-child" })));
		const title =
			id === "da-late" ? LISTS[id].title.replace("the council's threshold", `${lateHours} hours`) : LISTS[id].title;
		return { title, rows };
	}
}
