-- Feedback to the referrer can be corrected (the wrong day, the wrong way of telling, words
-- that were not what was said), with a reason. The record shows the version in force;
-- each version it replaced is kept with who replaced it, when and why, so what the child's
-- record said before stays readable. The version number detects two corrections at once.
ALTER TABLE feedback ADD COLUMN version integer NOT NULL DEFAULT 1;

CREATE TABLE feedback_version (
  contact_child_id uuid NOT NULL REFERENCES feedback (contact_child_id),
  version integer NOT NULL,
  given_at timestamptz NOT NULL,
  method text NOT NULL,
  summary text NOT NULL,
  given_by uuid NOT NULL REFERENCES app_user (id),
  recorded_at timestamptz NOT NULL,
  replaced_at timestamptz NOT NULL,
  replaced_by uuid NOT NULL REFERENCES app_user (id),
  reason text NOT NULL,
  PRIMARY KEY (contact_child_id, version)
);

GRANT SELECT, INSERT ON feedback_version TO threshold_app;
GRANT UPDATE (given_at, method, summary, recorded_at, version) ON feedback TO threshold_app;
