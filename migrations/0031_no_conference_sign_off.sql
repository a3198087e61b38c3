-- Section 47 enquiries that end without a child protection conference end the child's
-- protection planning: a manager agrees before it counts (oversight at every exit). Who
-- recorded it and when are kept. A manager who records it agrees as they record it;
-- anyone else's waits for a manager, and the conference stays due until one agrees. A
-- refusal clears it, and the child's history keeps who refused and why.
ALTER TABLE strategy_discussion
  ADD COLUMN icpc_not_required_by uuid REFERENCES app_user (id),
  ADD COLUMN icpc_not_required_at timestamptz,
  ADD COLUMN icpc_not_required_agreed_by uuid REFERENCES app_user (id),
  ADD COLUMN icpc_not_required_agreed_at timestamptz,
  ADD CHECK ((icpc_not_required_agreed_at IS NULL) = (icpc_not_required_agreed_by IS NULL)),
  ADD CHECK ((icpc_not_required_at IS NULL) = (icpc_not_required_by IS NULL)),
  ADD CHECK (icpc_not_required_agreed_at IS NULL OR icpc_not_required_reason IS NOT NULL);
