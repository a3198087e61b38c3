-- The team whose manager oversees a task: the team that holds it, or, for a task given to a
-- named user (a next step, an authorisation), that user's team when it was opened. A team's
-- page then reads one index in due order instead of merging the team's own tasks with those
-- of everyone in it, and a worker who moves team leaves their open work with the team that
-- gave it, whose manager still sees it.
ALTER TABLE task ADD COLUMN team_id uuid REFERENCES team (id);
UPDATE task SET team_id = coalesce(owner_team_id, (SELECT u.team_id FROM app_user u WHERE u.id = task.owner_user_id));

DROP INDEX task_open_user_idx;
DROP INDEX task_open_team_idx;
-- A worker's tray, a team's page and a team's unallocated work: each a page in due order from one index.
CREATE INDEX task_open_user_idx ON task (owner_user_id, due_at, id) WHERE state = 'open';
CREATE INDEX task_open_team_idx ON task (team_id, due_at, id) INCLUDE (owner_user_id) WHERE state = 'open';
-- A team's unallocated work of the kinds a reader does: a practitioner's page need not pass
-- over every unallocated triage to find the few next steps waiting for the team.
CREATE INDEX task_unallocated_idx ON task (owner_team_id, kind, due_at, id) WHERE state = 'open' AND owner_user_id IS NULL;
-- Record scope asks, per child, whether a task for the user or their team is about them
-- (ADR 22), and a merge moves a child's tasks: both find them by person.
CREATE INDEX task_person_idx ON task (person_id, team_id);
