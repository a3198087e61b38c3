import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/schema.ts";
import { type ScopeSetting, scopeSettingProblems } from "../../domain/access/scope.ts";
import bankHolidayFile from "../../domain/calendar/bank-holidays-england-and-wales.json" with { type: "json" };
import {
	type OfficeHours,
	STANDARD_OFFICE_HOURS,
	validateOfficeHours,
	WorkingCalendar,
} from "../../domain/calendar/working-calendar.ts";
import { applyLocalOverrides, type LocalOverride, TIMESCALES, type Timescale } from "../../domain/clocks/timescales.ts";
import { DEFAULT_FRAMEWORK, frameworkProblems, type ThresholdFramework } from "../../domain/front-door/thresholds.ts";
import { OUTCOMES } from "../../domain/front-door/workflow.ts";
import type { AccessLog } from "../../platform/access-log.ts";
import { StaleEdit } from "../../platform/errors.ts";
import { englandDay } from "../../platform/format.ts";
import { RECORD_SCOPE_SETTING } from "../../platform/record-access.ts";
import type { Principal } from "../../platform/sessions.ts";

const OFFICE_HOURS = "office-hours";
const TIMESCALE_OVERRIDES = "timescale-overrides";
const THRESHOLD_FRAMEWORK = "threshold-framework";
// Read in SQL too, by threshold_go_live() (migrations/0047), which the journey views use.
const GO_LIVE = "threshold-go-live";
// Other processes may change settings; each re-reads them at least this often.
const CACHE_MS = 60_000;

/** A setting read at most once a minute per process; cleared when this process changes it. */
class Cached<T> {
	#held: { at: number; value: T } | undefined;
	constructor(private readonly load: () => Promise<T>) {}

	async get(): Promise<T> {
		const held = this.#held;
		if (held && Date.now() - held.at < CACHE_MS) return held.value;
		const value = await this.load();
		this.#held = { at: Date.now(), value };
		return value;
	}

	clear(): void {
		this.#held = undefined;
	}
}

const SSD_LINKING_SETTING = "ssd-linking";

export interface SsdLinkingSetting {
	/** The team whose tray an uncertain link goes to; null: the council's front-door team. */
	teamId: string | null;
	/**
	 * The SSD source whose pers_person_id is Threshold's person number (la_person_id): a
	 * council that loaded its people from that case system with their ids. Null: none.
	 */
	numbersOfSource: string | null;
}

export interface BankHoliday {
	day: string;
	title: string;
	source: "file" | "added";
}

export class InvalidSetting extends Error {
	constructor(readonly messages: string[]) {
		super(messages.join("; "));
	}
}

interface Versioned<T> {
	value: T;
	version: number;
	updatedAt: Date | null;
	updatedByName: string | null;
}

/** Council configuration: office hours, bank holidays and local timescales. */
export class SettingsService {
	readonly #calendar = new Cached(async () => {
		const [hours, holidays] = await Promise.all([this.officeHours(), this.bankHolidays()]);
		return new WorkingCalendar({
			officeHours: hours.value,
			bankHolidays: holidays.map((h) => h.day),
			timeZone: "Europe/London",
		});
	});
	readonly #framework = new Cached(async () => (await this.thresholdFrameworkVersioned()).value);
	readonly #timescales = new Cached(async () => (await this.timescales()).timescales);

	constructor(
		private readonly db: Kysely<DB>,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
	) {}

	async officeHours(): Promise<Versioned<OfficeHours>> {
		return this.read(OFFICE_HOURS, STANDARD_OFFICE_HOURS);
	}

	/**
	 * The council's levels of need and early-help tiers; the default until the council sets
	 * its own. Cached: triage and decision pages ask for it on every request.
	 */
	thresholdFramework(): Promise<ThresholdFramework> {
		return this.#framework.get();
	}

	thresholdFrameworkVersioned(): Promise<Versioned<ThresholdFramework>> {
		return this.read(THRESHOLD_FRAMEWORK, DEFAULT_FRAMEWORK);
	}

	/** Level ids are their positions, so earlier triages keep pointing at the level they chose. */
	async setThresholdFramework(value: ThresholdFramework, version: number, actor: Principal, requestId: string) {
		const problems = frameworkProblems(value, Object.keys(OUTCOMES));
		if (Object.keys(problems).length) throw new InvalidSetting(Object.values(problems));
		await this.write(THRESHOLD_FRAMEWORK, DEFAULT_FRAMEWORK, value, version, actor, requestId);
		this.#framework.clear();
	}

	async bankHolidays(): Promise<BankHoliday[]> {
		const added = await this.db.selectFrom("bank_holiday").select(["day", "title"]).execute();
		const known = new Set(bankHolidayFile.map((h) => h.date));
		return [
			...bankHolidayFile.map((h) => ({ day: h.date, title: h.title, source: "file" as const })),
			...added.filter((h) => !known.has(h.day)).map((h) => ({ ...h, source: "added" as const })),
		].sort((a, b) => a.day.localeCompare(b.day));
	}

	/** The council's working calendar, cached briefly because every queue asks for it. */
	calendar(): Promise<WorkingCalendar> {
		return this.#calendar.get();
	}

	async setOfficeHours(value: OfficeHours, version: number, actor: Principal, requestId: string): Promise<void> {
		const problems = validateOfficeHours(value);
		if (problems.length) throw new InvalidSetting(problems);
		await this.write(OFFICE_HOURS, STANDARD_OFFICE_HOURS, value, version, actor, requestId);
	}

	async addBankHoliday(day: string, title: string, actor: Principal, requestId: string): Promise<void> {
		const existing = (await this.bankHolidays()).find((h) => h.day === day);
		if (existing) throw new InvalidSetting([`${day} is already a bank holiday (${existing.title})`]);
		await this.db.transaction().execute(async (trx) => {
			await trx.insertInto("bank_holiday").values({ day, title, added_by: actor.id, added_at: this.now() }).execute();
			await this.accessLog.change(trx, {
				userId: actor.id,
				role: actor.roles.join(","),
				action: "create",
				recordType: "bank-holiday",
				recordId: day,
				requestId,
				before: null,
				after: { day, title },
			});
		});
		this.#calendar.clear();
	}

	async timescales(): Promise<{ timescales: Timescale[]; overrides: Versioned<LocalOverride[]> }> {
		const overrides = await this.read<LocalOverride[]>(TIMESCALE_OVERRIDES, []);
		return { timescales: applyLocalOverrides(TIMESCALES, overrides.value).timescales, overrides };
	}

	/** The timescales in force, cached like the calendar: every contact and decision computes due times from them. */
	activeTimescales(): Promise<Timescale[]> {
		return this.#timescales.get();
	}

	async setTimescaleOverrides(overrides: LocalOverride[], version: number, actor: Principal, requestId: string) {
		const { errors } = applyLocalOverrides(TIMESCALES, overrides);
		if (errors.length) throw new InvalidSetting(errors);
		await this.write(TIMESCALE_OVERRIDES, [], overrides, version, actor, requestId);
		this.#timescales.clear();
	}

	/**
	 * The first day Threshold's front door is the council's record of contacts and referrals
	 * (ADR 37): the day saved, or null until one is, when the day of the first contact
	 * stands (`goLiveInForce`).
	 */
	goLive(): Promise<Versioned<string | null>> {
		return this.read<string | null>(GO_LIVE, null);
	}

	/** The go-live day the journey views use now; null before any contact and any setting. */
	async goLiveInForce(): Promise<string | null> {
		const { rows } = await sql<{ day: string }>`SELECT threshold_go_live()::text AS day`.execute(this.db);
		return rows[0].day === "infinity" ? null : rows[0].day;
	}

	async setGoLive(day: string, version: number, actor: Principal, requestId: string) {
		// A day ahead would drop every contact Threshold holds from the journey until it came.
		if (day > englandDay(this.now())) throw new InvalidSetting(["The go-live date must be today or in the past"]);
		await this.write<string | null>(GO_LIVE, null, day, version, actor, requestId);
	}

	/** Which records each scopable role opens (ADR 22); a role not set opens every one. */
	async recordScope(): Promise<Versioned<ScopeSetting>> {
		return this.read<ScopeSetting>(RECORD_SCOPE_SETTING, {});
	}

	async setRecordScope(setting: ScopeSetting, version: number, actor: Principal, requestId: string) {
		const problems = scopeSettingProblems(setting);
		if (problems.length) throw new InvalidSetting(problems);
		await this.write(RECORD_SCOPE_SETTING, {}, setting, version, actor, requestId);
	}

	/**
	 * Who decides an SSD person the linking is unsure of, and whether Threshold's person
	 * numbers are a case system's (ADR 36). Unset: the front-door team, and no source.
	 */
	async ssdLinking(): Promise<Versioned<SsdLinkingSetting>> {
		return this.read<SsdLinkingSetting>(SSD_LINKING_SETTING, { teamId: null, numbersOfSource: null });
	}

	async setSsdLinking(setting: SsdLinkingSetting, version: number, actor: Principal, requestId: string) {
		await this.write(SSD_LINKING_SETTING, { teamId: null, numbersOfSource: null }, setting, version, actor, requestId);
	}

	private async read<T>(key: string, fallback: T): Promise<Versioned<T>> {
		const row = await this.db
			.selectFrom("council_setting as s")
			.leftJoin("app_user as u", "u.id", "s.updated_by")
			.select(["s.value", "s.version", "s.updated_at", "u.display_name"])
			.where("s.key", "=", key)
			.executeTakeFirst();
		return row
			? { value: row.value as T, version: row.version, updatedAt: row.updated_at, updatedByName: row.display_name }
			: { value: fallback, version: 0, updatedAt: null, updatedByName: null };
	}

	/** Version 0 means "never saved": the first save inserts, later saves compare versions. */
	private async write<T>(key: string, fallback: T, value: T, version: number, actor: Principal, requestId: string) {
		await this.db.transaction().execute(async (trx) => {
			const before = await trx.selectFrom("council_setting").select("value").where("key", "=", key).executeTakeFirst();
			const now = this.now();
			const json = JSON.stringify(value);
			const result =
				version === 0
					? await trx
							.insertInto("council_setting")
							.values({ key, value: json, version: 1, updated_at: now, updated_by: actor.id })
							.onConflict((oc) => oc.column("key").doNothing())
							.executeTakeFirst()
					: await trx
							.updateTable("council_setting")
							.set((eb) => ({ value: json, version: eb("version", "+", 1), updated_at: now, updated_by: actor.id }))
							.where("key", "=", key)
							.where("version", "=", version)
							.executeTakeFirst();
			const changed = "numInsertedOrUpdatedRows" in result ? result.numInsertedOrUpdatedRows : result.numUpdatedRows;
			if (Number(changed ?? 0) === 0) {
				const current = await trx
					.selectFrom("council_setting as s")
					.leftJoin("app_user as u", "u.id", "s.updated_by")
					.select(["s.updated_at", "u.display_name"])
					.where("s.key", "=", key)
					.executeTakeFirstOrThrow();
				throw new StaleEdit(current.display_name ?? "someone else", current.updated_at);
			}
			await this.accessLog.change(trx, {
				userId: actor.id,
				role: actor.roles.join(","),
				action: "update",
				recordType: "council-setting",
				recordId: key,
				requestId,
				before: before?.value ?? fallback,
				after: value,
			});
		});
		this.#calendar.clear();
	}
}
