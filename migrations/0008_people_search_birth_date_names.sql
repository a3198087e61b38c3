-- Person search's date-of-birth route (ADR 7) tests the names of everyone born on the date
-- asked about, a few hundred rows; with those names in the index it never reads the table.
CREATE INDEX person_name_birth_date_names
  ON person_name (date_of_birth)
  INCLUDE (person_id, family_phonetic, given_phonetic, given_canonical, given_norm, family_norm);
DROP INDEX person_name_birth_date;

-- No search route reads these since 0007: sound-alike family names are read with the given
-- name's forms (person_name_family_phonetic_given) or sound (person_name_family_given_phonetic),
-- given names are never compared by trigram, and given_canonical only filters rows already
-- found by date. Each index is planned for every route and kept up to date on every insert.
DROP INDEX person_name_family_phonetic;
DROP INDEX person_name_given_canonical;
DROP INDEX person_name_given_trgm;
