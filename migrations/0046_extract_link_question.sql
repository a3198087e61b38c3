-- An SSD person the linking could not be sure of (issue 17, ADR 36): the matcher listed
-- likely candidates, none certain, so a person decides. The question's id is what its task
-- names (task.record_id is a uuid; an SSD person's key is its source and case-system id).
-- It is answered once: by the link it made (extract_person_link, how 'confirmed' or
-- 'created'), in the transaction that closes its task. A re-import keeps an open question
-- whose SSD person is still in the source, and removes it, cancelling its task, when not.
CREATE TABLE extract_link_question (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ssd_source     varchar(100) NOT NULL,
  pers_person_id varchar(48) NOT NULL,
  asked_at       timestamptz NOT NULL,
  answered_at    timestamptz,
  answered_by    uuid REFERENCES app_user (id),
  UNIQUE (ssd_source, pers_person_id),
  CHECK ((answered_at IS NULL) = (answered_by IS NULL))
);
GRANT SELECT, INSERT, UPDATE, DELETE ON extract_link_question TO threshold_app;

-- Linking is a job's second phase, after its import commits: waiting (the import loaded),
-- linking (the runner is at it, its heartbeat in updated_at), linked, or failed. Linking
-- commits a chunk at a time and only links what is unlinked, so a phase cut short by a
-- restart goes back to waiting and is run again; nothing of it is lost or done twice.
ALTER TABLE extract_import_job
  ADD COLUMN link_state text CHECK (link_state IN ('waiting', 'linking', 'linked', 'failed')),
  ADD COLUMN link_to_match integer,
  ADD COLUMN link_matched integer,
  ADD COLUMN link_summary jsonb;
CREATE INDEX extract_import_job_link_waiting ON extract_import_job (queued_at) WHERE link_state = 'waiting';
