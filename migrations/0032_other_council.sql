-- "Passed to another council" says which council, and, once signed off, when and how the
-- referral was sent and to whom. An English council is named by its DfE code with the name
-- it had that day; a council outside England (Wales, Scotland, Northern Ireland) by name.
ALTER TABLE decision
  ADD COLUMN other_council_code text CHECK (other_council_code ~ '^\d{3}$'),
  ADD COLUMN other_council_name text CHECK (length(other_council_name) BETWEEN 1 AND 200),
  ADD COLUMN sent_at timestamptz,
  ADD COLUMN sent_how text CHECK (sent_how IN ('secure-email', 'online-form', 'phone-then-writing', 'post')),
  ADD COLUMN sent_to text CHECK (length(sent_to) <= 200),
  ADD COLUMN sent_recorded_by uuid REFERENCES app_user (id),
  ADD COLUMN sent_recorded_at timestamptz,
  ADD CONSTRAINT decision_other_council CHECK (
    (other_council_name IS NULL AND other_council_code IS NULL) OR outcome = 'other-council'),
  ADD CONSTRAINT decision_other_council_code_named CHECK (other_council_code IS NULL OR other_council_name IS NOT NULL),
  ADD CONSTRAINT decision_sent CHECK (
    (sent_at IS NULL) = (sent_how IS NULL) AND (sent_at IS NULL) = (sent_recorded_by IS NULL)
    AND (sent_at IS NULL) = (sent_recorded_at IS NULL) AND (sent_at IS NULL OR other_council_name IS NOT NULL));
