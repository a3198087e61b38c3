-- Issue 16: person search weighs each piece of evidence (ADR 31).
--
-- How many people the council holds under each folded given and family name. Agreeing on
-- a rare name says more than agreeing on a common one, so the search reads the typed
-- names' counts here; the row with an empty name holds the number of people. The daily
-- upkeep (npm run maintain) and every load of people refresh it: shares of names move
-- slowly, and a name missing from it is treated as rare.
CREATE TABLE person_name_frequency (
  part text NOT NULL CHECK (part IN ('given', 'family')),
  name_norm text NOT NULL,
  people integer NOT NULL CHECK (people > 0),
  PRIMARY KEY (part, name_norm)
);
GRANT SELECT ON person_name_frequency TO threshold_app;

-- Replaces the counts in one transaction, so a search reads either the old or the new.
CREATE FUNCTION refresh_person_name_frequency() RETURNS integer LANGUAGE sql AS $$
  DELETE FROM person_name_frequency;
  INSERT INTO person_name_frequency (part, name_norm, people)
    SELECT 'given', given_norm, count(DISTINCT person_id) FROM person_name
     WHERE given_norm <> '' GROUP BY given_norm
    UNION ALL
    SELECT 'family', family_norm, count(DISTINCT person_id) FROM person_name
     WHERE family_norm <> '' GROUP BY family_norm
    UNION ALL
    SELECT p.part, '', t.people FROM (SELECT count(DISTINCT person_id)::integer AS people FROM person_name) AS t,
           (VALUES ('given'), ('family')) AS p (part)
     WHERE t.people > 0;
  SELECT count(*)::integer FROM person_name_frequency;
$$;

SELECT refresh_person_name_frequency();

-- Candidate routes that cannot lose the right person: a given name's sound-alike key with
-- the year of birth (the family name's is person_name_family_phonetic_birth, 0005), and
-- either key with no date of birth recorded, which no date range reaches.
CREATE INDEX person_name_given_phonetic_birth ON person_name (given_phonetic, date_of_birth) INCLUDE (person_id);
