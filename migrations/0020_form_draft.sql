-- A form sent after its session ended is kept for its owner, who finds it again after
-- signing in (WCAG 2.2.1: a timed-out session never loses what was typed). What people
-- typed is personal data: drafts are read only by their owner and forgotten after a day.
CREATE TABLE form_draft (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_user (id),
  path text NOT NULL CHECK (path LIKE '/%' AND length(path) <= 2000),
  body jsonb NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX form_draft_at ON form_draft (at);
GRANT SELECT, INSERT, DELETE ON form_draft TO threshold_app;
