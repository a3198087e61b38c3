import type { FastifyInstance } from "fastify";
import { decideAccess, ROUTE_ACCESS } from "../../platform/permissions.ts";
import { ROLES } from "../../platform/roles.ts";

// What each signed-in user can go on to do, derived from the permissions table.
const TASKS = [
	{ href: "/people", text: "Find a person", hint: "Search for a child or adult the council knows" },
	{ href: "/people/new", text: "Add a person", hint: "After checking they are not already known" },
	{ href: "/admin/users", text: "Manage users and roles", hint: "Add users, change roles, disable accounts" },
	{ href: "/admin/access-log", text: "Search the access log", hint: "Who viewed or changed a record" },
	{ href: "/admin/api-keys", text: "Partner API keys", hint: "Issue and revoke partner agencies' keys" },
	{ href: "/settings/calendar", text: "Office hours and bank holidays", hint: "The working calendar every clock uses" },
	{ href: "/settings/timescales", text: "Timescales", hint: "Statutory and local clocks" },
];

export function registerHome(app: FastifyInstance) {
	app.get("/", async (request, reply) => {
		const principal = request.principal!;
		const tasks = TASKS.filter(
			(t) => decideAccess(ROUTE_ACCESS[`GET ${t.href}`], "GET", t.href, principal) === "allow",
		);
		return reply.page("modules/home/views/home.njk", {
			title: "Home",
			roles: principal.roles.map((r) => ROLES[r]),
			tasks,
		});
	});

	app.get("/accessibility", async (_request, reply) =>
		reply.page("modules/home/views/accessibility.njk", { title: "Accessibility statement" }),
	);
}
