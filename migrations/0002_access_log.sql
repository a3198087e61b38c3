-- The record access log: every view, search, export and change of a case record.
-- Append-only for everyone: the application may only INSERT and SELECT, and triggers
-- refuse UPDATE, DELETE and TRUNCATE even for the owner, on the parent and on every
-- partition. Partitioned by month; the owner creates partitions ahead of time.

CREATE SEQUENCE access_log_id_seq;

CREATE TABLE access_log (
  id bigint NOT NULL DEFAULT nextval('access_log_id_seq'),
  at timestamptz NOT NULL DEFAULT now(),
  user_id uuid,
  -- an API principal (partner agency key) acts with no role
  api_key_id uuid,
  role text,
  action text NOT NULL CHECK (action IN ('view', 'search', 'export', 'create', 'update', 'delete', 'merge', 'unmerge', 'sign-in', 'sign-out', 'denied')),
  record_type text NOT NULL,
  record_id text,
  -- the person whose record this touches, so "who viewed this child" is one index scan
  person_id uuid,
  request_id text,
  detail jsonb
) PARTITION BY RANGE (at);

ALTER SEQUENCE access_log_id_seq OWNED BY access_log.id;

CREATE INDEX access_log_person ON access_log (person_id, at DESC) WHERE person_id IS NOT NULL;
CREATE INDEX access_log_user ON access_log (user_id, at DESC) WHERE user_id IS NOT NULL;

CREATE FUNCTION access_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'access_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Row triggers on a partitioned table are cloned onto every partition, present and future.
CREATE TRIGGER access_log_no_update_delete
  BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change();

-- Statement (TRUNCATE) triggers are not cloned, so each partition gets its own below.
CREATE TRIGGER access_log_no_truncate
  BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse_change();

-- Months are UTC months: partition bounds must not move with a session's time zone.
-- Creates the monthly partitions from `from_month` for `months` months, each with its
-- TRUNCATE guard. Called by the owner at start and daily; safe to call repeatedly.
CREATE FUNCTION access_log_ensure_partitions(from_month date, months integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  first_day date := date_trunc('month', from_month)::date;
  start_day date;
  name text;
  created integer := 0;
BEGIN
  FOR i IN 0 .. months - 1 LOOP
    start_day := (first_day + make_interval(months => i))::date;
    name := 'access_log_' || to_char(start_day, 'YYYY_MM');
    IF to_regclass(name) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF access_log FOR VALUES FROM (%L) TO (%L)',
        name, start_day::timestamp AT TIME ZONE 'UTC', (start_day + interval '1 month') AT TIME ZONE 'UTC');
      EXECUTE format(
        'CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse_change()',
        name);
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END
$$;

-- Anything outside the monthly partitions (clock skew, imported history) lands here.
CREATE TABLE access_log_default PARTITION OF access_log DEFAULT;
CREATE TRIGGER access_log_no_truncate
  BEFORE TRUNCATE ON access_log_default
  FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse_change();

GRANT SELECT, INSERT ON access_log TO threshold_app;
GRANT USAGE ON SEQUENCE access_log_id_seq TO threshold_app;
