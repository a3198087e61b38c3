-- The front door after triage: enquiries to agencies and to parents, agreement to share
-- information, the review of the triage recommendation, the decision and its sign-off,
-- feedback to the referrer, strategy discussions and transfers to the receiving team.

-- Agreement to share information, per person with parental responsibility. Sharing
-- without agreement is lawful to safeguard a child, but the rationale and who authorised
-- it must be on record (the Ofsted letter found it poorly recorded by unqualified staff).
CREATE TABLE information_sharing (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_child_id uuid NOT NULL REFERENCES contact_child (id),
  person_id uuid REFERENCES person (id),
  person_name text NOT NULL,
  agreement text NOT NULL CHECK (agreement IN ('not-sought', 'sought-given', 'sought-refused')),
  information_shared boolean NOT NULL,
  rationale text,
  authorised_by uuid REFERENCES app_user (id),
  lawful_basis text NOT NULL,
  recorded_at timestamptz NOT NULL,
  recorded_by uuid NOT NULL REFERENCES app_user (id),
  CHECK (NOT information_shared OR agreement = 'sought-given'
    OR (coalesce(btrim(rationale), '') <> '' AND authorised_by IS NOT NULL))
);
CREATE INDEX information_sharing_child_idx ON information_sharing (contact_child_id);
CREATE INDEX information_sharing_unagreed_idx ON information_sharing (recorded_at)
  WHERE information_shared AND agreement <> 'sought-given';

CREATE TABLE enquiry (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_child_id uuid NOT NULL REFERENCES contact_child (id),
  agency text NOT NULL,
  requested_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  answered_at timestamptz,
  response text,
  recorded_by uuid NOT NULL REFERENCES app_user (id),
  version integer NOT NULL DEFAULT 1,
  CHECK ((answered_at IS NULL) = (response IS NULL))
);
CREATE INDEX enquiry_child_idx ON enquiry (contact_child_id);

CREATE TABLE parent_conversation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_child_id uuid NOT NULL REFERENCES contact_child (id),
  spoke_at timestamptz NOT NULL,
  spoke_by uuid NOT NULL REFERENCES app_user (id),
  with_whom text NOT NULL,
  summary text NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX parent_conversation_child_idx ON parent_conversation (contact_child_id);

-- The practitioner's review of the triage recommendation in the light of the enquiries.
CREATE TABLE review (
  contact_child_id uuid PRIMARY KEY REFERENCES contact_child (id),
  confirmed boolean NOT NULL,
  recommendation text NOT NULL,
  reason text,
  reviewed_at timestamptz NOT NULL,
  reviewed_by uuid NOT NULL REFERENCES app_user (id),
  CHECK (confirmed OR coalesce(btrim(reason), '') <> '')
);

-- A decision and its sign-off. A child can have more than one decision when a
-- receiving team rejects a transfer; the latest is the one that stands.
CREATE TABLE decision (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_child_id uuid NOT NULL REFERENCES contact_child (id),
  outcome text NOT NULL,
  early_help_tier text,
  threshold_level text NOT NULL,
  -- why the outcome does not fit the level of need, when it does not
  level_reason text,
  rationale text NOT NULL,
  family_agreed boolean,
  receiving_team_id uuid REFERENCES team (id),
  decided_at timestamptz NOT NULL,
  decided_by uuid NOT NULL REFERENCES app_user (id),
  -- out of hours, a lone duty worker's decision stands; a day manager signs it off
  out_of_hours_alone boolean NOT NULL DEFAULT false,
  sign_off_due_at timestamptz NOT NULL,
  signed_off_at timestamptz,
  signed_off_by uuid REFERENCES app_user (id),
  sign_off_comment text,
  CHECK (outcome <> 'early-help' OR (early_help_tier IS NOT NULL AND family_agreed)),
  CHECK ((signed_off_at IS NULL) = (signed_off_by IS NULL)),
  CHECK (signed_off_by IS NULL OR signed_off_by <> decided_by)
);
CREATE INDEX decision_child_idx ON decision (contact_child_id, decided_at);
CREATE INDEX decision_unsigned_idx ON decision (sign_off_due_at) WHERE signed_off_at IS NULL;
CREATE INDEX decision_decided_idx ON decision (decided_at);

CREATE TABLE feedback (
  contact_child_id uuid PRIMARY KEY REFERENCES contact_child (id),
  given_at timestamptz NOT NULL,
  method text NOT NULL,
  summary text NOT NULL,
  given_by uuid NOT NULL REFERENCES app_user (id),
  recorded_at timestamptz NOT NULL
);

CREATE TABLE strategy_discussion (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_child_id uuid NOT NULL REFERENCES contact_child (id),
  held_at timestamptz NOT NULL,
  attendees jsonb NOT NULL,
  next_step text NOT NULL CHECK (next_step IN ('s47', 'assessment', 'early-help', 'nfa')),
  rationale text NOT NULL,
  -- s47 enquiries: the initial child protection conference is due 15 working days on
  icpc_due_at timestamptz,
  icpc_not_required_reason text,
  recorded_at timestamptz NOT NULL,
  recorded_by uuid NOT NULL REFERENCES app_user (id),
  CHECK ((next_step = 's47') = (icpc_due_at IS NOT NULL))
);
CREATE INDEX strategy_discussion_child_idx ON strategy_discussion (contact_child_id);

CREATE TABLE protective_action (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  strategy_discussion_id uuid NOT NULL REFERENCES strategy_discussion (id),
  action text NOT NULL,
  owner text NOT NULL,
  due_on date NOT NULL
);

-- A child handed to early help or an assessment team, who accept or reject it.
CREATE TABLE transfer (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_child_id uuid NOT NULL REFERENCES contact_child (id),
  decision_id uuid NOT NULL REFERENCES decision (id),
  to_team_id uuid NOT NULL REFERENCES team (id),
  kind text NOT NULL CHECK (kind IN ('early-help', 'assessment')),
  early_help_tier text,
  sent_at timestamptz NOT NULL,
  responded_at timestamptz,
  responded_by uuid REFERENCES app_user (id),
  accepted boolean,
  reject_reason text,
  -- early help's first contact with the family: the timeliness Ofsted asked about
  first_contact_at timestamptz,
  CHECK (accepted IS NOT FALSE OR coalesce(btrim(reject_reason), '') <> '')
);
CREATE INDEX transfer_child_idx ON transfer (contact_child_id);
CREATE INDEX transfer_waiting_idx ON transfer (to_team_id, sent_at) WHERE responded_at IS NULL;

GRANT SELECT, INSERT ON information_sharing TO threshold_app;
GRANT SELECT, INSERT, UPDATE ON enquiry TO threshold_app;
GRANT SELECT, INSERT ON parent_conversation TO threshold_app;
GRANT SELECT, INSERT ON review TO threshold_app;
GRANT SELECT, INSERT, UPDATE ON decision TO threshold_app;
GRANT SELECT, INSERT ON feedback TO threshold_app;
GRANT SELECT, INSERT, UPDATE ON strategy_discussion TO threshold_app;
GRANT SELECT, INSERT ON protective_action TO threshold_app;
GRANT SELECT, INSERT, UPDATE ON transfer TO threshold_app;

-- A referral soon after a step-down to early help: a signal the original decision was
-- wrong, listed for senior managers with that decision.
ALTER TABLE referral ADD COLUMN step_up_from_transfer_id uuid REFERENCES transfer (id);
CREATE INDEX referral_step_up_idx ON referral (referral_date) WHERE step_up_from_transfer_id IS NOT NULL;

-- Period figures on the dashboard count children by when their contact arrived and
-- transfers by when they were accepted.
CREATE INDEX contact_child_received_idx ON contact_child (received_at);
CREATE INDEX transfer_responded_idx ON transfer (responded_at) WHERE kind = 'early-help';
