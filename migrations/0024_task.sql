-- Tasks: what a named user or a team must do about a record, by when (ADR 23). Modules
-- open and close them inside the transaction of the action that causes them; a task is
-- never deleted, so the history of who was asked, who did it and when stays.
CREATE TABLE task (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- A module's kind, "front-door.triage": the manifest says what it is called and where it is done.
  kind text NOT NULL CHECK (kind ~ '^[a-z-]+\.[a-z-]+$'),
  record_type text NOT NULL,
  record_id uuid NOT NULL,
  -- The item within the record the task is about (a next step), when there is one.
  item_id uuid,
  person_id uuid REFERENCES person (id),
  owner_team_id uuid REFERENCES team (id),
  owner_user_id uuid REFERENCES app_user (id),
  due_at timestamptz NOT NULL,
  timescale text NOT NULL,
  -- A short description where the kind's name is not enough (the next step's action).
  detail text CHECK (length(detail) <= 500),
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'cancelled')),
  created_at timestamptz NOT NULL,
  created_by uuid REFERENCES app_user (id),
  allocated_at timestamptz,
  allocated_by uuid REFERENCES app_user (id),
  closed_at timestamptz,
  closed_by uuid REFERENCES app_user (id),
  note text CHECK (length(note) <= 4000),
  version integer NOT NULL DEFAULT 1,
  CHECK (owner_team_id IS NOT NULL OR owner_user_id IS NOT NULL),
  CHECK ((state = 'open') = (closed_at IS NULL)),
  CHECK (state <> 'cancelled' OR note IS NOT NULL)
);
-- A worker's tray and a team's unallocated work, each in due order from one index.
CREATE INDEX task_open_user_idx ON task (owner_user_id, due_at) WHERE state = 'open';
CREATE INDEX task_open_team_idx ON task (owner_team_id, due_at) WHERE state = 'open';
CREATE INDEX task_record_idx ON task (record_id, kind);

-- Every allocation and closing, in order: the task row holds only the latest.
CREATE TABLE task_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id uuid NOT NULL REFERENCES task (id),
  event text NOT NULL CHECK (event IN ('opened', 'allocated', 'done', 'cancelled')),
  at timestamptz NOT NULL,
  by_user uuid REFERENCES app_user (id),
  to_user uuid REFERENCES app_user (id)
);
CREATE INDEX task_event_task_idx ON task_event (task_id, id);

GRANT SELECT, INSERT ON task, task_event TO threshold_app;
GRANT UPDATE (owner_user_id, allocated_at, allocated_by, state, closed_at, closed_by, note, version, person_id) ON task TO threshold_app;
