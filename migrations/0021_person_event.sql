-- A person's history as the people module records it, in the change's transaction: the
-- timeline on a person's page reads this, not the security log (which keeps no words
-- and is not a record of the case).
CREATE TABLE person_event (
  id bigserial PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES person (id),
  at timestamptz NOT NULL,
  by_user uuid REFERENCES app_user (id),
  event text NOT NULL CHECK (event IN (
    'created', 'details-changed', 'name-added', 'address-added', 'relationship-added',
    'professional-added', 'merged', 'merge-undone')),
  -- The row the event made (a name, an address, a merge), where it has one.
  record_id uuid
);
CREATE INDEX person_event_person ON person_event (person_id, at DESC);
GRANT SELECT, INSERT ON person_event TO threshold_app;
GRANT USAGE ON SEQUENCE person_event_id_seq TO threshold_app;

-- The history so far, from the changes the log recorded.
INSERT INTO person_event (person_id, at, by_user, event, record_id)
SELECT l.person_id, l.at, l.user_id,
       CASE l.action || ' ' || l.record_type
         WHEN 'create person' THEN 'created'
         WHEN 'update person' THEN 'details-changed'
         WHEN 'create person-name' THEN 'name-added'
         WHEN 'create person-address' THEN 'address-added'
         WHEN 'create relationship' THEN 'relationship-added'
         WHEN 'create person-professional' THEN 'professional-added'
         WHEN 'merge person' THEN 'merged'
         WHEN 'unmerge person' THEN 'merge-undone'
       END,
       CASE WHEN l.record_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
            THEN l.record_id::uuid END
  FROM access_log l
 WHERE l.person_id IS NOT NULL
   AND l.action || ' ' || l.record_type IN ('create person', 'update person', 'create person-name',
       'create person-address', 'create relationship', 'create person-professional', 'merge person', 'unmerge person')
   AND EXISTS (SELECT 1 FROM person p WHERE p.id = l.person_id);
