-- The review and the decision say what a reader of the record needs to see (ADR 27).

-- Confirming the triage recommendation while an agency has not answered records why the
-- answer is not needed; the review's history event names the enquiries then unanswered.
ALTER TABLE review ADD COLUMN unanswered_reason text
  CHECK (unanswered_reason IS NULL OR btrim(unanswered_reason) <> '');

-- A decision other than the one the review recommended says why.
ALTER TABLE decision ADD COLUMN departure_reason text
  CHECK (departure_reason IS NULL OR btrim(departure_reason) <> '');

-- Triaged, reviewed and decided by one person, as it stood when the decision was taken:
-- the manager signing it off is the first other pair of eyes.
ALTER TABLE decision ADD COLUMN one_person boolean NOT NULL DEFAULT false;
