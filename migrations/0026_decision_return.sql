-- Sign-off has two answers: agree, or return the decision to the one who made it with a
-- reason. A returned decision stays in the record; the new decision is a new row.
ALTER TABLE decision
  ADD COLUMN returned_at timestamptz,
  ADD COLUMN returned_by uuid REFERENCES app_user (id),
  ADD COLUMN return_reason text CHECK (length(return_reason) <= 4000),
  ADD CONSTRAINT decision_returned_with_reason CHECK (
    (returned_at IS NULL) = (returned_by IS NULL) AND (returned_at IS NULL) = (return_reason IS NULL)
  ),
  ADD CONSTRAINT decision_signed_or_returned CHECK (signed_off_at IS NULL OR returned_at IS NULL);
