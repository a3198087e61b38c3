-- A decision's outcome and a workflow event's states are the same closed lists the
-- child's row already checks; the database now refuses anything else in them too, and the
-- generated types (npm run db:types) carry the lists.
ALTER TABLE decision ADD CONSTRAINT decision_outcome_check CHECK (outcome IN (
  'nfa', 'information-advice', 'early-help', 'allocated-worker', 'other-council', 'assessment',
  'strategy-discussion'));
ALTER TABLE contact_child_event ADD CONSTRAINT contact_child_event_from_state_check CHECK (from_state IN (
  'awaiting-match', 'awaiting-triage', 'enquiries', 'awaiting-decision', 'awaiting-sign-off',
  'strategy-discussion', 'awaiting-transfer', 'closed', 'duplicate', 'entered-in-error'));
ALTER TABLE contact_child_event ADD CONSTRAINT contact_child_event_to_state_check CHECK (to_state IN (
  'awaiting-match', 'awaiting-triage', 'enquiries', 'awaiting-decision', 'awaiting-sign-off',
  'strategy-discussion', 'awaiting-transfer', 'closed', 'duplicate', 'entered-in-error'));
