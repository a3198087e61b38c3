import type { FastifyInstance } from "fastify";
import { may } from "../../platform/access-control.ts";
import { ROLES } from "../../platform/roles.ts";

export function registerHome(app: FastifyInstance) {
	app.get("/", async (request, reply) => {
		const principal = request.principal!;
		// What each signed-in user can go on to do: the modules' home entries they may reach.
		const tasks = app.catalogue.home.filter((t) => may(request, "GET", t.href));
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
