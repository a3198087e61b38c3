import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { StaleEdit, StepInvalid } from "../../platform/errors.ts";
import { englandDay, formatDateTime } from "../../platform/format.ts";
import {
	asList,
	dateInputValues,
	type FormErrors,
	field,
	fieldError,
	form,
	hasErrors,
	noErrors,
	type Problems,
	parseForm,
	refusalErrors,
} from "../../platform/forms.ts";
import { isUuid } from "../../platform/requests.ts";
import { ALL_ROLES, ROLES } from "../../platform/roles.ts";
import { EmailTaken, type ManagerOption, SelfGrant, type UserInput, type UserRecord } from "./service.ts";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The user form; which teams exist and today's date are the rules' facts. */
function userForm(teamIds: Set<string>, today: string) {
	return form(
		{
			displayName: field.text("Name", 200, "Enter the user's name"),
			email: field.text("Email address", 254, "Enter an email address"),
			roles: field.checkboxes(ALL_ROLES, "Select roles from the list"),
			teamId: field.optionalText("Team", 36),
			// Whether the choice exists, is someone else and makes no cycle is the service's to say.
			managerId: field.optionalText("Line manager", 36),
			sweRegistration: z.preprocess(
				(v) =>
					String(v ?? "")
						.trim()
						.toUpperCase(),
				z.string().regex(/^(SW\d{1,7})?$/, "Enter a Social Work England registration number, like SW123456"),
			),
			expiresOn: field.date("Access end date"),
			disabled: field.ticked(),
			password: z.preprocess(
				(v) => String(v ?? ""),
				z
					.string()
					.max(1024, "Password must be 1,024 characters or fewer")
					.refine((p) => !p || p.length >= 12, "Password must be 12 characters or more"),
			),
		},
		(v) => {
			const problems: Problems = {};
			if (v.email && !EMAIL.test(v.email)) {
				problems.email = "Enter an email address in the correct format, like name@example.gov.uk";
			}
			if (v.roles?.length === 0) problems.roles = "Select at least one role";
			if (v.roles?.includes("inspector") && v.roles.length > 1) {
				problems.roles = "An inspector's account is read-only, so it cannot have other roles";
			}
			if (v.roles?.includes("inspector") && v.expiresOn === null) {
				problems["expiresOn-day"] = "Enter the date an inspector's access ends";
			}
			if (v.expiresOn && v.expiresOn < today && v.disabled === false) {
				// An end date in the past would lock the account out silently; say so instead.
				problems["expiresOn-day"] = "Access end date must be today or in the future";
			}
			if (v.teamId && !teamIds.has(v.teamId)) problems.teamId = "Select a team from the list";
			if (v.managerId && !isUuid(v.managerId)) problems.managerId = "Select a line manager from the list";
			return problems;
		},
	);
}

/** Parses and checks the user form; the rules an administrator needs spelled out. */
export function readUserForm(
	body: Record<string, unknown>,
	teamIds: Set<string>,
	today: string,
): { input: UserInput; errors: FormErrors } {
	const parsed = parseForm(userForm(teamIds, today), body);
	const v = parsed.ok ? parsed.value : parsed.partial;
	return {
		errors: parsed.ok ? noErrors() : parsed.errors,
		input: {
			email: v.email ?? "",
			displayName: v.displayName ?? "",
			roles: v.roles ?? [],
			teamId: v.teamId ?? null,
			managerId: v.managerId ?? null,
			sweRegistration: v.sweRegistration || null,
			expiresOn: v.expiresOn ?? null,
			disabled: v.disabled ?? false,
			password: v.password || null,
		},
	};
}

export function registerUsers(app: FastifyInstance) {
	const users = () => app.services.users;

	app.get("/admin/users", async (_request, reply) =>
		reply.page("modules/users/views/list.njk", { title: "Users", users: await users().list() }),
	);

	app.get("/admin/users/new", async (_request, reply) => renderForm(reply, null, emptyValues(), noErrors()));

	app.post("/admin/users/new", async (request, reply) => {
		const body = (request.body ?? {}) as Record<string, unknown>;
		const { input, errors } = await read(body);
		if (hasErrors(errors)) return renderForm(reply.code(400), null, formValues(body), errors);
		try {
			const id = await users().create(input, request.principal!, request.id);
			return reply.redirect(`/admin/users/${id}?saved=1`, 303);
		} catch (error) {
			if (error instanceof EmailTaken) {
				return renderForm(
					reply.code(400),
					null,
					formValues(body),
					fieldError("email", "A user with this email address already exists"),
				);
			}
			if (error instanceof StepInvalid) {
				return renderForm(reply.code(400), null, formValues(body), refusalErrors(error) ?? noErrors());
			}
			throw error;
		}
	});

	app.get("/admin/users/:userId", async (request: FastifyRequest<{ Params: { userId: string } }>, reply) => {
		const user = await users().get(request.params.userId);
		const saved = (request.query as Record<string, string>).saved === "1";
		return renderForm(reply, user, recordValues(user), noErrors(), saved);
	});

	app.post("/admin/users/:userId", async (request: FastifyRequest<{ Params: { userId: string } }>, reply) => {
		const user = await users().get(request.params.userId);
		const body = (request.body ?? {}) as Record<string, unknown>;
		const { input, errors } = await read(body);
		const version = Number(body.version);
		if (!Number.isInteger(version))
			fieldError("form", "This form is out of date. Reload the page and try again.", errors);
		if (hasErrors(errors)) return renderForm(reply.code(400), user, formValues(body), errors);
		try {
			await users().update(user.id, version, input, request.principal!, request.id);
			return reply.redirect(`/admin/users/${user.id}?saved=1`, 303);
		} catch (error) {
			if (error instanceof StaleEdit) {
				const current = await users().get(user.id);
				const message = `This user was changed by ${error.changedBy} at ${formatDateTime(error.changedAt)}. Your changes have not been saved. Check the details below and make your changes again.`;
				return renderForm(reply.code(409), current, recordValues(current), fieldError("form", message));
			}
			if (error instanceof EmailTaken) {
				return renderForm(
					reply.code(400),
					user,
					formValues(body),
					fieldError("email", "A user with this email address already exists"),
				);
			}
			if (error instanceof SelfGrant) {
				const names = error.roles.map((r) => ROLES[r]).join(", ");
				const message = `You cannot give yourself a role that opens children's records (${names}): ask another administrator`;
				return renderForm(reply.code(403), user, formValues(body), fieldError("roles", message));
			}
			if (error instanceof StepInvalid) {
				return renderForm(reply.code(400), user, formValues(body), refusalErrors(error) ?? noErrors());
			}
			throw error;
		}
	});

	async function read(body: Record<string, unknown>) {
		const teams = await users().teams();
		return readUserForm(body, new Set(teams.map((t) => t.id)), englandDay(app.services.now()));
	}

	async function renderForm(
		reply: FastifyReply,
		user: UserRecord | null,
		values: Record<string, unknown>,
		errors: FormErrors,
		saved = false,
	) {
		const teams = await users().teams();
		const managers = await users().managerOptions(user?.id ?? null, user?.managerId ?? null);
		return reply.page("modules/users/views/form.njk", {
			title: user ? `Edit ${user.displayName}` : "Add a user",
			user,
			values,
			errors,
			saved,
			teams,
			managerOptions: managerItems(managers),
			roleOptions: ALL_ROLES.map((r) => ({ value: r, text: ROLES[r] })),
		});
	}
}

/** The line manager select: by name, with the email where two people share a name. */
function managerItems(managers: ManagerOption[]) {
	const named = new Map<string, number>();
	for (const m of managers) named.set(m.displayName, (named.get(m.displayName) ?? 0) + 1);
	return managers.map((m) => ({
		value: m.id,
		text:
			((named.get(m.displayName) ?? 0) > 1 ? `${m.displayName} (${m.email})` : m.displayName) +
			(m.disabled ? " (account disabled)" : ""),
	}));
}

function emptyValues() {
	return { roles: [], expiresOn: dateInputValues(null) };
}

function recordValues(user: UserRecord) {
	return { ...user, expiresOn: dateInputValues(user.expiresOn) };
}

function formValues(body: Record<string, unknown>) {
	return {
		...body,
		roles: asList(body.roles),
		disabled: body.disabled !== undefined,
		password: "",
		expiresOn: { day: body["expiresOn-day"], month: body["expiresOn-month"], year: body["expiresOn-year"] },
	};
}
