-- One model of contacts and referrals (issue 17, ADR 37). Threshold's own front-door records
-- are presented in the SSD's shape (threshold_contacts, threshold_cin_episodes: the spec's
-- columns of ssd_contacts and ssd_cin_episodes, ssd_source 'threshold', the child as their
-- la_person_id), and the journey views put them together with the imported SSD rows: an
-- imported row counts before the council's go-live date, Threshold's own from it. Annex A
-- and the CIN census read journey_contacts and journey_referrals, never the tables.
--
-- Both journey views add two columns after the spec's: ssd_source (where the row came from)
-- and person_id (the Threshold person, the survivor of any merge; null for an imported child
-- not yet linked, who is kept under the extract's own id so no history drops out unseen).

-- CIN census referral sources, as contact.source holds them (src/domain/front-door/codes.ts
-- has the same list for the pages). Threshold records the census code itself, so the code
-- passes through unchanged; this table gives the description the SSD carries beside it.
CREATE TABLE cin_referral_source (
  code        varchar(3) PRIMARY KEY,
  description text NOT NULL
);
INSERT INTO cin_referral_source (code, description) VALUES
  ('1A', 'Individual: family member, relative or carer'),
  ('1B', 'Individual: acquaintance (including neighbours and childminders)'),
  ('1C', 'Individual: self'),
  ('1D', 'Individual: other (including strangers)'),
  ('2A', 'Schools'),
  ('2B', 'Education services'),
  ('3A', 'Health: GP'),
  ('3B', 'Health: health visitor'),
  ('3C', 'Health: school nurse'),
  ('3D', 'Health: other primary health services'),
  ('3E', 'Health: A&E'),
  ('3F', 'Health: other'),
  ('4', 'Housing'),
  ('5A', 'Local authority: social care'),
  ('5B', 'Local authority: other internal department'),
  ('5C', 'Local authority: external'),
  ('5D', 'Local authority: early help'),
  ('6', 'Police'),
  ('7', 'Other legal agency'),
  ('8', 'Other'),
  ('9', 'Anonymous'),
  ('10', 'Unknown');

-- What a front-door outcome is in the SSD's outcome flags. The key is the decision that
-- stands (the latest not returned at sign-off) and, for a strategy discussion, what the
-- latest held discussion decided ('' before one is held). Flags Threshold does not record
-- (adoption, private fostering, missing, another council's child protection, a request for
-- care, conferences, care leavers) are JSON null, not "N": the front door was never asked.
CREATE TABLE front_door_ssd_outcome (
  outcome               text NOT NULL,
  strategy_next_step    text NOT NULL,
  contact_outcome_json  text NOT NULL,
  referral_outcome_json text NOT NULL,
  -- CIN ReferralNFA: the referral went no further in children's social care
  referral_nfa          char(1) NOT NULL,
  PRIMARY KEY (outcome, strategy_next_step)
);
INSERT INTO front_door_ssd_outcome VALUES
  ('nfa', '',
   '{"NEW_REFERRAL_FLAG":"N","EXISTING_REFERRAL_FLAG":"N","CP_ENQUIRY_FLAG":"N","NFA_FLAG":"Y","NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"ADVICE_FLAG":"N","MISSING_FLAG":null,"OLA_CP_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"N"}',
   '{"SINGLE_ASSESSMENT_FLAG":"N","NFA_FLAG":"Y","STRATEGY_DISCUSSION_FLAG":"N","CLA_REQUEST_FLAG":null,"NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"CP_TRANSFER_IN_FLAG":null,"CP_CONFERENCE_FLAG":null,"CARE_LEAVER_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"N"}',
   'Y'),
  ('information-advice', '',
   '{"NEW_REFERRAL_FLAG":"N","EXISTING_REFERRAL_FLAG":"N","CP_ENQUIRY_FLAG":"N","NFA_FLAG":"N","NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"ADVICE_FLAG":"Y","MISSING_FLAG":null,"OLA_CP_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"N"}',
   '{"SINGLE_ASSESSMENT_FLAG":"N","NFA_FLAG":"Y","STRATEGY_DISCUSSION_FLAG":"N","CLA_REQUEST_FLAG":null,"NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"CP_TRANSFER_IN_FLAG":null,"CP_CONFERENCE_FLAG":null,"CARE_LEAVER_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"Y"}',
   'Y'),
  ('early-help', '',
   '{"NEW_REFERRAL_FLAG":"N","EXISTING_REFERRAL_FLAG":"N","CP_ENQUIRY_FLAG":"N","NFA_FLAG":"N","NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"ADVICE_FLAG":"N","MISSING_FLAG":null,"OLA_CP_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"Y"}',
   '{"SINGLE_ASSESSMENT_FLAG":"N","NFA_FLAG":"Y","STRATEGY_DISCUSSION_FLAG":"N","CLA_REQUEST_FLAG":null,"NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"CP_TRANSFER_IN_FLAG":null,"CP_CONFERENCE_FLAG":null,"CARE_LEAVER_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"Y"}',
   'Y'),
  -- an open case: the worry goes to the child's worker on the referral already open
  ('allocated-worker', '',
   '{"NEW_REFERRAL_FLAG":"N","EXISTING_REFERRAL_FLAG":"Y","CP_ENQUIRY_FLAG":"N","NFA_FLAG":"N","NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"ADVICE_FLAG":"N","MISSING_FLAG":null,"OLA_CP_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"N"}',
   '{"SINGLE_ASSESSMENT_FLAG":"N","NFA_FLAG":"Y","STRATEGY_DISCUSSION_FLAG":"N","CLA_REQUEST_FLAG":null,"NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"CP_TRANSFER_IN_FLAG":null,"CP_CONFERENCE_FLAG":null,"CARE_LEAVER_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"Y"}',
   'Y'),
  ('other-council', '',
   '{"NEW_REFERRAL_FLAG":"N","EXISTING_REFERRAL_FLAG":"N","CP_ENQUIRY_FLAG":"N","NFA_FLAG":"N","NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"ADVICE_FLAG":"N","MISSING_FLAG":null,"OLA_CP_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"Y"}',
   '{"SINGLE_ASSESSMENT_FLAG":"N","NFA_FLAG":"Y","STRATEGY_DISCUSSION_FLAG":"N","CLA_REQUEST_FLAG":null,"NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"CP_TRANSFER_IN_FLAG":null,"CP_CONFERENCE_FLAG":null,"CARE_LEAVER_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"Y"}',
   'Y'),
  ('assessment', '',
   '{"NEW_REFERRAL_FLAG":"Y","EXISTING_REFERRAL_FLAG":"N","CP_ENQUIRY_FLAG":"N","NFA_FLAG":"N","NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"ADVICE_FLAG":"N","MISSING_FLAG":null,"OLA_CP_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"N"}',
   '{"SINGLE_ASSESSMENT_FLAG":"Y","NFA_FLAG":"N","STRATEGY_DISCUSSION_FLAG":"N","CLA_REQUEST_FLAG":null,"NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"CP_TRANSFER_IN_FLAG":null,"CP_CONFERENCE_FLAG":null,"CARE_LEAVER_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"N"}',
   'N'),
  -- decided, not yet held: a referral whose enquiry question is still open
  ('strategy-discussion', '',
   '{"NEW_REFERRAL_FLAG":"Y","EXISTING_REFERRAL_FLAG":"N","CP_ENQUIRY_FLAG":"N","NFA_FLAG":"N","NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"ADVICE_FLAG":"N","MISSING_FLAG":null,"OLA_CP_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"N"}',
   '{"SINGLE_ASSESSMENT_FLAG":"N","NFA_FLAG":"N","STRATEGY_DISCUSSION_FLAG":"Y","CLA_REQUEST_FLAG":null,"NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"CP_TRANSFER_IN_FLAG":null,"CP_CONFERENCE_FLAG":null,"CARE_LEAVER_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"N"}',
   'N'),
  ('strategy-discussion', 's47',
   '{"NEW_REFERRAL_FLAG":"Y","EXISTING_REFERRAL_FLAG":"N","CP_ENQUIRY_FLAG":"Y","NFA_FLAG":"N","NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"ADVICE_FLAG":"N","MISSING_FLAG":null,"OLA_CP_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"N"}',
   '{"SINGLE_ASSESSMENT_FLAG":"N","NFA_FLAG":"N","STRATEGY_DISCUSSION_FLAG":"Y","CLA_REQUEST_FLAG":null,"NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"CP_TRANSFER_IN_FLAG":null,"CP_CONFERENCE_FLAG":null,"CARE_LEAVER_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"N"}',
   'N'),
  ('strategy-discussion', 'assessment',
   '{"NEW_REFERRAL_FLAG":"Y","EXISTING_REFERRAL_FLAG":"N","CP_ENQUIRY_FLAG":"N","NFA_FLAG":"N","NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"ADVICE_FLAG":"N","MISSING_FLAG":null,"OLA_CP_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"N"}',
   '{"SINGLE_ASSESSMENT_FLAG":"Y","NFA_FLAG":"N","STRATEGY_DISCUSSION_FLAG":"Y","CLA_REQUEST_FLAG":null,"NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"CP_TRANSFER_IN_FLAG":null,"CP_CONFERENCE_FLAG":null,"CARE_LEAVER_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"N"}',
   'N'),
  ('strategy-discussion', 'early-help',
   '{"NEW_REFERRAL_FLAG":"Y","EXISTING_REFERRAL_FLAG":"N","CP_ENQUIRY_FLAG":"N","NFA_FLAG":"N","NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"ADVICE_FLAG":"N","MISSING_FLAG":null,"OLA_CP_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"N"}',
   '{"SINGLE_ASSESSMENT_FLAG":"N","NFA_FLAG":"Y","STRATEGY_DISCUSSION_FLAG":"Y","CLA_REQUEST_FLAG":null,"NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"CP_TRANSFER_IN_FLAG":null,"CP_CONFERENCE_FLAG":null,"CARE_LEAVER_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"Y"}',
   'Y'),
  ('strategy-discussion', 'nfa',
   '{"NEW_REFERRAL_FLAG":"Y","EXISTING_REFERRAL_FLAG":"N","CP_ENQUIRY_FLAG":"N","NFA_FLAG":"N","NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"ADVICE_FLAG":"N","MISSING_FLAG":null,"OLA_CP_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"N"}',
   '{"SINGLE_ASSESSMENT_FLAG":"N","NFA_FLAG":"Y","STRATEGY_DISCUSSION_FLAG":"Y","CLA_REQUEST_FLAG":null,"NON_AGENCY_ADOPTION_FLAG":null,"PRIVATE_FOSTERING_FLAG":null,"CP_TRANSFER_IN_FLAG":null,"CP_CONFERENCE_FLAG":null,"CARE_LEAVER_FLAG":null,"OTHER_OUTCOMES_EXIST_FLAG":"N"}',
   'Y');

-- The person a record stands for now: follows merged_into to the record that survived,
-- through a merge of a survivor (A into B, then B into C gives C).
CREATE FUNCTION person_survivor(id uuid) RETURNS uuid
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE chain (id, merged_into) AS (
    SELECT p.id, p.merged_into FROM person p WHERE p.id = person_survivor.id
    UNION ALL
    SELECT p.id, p.merged_into FROM person p JOIN chain c ON p.id = c.merged_into
  )
  SELECT chain.id FROM chain WHERE chain.merged_into IS NULL
$$;

-- The first day Threshold's front door is the record: the council's setting, or, until one
-- is saved, the day the first contact was received. Before any contact, every imported row
-- counts ('infinity'). One value per query: the planner uses it as an index bound.
CREATE FUNCTION threshold_go_live() RETURNS date
LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    (SELECT (s.value #>> '{}')::date FROM council_setting s WHERE s.key = 'threshold-go-live'),
    (SELECT (min(c.received_at) AT TIME ZONE 'Europe/London')::date FROM contact c),
    'infinity'::date)
$$;

-- Every view states its days in England's time, and the tables carry the same expression
-- indexed, so a window on the view's date column is an index range (Annex A asks for the
-- six months before a date).
CREATE INDEX contact_child_received_day ON contact_child (((received_at AT TIME ZONE 'Europe/London')::date));
CREATE INDEX referral_day ON referral (((referral_date AT TIME ZONE 'Europe/London')::date));
-- The SSD export pages through a table by its id as text: Threshold's ids are uuids.
CREATE INDEX contact_child_id_text ON contact_child ((id::text));
CREATE INDEX referral_id_text ON referral ((id::text));
CREATE INDEX ssd_contacts_cont_contact_date_idx ON ssd_contacts (cont_contact_date);
CREATE INDEX ssd_cin_episodes_cine_referral_date_idx ON ssd_cin_episodes (cine_referral_date);

-- What the front door decided for a child on a contact, as front_door_ssd_outcome keys it:
-- the decision that stands (the latest not returned at sign-off), or a triage that called a
-- strategy discussion at once, with what the latest held discussion decided. A function so
-- both views share it; PostgreSQL inlines it into each as a lateral subquery, and the
-- triage and discussion are only read for the children that need them.
CREATE FUNCTION front_door_outcome(child uuid)
RETURNS TABLE (outcome text, strategy_next_step text, decided_by uuid, receiving_team_id uuid)
LANGUAGE sql STABLE AS $$
  SELECT k.outcome,
         CASE WHEN k.outcome = 'strategy-discussion' THEN coalesce(
           (SELECT s.next_step FROM strategy_discussion s
            WHERE s.contact_child_id = child ORDER BY s.held_at DESC LIMIT 1), '')
         ELSE '' END,
         k.decided_by,
         k.receiving_team_id
  FROM (
    SELECT coalesce(d.outcome,
             (SELECT 'strategy-discussion' FROM triage t
              WHERE t.contact_child_id = child AND t.immediate_strategy_discussion)) AS outcome,
           d.decided_by,
           d.receiving_team_id
    FROM (SELECT) AS one
    LEFT JOIN LATERAL (
      SELECT d.outcome, d.decided_by, d.receiving_team_id FROM decision d
      WHERE d.contact_child_id = child AND d.returned_at IS NULL
      ORDER BY d.decided_at DESC LIMIT 1
    ) d ON true
  ) k
$$;

-- Threshold's contacts as ssd_contacts: one row per child on a contact (the SSD counts
-- children), once the child is matched to a person; a child marked a duplicate or entered
-- in error is not a contact. The outcome is null until a decision is made.
CREATE VIEW threshold_contacts AS
SELECT cc.id::text                                              AS cont_contact_id,
       p.la_person_id                                           AS cont_person_id,
       (cc.received_at AT TIME ZONE 'Europe/London')::date      AS cont_contact_date,
       cc.source                                                AS cont_contact_source_code,
       src.description                                          AS cont_contact_source_desc,
       o.contact_outcome_json                                   AS cont_contact_outcome_json,
       'threshold'                                              AS ssd_source,
       cc.person_id
FROM contact_child cc
JOIN person p ON p.id = cc.person_id
JOIN cin_referral_source src ON src.code = cc.source
LEFT JOIN LATERAL front_door_outcome(cc.id) f ON true
LEFT JOIN front_door_ssd_outcome o ON o.outcome = f.outcome AND o.strategy_next_step = f.strategy_next_step
WHERE cc.state NOT IN ('awaiting-match', 'duplicate', 'entered-in-error');

-- Threshold's referrals as ssd_cin_episodes: a contact accepted for a social-work response
-- (an assessment or a strategy discussion), dated at the contact's receipt. The team is the
-- one it went to (the front door's own when it kept it); the worker, who decided. Threshold
-- holds no primary need, closure reason or closure date: the case system records those.
CREATE VIEW threshold_cin_episodes AS
SELECT r.id::text                                               AS cine_referral_id,
       p.la_person_id                                           AS cine_person_id,
       (r.referral_date AT TIME ZONE 'Europe/London')::date     AS cine_referral_date,
       NULL::varchar(3)                                         AS cine_cin_primary_need_code,
       cc.source                                                AS cine_referral_source_code,
       src.description                                          AS cine_referral_source_desc,
       o.referral_outcome_json                                  AS cine_referral_outcome_json,
       o.referral_nfa                                           AS cine_referral_nfa,
       NULL::varchar(100)                                       AS cine_close_reason,
       NULL::date                                               AS cine_close_date,
       coalesce(f.receiving_team_id, cc.team_id)::text          AS cine_referral_team,
       f.decided_by::text                                       AS cine_referral_worker_id,
       'threshold'                                              AS ssd_source,
       r.person_id
FROM referral r
JOIN contact_child cc ON cc.id = r.contact_child_id
JOIN person p ON p.id = r.person_id
JOIN cin_referral_source src ON src.code = cc.source
LEFT JOIN LATERAL front_door_outcome(cc.id) f ON true
LEFT JOIN front_door_ssd_outcome o ON o.outcome = f.outcome AND o.strategy_next_step = f.strategy_next_step;

-- An imported child as Threshold knows them: the linked person's survivor, or, unlinked,
-- the extract's own id. Merges are rare, so the chain is only walked for a merged record.
CREATE VIEW extract_person_survivor AS
SELECT l.ssd_source,
       l.pers_person_id,
       CASE WHEN p.merged_into IS NULL THEN p.id ELSE person_survivor(p.id) END AS person_id
FROM extract_person_link l
JOIN person p ON p.id = l.person_id;

-- Contacts: imported before go-live, Threshold's from it.
CREATE VIEW journey_contacts AS
SELECT t.cont_contact_id, t.cont_person_id, t.cont_contact_date, t.cont_contact_source_code,
       t.cont_contact_source_desc, t.cont_contact_outcome_json, t.ssd_source, t.person_id
FROM threshold_contacts t
WHERE t.cont_contact_date >= threshold_go_live()
UNION ALL
SELECT c.cont_contact_id, coalesce(p.la_person_id, c.cont_person_id), c.cont_contact_date,
       c.cont_contact_source_code, c.cont_contact_source_desc, c.cont_contact_outcome_json,
       c.ssd_source, p.id
FROM ssd_contacts c
LEFT JOIN extract_person_survivor l ON l.ssd_source = c.ssd_source AND l.pers_person_id = c.cont_person_id
LEFT JOIN person p ON p.id = l.person_id
WHERE c.cont_contact_date < threshold_go_live();

-- Referrals: imported before go-live, Threshold's from it. A referral in both (the same
-- child, referral days at most one apart, which only happens across the go-live boundary)
-- counts once, as Threshold's: from go-live Threshold is the record of the front door, its
-- row carries what the front door decided, and later Threshold records point at its id.
CREATE VIEW journey_referrals AS
SELECT t.cine_referral_id, t.cine_person_id, t.cine_referral_date, t.cine_cin_primary_need_code,
       t.cine_referral_source_code, t.cine_referral_source_desc, t.cine_referral_outcome_json,
       t.cine_referral_nfa, t.cine_close_reason, t.cine_close_date, t.cine_referral_team,
       t.cine_referral_worker_id, t.ssd_source, t.person_id
FROM threshold_cin_episodes t
WHERE t.cine_referral_date >= threshold_go_live()
UNION ALL
SELECT e.cine_referral_id, coalesce(p.la_person_id, e.cine_person_id), e.cine_referral_date,
       e.cine_cin_primary_need_code, e.cine_referral_source_code, e.cine_referral_source_desc,
       e.cine_referral_outcome_json, e.cine_referral_nfa, e.cine_close_reason, e.cine_close_date,
       e.cine_referral_team, e.cine_referral_worker_id, e.ssd_source, p.id
FROM ssd_cin_episodes e
LEFT JOIN extract_person_survivor l ON l.ssd_source = e.ssd_source AND l.pers_person_id = e.cine_person_id
LEFT JOIN person p ON p.id = l.person_id
WHERE e.cine_referral_date < threshold_go_live()
  AND NOT EXISTS (
    SELECT 1 FROM referral r
    WHERE r.person_id = p.id
      AND (r.referral_date AT TIME ZONE 'Europe/London')::date >= threshold_go_live()
      AND r.referral_date >= (e.cine_referral_date - 1)::timestamp AT TIME ZONE 'Europe/London'
      AND r.referral_date < (e.cine_referral_date + 2)::timestamp AT TIME ZONE 'Europe/London');

GRANT SELECT ON cin_referral_source, front_door_ssd_outcome TO threshold_app;
GRANT SELECT ON threshold_contacts, threshold_cin_episodes,
  extract_person_survivor, journey_contacts, journey_referrals TO threshold_app;
