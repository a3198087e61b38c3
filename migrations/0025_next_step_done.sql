-- A next step is finished one of two ways: its worker (or their manager) records it done
-- with a note of what was done, or a manager cancels it with the reason it is no longer
-- needed. Either way it says who and when; a child cannot close with one still open.
ALTER TABLE next_step
  ADD COLUMN done_note text CHECK (length(done_note) <= 4000),
  ADD COLUMN cancelled_at timestamptz,
  ADD COLUMN cancelled_by uuid REFERENCES app_user (id),
  ADD COLUMN cancel_reason text CHECK (length(cancel_reason) <= 4000),
  ADD CONSTRAINT next_step_done_or_cancelled CHECK (done_at IS NULL OR cancelled_at IS NULL),
  ADD CONSTRAINT next_step_done_with_note CHECK ((done_at IS NULL) = (done_by IS NULL)),
  ADD CONSTRAINT next_step_cancelled_with_reason CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL));
