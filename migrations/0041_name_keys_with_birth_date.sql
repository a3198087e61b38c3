-- Each name's sound-alike key with the date of birth, carrying the names: the search looks
-- up a key on each of the thirty-odd dates one key away from the date asked, and orders
-- what it finds by whether the other name starts as typed. With the names in the index
-- those lookups read no table rows; without them the planner read every name of that key.
DROP INDEX person_name_given_phonetic_birth;
CREATE INDEX person_name_given_phonetic_birth ON person_name (given_phonetic, date_of_birth)
  INCLUDE (person_id, given_norm, family_norm);
DROP INDEX person_name_family_phonetic_birth;
CREATE INDEX person_name_family_phonetic_birth ON person_name (family_phonetic, date_of_birth)
  INCLUDE (person_id, given_norm, family_norm);
