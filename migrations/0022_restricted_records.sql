-- Restricted records: a manager can restrict a person's record (a staff member's child, a
-- high-profile family, a child at risk from someone with access). Then only the users
-- named on it, its owner (who restricted it), or someone who gives a reason (break-glass)
-- may open it; each break-glass opening is kept with its reason.
CREATE TABLE person_restriction (
  person_id uuid PRIMARY KEY REFERENCES person (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 4000),
  owner_id uuid NOT NULL REFERENCES app_user (id),
  restricted_at timestamptz NOT NULL
);
CREATE TABLE person_restriction_user (
  person_id uuid NOT NULL REFERENCES person_restriction (person_id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES app_user (id),
  PRIMARY KEY (person_id, user_id)
);
CREATE TABLE break_glass (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES person (id),
  user_id uuid NOT NULL REFERENCES app_user (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 4000),
  at timestamptz NOT NULL
);
CREATE INDEX break_glass_user_person ON break_glass (user_id, person_id, at DESC);
GRANT SELECT, INSERT, DELETE ON person_restriction, person_restriction_user TO threshold_app;
GRANT UPDATE (reason) ON person_restriction TO threshold_app;
GRANT SELECT, INSERT ON break_glass TO threshold_app;
