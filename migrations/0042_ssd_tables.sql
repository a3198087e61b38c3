-- The Standard Safeguarding Dataset (Data to Insight's ssd-data-model, version 1.4.5 at
-- commit 4987c73), the tables a child's journey reads, with the spec's table and column
-- names so an extract loads without renaming. src/domain/ssd/spec-1.4.5.json lists the same
-- tables and columns as data, and a test checks the two agree (ADR 32). One column is not
-- in the spec's YAML: pers_upn (item ref PERS006A), which the deployed extracts carry and
-- linking a child by identifiers needs.
--
-- Types: identifiers and text keep the case system's lengths (SystemC's deployed DDL);
-- the spec's datetimes are `date`, since everything the SSD feeds (CIN census, SSDA903,
-- Annex A) counts in days and a date reads back as the same text on both engines; Y/N
-- flags are char(1); the JSON outcome columns are `text`, checked to be JSON on import, so
-- an export gives back what was loaded.
--
-- ssd_source names the extract a row came from (a case system, or an older one a council
-- migrated from): re-importing a source deletes that source's rows and loads the new ones,
-- so rows removed at source go too, and two systems' ids can never collide.
--
-- No FOREIGN KEY constraints: an extract is a copy of another system's data, loaded table
-- by table. The importer reports broken references (an error for a person, referral or
-- episode; only a warning for a professional or team, which case systems often lack) and
-- the data-quality page lists orphans, so rows must be storable before they are perfect.
-- Columns a journey follows (person, family, referral, period of care, plan) are indexed.

CREATE TABLE ssd_person (
  pers_person_id       varchar(48) NOT NULL,
  pers_forename        varchar(100),
  pers_surname         varchar(255),
  pers_sex             varchar(20),
  pers_gender          varchar(10),
  pers_ethnicity       varchar(48),
  pers_dob             date,
  pers_common_child_id varchar(48),
  pers_legacy_id       varchar(48),
  pers_upn             varchar(13),
  pers_upn_unknown     varchar(6),
  pers_send_flag       varchar(5),
  pers_expected_dob    date,
  pers_death_date      date,
  pers_is_mother       char(1),
  pers_nationality     varchar(48),
  ssd_source           varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, pers_person_id)
);

CREATE TABLE ssd_family (
  fami_table_id  varchar(48) NOT NULL,
  fami_family_id varchar(48) NOT NULL,
  fami_person_id varchar(48) NOT NULL,
  ssd_source     varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, fami_table_id)
);

CREATE TABLE ssd_address (
  addr_table_id           varchar(48) NOT NULL,
  addr_address_json       text NOT NULL,
  addr_person_id          varchar(48) NOT NULL,
  addr_address_type       varchar(48),
  addr_address_start_date date,
  addr_address_end_date   date,
  addr_address_postcode   varchar(15),
  ssd_source              varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, addr_table_id)
);

CREATE TABLE ssd_disability (
  disa_person_id       varchar(48) NOT NULL,
  disa_table_id        varchar(48) NOT NULL,
  disa_disability_code varchar(48) NOT NULL,
  ssd_source           varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, disa_table_id)
);

CREATE TABLE ssd_immigration_status (
  immi_person_id                     varchar(48) NOT NULL,
  immi_immigration_status_id         varchar(48) NOT NULL,
  immi_immigration_status            varchar(100),
  immi_immigration_status_start_date date,
  immi_immigration_status_end_date   date,
  ssd_source                         varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, immi_immigration_status_id)
);

CREATE TABLE ssd_contacts (
  cont_contact_id           varchar(48) NOT NULL,
  cont_person_id            varchar(48) NOT NULL,
  cont_contact_date         date,
  cont_contact_source_code  varchar(48),
  cont_contact_source_desc  varchar(255),
  cont_contact_outcome_json text,
  ssd_source                varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, cont_contact_id)
);

CREATE TABLE ssd_early_help_episodes (
  earl_episode_id           varchar(48) NOT NULL,
  earl_person_id            varchar(48) NOT NULL,
  earl_episode_start_date   date,
  earl_episode_end_date     date,
  earl_episode_reason       text,
  earl_episode_end_reason   text,
  earl_episode_organisation text,
  earl_episode_worker_id    varchar(100),
  ssd_source                varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, earl_episode_id)
);

CREATE TABLE ssd_cin_episodes (
  cine_referral_id           varchar(48) NOT NULL,
  cine_person_id             varchar(48) NOT NULL,
  cine_referral_date         date,
  cine_cin_primary_need_code varchar(3),
  cine_referral_source_code  varchar(48),
  cine_referral_source_desc  varchar(255),
  cine_referral_outcome_json text,
  cine_referral_nfa          char(1),
  cine_close_reason          varchar(100),
  cine_close_date            date,
  cine_referral_team         varchar(48),
  cine_referral_worker_id    varchar(100),
  ssd_source                 varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, cine_referral_id)
);

CREATE TABLE ssd_cin_assessments (
  cina_assessment_id           varchar(48) NOT NULL,
  cina_person_id               varchar(48) NOT NULL,
  cina_referral_id             varchar(48) NOT NULL,
  cina_assessment_start_date   date,
  cina_assessment_child_seen   char(1),
  cina_assessment_auth_date    date,
  cina_assessment_outcome_json text,
  cina_assessment_outcome_nfa  char(1),
  cina_assessment_team         varchar(48),
  cina_assessment_worker_id    varchar(100),
  ssd_source                   varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, cina_assessment_id)
);

CREATE TABLE ssd_assessment_factors (
  cinf_table_id                varchar(48) NOT NULL,
  cinf_assessment_id           varchar(48) NOT NULL,
  cinf_assessment_factors_json text,
  ssd_source                   varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, cinf_table_id)
);

CREATE TABLE ssd_cin_plans (
  cinp_cin_plan_id         varchar(48) NOT NULL,
  cinp_referral_id         varchar(48) NOT NULL,
  cinp_person_id           varchar(48) NOT NULL,
  cinp_cin_plan_start_date date,
  cinp_cin_plan_end_date   date,
  cinp_cin_plan_team       varchar(48),
  cinp_cin_plan_worker_id  varchar(100),
  ssd_source               varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, cinp_cin_plan_id)
);

CREATE TABLE ssd_cin_visits (
  cinv_cin_visit_id         varchar(48) NOT NULL,
  cinv_person_id            varchar(48) NOT NULL,
  cinv_cin_visit_date       date,
  cinv_cin_visit_seen       char(1),
  cinv_cin_visit_seen_alone char(1),
  cinv_cin_visit_bedroom    char(1),
  ssd_source                varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, cinv_cin_visit_id)
);

CREATE TABLE ssd_s47_enquiry (
  s47e_s47_enquiry_id             varchar(48) NOT NULL,
  s47e_referral_id                varchar(48) NOT NULL,
  s47e_person_id                  varchar(48) NOT NULL,
  s47e_s47_start_date             date,
  s47e_s47_end_date               date,
  s47e_s47_nfa                    char(1),
  s47e_s47_outcome_json           text,
  s47e_s47_completed_by_worker_id varchar(100),
  s47e_s47_completed_by_team      varchar(48),
  ssd_source                      varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, s47e_s47_enquiry_id)
);

CREATE TABLE ssd_initial_cp_conference (
  icpc_icpc_id              varchar(48) NOT NULL,
  icpc_icpc_meeting_id      varchar(48),
  icpc_s47_enquiry_id       varchar(48),
  icpc_person_id            varchar(48) NOT NULL,
  icpc_cp_plan_id           varchar(48),
  icpc_referral_id          varchar(48) NOT NULL,
  icpc_icpc_transfer_in     char(1),
  icpc_icpc_target_date     date,
  icpc_icpc_date            date,
  icpc_icpc_outcome_cp_flag char(1),
  icpc_icpc_outcome_json    text,
  icpc_icpc_team            varchar(48),
  icpc_icpc_worker_id       varchar(100),
  ssd_source                varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, icpc_icpc_id)
);

CREATE TABLE ssd_cp_plans (
  cppl_cp_plan_id               varchar(48) NOT NULL,
  cppl_referral_id              varchar(48) NOT NULL,
  cppl_icpc_id                  varchar(48),
  cppl_person_id                varchar(48) NOT NULL,
  cppl_cp_plan_start_date       date,
  cppl_cp_plan_end_date         date,
  cppl_cp_plan_initial_category varchar(100),
  cppl_cp_plan_ola              char(1),
  cppl_cp_plan_latest_category  varchar(100),
  ssd_source                    varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, cppl_cp_plan_id)
);

CREATE TABLE ssd_cp_visits (
  cppv_cp_visit_id         varchar(48) NOT NULL,
  cppv_person_id           varchar(48) NOT NULL,
  cppv_cp_plan_id          varchar(48) NOT NULL,
  cppv_cp_visit_date       date,
  cppv_cp_visit_seen       char(1),
  cppv_cp_visit_seen_alone char(1),
  cppv_cp_visit_bedroom    char(1),
  ssd_source               varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, cppv_cp_visit_id)
);

CREATE TABLE ssd_cp_reviews (
  cppr_cp_review_id                  varchar(48) NOT NULL,
  cppr_person_id                     varchar(48) NOT NULL,
  cppr_cp_plan_id                    varchar(48) NOT NULL,
  cppr_cp_review_due                 date,
  cppr_cp_review_date                date,
  cppr_cp_review_meeting_id          varchar(48),
  cppr_cp_review_outcome_continue_cp char(1),
  cppr_cp_review_quorate             varchar(100),
  cppr_cp_review_participation       varchar(100),
  ssd_source                         varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, cppr_cp_review_id)
);

CREATE TABLE ssd_cla_episodes (
  clae_cla_episode_id            varchar(48) NOT NULL,
  clae_person_id                 varchar(48) NOT NULL,
  clae_cla_episode_start_date    date,
  clae_cla_episode_start_reason  varchar(100),
  clae_cla_primary_need_code     varchar(3),
  clae_cla_episode_ceased_date   date,
  clae_cla_episode_ceased_reason varchar(255),
  clae_cla_id                    varchar(48),
  clae_referral_id               varchar(48),
  clae_cla_placement_id          varchar(48),
  clae_entered_care_date         date,
  clae_cla_last_iro_contact_date date,
  ssd_source                     varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, clae_cla_episode_id)
);

CREATE TABLE ssd_cla_placement (
  clap_cla_placement_id            varchar(48) NOT NULL,
  clap_cla_placement_start_date    date,
  clap_cla_placement_type          varchar(100),
  clap_cla_placement_urn           varchar(48),
  clap_cla_placement_distance      double precision,
  clap_cla_id                      varchar(48) NOT NULL,
  clap_cla_placement_provider      varchar(48),
  clap_cla_placement_postcode      varchar(8),
  clap_cla_placement_end_date      date,
  clap_cla_placement_change_reason varchar(100),
  clap_person_id                   varchar(48) NOT NULL,
  ssd_source                       varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, clap_cla_placement_id)
);

CREATE TABLE ssd_cla_reviews (
  clar_cla_review_id            varchar(48) NOT NULL,
  clar_cla_id                   varchar(48) NOT NULL,
  clar_cla_review_due_date      date,
  clar_cla_review_date          date,
  clar_cla_review_cancelled     char(1),
  clar_cla_review_participation varchar(100),
  ssd_source                    varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, clar_cla_review_id)
);

CREATE TABLE ssd_cla_visits (
  clav_cla_visit_id         varchar(48) NOT NULL,
  clav_cla_id               varchar(48),
  clav_person_id            varchar(48) NOT NULL,
  clav_cla_visit_date       date,
  clav_cla_visit_seen       char(1),
  clav_cla_visit_seen_alone char(1),
  ssd_source                varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, clav_cla_visit_id)
);

CREATE TABLE ssd_cla_health (
  clah_health_check_id     varchar(48) NOT NULL,
  clah_person_id           varchar(48) NOT NULL,
  clah_health_check_type   varchar(500),
  clah_health_check_date   date,
  clah_health_check_status varchar(48),
  ssd_source               varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, clah_health_check_id)
);

CREATE TABLE ssd_cla_care_plan (
  lacp_table_id                 varchar(48) NOT NULL,
  lacp_person_id                varchar(48) NOT NULL,
  lacp_cla_care_plan_start_date date,
  lacp_cla_care_plan_end_date   date,
  lacp_cla_care_plan_json       text,
  ssd_source                    varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, lacp_table_id)
);

CREATE TABLE ssd_legal_status (
  lega_legal_status_id         varchar(48) NOT NULL,
  lega_person_id               varchar(48) NOT NULL,
  lega_legal_status            varchar(100),
  lega_legal_status_start_date date,
  lega_legal_status_end_date   date,
  ssd_source                   varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, lega_legal_status_id)
);

CREATE TABLE ssd_missing (
  miss_table_id                   varchar(48) NOT NULL,
  miss_person_id                  varchar(48) NOT NULL,
  miss_missing_episode_start_date date,
  miss_missing_episode_type       varchar(100),
  miss_missing_episode_end_date   date,
  miss_missing_rhi_offered        varchar(2),
  miss_missing_rhi_accepted       varchar(2),
  ssd_source                      varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, miss_table_id)
);

CREATE TABLE ssd_care_leavers (
  clea_table_id                     varchar(48) NOT NULL,
  clea_person_id                    varchar(48) NOT NULL,
  clea_care_leaver_eligibility      varchar(100),
  clea_care_leaver_in_touch         varchar(100),
  clea_care_leaver_latest_contact   date,
  clea_care_leaver_accommodation    varchar(100),
  clea_care_leaver_accom_suitable   varchar(100),
  clea_care_leaver_activity         varchar(100),
  clea_pathway_plan_review_date     date,
  clea_care_leaver_personal_advisor varchar(100),
  clea_care_leaver_allocated_team   varchar(48),
  clea_care_leaver_worker_id        varchar(100),
  ssd_source                        varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, clea_table_id)
);

CREATE TABLE ssd_permanence (
  perm_table_id                 varchar(48) NOT NULL,
  perm_person_id                varchar(48) NOT NULL,
  perm_cla_id                   varchar(48),
  perm_adm_decision_date        date,
  perm_ffa_cp_decision_date     date,
  perm_placement_order_date     date,
  perm_placed_for_adoption_date date,
  perm_matched_date             date,
  perm_adopted_by_carer_flag    char(1),
  perm_placed_ffa_cp_date       date,
  perm_decision_reversed_date   date,
  perm_placed_foster_carer_date date,
  perm_part_of_sibling_group    varchar(1),
  perm_siblings_placed_together integer,
  perm_siblings_placed_apart    integer,
  perm_placement_provider_urn   varchar(48),
  perm_decision_reversed_reason varchar(100),
  perm_permanence_order_date    date,
  perm_permanence_order_type    varchar(100),
  perm_adoption_worker_id       varchar(100),
  perm_adopter_sex              varchar(48),
  perm_adopter_legal_status     varchar(100),
  perm_number_of_adopters       varchar(255),
  ssd_source                    varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, perm_table_id)
);

CREATE TABLE ssd_involvements (
  invo_involvements_id        varchar(48) NOT NULL,
  invo_professional_id        varchar(48),
  invo_professional_role_id   varchar(200),
  invo_professional_team      varchar(48),
  invo_involvement_start_date date,
  invo_involvement_end_date   date,
  invo_worker_change_reason   varchar(200),
  invo_person_id              varchar(48) NOT NULL,
  invo_referral_id            varchar(48),
  ssd_source                  varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, invo_involvements_id)
);

CREATE TABLE ssd_professionals (
  prof_professional_id               varchar(48) NOT NULL,
  prof_staff_id                      varchar(48),
  prof_professional_name             varchar(300),
  prof_social_worker_registration_no varchar(48),
  prof_professional_job_title        varchar(500),
  prof_professional_caseload         integer,
  prof_professional_department       varchar(100),
  prof_full_time_equivalency         double precision,
  prof_agency_worker_flag            char(1),
  ssd_source                         varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, prof_professional_id)
);

CREATE TABLE ssd_department (
  dept_team_id          varchar(48) NOT NULL,
  dept_team_name        varchar(255),
  dept_team_parent_id   varchar(48),
  dept_team_parent_name varchar(255),
  ssd_source            varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, dept_team_id)
);

CREATE TABLE ssd_linked_identifiers (
  link_table_id         varchar(48) NOT NULL,
  link_person_id        varchar(48) NOT NULL,
  link_identifier_type  varchar(100),
  link_identifier_value varchar(100),
  link_valid_from_date  date,
  link_valid_to_date    date,
  ssd_source            varchar(100) NOT NULL,
  PRIMARY KEY (ssd_source, link_table_id)
);

CREATE INDEX ssd_family_fami_family_id_idx ON ssd_family (fami_family_id);
CREATE INDEX ssd_family_fami_person_id_idx ON ssd_family (fami_person_id);
CREATE INDEX ssd_address_addr_person_id_idx ON ssd_address (addr_person_id);
CREATE INDEX ssd_disability_disa_person_id_idx ON ssd_disability (disa_person_id);
CREATE INDEX ssd_immigration_status_immi_person_id_idx ON ssd_immigration_status (immi_person_id);
CREATE INDEX ssd_contacts_cont_person_id_idx ON ssd_contacts (cont_person_id);
CREATE INDEX ssd_early_help_episodes_earl_person_id_idx ON ssd_early_help_episodes (earl_person_id);
CREATE INDEX ssd_cin_episodes_cine_person_id_idx ON ssd_cin_episodes (cine_person_id);
CREATE INDEX ssd_cin_assessments_cina_person_id_idx ON ssd_cin_assessments (cina_person_id);
CREATE INDEX ssd_cin_assessments_cina_referral_id_idx ON ssd_cin_assessments (cina_referral_id);
CREATE INDEX ssd_assessment_factors_cinf_assessment_id_idx ON ssd_assessment_factors (cinf_assessment_id);
CREATE INDEX ssd_cin_plans_cinp_referral_id_idx ON ssd_cin_plans (cinp_referral_id);
CREATE INDEX ssd_cin_plans_cinp_person_id_idx ON ssd_cin_plans (cinp_person_id);
CREATE INDEX ssd_cin_visits_cinv_person_id_idx ON ssd_cin_visits (cinv_person_id);
CREATE INDEX ssd_s47_enquiry_s47e_referral_id_idx ON ssd_s47_enquiry (s47e_referral_id);
CREATE INDEX ssd_s47_enquiry_s47e_person_id_idx ON ssd_s47_enquiry (s47e_person_id);
CREATE INDEX ssd_initial_cp_conference_icpc_s47_enquiry_id_idx ON ssd_initial_cp_conference (icpc_s47_enquiry_id);
CREATE INDEX ssd_initial_cp_conference_icpc_person_id_idx ON ssd_initial_cp_conference (icpc_person_id);
CREATE INDEX ssd_initial_cp_conference_icpc_cp_plan_id_idx ON ssd_initial_cp_conference (icpc_cp_plan_id);
CREATE INDEX ssd_initial_cp_conference_icpc_referral_id_idx ON ssd_initial_cp_conference (icpc_referral_id);
CREATE INDEX ssd_cp_plans_cppl_referral_id_idx ON ssd_cp_plans (cppl_referral_id);
CREATE INDEX ssd_cp_plans_cppl_icpc_id_idx ON ssd_cp_plans (cppl_icpc_id);
CREATE INDEX ssd_cp_plans_cppl_person_id_idx ON ssd_cp_plans (cppl_person_id);
CREATE INDEX ssd_cp_visits_cppv_person_id_idx ON ssd_cp_visits (cppv_person_id);
CREATE INDEX ssd_cp_visits_cppv_cp_plan_id_idx ON ssd_cp_visits (cppv_cp_plan_id);
CREATE INDEX ssd_cp_reviews_cppr_person_id_idx ON ssd_cp_reviews (cppr_person_id);
CREATE INDEX ssd_cp_reviews_cppr_cp_plan_id_idx ON ssd_cp_reviews (cppr_cp_plan_id);
CREATE INDEX ssd_cla_episodes_clae_person_id_idx ON ssd_cla_episodes (clae_person_id);
CREATE INDEX ssd_cla_episodes_clae_referral_id_idx ON ssd_cla_episodes (clae_referral_id);
CREATE INDEX ssd_cla_episodes_clae_cla_placement_id_idx ON ssd_cla_episodes (clae_cla_placement_id);
CREATE INDEX ssd_cla_episodes_clae_cla_id_idx ON ssd_cla_episodes (clae_cla_id);
CREATE INDEX ssd_cla_placement_clap_cla_id_idx ON ssd_cla_placement (clap_cla_id);
CREATE INDEX ssd_cla_placement_clap_person_id_idx ON ssd_cla_placement (clap_person_id);
CREATE INDEX ssd_cla_reviews_clar_cla_id_idx ON ssd_cla_reviews (clar_cla_id);
CREATE INDEX ssd_cla_visits_clav_cla_id_idx ON ssd_cla_visits (clav_cla_id);
CREATE INDEX ssd_cla_visits_clav_person_id_idx ON ssd_cla_visits (clav_person_id);
CREATE INDEX ssd_cla_health_clah_person_id_idx ON ssd_cla_health (clah_person_id);
CREATE INDEX ssd_cla_care_plan_lacp_person_id_idx ON ssd_cla_care_plan (lacp_person_id);
CREATE INDEX ssd_legal_status_lega_person_id_idx ON ssd_legal_status (lega_person_id);
CREATE INDEX ssd_missing_miss_person_id_idx ON ssd_missing (miss_person_id);
CREATE INDEX ssd_care_leavers_clea_person_id_idx ON ssd_care_leavers (clea_person_id);
CREATE INDEX ssd_permanence_perm_person_id_idx ON ssd_permanence (perm_person_id);
CREATE INDEX ssd_permanence_perm_cla_id_idx ON ssd_permanence (perm_cla_id);
CREATE INDEX ssd_involvements_invo_person_id_idx ON ssd_involvements (invo_person_id);
CREATE INDEX ssd_involvements_invo_referral_id_idx ON ssd_involvements (invo_referral_id);
CREATE INDEX ssd_linked_identifiers_link_person_id_idx ON ssd_linked_identifiers (link_person_id);

GRANT SELECT, INSERT, DELETE ON ssd_person, ssd_family, ssd_address, ssd_disability, ssd_immigration_status, ssd_contacts, ssd_early_help_episodes, ssd_cin_episodes, ssd_cin_assessments, ssd_assessment_factors, ssd_cin_plans, ssd_cin_visits, ssd_s47_enquiry, ssd_initial_cp_conference, ssd_cp_plans, ssd_cp_visits, ssd_cp_reviews, ssd_cla_episodes, ssd_cla_placement, ssd_cla_reviews, ssd_cla_visits, ssd_cla_health, ssd_cla_care_plan, ssd_legal_status, ssd_missing, ssd_care_leavers, ssd_permanence, ssd_involvements, ssd_professionals, ssd_department, ssd_linked_identifiers TO threshold_app;
