-- Sharing without agreement names its authoriser, who must confirm or refuse it signed in
-- as themselves, with the time: until then it is awaiting authorisation and the decision
-- cannot be signed off. Rows recorded before this step existed were named by the
-- recorder only; they are marked 'named' so the record never claims a confirmation
-- nobody gave.
ALTER TABLE information_sharing
  ADD COLUMN authorisation text CHECK (authorisation IN ('named', 'awaiting', 'confirmed', 'refused')),
  ADD COLUMN authorised_at timestamptz,
  ADD COLUMN authorisation_note text CHECK (length(authorisation_note) <= 4000);
UPDATE information_sharing SET authorisation = 'named' WHERE authorised_by IS NOT NULL;
ALTER TABLE information_sharing
  ADD CONSTRAINT information_sharing_authorisation_named CHECK ((authorised_by IS NULL) = (authorisation IS NULL)),
  ADD CONSTRAINT information_sharing_authorisation_answered CHECK (
    (authorisation IN ('confirmed', 'refused')) = (authorised_at IS NOT NULL)
  );
GRANT UPDATE (authorisation, authorised_at, authorisation_note) ON information_sharing TO threshold_app;
