import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { DB } from "../db/schema.ts";
import type { AccessLog } from "./access-log.ts";
import type { PersonLink, PersonSection } from "./modules.ts";
import type { RecordAccess } from "./record-access.ts";
import type { Sessions } from "./sessions.ts";
import type { TaskKind, Tasks } from "./tasks.ts";

/**
 * The services the app's routes reach through `app.services`. The platform's own are
 * here; each module adds its own to this interface from its manifest file
 * (`declare module "…/platform/services.ts"`), so nothing shared lists them.
 */
export interface Services {
	accessLog: AccessLog;
	sessions: Sessions;
	/** Record-level access: which restricted records a user may not open (ADR 21). */
	recordAccess: RecordAccess;
	/** Tasks and the work trays (ADR 23). */
	tasks: Tasks;
	/** Every module's task kinds. */
	taskKinds: Readonly<Record<string, TaskKind>>;
	config: Config;
	now: () => Date;
}

/** What a module's `services` function is given to build its services from. */
export interface ServiceContext {
	config: Config;
	db: Kysely<DB>;
	accessLog: AccessLog;
	now: () => Date;
	/** Every module's links to a person, for the merge to move. */
	personLinks: readonly PersonLink[];
	/** Every module's sections of a person's page, for the people module to read and show. */
	personSections: readonly PersonSection[];
	/** Services built by modules earlier in the list; reaching one built later throws. */
	services: Services;
}

declare module "fastify" {
	interface FastifyInstance {
		services: Services;
	}
}
