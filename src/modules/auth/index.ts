// Signing in and out: passwords, and the council's identity provider when configured.
import type { ModuleManifest } from "../../platform/modules.ts";
import { EVERYONE } from "../../platform/permissions.ts";
import { OidcSignIn, oidcSettings } from "./oidc.ts";
import { registerAuth } from "./routes.ts";
import { AuthService } from "./service.ts";

export { hashPassword } from "./service.ts";

declare module "../../platform/services.ts" {
	interface Services {
		auth: AuthService;
		/** Sign-in with the council's identity provider; null when not configured. */
		oidc: OidcSignIn | null;
	}
}

export const auth: ModuleManifest = {
	name: "auth",
	routes: {
		"GET /sign-in": { access: "public" },
		"POST /sign-in": { access: "public" },
		"GET /sign-in/oidc": { access: "public" },
		"GET /sign-in/oidc/callback": { access: "public" },
		"POST /sign-out": { access: EVERYONE },
		"GET /signed-out": { access: "public" },
	},
	services: ({ config, db, accessLog, now, services }) => {
		const settings = oidcSettings(config);
		return {
			auth: new AuthService(db, services.sessions, accessLog, now),
			oidc: settings ? new OidcSignIn(settings, { db, accessLog, now }) : null,
		};
	},
	register: registerAuth,
};
