import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/schema.ts";
import type { AccessLog } from "../../platform/access-log.ts";
import { NotFound, StaleEdit, StepInvalid } from "../../platform/errors.ts";
import { managersAbove } from "../../platform/management-line.ts";
import { PEOPLE_READERS } from "../../platform/permissions.ts";
import { isUuid } from "../../platform/requests.ts";
import type { Role } from "../../platform/roles.ts";
import type { Principal, Sessions } from "../../platform/sessions.ts";
import { hashPassword } from "../auth/index.ts";

export interface UserInput {
	email: string;
	displayName: string;
	roles: Role[];
	teamId: string | null;
	/** The user's line manager: another user. */
	managerId: string | null;
	sweRegistration: string | null;
	expiresOn: string | null;
	disabled: boolean;
	password: string | null;
}

export interface UserRecord {
	id: string;
	email: string;
	displayName: string;
	roles: Role[];
	teamId: string | null;
	teamName: string | null;
	managerId: string | null;
	managerName: string | null;
	sweRegistration: string | null;
	expiresOn: string | null;
	disabled: boolean;
	hasPassword: boolean;
	version: number;
	updatedAt: Date;
	updatedByName: string | null;
}

export class EmailTaken extends Error {}

/** A user who may be chosen as a line manager. */
export interface ManagerOption {
	id: string;
	displayName: string;
	email: string;
	disabled: boolean;
}

/** When checking for a cycle, the whole line: more levels than a council has users. */
const WHOLE_LINE = 1_000_000;

/** An administrator giving themselves a role that opens children's records: another administrator must. */
export class SelfGrant extends Error {
	constructor(readonly roles: Role[]) {
		super(`cannot grant oneself ${roles.join(", ")}`);
	}
}

export class UsersService {
	constructor(
		private readonly db: Kysely<DB>,
		private readonly sessions: Sessions,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
	) {}

	async list(): Promise<UserRecord[]> {
		const rows = await this.baseQuery().orderBy("u.display_name").execute();
		return rows.map(toRecord);
	}

	async idByEmail(email: string): Promise<string | undefined> {
		const row = await this.db
			.selectFrom("app_user")
			.select("id")
			.where(sql`lower(email)`, "=", email.toLowerCase())
			.executeTakeFirst();
		return row?.id;
	}

	async emailOf(id: string): Promise<string | undefined> {
		if (!isUuid(id)) return undefined;
		return (await this.db.selectFrom("app_user").select("email").where("id", "=", id).executeTakeFirst())?.email;
	}

	/**
	 * Who may be chosen as a user's line manager: enabled users other than the user, by
	 * name, and their current manager even if since disabled, so that saving the form
	 * keeps them.
	 */
	async managerOptions(forUserId: string | null, currentManagerId: string | null): Promise<ManagerOption[]> {
		let query = this.db
			.selectFrom("app_user")
			.select(["id", "display_name", "email", "disabled_at"])
			.orderBy("display_name")
			.orderBy("email");
		if (currentManagerId && isUuid(currentManagerId)) {
			query = query.where((eb) => eb.or([eb("disabled_at", "is", null), eb("id", "=", currentManagerId)]));
		} else {
			query = query.where("disabled_at", "is", null);
		}
		if (forUserId) query = query.where("id", "!=", forUserId);
		const rows = await query.execute();
		return rows.map((r) => ({
			id: r.id,
			displayName: r.display_name,
			email: r.email,
			disabled: r.disabled_at !== null,
		}));
	}

	async teams() {
		return this.db.selectFrom("team").select(["id", "name", "kind"]).orderBy("name").execute();
	}

	async get(id: string, db: Kysely<DB> = this.db): Promise<UserRecord> {
		if (!isUuid(id)) throw new NotFound("User");
		const row = await this.baseQuery(db).where("u.id", "=", id).executeTakeFirst();
		if (!row) throw new NotFound("User");
		return toRecord(row);
	}

	async create(input: UserInput, actor: Principal, requestId: string): Promise<string> {
		const passwordHash = input.password ? await hashPassword(input.password) : null;
		return this.db.transaction().execute(async (trx) => {
			await this.assertEmailFree(trx, input.email, null);
			await this.assertManager(trx, null, input.managerId, null);
			const now = this.now();
			const { id } = await trx
				.insertInto("app_user")
				.values({
					email: input.email,
					display_name: input.displayName,
					password_hash: passwordHash,
					team_id: input.teamId,
					manager_id: input.managerId,
					swe_registration: input.sweRegistration,
					expires_on: input.expiresOn,
					disabled_at: input.disabled ? now : null,
					updated_at: now,
					updated_by: actor.id,
				})
				.returning("id")
				.executeTakeFirstOrThrow();
			if (input.roles.length) {
				await trx
					.insertInto("user_role")
					.values(input.roles.map((role) => ({ user_id: id, role })))
					.execute();
			}
			await this.accessLog.change(trx, {
				userId: actor.id,
				role: actor.roles.join(","),
				action: "create",
				recordType: "user",
				recordId: id,
				requestId,
				before: null,
				after: auditable(input),
			});
			return id;
		});
	}

	/** Saves only if nobody else saved since `version` was read; otherwise says who did. */
	async update(id: string, version: number, input: UserInput, actor: Principal, requestId: string): Promise<void> {
		const passwordHash = input.password ? await hashPassword(input.password) : null;
		const endSessions = await this.db.transaction().execute(async (trx) => {
			const before = await this.get(id, trx);
			if (id === actor.id) {
				const opening = input.roles.filter((r) => PEOPLE_READERS.includes(r) && !before.roles.includes(r));
				if (opening.length) throw new SelfGrant(opening);
			}
			await this.assertEmailFree(trx, input.email, id);
			await this.assertManager(trx, id, input.managerId, before.managerId);
			const now = this.now();
			const updated = await trx
				.updateTable("app_user")
				.set({
					email: input.email,
					display_name: input.displayName,
					team_id: input.teamId,
					manager_id: input.managerId,
					swe_registration: input.sweRegistration,
					expires_on: input.expiresOn,
					disabled_at: input.disabled ? sql`coalesce(disabled_at, ${now})` : null,
					...(passwordHash ? { password_hash: passwordHash } : {}),
					version: sql`version + 1`,
					updated_at: now,
					updated_by: actor.id,
				})
				.where("id", "=", id)
				.where("version", "=", version)
				.executeTakeFirst();
			if (Number(updated.numUpdatedRows) === 0) {
				const current = await this.get(id, trx);
				throw new StaleEdit(current.updatedByName ?? "someone else", current.updatedAt);
			}
			await trx.deleteFrom("user_role").where("user_id", "=", id).execute();
			if (input.roles.length) {
				await trx
					.insertInto("user_role")
					.values(input.roles.map((role) => ({ user_id: id, role })))
					.execute();
			}
			const after = auditable(input);
			await this.accessLog.change(trx, {
				userId: actor.id,
				role: actor.roles.join(","),
				action: "update",
				recordType: "user",
				recordId: id,
				requestId,
				before: auditable({
					email: before.email,
					displayName: before.displayName,
					roles: before.roles,
					teamId: before.teamId,
					managerId: before.managerId,
					sweRegistration: before.sweRegistration,
					expiresOn: before.expiresOn,
					disabled: before.disabled,
				}),
				after: { ...after, passwordChanged: Boolean(input.password) },
			});
			const rolesChanged = [...before.roles].sort().join() !== [...input.roles].sort().join();
			return input.disabled || rolesChanged || Boolean(input.password);
		});
		// Whoever was signed in as this user carries on with the old rights until told otherwise.
		if (endSessions) await this.sessions.endAllFor(id, "account-changed");
	}

	private baseQuery(db: Kysely<DB> = this.db) {
		return db
			.selectFrom("app_user as u")
			.leftJoin("team as t", "t.id", "u.team_id")
			.leftJoin("app_user as by", "by.id", "u.updated_by")
			.leftJoin("app_user as m", "m.id", "u.manager_id")
			.select((eb) => [
				"u.id",
				"u.email",
				"u.display_name",
				"u.team_id",
				"t.name as team_name",
				"u.manager_id",
				"m.display_name as manager_name",
				"u.swe_registration",
				"u.expires_on",
				"u.disabled_at",
				"u.version",
				"u.updated_at",
				"by.display_name as updated_by_name",
				eb("u.password_hash", "is not", null).as("has_password"),
				eb
					.selectFrom("user_role as r")
					.whereRef("r.user_id", "=", "u.id")
					.select(sql<string>`coalesce(string_agg(r.role, ',' ORDER BY r.role), '')`.as("roles"))
					.as("roles"),
			]);
	}

	/**
	 * A line manager must be another user who exists and is enabled (or is the manager
	 * already), and must not be someone the user manages, directly or further down: that
	 * would make a cycle. Checked in the saving transaction, under a lock that every
	 * change of manager takes, so two administrators cannot make a cycle between them.
	 */
	private async assertManager(
		trx: Kysely<DB>,
		userId: string | null,
		managerId: string | null,
		current: string | null,
	) {
		if (managerId === null || managerId === current) return;
		const refuse = (message: string): never => {
			throw new StepInvalid({ managerId: message });
		};
		if (managerId === userId) refuse("A user cannot be their own line manager");
		const manager = isUuid(managerId)
			? await trx.selectFrom("app_user").select("disabled_at").where("id", "=", managerId).executeTakeFirst()
			: undefined;
		if (!manager || manager.disabled_at !== null) refuse("Select a line manager from the list");
		if (userId === null) return; // a new user manages nobody yet
		await sql`SELECT pg_advisory_xact_lock(hashtext('app_user.manager_id'))`.execute(trx);
		const above = await managersAbove(trx, managerId, WHOLE_LINE);
		if (above.includes(userId)) {
			refuse(
				"This person is managed by the user, directly or through others, so they cannot be the user's line manager",
			);
		}
	}

	private async assertEmailFree(trx: Kysely<DB>, email: string, exceptId: string | null) {
		let query = trx.selectFrom("app_user").select("id").where(sql`lower(email)`, "=", email.toLowerCase());
		if (exceptId) query = query.where("id", "!=", exceptId);
		if (await query.executeTakeFirst()) throw new EmailTaken();
	}
}

// Never the password: only whether it changed.
function auditable(input: Omit<UserInput, "password"> & { password?: string | null }) {
	const { password: _password, ...rest } = input;
	return { ...rest, roles: [...rest.roles].sort() };
}

function toRecord(row: {
	id: string;
	email: string;
	display_name: string;
	team_id: string | null;
	team_name: string | null;
	manager_id: string | null;
	manager_name: string | null;
	swe_registration: string | null;
	expires_on: string | null;
	disabled_at: Date | null;
	version: number;
	updated_at: Date;
	updated_by_name: string | null;
	has_password: unknown;
	roles: string | null;
}): UserRecord {
	return {
		id: row.id,
		email: row.email,
		displayName: row.display_name,
		roles: (row.roles ? row.roles.split(",") : []) as Role[],
		teamId: row.team_id,
		teamName: row.team_name,
		managerId: row.manager_id,
		managerName: row.manager_name,
		sweRegistration: row.swe_registration,
		expiresOn: row.expires_on,
		disabled: row.disabled_at !== null,
		hasPassword: Boolean(row.has_password),
		version: row.version,
		updatedAt: row.updated_at,
		updatedByName: row.updated_by_name,
	};
}
