// Users, their roles and teams: administered here, read by every feature through
// `app.services.users`.
import type { ModuleManifest } from "../../platform/modules.ts";
import { ADMIN } from "../../platform/permissions.ts";
import { registerUsers } from "./routes.ts";
import { UsersService } from "./service.ts";

declare module "../../platform/services.ts" {
	interface Services {
		users: UsersService;
	}
}

export const users: ModuleManifest = {
	name: "users",
	routes: {
		"GET /admin/users": { access: ADMIN },
		"GET /admin/users/new": { access: ADMIN },
		"POST /admin/users/new": { access: ADMIN },
		"GET /admin/users/:userId": { access: ADMIN, shows: { record: "user", param: "userId" } },
		"POST /admin/users/:userId": { access: ADMIN },
	},
	services: ({ db, accessLog, now, services }) => ({ users: new UsersService(db, services.sessions, accessLog, now) }),
	register: registerUsers,
	navigation: [{ href: "/admin/users", text: "Users", order: 90 }],
	home: [
		{
			href: "/admin/users",
			text: "Manage users and roles",
			hint: "Add users, change roles, disable accounts",
			order: 90,
		},
	],
};
