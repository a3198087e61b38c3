-- The partner API's idempotency keys. An agency's retry must return the first answer and
-- never make a second contact, so a request first claims its key (committed on its own,
-- which is what lets a concurrent retry see "in progress"), then records its answer in the
-- same transaction as the contact. A claim's token changes when an abandoned claim is
-- taken over, so a slow first attempt that comes back late cannot also complete.
CREATE TABLE api_idempotency (
  api_key_id uuid NOT NULL REFERENCES api_key (id),
  idempotency_key text NOT NULL,
  -- SHA-256 of the request body: the same key with a different body is refused
  request_hash text NOT NULL,
  claim_token uuid NOT NULL,
  claimed_at timestamptz NOT NULL,
  completed_at timestamptz,
  status_code integer,
  response jsonb,
  PRIMARY KEY (api_key_id, idempotency_key),
  CHECK ((completed_at IS NULL) = (status_code IS NULL))
);

-- Keys are kept for 48 hours (the promise to agencies is at least 24); the purge reads this.
CREATE INDEX api_idempotency_claimed_at_idx ON api_idempotency (claimed_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON api_idempotency TO threshold_app;
