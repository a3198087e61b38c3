// Searching the access log: who viewed or changed a record, and when.
import type { ModuleManifest } from "../../platform/modules.ts";
import { ACCESS_LOG_READERS } from "../../platform/permissions.ts";
import { registerAccessLogSearch } from "./routes.ts";
import { AccessLogSearch } from "./service.ts";

declare module "../../platform/services.ts" {
	interface Services {
		accessLogSearch: AccessLogSearch;
	}
}

export const accessLogSearch: ModuleManifest = {
	name: "access-log-search",
	routes: { "GET /admin/access-log": { access: ACCESS_LOG_READERS, shows: { list: "person" } } },
	services: ({ db, now }) => ({ accessLogSearch: new AccessLogSearch(db, now) }),
	register: registerAccessLogSearch,
	navigation: [{ href: "/admin/access-log", text: "Access log", order: 91 }],
	home: [
		{ href: "/admin/access-log", text: "Search the access log", hint: "Who viewed or changed a record", order: 91 },
	],
};
