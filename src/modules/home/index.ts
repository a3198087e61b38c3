// The accessibility statement, and the way home (the home page itself is the work tray).
import type { ModuleManifest } from "../../platform/modules.ts";
import { registerHome } from "./routes.ts";

export const home: ModuleManifest = {
	name: "home",
	routes: {
		"GET /accessibility": { access: "public" },
	},
	register: registerHome,
	navigation: [{ href: "/", text: "Home", order: 10 }],
};
