-- Each import of an SSD extract (issue 17, ADR 33): who ran it, for which source, when,
-- what it read and what became of it. A refused import is recorded too, with nothing
-- loaded, so an analyst's attempts are all attributable and the upload page can list them.
--
-- The table is not named ssd_…: that prefix is the spec's own tables (ADR 32), which a test
-- checks column for column against the pinned spec.

CREATE TABLE extract_import (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ssd_source    varchar(100) NOT NULL,
  imported_by   uuid NOT NULL REFERENCES app_user (id),
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz NOT NULL,
  -- loaded: the tables read were replaced for this source; rejected: nothing was written.
  outcome       text NOT NULL CHECK (outcome IN ('loaded', 'rejected')),
  valid_only    boolean NOT NULL,
  spec_version  text NOT NULL,
  -- One entry per file: {file, table, rowsRead, rowsLoaded, rowsRejected, replaced}.
  files         jsonb NOT NULL,
  rows_loaded   integer NOT NULL CHECK (rows_loaded >= 0),
  rows_rejected integer NOT NULL CHECK (rows_rejected >= 0),
  errors        integer NOT NULL CHECK (errors >= 0),
  warnings      integer NOT NULL CHECK (warnings >= 0)
);

CREATE INDEX extract_import_source_idx ON extract_import (ssd_source, started_at DESC);
CREATE INDEX extract_import_imported_by_idx ON extract_import (imported_by);

GRANT SELECT, INSERT ON extract_import TO threshold_app;
