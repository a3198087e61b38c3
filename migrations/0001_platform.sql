-- Platform: the application role, teams, users and their roles, sessions, sign-in
-- throttling, council settings and bank holidays added by administrators.
-- Runs on PostgreSQL 15 and on PGlite alike.

-- The application connects (or SET ROLEs) as threshold_app: it owns nothing and can
-- only do what the grants below say. Roles are cluster-wide, so create it once.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'threshold_app') THEN
    CREATE ROLE threshold_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO threshold_app;

CREATE TABLE team (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  -- front door, assessment, early help, out of hours, ...: later modules route work by it
  kind text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app_user (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  display_name text NOT NULL,
  password_hash text,
  oidc_subject text,
  team_id uuid REFERENCES team (id),
  -- Social Work England registration number: a qualified, registered social worker
  swe_registration text,
  disabled_at timestamptz,
  -- inspectors' accounts end on this date; others may have none
  expires_on date,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES app_user (id)
);
CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email));
CREATE UNIQUE INDEX app_user_oidc_subject_key ON app_user (oidc_subject) WHERE oidc_subject IS NOT NULL;

CREATE TABLE user_role (
  user_id uuid NOT NULL REFERENCES app_user (id),
  role text NOT NULL,
  PRIMARY KEY (user_id, role)
);

-- Server-side sessions; the cookie carries a random id, the table only its SHA-256.
CREATE TABLE user_session (
  id_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  ended_reason text
);
CREATE INDEX user_session_user ON user_session (user_id) WHERE ended_at IS NULL;

-- Failed sign-ins, counted per account and per address to throttle guessing.
CREATE TABLE sign_in_failure (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  address text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failure_email ON sign_in_failure (lower(email), at);
CREATE INDEX sign_in_failure_address ON sign_in_failure (address, at);

-- Council configuration (office hours, local timescales), optimistic versioning.
CREATE TABLE council_setting (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES app_user (id)
);

-- Bank holidays beyond the file kept in the repository, added by administrators.
CREATE TABLE bank_holiday (
  day date PRIMARY KEY,
  title text NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  added_by uuid NOT NULL REFERENCES app_user (id)
);

GRANT SELECT ON team TO threshold_app;
GRANT SELECT, INSERT, UPDATE ON app_user TO threshold_app;
GRANT SELECT, INSERT, DELETE ON user_role TO threshold_app;
GRANT SELECT, INSERT, UPDATE ON user_session TO threshold_app;
GRANT SELECT, INSERT, DELETE ON sign_in_failure TO threshold_app;
GRANT USAGE ON SEQUENCE sign_in_failure_id_seq TO threshold_app;
GRANT SELECT, INSERT, UPDATE ON council_setting TO threshold_app;
GRANT SELECT, INSERT, DELETE ON bank_holiday TO threshold_app;
