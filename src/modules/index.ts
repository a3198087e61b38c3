// Every module the app is built from. Adding a module is one line here (docs/modules.md).
// Order matters only for services: a module's services may use those listed before it.
import type { ModuleManifest } from "../platform/modules.ts";
import { accessLogSearch } from "./access-log-search/index.ts";
import { apiKeys } from "./api-keys/index.ts";
import { auth } from "./auth/index.ts";
import { dashboard } from "./dashboard/index.ts";
import { frontDoor } from "./front-door/index.ts";
import { home } from "./home/index.ts";
import { people } from "./people/index.ts";
import { settings } from "./settings/index.ts";
import { ssd } from "./ssd/index.ts";
import { users } from "./users/index.ts";
import { work } from "./work/index.ts";

export const MODULES: readonly ModuleManifest[] = [
	home,
	auth,
	users,
	accessLogSearch,
	apiKeys,
	settings,
	people,
	frontDoor,
	dashboard,
	work,
	ssd,
];
