/**
 * A child's history imported from the case system, read for the person's page (ADR 38):
 * every SSD person linked to the person or to a record merged into them
 * (extract_person_link), and their rows in the extract's tables. One statement: each
 * table is one lookup on its person index, and only the newest PER_KIND of each kind come
 * back, with how many there are.
 */
import { type Kysely, sql } from "kysely";
import { preparedSql } from "../../db/prepared.ts";
import type { DB } from "../../db/schema.ts";
import { type CaseHistory, caseHistoryOf, type HistoryRow, PER_KIND } from "../../domain/ssd/history.ts";

/** The statement, exported so the performance test can EXPLAIN exactly what the page runs. */
export const historySql = (personId: string) => sql<HistoryRow>`
	WITH RECURSIVE merged(id) AS (
		SELECT ${personId}::uuid
		UNION
		SELECT p.id FROM person p JOIN merged m ON p.merged_into = m.id
	),
	linked AS (
		SELECT l.ssd_source, l.pers_person_id FROM extract_person_link l JOIN merged m ON l.person_id = m.id
	),
	rows AS (
		SELECT 'referral' AS kind, l.ssd_source AS source, l.pers_person_id AS person, r.cine_referral_id AS id,
			r.cine_referral_date AS "on",
			json_build_object('date', r.cine_referral_date, 'source', r.cine_referral_source_code,
				'sourceDesc', r.cine_referral_source_desc, 'need', r.cine_cin_primary_need_code,
				'outcome', r.cine_referral_outcome_json, 'nfa', r.cine_referral_nfa, 'closed', r.cine_close_date,
				'closeReason', r.cine_close_reason) AS facts
		FROM linked l JOIN ssd_cin_episodes r ON r.cine_person_id = l.pers_person_id AND r.ssd_source = l.ssd_source
		UNION ALL
		SELECT 'assessment', l.ssd_source, l.pers_person_id, a.cina_assessment_id, a.cina_assessment_start_date,
			json_build_object('start', a.cina_assessment_start_date, 'authorised', a.cina_assessment_auth_date,
				'childSeen', a.cina_assessment_child_seen, 'outcome', a.cina_assessment_outcome_json,
				'nfa', a.cina_assessment_outcome_nfa, 'referral', a.cina_referral_id)
		FROM linked l JOIN ssd_cin_assessments a ON a.cina_person_id = l.pers_person_id AND a.ssd_source = l.ssd_source
		UNION ALL
		SELECT 's47', l.ssd_source, l.pers_person_id, s.s47e_s47_enquiry_id, s.s47e_s47_start_date,
			json_build_object('start', s.s47e_s47_start_date, 'end', s.s47e_s47_end_date,
				'outcome', s.s47e_s47_outcome_json, 'nfa', s.s47e_s47_nfa, 'referral', s.s47e_referral_id)
		FROM linked l JOIN ssd_s47_enquiry s ON s.s47e_person_id = l.pers_person_id AND s.ssd_source = l.ssd_source
		UNION ALL
		SELECT 'icpc', l.ssd_source, l.pers_person_id, c.icpc_icpc_id, COALESCE(c.icpc_icpc_date, c.icpc_icpc_target_date),
			json_build_object('date', c.icpc_icpc_date, 'target', c.icpc_icpc_target_date,
				'cpPlan', c.icpc_icpc_outcome_cp_flag, 'outcome', c.icpc_icpc_outcome_json, 'referral', c.icpc_referral_id)
		FROM linked l JOIN ssd_initial_cp_conference c ON c.icpc_person_id = l.pers_person_id AND c.ssd_source = l.ssd_source
		UNION ALL
		SELECT 'cp-plan', l.ssd_source, l.pers_person_id, p.cppl_cp_plan_id, p.cppl_cp_plan_start_date,
			json_build_object('start', p.cppl_cp_plan_start_date, 'end', p.cppl_cp_plan_end_date,
				'initialCategory', p.cppl_cp_plan_initial_category, 'latestCategory', p.cppl_cp_plan_latest_category,
				'referral', p.cppl_referral_id)
		FROM linked l JOIN ssd_cp_plans p ON p.cppl_person_id = l.pers_person_id AND p.ssd_source = l.ssd_source
		UNION ALL
		SELECT 'cin-plan', l.ssd_source, l.pers_person_id, p.cinp_cin_plan_id, p.cinp_cin_plan_start_date,
			json_build_object('start', p.cinp_cin_plan_start_date, 'end', p.cinp_cin_plan_end_date,
				'referral', p.cinp_referral_id)
		FROM linked l JOIN ssd_cin_plans p ON p.cinp_person_id = l.pers_person_id AND p.ssd_source = l.ssd_source
		UNION ALL
		SELECT 'cla-episode', l.ssd_source, l.pers_person_id, e.clae_cla_episode_id, e.clae_cla_episode_start_date,
			json_build_object('start', e.clae_cla_episode_start_date, 'startReason', e.clae_cla_episode_start_reason,
				'need', e.clae_cla_primary_need_code, 'ceased', e.clae_cla_episode_ceased_date,
				'ceasedReason', e.clae_cla_episode_ceased_reason, 'periodOfCare', e.clae_cla_id)
		FROM linked l JOIN ssd_cla_episodes e ON e.clae_person_id = l.pers_person_id AND e.ssd_source = l.ssd_source
		UNION ALL
		SELECT 'legal-status', l.ssd_source, l.pers_person_id, s.lega_legal_status_id, s.lega_legal_status_start_date,
			json_build_object('status', s.lega_legal_status, 'start', s.lega_legal_status_start_date,
				'end', s.lega_legal_status_end_date)
		FROM linked l JOIN ssd_legal_status s ON s.lega_person_id = l.pers_person_id AND s.ssd_source = l.ssd_source
		UNION ALL
		SELECT 'placement', l.ssd_source, l.pers_person_id, p.clap_cla_placement_id, p.clap_cla_placement_start_date,
			json_build_object('start', p.clap_cla_placement_start_date, 'end', p.clap_cla_placement_end_date,
				'type', p.clap_cla_placement_type, 'changeReason', p.clap_cla_placement_change_reason,
				'periodOfCare', p.clap_cla_id)
		FROM linked l JOIN ssd_cla_placement p ON p.clap_person_id = l.pers_person_id AND p.ssd_source = l.ssd_source
		UNION ALL
		SELECT 'missing', l.ssd_source, l.pers_person_id, m.miss_table_id, m.miss_missing_episode_start_date,
			json_build_object('type', m.miss_missing_episode_type, 'start', m.miss_missing_episode_start_date,
				'end', m.miss_missing_episode_end_date, 'rhiOffered', m.miss_missing_rhi_offered,
				'rhiAccepted', m.miss_missing_rhi_accepted)
		FROM linked l JOIN ssd_missing m ON m.miss_person_id = l.pers_person_id AND m.ssd_source = l.ssd_source
		UNION ALL
		-- A permanence record is dated by its latest step (GREATEST skips the empty ones).
		SELECT 'permanence', l.ssd_source, l.pers_person_id, p.perm_table_id,
			GREATEST(p.perm_adm_decision_date, p.perm_placement_order_date, p.perm_matched_date,
				p.perm_placed_for_adoption_date, p.perm_permanence_order_date, p.perm_decision_reversed_date),
			json_build_object('admDecision', p.perm_adm_decision_date, 'placementOrder', p.perm_placement_order_date,
				'matched', p.perm_matched_date, 'placedForAdoption', p.perm_placed_for_adoption_date,
				'orderDate', p.perm_permanence_order_date, 'orderType', p.perm_permanence_order_type,
				'reversed', p.perm_decision_reversed_date, 'reversedReason', p.perm_decision_reversed_reason,
				'periodOfCare', p.perm_cla_id)
		FROM linked l JOIN ssd_permanence p ON p.perm_person_id = l.pers_person_id AND p.ssd_source = l.ssd_source
		UNION ALL
		SELECT 'care-leaver', l.ssd_source, l.pers_person_id, c.clea_table_id, c.clea_care_leaver_latest_contact,
			json_build_object('latestContact', c.clea_care_leaver_latest_contact,
				'eligibility', c.clea_care_leaver_eligibility, 'inTouch', c.clea_care_leaver_in_touch,
				'accommodation', c.clea_care_leaver_accommodation, 'activity', c.clea_care_leaver_activity,
				'pathwayReview', c.clea_pathway_plan_review_date)
		FROM linked l JOIN ssd_care_leavers c ON c.clea_person_id = l.pers_person_id AND c.ssd_source = l.ssd_source
	),
	ranked AS (
		SELECT rows.*,
			row_number() OVER (PARTITION BY kind ORDER BY "on" DESC NULLS LAST, source, id) AS n,
			count(*) OVER (PARTITION BY kind) AS "ofKind"
		FROM rows
	)
	SELECT kind, source, person, id, to_char("on", 'YYYY-MM-DD') AS "on", facts, "ofKind"::int AS "ofKind"
	FROM ranked WHERE n <= ${PER_KIND}`;

/** The person's imported history, or null when no SSD person is linked to them or their merged records. */
export async function caseHistory(db: Kysely<DB>, personId: string): Promise<CaseHistory | null> {
	const { rows } = await db.executeQuery(preparedSql(db, historySql(personId)));
	return caseHistoryOf(rows);
}
