import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { StaleEdit } from "../../platform/errors.ts";
import { formatDateTime } from "../../platform/format.ts";
import {
	asList,
	dateInputValues,
	type FormErrors,
	fieldError,
	hasErrors,
	noErrors,
	parseDateInput,
} from "../../platform/forms.ts";
import { ALL_ROLES, isRole, ROLES } from "../../platform/roles.ts";
import { londonDate } from "../../platform/sessions.ts";
import { EmailTaken, type UserInput, type UserRecord } from "./service.ts";

const userFields = z.object({
	displayName: z.string().trim().min(1, "Enter the user's name").max(200, "Name must be 200 characters or fewer"),
	email: z
		.string()
		.trim()
		.min(1, "Enter an email address")
		.email("Enter an email address in the correct format, like name@example.gov.uk")
		.max(254),
	teamId: z.string().trim().optional(),
	sweRegistration: z
		.string()
		.trim()
		.toUpperCase()
		.regex(/^(SW\d{1,7})?$/, "Enter a Social Work England registration number, like SW123456")
		.optional(),
	password: z
		.string()
		.optional()
		.refine((p) => !p || p.length >= 12, "Password must be 12 characters or more"),
});

/** Parses and checks the user form; the rules an administrator needs spelled out. */
export function readUserForm(
	body: Record<string, unknown>,
	teamIds: Set<string>,
	today: string,
): { input: UserInput; errors: FormErrors } {
	const errors = noErrors();
	const parsed = userFields.safeParse(body);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) fieldError(String(issue.path[0]), issue.message, errors);
	}
	const v = parsed.success
		? parsed.data
		: { email: "", displayName: "", teamId: "", sweRegistration: "", password: "" };
	const rawRoles = asList(body.roles);
	const roles = rawRoles.filter(isRole);
	if (roles.length !== rawRoles.length) fieldError("roles", "Select roles from the list", errors);
	if (roles.length === 0) fieldError("roles", "Select at least one role", errors);
	if (roles.includes("inspector") && roles.length > 1) {
		fieldError("roles", "An inspector's account is read-only, so it cannot have other roles", errors);
	}
	const expires = parseDateInput(body, "expiresOn", "Access end date");
	if (!expires.ok) fieldError("expiresOn", expires.message, errors);
	const expiresOn = expires.ok ? expires.value : null;
	if (roles.includes("inspector") && expires.ok && !expiresOn) {
		fieldError("expiresOn", "Enter the date an inspector's access ends", errors);
	}
	if (expiresOn && expiresOn < today && body.disabled === undefined) {
		// An end date in the past would lock the account out silently; say so instead.
		fieldError("expiresOn", "Access end date must be today or in the future", errors);
	}
	const teamId = v.teamId ? v.teamId : null;
	if (teamId && !teamIds.has(teamId)) fieldError("teamId", "Select a team from the list", errors);
	return {
		errors,
		input: {
			email: v.email ?? "",
			displayName: v.displayName ?? "",
			roles,
			teamId,
			sweRegistration: v.sweRegistration ? v.sweRegistration : null,
			expiresOn,
			disabled: body.disabled !== undefined,
			password: v.password ? v.password : null,
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
			throw error;
		}
	});

	async function read(body: Record<string, unknown>) {
		const teams = await users().teams();
		return readUserForm(body, new Set(teams.map((t) => t.id)), londonDate(app.services.now()));
	}

	async function renderForm(
		reply: FastifyReply,
		user: UserRecord | null,
		values: Record<string, unknown>,
		errors: FormErrors,
		saved = false,
	) {
		const teams = await users().teams();
		return reply.page("modules/users/views/form.njk", {
			title: user ? `Edit ${user.displayName}` : "Add a user",
			user,
			values,
			errors,
			saved,
			teams,
			roleOptions: ALL_ROLES.map((r) => ({ value: r, text: ROLES[r] })),
		});
	}
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
