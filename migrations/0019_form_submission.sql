-- A form is sent once: each page carries a one-time token, claimed when its form is
-- posted. A second post of the same token (a double click, a resubmission, two tabs)
-- is answered with the first post's result instead of being saved again.
CREATE TABLE form_submission (
  token uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user (id),
  at timestamptz NOT NULL DEFAULT now(),
  -- Where the first post led (its redirect); null while it is being saved.
  location text CHECK (length(location) <= 2000)
);
CREATE INDEX form_submission_at ON form_submission (at);
GRANT SELECT, INSERT, DELETE ON form_submission TO threshold_app;
GRANT UPDATE (location) ON form_submission TO threshold_app;
