-- A team's unallocated work in due order, whatever its kind. My work shows the first few
-- of the kinds the reader does: walking this index in order finds them at once, where the
-- index by kind made every unallocated task of those kinds be read and sorted. The kind is
-- carried in the index, so counting the reader's kinds reads no table rows.
DROP INDEX task_unallocated_idx;
CREATE INDEX task_unallocated_idx ON task (owner_team_id, due_at, id) INCLUDE (kind)
  WHERE state = 'open' AND owner_user_id IS NULL;
