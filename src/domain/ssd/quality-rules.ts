/**
 * What the data-quality checks (src/modules/ssd/quality.ts) look for, as data read from the
 * spec where the spec says enough, and as small explicit tables where it does not: which
 * dates in a row are a start and its end, which dates are a child's events, and which
 * identifiers name one child. The tables are written out, not guessed from column names
 * at run time, so a reviewer reads exactly what is checked (ADR 35). Pure.
 */
import { SSD_SPEC, type SsdField, type SsdSpec, type SsdTable, WARN_ONLY_TARGETS } from "./spec.ts";

export type QualityCheck = "missing" | "end-before-start" | "born-after" | "cin-overlap" | "orphan" | "same-child";

/** The checks in the order the page lists them, with the heading and the meaning an analyst reads. */
export const QUALITY_CHECKS: readonly { check: QualityCheck; title: string; meaning: string }[] = [
	{
		check: "missing",
		title: "Mandatory field empty",
		meaning: "A field the SSD requires is empty or blank.",
	},
	{
		check: "end-before-start",
		title: "Ends before it starts",
		meaning: "A record's end date is earlier than its start date, such as an assessment completed before it started.",
	},
	{
		check: "born-after",
		title: "Child born after the event",
		meaning: "The child's date of birth is later than their referral, assessment, plan or period of care.",
	},
	{
		check: "cin-overlap",
		title: "Overlapping or double-open CIN episodes",
		meaning: "Two CIN episodes of one child are open on the same day, or neither has a close date.",
	},
	{
		check: "orphan",
		title: "Orphaned row",
		meaning: "A row points at a child, referral, period of care or plan this source does not hold.",
	},
	{
		check: "same-child",
		title: "Same child under two person ids",
		meaning: "Two person ids in one source share a UPN or an NHS number / common child id.",
	},
];

export const isQualityCheck = (value: string): value is QualityCheck => QUALITY_CHECKS.some((c) => c.check === value);

export interface DatePair {
	table: string;
	start: string;
	end: string;
	/** What the row is, in words: "the assessment", "the episode". */
	what: string;
}

/** A start and its end in one row: the end may be empty, but never earlier than the start. */
export const DATE_PAIRS: readonly DatePair[] = [
	{ table: "ssd_person", start: "pers_dob", end: "pers_death_date", what: "the child's life (death before birth)" },
	{ table: "ssd_address", start: "addr_address_start_date", end: "addr_address_end_date", what: "the address" },
	{
		table: "ssd_immigration_status",
		start: "immi_immigration_status_start_date",
		end: "immi_immigration_status_end_date",
		what: "the immigration status",
	},
	{
		table: "ssd_early_help_episodes",
		start: "earl_episode_start_date",
		end: "earl_episode_end_date",
		what: "the early help episode",
	},
	{ table: "ssd_cin_episodes", start: "cine_referral_date", end: "cine_close_date", what: "the CIN episode" },
	{
		table: "ssd_cin_assessments",
		start: "cina_assessment_start_date",
		end: "cina_assessment_auth_date",
		what: "the assessment (completed before it started)",
	},
	{ table: "ssd_cin_plans", start: "cinp_cin_plan_start_date", end: "cinp_cin_plan_end_date", what: "the CIN plan" },
	{ table: "ssd_s47_enquiry", start: "s47e_s47_start_date", end: "s47e_s47_end_date", what: "the section 47 enquiry" },
	{ table: "ssd_cp_plans", start: "cppl_cp_plan_start_date", end: "cppl_cp_plan_end_date", what: "the CP plan" },
	{
		table: "ssd_cla_episodes",
		start: "clae_cla_episode_start_date",
		end: "clae_cla_episode_ceased_date",
		what: "the period of care",
	},
	{
		table: "ssd_cla_placement",
		start: "clap_cla_placement_start_date",
		end: "clap_cla_placement_end_date",
		what: "the placement",
	},
	{
		table: "ssd_cla_care_plan",
		start: "lacp_cla_care_plan_start_date",
		end: "lacp_cla_care_plan_end_date",
		what: "the care plan",
	},
	{
		table: "ssd_legal_status",
		start: "lega_legal_status_start_date",
		end: "lega_legal_status_end_date",
		what: "the legal status",
	},
	{
		table: "ssd_missing",
		start: "miss_missing_episode_start_date",
		end: "miss_missing_episode_end_date",
		what: "the missing episode",
	},
	{
		table: "ssd_involvements",
		start: "invo_involvement_start_date",
		end: "invo_involvement_end_date",
		what: "the involvement",
	},
	{ table: "ssd_linked_identifiers", start: "link_valid_from_date", end: "link_valid_to_date", what: "the identifier" },
];

export interface ChildEvent {
	table: string;
	date: string;
	/** The event in words: "referred", "assessed". */
	what: string;
}

/**
 * Events that cannot come before the child's birth. Contacts are left out: a contact about
 * an unborn child is ordinary, and a pre-birth referral is listed here on purpose, so the
 * analyst sees a date of birth the case system did not update from the expected one.
 */
export const CHILD_EVENTS: readonly ChildEvent[] = [
	{ table: "ssd_cin_episodes", date: "cine_referral_date", what: "referral" },
	{ table: "ssd_cin_assessments", date: "cina_assessment_start_date", what: "assessment start" },
	{ table: "ssd_cin_plans", date: "cinp_cin_plan_start_date", what: "CIN plan start" },
	{ table: "ssd_s47_enquiry", date: "s47e_s47_start_date", what: "section 47 enquiry start" },
	{ table: "ssd_cp_plans", date: "cppl_cp_plan_start_date", what: "CP plan start" },
	{ table: "ssd_cla_episodes", date: "clae_cla_episode_start_date", what: "period of care start" },
];

/** ssd_person columns each of which names one child: two person ids sharing one are one child twice. */
export const CHILD_IDENTIFIERS: readonly { column: string; what: string }[] = [
	{ column: "pers_upn", what: "UPN" },
	{ column: "pers_common_child_id", what: "NHS number / common child id" },
];

/** The column holding the child a row is about, where the row has one. */
export const personColumnOf = (table: SsdTable): string | undefined =>
	table.name === "ssd_person" ? table.primaryKey : table.fields.find((f) => f.name.endsWith("_person_id"))?.name;

export interface Mandatory {
	table: string;
	column: string;
}

/** Columns that must hold a value: the spec's required ones other than the key, which the database already demands. */
export function mandatoryColumns(spec: SsdSpec = SSD_SPEC): Mandatory[] {
	return spec.tables.flatMap((t) =>
		t.fields.filter((f) => f.required && !f.primaryKey).map((f) => ({ table: t.name, column: f.name })),
	);
}

export interface ParentLink {
	table: string;
	column: string;
	parentTable: string;
	parentColumn: string;
}

/**
 * References whose target must be stored: the spec's foreign keys, less those to workers
 * and teams, which case systems often hold elsewhere (the importer only warns of them).
 */
export function parentLinks(spec: SsdSpec = SSD_SPEC): ParentLink[] {
	return spec.tables.flatMap((t) =>
		t.fields
			.filter((f): f is SsdField & { foreignKey: string } => Boolean(f.foreignKey))
			.map((f) => {
				const [parentTable, parentColumn] = f.foreignKey.split(".");
				return { table: t.name, column: f.name, parentTable, parentColumn };
			})
			.filter((l) => !WARN_ONLY_TARGETS.has(l.parentTable)),
	);
}
