// The home page (what each user can go on to do) and the accessibility statement.
import type { ModuleManifest } from "../../platform/modules.ts";
import { EVERYONE } from "../../platform/permissions.ts";
import { registerHome } from "./routes.ts";

export const home: ModuleManifest = {
	name: "home",
	routes: {
		"GET /": { access: EVERYONE },
		"GET /accessibility": { access: "public" },
	},
	register: registerHome,
	navigation: [{ href: "/", text: "Home", order: 10 }],
};
