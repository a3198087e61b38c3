import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { may } from "../../platform/access-control.ts";
import { NotFound, Refused, StaleEdit } from "../../platform/errors.ts";
import { formatDateTime } from "../../platform/format.ts";
import { type FormErrors, fieldError, noErrors, parseForm } from "../../platform/forms.ts";
import { isUuid } from "../../platform/requests.ts";
import { ROLES } from "../../platform/roles.ts";
import { mayAllocate, TRAY_PAGE } from "../../platform/tasks.ts";
import { ALLOCATE_FORM } from "./forms.ts";
import type { TrayRow } from "./service.ts";

const V = (name: string) => `modules/work/views/${name}.njk`;
const pageOf = (request: FastifyRequest) =>
	Math.min(Math.max(1, Number.parseInt(String((request.query as Record<string, unknown>).page ?? "1"), 10) || 1), 1000);
/** GOV.UK pagination for a tray of `total` tasks, TRAY_PAGE to a page. */
function paging(page: number, total: number, href: (page: number) => string) {
	const pages = Math.max(1, Math.ceil(total / TRAY_PAGE));
	return {
		page,
		pages,
		previous: page > 1 ? { href: href(page - 1) } : undefined,
		next: page < pages ? { href: href(page + 1) } : undefined,
	};
}
const shownOf = (rows: readonly TrayRow[]) =>
	rows.map((r) => ({ id: r.recordId, personId: r.person_id, kind: "contact-child" }));

export function registerWork(app: FastifyInstance) {
	const work = () => app.services.work;

	// Every signed-in user's home page: their work first, then what else they can do.
	app.get("/", async (request, reply) => {
		const principal = request.principal!;
		const page = pageOf(request);
		const tray = await work().myWork(principal, page);
		const leader = principal.roles.includes("senior-leader");
		const teams = leader ? await work().countsByTeam() : [];
		request.shown(shownOf([...tray.mine.rows, ...tray.unallocated.rows, ...tray.escalated]));
		return reply.page(V("my-work"), {
			title: "My work",
			roles: principal.roles.map((r) => ROLES[r]),
			...tray,
			pagination: paging(page, tray.mine.open, (p) => `/?page=${p}`),
			teams,
			canSeeTeam: principal.teamId !== null && may(request, "GET", "/work/team"),
			links: app.catalogue.home.filter((t) => may(request, "GET", t.href)),
		});
	});

	app.get("/work/team", async (request, reply) => {
		const principal = request.principal!;
		const asked = (request.query as Record<string, unknown>).team;
		const teamId = typeof asked === "string" && isUuid(asked) ? asked : principal.teamId;
		// A senior leader belongs to no team: they choose one from the counts of every team's work.
		if (!teamId && principal.roles.includes("senior-leader")) {
			return reply.page(V("teams"), { title: "Every team's work", teams: await work().countsByTeam() });
		}
		const team = teamId ? await work().teamName(teamId) : undefined;
		if (!team) throw new NotFound("Team");
		if (!mayAllocate(principal, team.id)) {
			return reply.code(403).page("platform/views/error.njk", {
				title: "This is another team's work",
				text: "A team manager sees their own team's work; a senior leader sees every team's.",
				status: 403,
			});
		}
		const page = pageOf(request);
		const { rows, workers } = await work().team(principal, team.id, page);
		request.shown(shownOf(rows));
		const saved = (request.query as Record<string, unknown>).allocated;
		const open = workers.reduce((n, w) => n + w.open, 0);
		return reply.page(V("team"), {
			title: `${team.name}: work`,
			team,
			rows,
			workers,
			open,
			overdue: workers.reduce((n, w) => n + w.overdue, 0),
			pagination: paging(page, open, (p) => `/work/team?team=${team.id}&page=${p}`),
			saved: typeof saved === "string" ? saved.slice(0, 200) : null,
		});
	});

	async function renderAllocate(
		request: FastifyRequest<{ Params: { taskId: string } }>,
		reply: FastifyReply,
		errors: FormErrors = noErrors(),
		values: Record<string, unknown> = {},
	) {
		const task = await app.services.tasks.get(request.params.taskId);
		const kind = work().kind(task.kind);
		if (!kind || task.state !== "open" || !task.owner_team_id) throw new NotFound("Task");
		if (!mayAllocate(request.principal!, task.owner_team_id)) {
			return reply.code(403).page("platform/views/error.njk", {
				title: "This is another team's work",
				text: "Only a manager of the team that holds a task, or a senior leader, allocates it.",
				status: 403,
			});
		}
		const [workers, team] = await Promise.all([
			app.services.tasks.workers(task.owner_team_id, kind),
			work().teamName(task.owner_team_id),
		]);
		const [shown] = await app.services.recordAccess.withholdRestricted(request.principal!, [
			{ person_id: task.person_id, given_name: null, family_name: null, ...(await personOf(task.person_id)) },
		]);
		return reply.page(V("allocate"), {
			title: `Allocate: ${kind.name}`,
			task,
			kindName: kind.name,
			child: shown,
			team,
			workers: workers.map((w) => ({
				value: w.id,
				text: w.display_name,
				checked: (values.worker ?? task.owner_user_id) === w.id,
			})),
			version: values.version ?? task.version,
			errors,
		});
	}

	async function personOf(personId: string | null) {
		if (!personId) return {};
		return (await app.services.people.brief(personId)) ?? {};
	}

	app.get("/work/tasks/:taskId/allocate", async (request: FastifyRequest<{ Params: { taskId: string } }>, reply) => {
		if (!isUuid(request.params.taskId)) throw new NotFound("Task");
		return renderAllocate(request, reply);
	});

	app.post("/work/tasks/:taskId/allocate", async (request: FastifyRequest<{ Params: { taskId: string } }>, reply) => {
		if (!isUuid(request.params.taskId)) throw new NotFound("Task");
		const body = (request.body ?? {}) as Record<string, unknown>;
		const read = parseForm(ALLOCATE_FORM, body);
		if (!read.ok) return renderAllocate(request, reply.code(400), read.errors, body);
		const task = await app.services.tasks.get(request.params.taskId);
		const kind = work().kind(task.kind);
		if (!kind) throw new NotFound("Task");
		try {
			await app.services.tasks.allocate(
				task.id,
				read.value.worker,
				read.value.version,
				kind,
				request.principal!,
				request.id,
			);
		} catch (error) {
			if (error instanceof StaleEdit) {
				const message = `${error.changedBy} changed this task at ${formatDateTime(error.changedAt)}, after you opened it: check who has it now before you allocate it.`;
				return renderAllocate(request, reply.code(409), fieldError("worker", message));
			}
			if (error instanceof Refused) {
				return renderAllocate(request, reply.code(400), fieldError("worker", error.message), body);
			}
			throw error;
		}
		const done = encodeURIComponent(kind.name);
		return reply.redirect(`/work/team?team=${task.owner_team_id}&allocated=${done}`, 303);
	});
}
