-- A retry gets the first answer byte for byte: the answer is kept as the JSON text that
-- was sent, not as jsonb (which reorders keys and normalises spacing).
ALTER TABLE api_idempotency ALTER COLUMN response TYPE text USING response::text;
