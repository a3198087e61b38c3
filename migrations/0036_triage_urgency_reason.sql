-- Urgency follows the risk (ADR 26): a child rated Red, or a police domestic-abuse
-- notification assessed as high risk, needs a next step within 4 hours or the same
-- working day (and a high-risk notification is not rated Green), unless the manager
-- records why not. That reason is kept on the triage, in the manager's words.
ALTER TABLE triage
  ADD COLUMN urgency_reason text,
  ADD CONSTRAINT triage_urgency_reason_said CHECK (urgency_reason IS NULL OR btrim(urgency_reason) <> '');
