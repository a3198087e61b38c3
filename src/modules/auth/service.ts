import { hash, verify } from "@node-rs/argon2";
import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/schema.ts";
import type { AccessLog } from "../../platform/access-log.ts";
import { englandDay, formatDate, formatDateTime } from "../../platform/format.ts";
import type { Sessions } from "../../platform/sessions.ts";

// OWASP's argon2id minimum: 19 MiB, 2 iterations, 1 lane.
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const hashPassword = (password: string) => hash(password, ARGON2);

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export type SignInResult = { ok: true; token: string; userId: string } | { ok: false; message: string };

const WRONG = "Enter a correct email address and password";

export class AuthService {
	// Verified when the email is unknown, so a wrong email costs as long as a wrong password.
	#decoy: Promise<string> | undefined;

	constructor(
		private readonly db: Kysely<DB>,
		private readonly sessions: Sessions,
		private readonly accessLog: AccessLog,
		private readonly now: () => Date,
	) {}

	async signIn(email: string, password: string, address: string, requestId: string): Promise<SignInResult> {
		const now = this.now();
		const attempt = await this.reserveAttempt(email.toLowerCase(), address, now);
		if (!attempt.ok) return attempt;

		const user = await this.db
			.selectFrom("app_user")
			.select(["id", "password_hash", "disabled_at", "expires_on"])
			.where(sql`lower(email)`, "=", email.toLowerCase())
			.executeTakeFirst();
		this.#decoy ??= hashPassword("not-a-real-password");
		const stored = user?.password_hash ?? (await this.#decoy);
		const matches = await verify(stored, password).catch(() => false);
		// The attempt was counted as a failure before the password was checked; a right password takes it back.
		if (!user?.password_hash || !matches) return { ok: false, message: WRONG };
		await this.db.deleteFrom("sign_in_failure").where("id", "=", attempt.id).execute();
		// Only someone who knows the password learns why the account cannot sign in.
		if (user.disabled_at) {
			return { ok: false, message: "Your account has been disabled. Contact your administrator." };
		}
		if (user.expires_on && user.expires_on < englandDay(now)) {
			return {
				ok: false,
				message: `Your access ended on ${formatDate(user.expires_on)}. Contact the council if you need it extended.`,
			};
		}
		await this.db.deleteFrom("sign_in_failure").where(sql`lower(email)`, "=", email.toLowerCase()).execute();
		return this.startSession(user.id, requestId, "password");
	}

	/**
	 * Counts this attempt as a failure before its password is checked, under a lock on the
	 * account and the address, so attempts sent in parallel are counted one by one: the
	 * sixth guess is refused however the guesses arrive.
	 */
	private reserveAttempt(email: string, address: string, now: Date) {
		return this.db.transaction().execute(async (trx) => {
			// Always the account's lock, then the address's, so two attempts never wait on each other in a circle.
			await sql`SELECT pg_advisory_xact_lock(hashtext('sign-in:' || ${email}))`.execute(trx);
			await sql`SELECT pg_advisory_xact_lock(hashtext('sign-in-address:' || ${address}))`.execute(trx);
			const throttled = await this.throttled(trx, email, address, now);
			if (throttled) return { ok: false as const, message: throttled };
			const row = await trx
				.insertInto("sign_in_failure")
				.values({ email, address, at: now })
				.returning("id")
				.executeTakeFirstOrThrow();
			return { ok: true as const, id: row.id };
		});
	}

	async startSession(userId: string, requestId: string, method: string): Promise<SignInResult> {
		const token = await this.sessions.create(userId);
		this.accessLog.view({
			userId,
			role: null,
			action: "sign-in",
			recordType: "user",
			recordId: userId,
			requestId,
			detail: { method },
		});
		return { ok: true, token, userId };
	}

	private async throttled(db: Kysely<DB>, email: string, address: string, now: Date): Promise<string | null> {
		const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
		const [byAccount, byAddress] = await Promise.all([
			db
				.selectFrom("sign_in_failure")
				.select([(eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.min("at").as("first")])
				.where(sql`lower(email)`, "=", email.toLowerCase())
				.where("at", ">", since)
				.executeTakeFirstOrThrow(),
			db
				.selectFrom("sign_in_failure")
				.select([(eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.min("at").as("first")])
				.where("address", "=", address)
				.where("at", ">", since)
				.executeTakeFirstOrThrow(),
		]);
		const retryAt = (first: Date | null) =>
			formatDateTime(new Date((first ?? now).getTime() + THROTTLE_WINDOW_MS)).replace(/^.* at /, "");
		if (Number(byAccount.n) >= MAX_FAILURES_PER_ACCOUNT) {
			return `Too many failed attempts to sign in to this account. Try again after ${retryAt(byAccount.first as Date | null)}.`;
		}
		if (Number(byAddress.n) >= MAX_FAILURES_PER_ADDRESS) {
			return `Too many failed attempts to sign in from your network. Try again after ${retryAt(byAddress.first as Date | null)}.`;
		}
		return null;
	}

	async signOut(token: string, userId: string, requestId: string): Promise<void> {
		await this.sessions.end(token, "signed-out");
		this.accessLog.view({ userId, role: null, action: "sign-out", recordType: "user", recordId: userId, requestId });
	}
}
