import { prepareTemplate } from "../test/support/db.ts";

// Builds the migrated template every test file clones, before the files run in parallel.
await prepareTemplate();
