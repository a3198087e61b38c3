// Prints the permissions table as the app enforces it (every module's manifest), to paste
// into docs/permissions.md after a person has reviewed what changed.
import { printPermissionTable } from "../src/platform/permissions.ts";
import { permissionTable } from "../src/server.ts";

process.stdout.write(printPermissionTable(permissionTable()));
