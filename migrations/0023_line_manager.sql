-- Line managers: each user may have one (another user), set by an administrator, so that
-- later features can find the subject's management line (the managers above a user).
-- Cycles (A manages B manages A) are refused by the users service, in the transaction
-- that sets the manager; the CHECK refuses the shortest one here as well.
ALTER TABLE app_user
  ADD COLUMN manager_id uuid REFERENCES app_user (id),
  ADD CONSTRAINT app_user_manager_not_self CHECK (manager_id IS NULL OR manager_id <> id);
CREATE INDEX app_user_manager ON app_user (manager_id) WHERE manager_id IS NOT NULL;
-- threshold_app already has SELECT, INSERT, UPDATE on the whole of app_user (0001), which
-- covers a new column: no grant is needed.
