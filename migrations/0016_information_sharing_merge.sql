-- A merge moves every link to a person onto the surviving record, agreement to share
-- included. Only the person column may change: the rest of the row stays as recorded.
GRANT UPDATE (person_id) ON information_sharing TO threshold_app;
