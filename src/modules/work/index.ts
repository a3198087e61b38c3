// Work trays (ADR 23): every user's home page is their work. The tasks themselves are
// the platform's; this module shows them, and lets managers allocate them.
import { sql } from "kysely";
import type { ModuleManifest } from "../../platform/modules.ts";
import { EVERYONE } from "../../platform/permissions.ts";
import { ALLOCATORS } from "../../platform/tasks.ts";
import { registerWork } from "./routes.ts";
import { WorkService } from "./service.ts";

declare module "../../platform/services.ts" {
	interface Services {
		work: WorkService;
	}
}

export const work: ModuleManifest = {
	name: "work",
	routes: {
		"GET /": { access: EVERYONE, shows: { list: "contact-child" } },
		"GET /work/team": { access: ALLOCATORS, shows: { list: "contact-child" } },
		"GET /work/tasks/:taskId/allocate": { access: ALLOCATORS, shows: { record: "task", param: "taskId" } },
		"POST /work/tasks/:taskId/allocate": { access: ALLOCATORS },
	},
	services: ({ db, now, services }) => ({
		work: new WorkService(db, services.tasks, services.taskKinds, services.settings, services.recordAccess, now),
	}),
	register: registerWork,
	navigation: [{ href: "/work/team", text: "Team's work", order: 11 }],
	recordPeople: {
		task: async (db, id) =>
			(await db.selectFrom("task").select("person_id").where("id", "=", id).execute()).flatMap((r) =>
				r.person_id ? [r.person_id] : [],
			),
	},
	// A merge moves a child's tasks to the surviving record with the rest of their work.
	personLinks: [{ table: "task", column: "person_id" }],
	// A child with a task for the user, or overseen by their team, is in their work.
	workScope: {
		allocated: (userId, person) =>
			sql`EXISTS (SELECT 1 FROM task k WHERE k.person_id = ${person} AND k.owner_user_id = ${userId})`,
		team: (teamId, person) =>
			sql`EXISTS (SELECT 1 FROM task k WHERE k.person_id = ${person} AND k.team_id = ${teamId})`,
	},
	timescales: ["task-escalation"],
};
