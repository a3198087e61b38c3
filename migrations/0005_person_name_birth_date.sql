-- Searches by family name and a year or month of birth need both in one index: joining
-- every "Smith" to person to test the date costs tens of thousands of rows at council
-- scale. Each name row carries its person's date of birth, kept in step by triggers so
-- every writer (the application, the synthetic loader, imports) stays consistent.
ALTER TABLE person_name ADD COLUMN date_of_birth date;

UPDATE person_name n SET date_of_birth = p.date_of_birth FROM person p WHERE p.id = n.person_id;

CREATE FUNCTION person_name_take_birth_date() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  SELECT date_of_birth INTO NEW.date_of_birth FROM person WHERE id = NEW.person_id;
  RETURN NEW;
END
$$;

CREATE TRIGGER person_name_birth_date
  BEFORE INSERT ON person_name
  FOR EACH ROW EXECUTE FUNCTION person_name_take_birth_date();

CREATE FUNCTION person_birth_date_to_names() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE person_name SET date_of_birth = NEW.date_of_birth WHERE person_id = NEW.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER person_birth_date_to_names
  AFTER UPDATE OF date_of_birth ON person
  FOR EACH ROW WHEN (OLD.date_of_birth IS DISTINCT FROM NEW.date_of_birth)
  EXECUTE FUNCTION person_birth_date_to_names();

CREATE INDEX person_name_family_phonetic_birth ON person_name (family_phonetic, date_of_birth);
CREATE INDEX person_name_birth_date ON person_name (date_of_birth);
