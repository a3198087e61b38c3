// The dashboard: live and period figures for the front door, and the lists behind them.
import type { ModuleManifest } from "../../platform/modules.ts";
import { DASHBOARD_LISTS, DASHBOARD_READERS } from "../../platform/permissions.ts";
import { registerDashboard } from "./routes.ts";
import { DashboardService } from "./service.ts";

declare module "../../platform/services.ts" {
	interface Services {
		dashboard: DashboardService;
	}
}

export const dashboard: ModuleManifest = {
	name: "dashboard",
	routes: {
		"GET /dashboard": { access: DASHBOARD_READERS },
		"GET /dashboard/children": { access: DASHBOARD_LISTS, shows: { list: "contact-child" } },
	},
	services: ({ db, now, services }) => ({ dashboard: new DashboardService(db, now, services.settings) }),
	register: registerDashboard,
	navigation: [{ href: "/dashboard", text: "Dashboard", order: 50 }],
};
