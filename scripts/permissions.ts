// Prints the permissions table as the app enforces it, to paste into docs/permissions.md
// after a person has reviewed what changed.
import { printPermissionTable, ROUTE_ACCESS } from "../src/platform/permissions.ts";

process.stdout.write(printPermissionTable(ROUTE_ACCESS));
