-- Strategy discussions (ADR 29). Attendees are recorded by agency from a code list, each
-- with a name and a role; children's social care, the police and health take part, or
-- the reason one could not is kept. A decision that records a held discussion keeps what
-- the discussion decided, so the record reads "no further action" rather than the front
-- door's earlier decision to hold one.

-- Why a required agency could not take part: [{"agency": "police", "reason": "…"}].
ALTER TABLE strategy_discussion
  ADD COLUMN absences jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD CHECK (jsonb_typeof(absences) = 'array');

-- Attendees recorded before the code list had an agency typed as free text and one field
-- for name and role: each is given the code its text names (or "other"), its text kept
-- as "recordedAs" so the record still reads as it was written, and an empty role.
UPDATE strategy_discussion s
SET attendees = (
  SELECT coalesce(jsonb_agg(
    CASE WHEN a ? 'role' THEN a ELSE jsonb_build_object(
      'agency', CASE
        WHEN a->>'agency' ~* 'social (care|work)|children''s services|\mcsc\M' THEN 'csc'
        WHEN a->>'agency' ~* 'police|constabulary' THEN 'police'
        WHEN a->>'agency' ~* 'health visit' THEN 'health-visitor'
        WHEN a->>'agency' ~* 'school nurs' THEN 'health-school-nurse'
        WHEN a->>'agency' ~* '\mgp\M|general practi|surgery' THEN 'health-gp'
        WHEN a->>'agency' ~* 'hospital|paediatric|\ma ?& ?e\M' THEN 'health-hospital'
        WHEN a->>'agency' ~* 'health|nhs|nurs|midwi|camhs' THEN 'health-other'
        WHEN a->>'agency' ~* 'school|education|college|nursery|academy' THEN 'education'
        WHEN a->>'agency' ~* 'probation' THEN 'probation'
        ELSE 'other' END,
      'name', coalesce(a->>'name', ''),
      'role', '',
      'recordedAs', a->>'agency')
    END ORDER BY e.ord), '[]'::jsonb)
  FROM jsonb_array_elements(s.attendees) WITH ORDINALITY AS e(a, ord)
)
WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(s.attendees) AS x(a) WHERE NOT x.a ? 'role');

-- What the held discussion decided, on the decision that records it (signed off as an
-- exit, or as the decision itself when held straight from triage).
ALTER TABLE decision
  ADD COLUMN strategy_next_step text
    CHECK (strategy_next_step IN ('s47', 'assessment', 'early-help', 'nfa')),
  ADD CHECK (strategy_next_step IS NULL OR outcome = 'strategy-discussion');

-- Decisions recorded before: the latest discussion held on the child at or before the
-- decision, for a decision on a strategy discussion taken once one had been held.
UPDATE decision d
SET strategy_next_step = (
  SELECT s.next_step FROM strategy_discussion s
  WHERE s.contact_child_id = d.contact_child_id AND s.held_at <= d.decided_at
  ORDER BY s.held_at DESC LIMIT 1
)
WHERE d.outcome = 'strategy-discussion'
  AND EXISTS (
    SELECT 1 FROM strategy_discussion s
    WHERE s.contact_child_id = d.contact_child_id AND s.held_at <= d.decided_at
  );
