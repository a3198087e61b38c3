-- "Passed to the allocated worker" names the child's allocated worker: after sign-off the
-- contact is a task in their tray, so it does not sit unread on an open case.
ALTER TABLE decision
  ADD COLUMN allocated_worker_id uuid REFERENCES app_user (id),
  ADD CONSTRAINT decision_allocated_worker_outcome CHECK (allocated_worker_id IS NULL OR outcome = 'allocated-worker');
