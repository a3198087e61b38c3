-- Which Threshold person each imported SSD person is (issue 17). The SSD's own id,
-- pers_person_id (the case system's id, stable across years), is kept as it came: a link
-- names the Threshold person it was made to and is never rewritten by a merge. Reading a
-- child's history follows person.merged_into from the linked person to the survivor, so
-- undoing a merge gives each person back their own history without touching a link.
--
-- One row per SSD person that is linked. An SSD person without a row is not yet linked
-- (no certain match, or waiting for someone to decide); how undecided ones are kept and
-- offered to a person is the linking module's own business.
--
-- how: case-system-id  the same pers_person_id was already linked from another source or
--                      an earlier extract, or Threshold holds it for the person;
--      nhs-number      the NHS number agrees, and so do the name and date of birth;
--      confirmed       a person compared the two records and said they are one child;
--      created         no Threshold person matched, so one was made from the SSD record.

CREATE TABLE extract_person_link (
  ssd_source     varchar(100) NOT NULL,
  pers_person_id varchar(48) NOT NULL,
  person_id      uuid NOT NULL REFERENCES person (id),
  how            text NOT NULL CHECK (how IN ('case-system-id', 'nhs-number', 'confirmed', 'created')),
  linked_at      timestamptz NOT NULL,
  -- null when the link was made by the import itself (certain links); the importing
  -- analyst is on the import's own record.
  linked_by      uuid REFERENCES app_user (id),
  PRIMARY KEY (ssd_source, pers_person_id)
);
CREATE INDEX extract_person_link_person ON extract_person_link (person_id);
-- DELETE: a wrong link is undone (and a link to a person no longer in the source goes with
-- the source's rows); a link is never updated in place.
GRANT SELECT, INSERT, DELETE ON extract_person_link TO threshold_app;
