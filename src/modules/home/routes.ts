import type { FastifyInstance } from "fastify";

export function registerHome(app: FastifyInstance) {
	app.get("/accessibility", async (_request, reply) =>
		reply.page("modules/home/views/accessibility.njk", { title: "Accessibility statement" }),
	);
}
