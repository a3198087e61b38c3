-- A strategy discussion that steps a child down to early help records the tier and the
-- family's agreement, as a decision to early help does: early help is voluntary, and the
-- receiving team needs the tier. Discussions recorded before this migration did not ask,
-- so the rule holds for new rows only (NOT VALID).
ALTER TABLE strategy_discussion
  ADD COLUMN early_help_tier text,
  ADD COLUMN family_agreed boolean;
ALTER TABLE strategy_discussion
  ADD CONSTRAINT strategy_discussion_early_help_agreed
  CHECK (next_step <> 'early-help' OR (early_help_tier IS NOT NULL AND family_agreed)) NOT VALID;
