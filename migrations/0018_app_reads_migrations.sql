-- In production the app no longer migrates (npm run migrate does, as the schema owner);
-- it reads which migrations are applied so it can refuse to start on a stale schema.
GRANT SELECT ON schema_migration TO threshold_app;
