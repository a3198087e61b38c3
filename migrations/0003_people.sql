-- People: children and adults the council knows, their names over time, addresses,
-- disabilities, relationships, professionals involved, and merges of duplicates.
-- Codes follow the CIN census and the Standard Safeguarding Dataset (SSD) so returns
-- need no remapping: sex M/F/U, DfE ethnicity, CIN disability, UPN-unknown reasons.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- The council's own child id (CIN LAchildID: up to 20 letters and digits, stable).
CREATE SEQUENCE person_number_seq START 100000;

CREATE TABLE person (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  la_person_id text NOT NULL UNIQUE DEFAULT ('P' || nextval('person_number_seq')::text)
    CHECK (la_person_id ~ '^[A-Za-z0-9]{1,20}$'),
  given_name text NOT NULL,
  middle_names text,
  family_name text NOT NULL,
  sex char(1) NOT NULL DEFAULT 'U' CHECK (sex IN ('M', 'F', 'U')),
  -- gender identity, NHS-style: 00 not known, 01 male, 02 female, 09 self-described
  gender text CHECK (gender IN ('00', '01', '02', '09')),
  gender_description text,
  date_of_birth date,
  expected_birth_date date,
  death_date date,
  ethnicity text NOT NULL DEFAULT 'NOBT' CHECK (ethnicity IN (
    'WBRI', 'WIRI', 'WIRT', 'WOTH', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN',
    'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT')),
  nhs_number text CHECK (nhs_number ~ '^[0-9]{10}$'),
  upn text CHECK (upn ~ '^[A-Z][0-9]{11}[0-9A-Z]$'),
  former_upn text CHECK (former_upn ~ '^[A-Z][0-9]{11}[0-9A-Z]$'),
  upn_unknown text CHECK (upn_unknown IN ('UN1', 'UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7')),
  first_language text,
  immigration_status text,
  nationality text,
  -- the council holds parental responsibility (under a care order)
  council_has_parental_responsibility boolean NOT NULL DEFAULT false,
  merged_into uuid REFERENCES person (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES app_user (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES app_user (id),
  CHECK (date_of_birth IS NULL OR expected_birth_date IS NULL),
  CHECK (merged_into IS NULL OR merged_into <> id)
);
CREATE INDEX person_nhs_number ON person (nhs_number) WHERE nhs_number IS NOT NULL;
CREATE INDEX person_upn ON person (upn) WHERE upn IS NOT NULL;
CREATE INDEX person_former_upn ON person (former_upn) WHERE former_upn IS NOT NULL;
CREATE INDEX person_date_of_birth ON person (date_of_birth);
CREATE INDEX person_merged_into ON person (merged_into) WHERE merged_into IS NOT NULL;

-- Every name a person has been known by, the current one included, so one index finds
-- a child by a previous family name or an alias. The *_norm columns hold the name
-- folded to lower-case letters (written by the application); given_canonical holds
-- the formal form of a nickname (Bob -> robert); the phonetic keys are derived here.
CREATE TABLE person_name (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES person (id),
  kind text NOT NULL CHECK (kind IN ('current', 'previous', 'alias', 'birth')),
  given_name text NOT NULL,
  family_name text NOT NULL,
  given_norm text NOT NULL,
  family_norm text NOT NULL,
  given_canonical text NOT NULL,
  given_phonetic text GENERATED ALWAYS AS (dmetaphone(given_norm)) STORED,
  family_phonetic text GENERATED ALWAYS AS (dmetaphone(family_norm)) STORED,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid REFERENCES app_user (id)
);
CREATE UNIQUE INDEX person_name_one_current ON person_name (person_id) WHERE kind = 'current';
CREATE INDEX person_name_person ON person_name (person_id);
CREATE INDEX person_name_family_phonetic ON person_name (family_phonetic, given_canonical);
CREATE INDEX person_name_given_phonetic ON person_name (given_phonetic);
CREATE INDEX person_name_given_canonical ON person_name (given_canonical);
CREATE INDEX person_name_family_trgm ON person_name USING gin (family_norm gin_trgm_ops);
CREATE INDEX person_name_given_trgm ON person_name USING gin (given_norm gin_trgm_ops);

CREATE TABLE person_address (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES person (id),
  -- SSD addr_address_json keys: ROOM, FLOOR, FLAT, BUILDING, HOUSE, STREET, TOWN, UPRN
  lines jsonb NOT NULL DEFAULT '{}',
  -- upper case with one space ("ME14 1XQ"); absent for no fixed abode or abroad
  postcode text CHECK (postcode ~ '^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$'),
  no_fixed_abode boolean NOT NULL DEFAULT false,
  abroad boolean NOT NULL DEFAULT false,
  start_date date,
  end_date date,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid REFERENCES app_user (id),
  CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
  CHECK (NOT (no_fixed_abode AND abroad))
);
CREATE INDEX person_address_person ON person_address (person_id);
CREATE INDEX person_address_postcode ON person_address (postcode) WHERE postcode IS NOT NULL;

CREATE TABLE person_disability (
  person_id uuid NOT NULL REFERENCES person (id),
  code text NOT NULL CHECK (code IN (
    'NONE', 'MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS', 'BEH', 'CON', 'AUT', 'DDA')),
  PRIMARY KEY (person_id, code)
);

-- "person_id is the <kind> of related_person_id"; the other direction is read from the
-- same row with the inverse label, so a relationship is never recorded twice.
CREATE TABLE relationship (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES person (id),
  related_person_id uuid NOT NULL REFERENCES person (id),
  kind text NOT NULL CHECK (kind IN (
    'parent', 'step-parent', 'special-guardian', 'foster-carer', 'carer', 'grandparent',
    'sibling', 'half-sibling', 'step-sibling', 'partner', 'household-member', 'other-relative')),
  -- person_id holds parental responsibility for related_person_id
  parental_responsibility boolean NOT NULL DEFAULT false,
  start_date date,
  end_date date,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid REFERENCES app_user (id),
  CHECK (person_id <> related_person_id)
);
CREATE INDEX relationship_person ON relationship (person_id);
CREATE INDEX relationship_related ON relationship (related_person_id);

CREATE TABLE person_professional (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES person (id),
  name text NOT NULL,
  role text NOT NULL,
  agency text,
  phone text,
  email text,
  start_date date,
  end_date date,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid REFERENCES app_user (id)
);
CREATE INDEX person_professional_person ON person_professional (person_id);

-- A merge is a recorded decision; `moved` lists every link it moved so an unmerge can
-- put each one back.
CREATE TABLE person_merge (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survivor_id uuid NOT NULL REFERENCES person (id),
  merged_id uuid NOT NULL REFERENCES person (id),
  reason text NOT NULL,
  decided_by uuid NOT NULL REFERENCES app_user (id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  moved jsonb NOT NULL DEFAULT '[]',
  undone_at timestamptz,
  undone_by uuid REFERENCES app_user (id),
  undo_reason text,
  CHECK (survivor_id <> merged_id)
);
CREATE INDEX person_merge_survivor ON person_merge (survivor_id) WHERE undone_at IS NULL;
CREATE UNIQUE INDEX person_merge_one_active ON person_merge (merged_id) WHERE undone_at IS NULL;

GRANT SELECT, INSERT, UPDATE ON person TO threshold_app;
GRANT USAGE ON SEQUENCE person_number_seq TO threshold_app;
GRANT SELECT, INSERT, UPDATE ON person_name TO threshold_app;
GRANT SELECT, INSERT, UPDATE ON person_address TO threshold_app;
GRANT SELECT, INSERT, DELETE ON person_disability TO threshold_app;
GRANT SELECT, INSERT, UPDATE ON relationship TO threshold_app;
GRANT SELECT, INSERT, UPDATE ON person_professional TO threshold_app;
GRANT SELECT, INSERT, UPDATE ON person_merge TO threshold_app;
