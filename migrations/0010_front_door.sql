-- The front door: contacts, and each child on a contact with its own workflow, from
-- triage to sign-off. A contact can concern several children; each child has its own
-- RAG, risks, outcome, clocks, sign-off and feedback, because siblings often get
-- different outcomes and every return counts children. Codes follow the CIN census:
-- referral sources 1A…10, assessment factors 1A…24A.

CREATE SEQUENCE contact_number_seq START 100000;

CREATE TABLE contact (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE DEFAULT ('C' || nextval('contact_number_seq')::text),
  kind text NOT NULL CHECK (kind IN ('contact', 'da-notification')),
  channel text NOT NULL CHECK (channel IN ('form', 'api')),
  received_at timestamptz NOT NULL,
  -- set from the received time and the council's office hours when recorded
  out_of_hours boolean NOT NULL,
  source text NOT NULL CHECK (source IN (
    '1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4',
    '5A', '5B', '5C', '5D', '6', '7', '8', '9', '10')),
  referrer_name text,
  referrer_agency text,
  referrer_phone text,
  referrer_email text,
  concern text NOT NULL,
  request text,
  family_aware text NOT NULL DEFAULT 'not-known' CHECK (family_aware IN ('yes', 'no', 'not-known')),
  -- police domestic-abuse notifications
  incident_at timestamptz,
  sent_at timestamptz,
  risk_tool text CHECK (risk_tool IN ('DASH', 'DARA')),
  risk_level text CHECK (risk_level IN ('standard', 'medium', 'high')),
  acknowledged_at timestamptz,
  acknowledged_by uuid REFERENCES app_user (id),
  acknowledgement_method text,
  acknowledgement_due_at timestamptz NOT NULL,
  team_id uuid REFERENCES team (id),
  api_key_id uuid REFERENCES api_key (id),
  created_by uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  CHECK (kind <> 'da-notification' OR (incident_at IS NOT NULL AND source = '6')),
  CHECK ((risk_tool IS NULL) = (risk_level IS NULL))
);
CREATE INDEX contact_received_idx ON contact (received_at);
CREATE INDEX contact_acknowledgement_owed_idx ON contact (acknowledgement_due_at) WHERE acknowledged_at IS NULL;

-- One child on a contact. The workflow state and the columns every queue filters on
-- live here; each step's record lives in its own table below.
CREATE TABLE contact_child (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_id uuid NOT NULL REFERENCES contact (id),
  -- null until someone matches the child sent by an agency to a person
  person_id uuid REFERENCES person (id),
  -- the child as the referrer described them, for matching
  described jsonb,
  state text NOT NULL CHECK (state IN (
    'awaiting-match', 'awaiting-triage', 'enquiries', 'awaiting-decision', 'awaiting-sign-off',
    'strategy-discussion', 'awaiting-transfer', 'closed', 'duplicate', 'entered-in-error')),
  state_changed_at timestamptz NOT NULL,
  -- copied from the contact, so the queues read one table
  received_at timestamptz NOT NULL,
  out_of_hours boolean NOT NULL,
  source text NOT NULL,
  team_id uuid REFERENCES team (id),
  -- the contact officer's initial RAG, then the triage manager's
  rag text CHECK (rag IN ('red', 'amber', 'green')),
  -- 0 red, 1 amber, 2 not rated, 3 green: the queue's order
  urgency_rank smallint NOT NULL DEFAULT 2,
  decision_due_at timestamptz NOT NULL,
  outcome text CHECK (outcome IN (
    'nfa', 'information-advice', 'early-help', 'allocated-worker', 'other-council', 'assessment',
    'strategy-discussion')),
  duplicate_of uuid REFERENCES contact_child (id),
  error_reason text,
  closed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  CHECK ((state = 'awaiting-match') = (person_id IS NULL))
);
CREATE INDEX contact_child_contact_idx ON contact_child (contact_id);
CREATE INDEX contact_child_person_idx ON contact_child (person_id, received_at);
CREATE INDEX contact_child_open_idx ON contact_child (state, team_id, urgency_rank, received_at)
  WHERE state NOT IN ('closed', 'duplicate', 'entered-in-error');
CREATE INDEX contact_child_decision_due_idx ON contact_child (decision_due_at)
  WHERE state IN ('awaiting-triage', 'enquiries', 'awaiting-decision');

-- Every state change of a child, in order: the child's front-door history.
CREATE TABLE contact_child_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contact_child_id uuid NOT NULL REFERENCES contact_child (id),
  event text NOT NULL,
  from_state text,
  to_state text NOT NULL,
  at timestamptz NOT NULL,
  by_user uuid REFERENCES app_user (id),
  by_api_key uuid REFERENCES api_key (id),
  detail jsonb
);
CREATE INDEX contact_child_event_child_idx ON contact_child_event (contact_child_id, id);

-- The council's threshold framework and the risk factors triage considers.
CREATE TABLE risk_factor (
  code text PRIMARY KEY,
  label text NOT NULL,
  -- the CIN census assessment factor it maps to
  cin_factor text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  sort_order integer NOT NULL
);

INSERT INTO risk_factor (code, label, cin_factor, sort_order) VALUES
  ('domestic-abuse-parent', 'Domestic abuse: parent or carer', '3B', 10),
  ('domestic-abuse-child', 'Domestic abuse: the child', '3A', 11),
  ('alcohol-parent', 'Alcohol misuse: parent or carer', '1B', 20),
  ('drugs-parent', 'Drug misuse: parent or carer', '2B', 21),
  ('drugs-child', 'Drug misuse: the child', '2A', 22),
  ('mental-health-parent', 'Mental health: parent or carer', '4B', 30),
  ('mental-health-child', 'Mental health: the child', '4A', 31),
  ('learning-disability-parent', 'Learning disability: parent or carer', '5B', 32),
  ('neglect', 'Neglect', '16A', 40),
  ('emotional-abuse', 'Emotional abuse', '17A', 41),
  ('physical-abuse-adult', 'Physical abuse by an adult', '18C', 42),
  ('physical-abuse-child', 'Physical abuse by another child', '18B', 43),
  ('sexual-abuse-adult', 'Sexual abuse by an adult', '19C', 44),
  ('sexual-abuse-child', 'Sexual abuse by another child', '19B', 45),
  ('missing', 'Going or being missing', '10A', 50),
  ('cse', 'Child sexual exploitation', '11A', 51),
  ('cce', 'Child criminal exploitation', '24A', 52),
  ('trafficking', 'Trafficking', '12A', 53),
  ('gangs', 'Gangs', '13A', 54),
  ('self-harm', 'Self-harm', '15A', 60),
  ('young-carer', 'Young carer', '7A', 61),
  ('fgm', 'Female genital mutilation', '22A', 62),
  ('faith-abuse', 'Abuse linked to faith or belief', '23A', 63),
  ('uasc', 'Unaccompanied asylum-seeking child', '9A', 64),
  ('other', 'Other', '20', 90);

-- Triage: the manager's initial recommendation for one child.
CREATE TABLE triage (
  contact_child_id uuid PRIMARY KEY REFERENCES contact_child (id),
  threshold_level text NOT NULL,
  rag text NOT NULL CHECK (rag IN ('red', 'amber', 'green')),
  recommendation text NOT NULL,
  immediate_strategy_discussion boolean NOT NULL DEFAULT false,
  rationale text NOT NULL,
  -- contacts and referrals for the child in the 12 months before, as seen at triage
  repeat_contact boolean NOT NULL,
  triaged_at timestamptz NOT NULL,
  triaged_by uuid NOT NULL REFERENCES app_user (id)
);

CREATE TABLE triage_factor (
  contact_child_id uuid NOT NULL REFERENCES triage (contact_child_id),
  risk_factor text NOT NULL REFERENCES risk_factor (code),
  status text NOT NULL CHECK (status IN ('present', 'not-known', 'ruled-out')),
  reason text,
  PRIMARY KEY (contact_child_id, risk_factor),
  CHECK (status <> 'ruled-out' OR coalesce(btrim(reason), '') <> '')
);

-- Next steps triage sets, each allocated to a named worker with an urgency.
CREATE TABLE next_step (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_child_id uuid NOT NULL REFERENCES contact_child (id),
  action text NOT NULL,
  urgency text NOT NULL CHECK (urgency IN ('within-4-hours', 'same-day', 'one-working-day', 'three-working-days')),
  due_at timestamptz NOT NULL,
  allocated_to uuid NOT NULL REFERENCES app_user (id),
  done_at timestamptz,
  done_by uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX next_step_child_idx ON next_step (contact_child_id);
CREATE INDEX next_step_open_idx ON next_step (allocated_to, due_at) WHERE done_at IS NULL;

-- Referrals: a contact accepted for a social-work response, dated at the contact's receipt.
CREATE TABLE referral (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_child_id uuid NOT NULL UNIQUE REFERENCES contact_child (id),
  person_id uuid NOT NULL REFERENCES person (id),
  referral_date timestamptz NOT NULL,
  -- a referral within 12 months of the child's previous one
  re_referral boolean NOT NULL,
  previous_referral_id uuid REFERENCES referral (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX referral_person_idx ON referral (person_id, referral_date);
CREATE INDEX referral_date_idx ON referral (referral_date);

GRANT SELECT, INSERT, UPDATE ON contact TO threshold_app;
GRANT USAGE ON SEQUENCE contact_number_seq TO threshold_app;
GRANT SELECT, INSERT, UPDATE ON contact_child TO threshold_app;
GRANT SELECT, INSERT ON contact_child_event TO threshold_app;
GRANT SELECT ON risk_factor TO threshold_app;
GRANT SELECT, INSERT ON triage TO threshold_app;
GRANT SELECT, INSERT ON triage_factor TO threshold_app;
GRANT SELECT, INSERT, UPDATE ON next_step TO threshold_app;
GRANT SELECT, INSERT, UPDATE ON referral TO threshold_app;
