// Settings: the working calendar, the timescales and the threshold framework every
// clock and decision reads. The entry point other features use.
import type { ModuleManifest } from "../../platform/modules.ts";
import { ADMIN, SETTINGS_READERS, THRESHOLD_WRITERS } from "../../platform/permissions.ts";
import { registerSettings } from "./routes.ts";
import { SettingsService } from "./service.ts";

export { SettingsService, type SsdLinkingSetting } from "./service.ts";

declare module "../../platform/services.ts" {
	interface Services {
		settings: SettingsService;
	}
}

export const settings: ModuleManifest = {
	name: "settings",
	routes: {
		"GET /settings/calendar": { access: SETTINGS_READERS },
		"POST /settings/office-hours": { access: ADMIN },
		"POST /settings/bank-holidays": { access: ADMIN },
		"GET /settings/timescales": { access: SETTINGS_READERS },
		"POST /settings/timescales": { access: ADMIN },
		"GET /settings/thresholds": { access: SETTINGS_READERS },
		"POST /settings/thresholds": { access: THRESHOLD_WRITERS },
		"GET /settings/record-scope": { access: SETTINGS_READERS },
		"POST /settings/record-scope": { access: ADMIN },
		"GET /settings/go-live": { access: SETTINGS_READERS },
		"POST /settings/go-live": { access: ADMIN },
	},
	services: ({ db, accessLog, now }) => ({ settings: new SettingsService(db, accessLog, now) }),
	register: registerSettings,
	navigation: [
		{ href: "/settings/calendar", text: "Calendar", order: 94 },
		{ href: "/settings/timescales", text: "Timescales", order: 95 },
		{ href: "/settings/thresholds", text: "Thresholds", order: 96 },
		{ href: "/settings/record-scope", text: "Record scope", order: 97 },
		{ href: "/settings/go-live", text: "Go-live", order: 98 },
	],
	home: [
		{
			href: "/settings/calendar",
			text: "Office hours and bank holidays",
			hint: "The working calendar every clock uses",
			order: 94,
		},
		{ href: "/settings/timescales", text: "Timescales", hint: "Statutory and local clocks", order: 95 },
		{
			href: "/settings/record-scope",
			text: "Which records each role opens",
			hint: "Every child's, their team's work, or their own",
			order: 97,
		},
		{
			href: "/settings/go-live",
			text: "Go-live date",
			hint: "When contacts and referrals start to count from Threshold rather than the case history",
			order: 98,
		},
	],
};
