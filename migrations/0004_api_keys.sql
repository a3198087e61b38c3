-- Partner agencies' keys for the API. A key is a principal with no role: it reaches only
-- routes declared "api". Only its SHA-256 is stored; the key is shown once, when issued.
CREATE TABLE api_key (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  -- the first characters, so administrators can tell keys apart without the secret
  key_prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES app_user (id),
  revoked_at timestamptz,
  revoked_by uuid REFERENCES app_user (id)
);

GRANT SELECT, INSERT, UPDATE ON api_key TO threshold_app;
