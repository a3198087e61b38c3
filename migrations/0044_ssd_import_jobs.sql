-- An SSD extract uploaded from the browser is imported by a background job (issue 17,
-- ADR 34): the files are kept here first, so the job outlives the request, the user's
-- page and a restart of the app, and a runner in the app process works through the queue.
--
-- The files are kept in the database rather than on disk: the app on PostgreSQL may run on
-- a host with no lasting disk of its own, and the files commit with their job in one
-- transaction, so a job never points at files that were not kept. They are kept only as
-- long as a job may still read them: a job that ends loaded or refused drops them.

CREATE TABLE extract_import_job (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ssd_source    varchar(100) NOT NULL,
  requested_by  uuid NOT NULL REFERENCES app_user (id),
  valid_only    boolean NOT NULL,
  -- queued → running → done (loaded) | refused (nothing loaded: errors, or no SSD file) |
  -- failed (an unexpected error rolled the import back) | interrupted (the app stopped
  -- while it ran; its transaction was rolled back with the process).
  state         text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'refused', 'failed', 'interrupted')),
  queued_at     timestamptz NOT NULL,
  started_at    timestamptz,
  -- Written with each progress report while running: a running job whose last report is
  -- old belongs to a process that stopped (ADR 34).
  updated_at    timestamptz NOT NULL,
  finished_at   timestamptz,
  files_total   integer NOT NULL CHECK (files_total >= 0),
  bytes_total   bigint NOT NULL CHECK (bytes_total >= 0),
  -- Progress, and once finished, the outcome's counts.
  files_read    integer NOT NULL DEFAULT 0 CHECK (files_read >= 0),
  bytes_read    bigint NOT NULL DEFAULT 0 CHECK (bytes_read >= 0),
  rows_read     integer NOT NULL DEFAULT 0 CHECK (rows_read >= 0),
  rows_valid    integer NOT NULL DEFAULT 0 CHECK (rows_valid >= 0),
  rows_loaded   integer NOT NULL DEFAULT 0 CHECK (rows_loaded >= 0),
  errors        integer NOT NULL DEFAULT 0 CHECK (errors >= 0),
  warnings      integer NOT NULL DEFAULT 0 CHECK (warnings >= 0),
  -- The estimate shown while running, in seconds; null until there is enough to go on.
  seconds_left  integer CHECK (seconds_left >= 0),
  -- Per file, as extract_import.files: {file, table, rowsRead, rowsLoaded, rowsRejected, replaced}.
  files         jsonb,
  -- In words, for a job refused before any file was read, or one that failed.
  reason        text,
  -- The import it recorded (loaded or rejected); none when refused before reading, failed or interrupted.
  import_id     uuid REFERENCES extract_import (id),
  -- An interrupted or failed job run again is a new job with the same files.
  rerun_of      uuid REFERENCES extract_import_job (id),
  CHECK ((state IN ('queued')) = (started_at IS NULL))
);

CREATE INDEX extract_import_job_recent_idx ON extract_import_job (queued_at DESC);
-- The runner's question: the oldest queued job, and running jobs gone quiet.
CREATE INDEX extract_import_job_open_idx ON extract_import_job (state, queued_at)
  WHERE state IN ('queued', 'running');

-- One row per uploaded file, in the order given.
CREATE TABLE extract_import_job_file (
  job_id   uuid NOT NULL REFERENCES extract_import_job (id),
  file_no  integer NOT NULL CHECK (file_no >= 0),
  name     text NOT NULL,
  bytes    bigint NOT NULL CHECK (bytes >= 0),
  PRIMARY KEY (job_id, file_no)
);

-- The files' bytes in pieces of at most 256 KB, so a file is read back a piece at a
-- time and no single value grows with the file.
CREATE TABLE extract_import_job_chunk (
  job_id    uuid NOT NULL,
  file_no   integer NOT NULL,
  chunk_no  integer NOT NULL CHECK (chunk_no >= 0),
  content   bytea NOT NULL,
  PRIMARY KEY (job_id, file_no, chunk_no),
  FOREIGN KEY (job_id, file_no) REFERENCES extract_import_job_file (job_id, file_no) ON DELETE CASCADE
);

-- The problems the import found, for the page's first few and its CSV, in the import's order.
CREATE TABLE extract_import_job_problem (
  job_id    uuid NOT NULL REFERENCES extract_import_job (id),
  seq       integer NOT NULL CHECK (seq >= 0),
  file      text NOT NULL,
  row_no    integer,
  column_name text,
  severity  text NOT NULL CHECK (severity IN ('error', 'warning')),
  reason    text NOT NULL,
  PRIMARY KEY (job_id, seq)
);

GRANT SELECT, INSERT, UPDATE ON extract_import_job TO threshold_app;
GRANT SELECT, INSERT, UPDATE ON extract_import_job_file TO threshold_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON extract_import_job_chunk TO threshold_app;
GRANT SELECT, INSERT ON extract_import_job_problem TO threshold_app;
