// Partner agencies' API keys: issued and revoked by administrators, resolved on every
// partner API request.
import type { ModuleManifest } from "../../platform/modules.ts";
import { ADMIN } from "../../platform/permissions.ts";
import { registerApiKeys } from "./routes.ts";
import { ApiKeysService } from "./service.ts";

declare module "../../platform/services.ts" {
	interface Services {
		apiKeys: ApiKeysService;
	}
}

export const apiKeys: ModuleManifest = {
	name: "api-keys",
	routes: {
		"GET /admin/api-keys": { access: ADMIN },
		"POST /admin/api-keys": { access: ADMIN },
		"POST /admin/api-keys/:keyId/revoke": { access: ADMIN },
	},
	services: ({ db, accessLog, now }) => ({ apiKeys: new ApiKeysService(db, accessLog, now) }),
	register: registerApiKeys,
	navigation: [{ href: "/admin/api-keys", text: "API keys", order: 92 }],
	home: [
		{ href: "/admin/api-keys", text: "Partner API keys", hint: "Issue and revoke partner agencies' keys", order: 92 },
	],
};
