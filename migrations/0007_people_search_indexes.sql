-- Person search at council scale (ADR 7, issue 5). Each route of the search's first round
-- is one short index scan that keeps its best rows (nearest date of birth, exact
-- spellings) without reading the table: the ordering columns are in the index.
--
-- Family name sound-alike with given name sound-alike, and the same the wrong way round.
CREATE INDEX person_name_family_given_phonetic
  ON person_name (family_phonetic, given_phonetic, date_of_birth)
  INCLUDE (person_id, family_norm, given_norm);

-- Family name sound-alike with the given name as written, a nickname or a short form
-- (`given_norm IN (...)`: the trigram index answered this equality a row at a time), and,
-- when the first round finds no one close, a slip in the given name: text_pattern_ops lets
-- `given_norm LIKE 'j%'` read only the names with that first letter.
CREATE INDEX person_name_family_phonetic_given
  ON person_name (family_phonetic, given_norm text_pattern_ops)
  INCLUDE (person_id, date_of_birth, family_norm);

-- The same the other way: a given name sounding alike and a slip in the family name.
-- It leads with given_phonetic, so the index on that column alone is no longer needed.
CREATE INDEX person_name_given_phonetic_family
  ON person_name (given_phonetic, family_norm text_pattern_ops)
  INCLUDE (person_id, date_of_birth, given_norm);

DROP INDEX person_name_given_phonetic;
