-- The CIN census referral sources an agency's key may send contacts as (ADR 25). A key is
-- an agency, never a member of the public: an individual (1A-1D), anonymous (9) or unknown
-- (10) source is never a key's. A key with one source needs no source in the body.
ALTER TABLE api_key ADD COLUMN referral_sources text[];

-- Keys issued before sources were recorded: a police force sends as Police (6); any other
-- agency keeps every agency source but Police until an administrator issues it a new key
-- with its own, so no partner stops working on the day of the upgrade.
UPDATE api_key
   SET referral_sources = CASE
     WHEN agency ~* '\mpolice\M' THEN ARRAY['6']
     ELSE ARRAY['2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '7', '8']
   END;

ALTER TABLE api_key
  ALTER COLUMN referral_sources SET NOT NULL,
  ADD CONSTRAINT api_key_referral_sources CHECK (
    cardinality(referral_sources) >= 1
    AND referral_sources <@ ARRAY['2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '6', '7', '8']);
