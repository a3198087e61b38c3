-- A record's timeline lists its changes, newest first. A child opened thousands of times
-- has thousands of view rows in front of each change in (person_id, at); this index holds
-- only the changes, so the timeline reads a few index entries instead of every view.
CREATE INDEX access_log_person_changes ON access_log (person_id, at DESC)
  WHERE person_id IS NOT NULL AND action IN ('create', 'update', 'merge', 'unmerge');
