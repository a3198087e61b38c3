-- Withdrawing a child (a duplicate, or entered in error) by anyone but a manager needs a
-- manager's sign-off before the child leaves the queues: the request waits here, and the
-- child stays where it is until a manager agrees (and the withdrawal happens) or refuses.
CREATE TABLE withdrawal_request (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_child_id uuid NOT NULL REFERENCES contact_child (id),
  how text NOT NULL CHECK (how IN ('duplicate', 'error')),
  duplicate_of uuid REFERENCES contact_child (id),
  reason text CHECK (length(reason) <= 4000),
  requested_at timestamptz NOT NULL,
  requested_by uuid NOT NULL REFERENCES app_user (id),
  answered_at timestamptz,
  answered_by uuid REFERENCES app_user (id),
  agreed boolean,
  answer_note text CHECK (length(answer_note) <= 4000),
  CHECK ((how = 'duplicate') = (duplicate_of IS NOT NULL)),
  CHECK (how <> 'error' OR reason IS NOT NULL),
  CHECK ((answered_at IS NULL) = (agreed IS NULL) AND (answered_at IS NULL) = (answered_by IS NULL))
);
-- One request waits at a time for each child.
CREATE UNIQUE INDEX withdrawal_request_pending_idx ON withdrawal_request (contact_child_id) WHERE answered_at IS NULL;
GRANT SELECT, INSERT ON withdrawal_request TO threshold_app;
GRANT UPDATE (answered_at, answered_by, agreed, answer_note) ON withdrawal_request TO threshold_app;

-- The side-exits list (oversight at every exit) reads children by when they closed.
CREATE INDEX contact_child_closed_idx ON contact_child (closed_at) WHERE closed_at IS NOT NULL;
