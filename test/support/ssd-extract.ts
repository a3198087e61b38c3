// A small synthetic SSD extract, written by hand, for the import and export tests: three
// children, their referrals, assessments, an s47 enquiry, a CP plan, care episodes, two
// workers and a team, in the layout of docs/ssd-csv.md with some of its other spellings
// (SQL Server dates, day-first dates, NULL, lower-case flags, CRLF and LF).
import { type Kysely, sql } from "kysely";
import type { DB } from "../../src/db/schema.ts";
import type { SsdFile } from "../../src/modules/ssd/index.ts";

export const EXTRACT: Record<string, string> = {
	"ssd_person.csv": [
		"pers_person_id,pers_forename,pers_surname,pers_sex,pers_gender,pers_ethnicity,pers_dob,pers_common_child_id,pers_legacy_id,pers_upn,pers_upn_unknown,pers_send_flag,pers_expected_dob,pers_death_date,pers_is_mother,pers_nationality",
		"P1,Ellie,Marsh,F,02,WBRI,2016-04-09 00:00:00.000,9434765919,,A123456789012,,N,NULL,NULL,n,British",
		`P2,"=cmd|' /C calc'!A0","O'Neill, junior",M,01,WIRI,09/11/2019,,L-77,,UN2,,,,N,`,
		"P3,Amir,Khan,M,01,ASKI,2012-02-29,,,,,,,,,",
	].join("\r\n"),
	"ssd_professionals.csv": [
		"prof_professional_id,prof_staff_id,prof_professional_name,prof_social_worker_registration_no,prof_professional_job_title,prof_professional_caseload,prof_professional_department,prof_full_time_equivalency,prof_agency_worker_flag",
		"W1,S100,Sam Worker,SW12345,Social worker,14,Assessment,0.5,N",
		"W2,S101,Kim Lead,SW54321,Team manager,,Assessment,1,y",
	].join("\r\n"),
	"ssd_department.csv": [
		"dept_team_id,dept_team_name,dept_team_parent_id,dept_team_parent_name",
		"T-07,Assessment team 7,,",
	].join("\n"),
	"ssd_cin_episodes.csv": [
		"cine_referral_id,cine_person_id,cine_referral_date,cine_cin_primary_need_code,cine_referral_source_code,cine_referral_source_desc,cine_referral_outcome_json,cine_referral_nfa,cine_close_reason,cine_close_date,cine_referral_team,cine_referral_worker_id",
		`R1,P1,2024-12-10,N1,6,Police,"{""SINGLE_ASSESSMENT_FLAG"":""Y"",""NFA_FLAG"":""N""}",N,NULL,NULL,T-07,W1`,
		`R2,P2,03/01/2025,N4,5A,,"{""SINGLE_ASSESSMENT_FLAG"":""N"",""NFA_FLAG"":""Y""}",Y,RC8,2025-01-06,T-07,W9`,
		"R3,P3,2023-05-01,N2,1A,,,N,RC1,2023-09-30,T-07,W2",
	].join("\n"),
	"ssd_cin_assessments.csv": [
		"cina_assessment_id,cina_person_id,cina_referral_id,cina_assessment_start_date,cina_assessment_child_seen,cina_assessment_auth_date,cina_assessment_outcome_json,cina_assessment_outcome_nfa,cina_assessment_team,cina_assessment_worker_id",
		"A1,P1,R1,2024-12-11,Y,2025-01-20,,N,T-07,W1",
		"A2,P2,R2,2025-01-04,n,,,,,",
	].join("\n"),
	"ssd_s47_enquiry.csv": [
		"s47e_s47_enquiry_id,s47e_referral_id,s47e_person_id,s47e_s47_start_date,s47e_s47_end_date,s47e_s47_nfa,s47e_s47_outcome_json,s47e_s47_completed_by_worker_id,s47e_s47_completed_by_team",
		`S1,R1,P1,2024-12-12,2024-12-20,N,"{""CP_CONFERENCE_FLAG"":""Y""}",W1,T-07`,
	].join("\n"),
	"ssd_cp_plans.csv": [
		"cppl_cp_plan_id,cppl_referral_id,cppl_icpc_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date,cppl_cp_plan_initial_category,cppl_cp_plan_ola,cppl_cp_plan_latest_category",
		"CP1,R1,,P1,2025-01-02,,Neglect,N,Neglect",
	].join("\n"),
	"ssd_cla_episodes.csv": [
		"clae_cla_episode_id,clae_person_id,clae_cla_episode_start_date,clae_cla_episode_start_reason,clae_cla_primary_need_code,clae_cla_episode_ceased_date,clae_cla_episode_ceased_reason,clae_cla_id,clae_referral_id,clae_cla_placement_id,clae_entered_care_date,clae_cla_last_iro_contact_date",
		"E1,P3,2023-06-01,S,N2,2023-07-15,X1,C1,R3,,2023-06-01,2023-06-20",
		"E2,P3,2023-07-15,P,N2,,,C1,R3,,2023-06-01,",
	].join("\n"),
};

// Rows per table in EXTRACT, counted by hand.
export const LOADED = {
	ssd_person: 3,
	ssd_professionals: 2,
	ssd_department: 1,
	ssd_cin_episodes: 3,
	ssd_cin_assessments: 2,
	ssd_s47_enquiry: 1,
	ssd_cp_plans: 1,
	ssd_cla_episodes: 2,
};
export const TABLES = Object.keys(LOADED) as (keyof typeof LOADED)[];

/** The extract as named streams, with some files replaced or left out. */
export function extract(changes: Record<string, string | null> = {}): SsdFile[] {
	const files = { ...EXTRACT, ...changes };
	return Object.entries(files)
		.filter((entry): entry is [string, string] => entry[1] !== null)
		.map(([name, content]) => ({
			name,
			content: (async function* () {
				yield new TextEncoder().encode(content);
			})(),
		}));
}

/** Rows each extract table holds for a source, as the tests compare them with LOADED. */
export async function rowCounts(db: Kysely<DB>, source: string): Promise<Record<string, number>> {
	const out: Record<string, number> = {};
	for (const table of TABLES) {
		const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}
			WHERE ssd_source = ${source}`.execute(db);
		out[table] = rows[0].n;
	}
	return out;
}
