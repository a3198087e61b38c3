import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { OwnerSession } from "../../db/engine.ts";
import { DEMO_USERS } from "../council.ts";
import {
	type ContactOptions,
	FRONT_DOOR_ORDER,
	FRONT_DOOR_TABLES,
	type FrontDoorActors,
	type FrontDoorBatch,
	type FrontDoorTable,
	type GenerateSummary,
	generateFrontDoor,
	type Household,
} from "./contacts.ts";
import type { LoadTarget } from "./load.ts";

// Loads a synthetic front-door history for the people already in the database, as the
// schema owner: COPY on PostgreSQL (one connection, a transaction per chunk of contacts,
// in foreign-key order, since a child's referral may point at a referral of an earlier
// chunk), multi-row INSERTs on PGlite.

export interface ContactLoadOptions extends ContactOptions {
	/**
	 * PostgreSQL only, as a superuser: set foreign-key triggers aside while loading (the
	 * bench's million contacts). The generator's rows are tested with them on.
	 */
	withoutForeignKeyChecks?: boolean;
	/** Contacts per chunk: one transaction each. */
	chunkContacts?: number;
	onProgress?: (progress: { contacts: number; of: number; seconds: number }) => void;
}

export interface ContactLoadResult {
	rows: Record<FrontDoorTable, number>;
	summary: GenerateSummary;
	seconds: number;
}

interface Control {
	query<R>(sql: string, params?: unknown[]): Promise<R[]>;
}

/** Households: each parent's living children, in a fixed order; a child counted once. */
export async function readHouseholds(control: Control): Promise<Household[]> {
	const rows = await control.query<{ parent_id: string; id: string; dob: string }>(
		`SELECT r.person_id AS parent_id, p.id, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob
		 FROM relationship r JOIN person p ON p.id = r.related_person_id
		 WHERE r.kind = 'parent' AND p.date_of_birth IS NOT NULL AND p.death_date IS NULL AND p.merged_into IS NULL
		 ORDER BY r.person_id, p.date_of_birth, p.id`,
	);
	const seen = new Set<string>();
	const households: Household[] = [];
	let current: Household | null = null;
	let parent = "";
	for (const r of rows) {
		if (r.parent_id !== parent) {
			if (current?.children.length) households.push(current);
			current = { children: [] };
			parent = r.parent_id;
		}
		if (seen.has(r.id)) continue;
		seen.add(r.id);
		current?.children.push({ id: r.id, dob: r.dob });
	}
	if (current?.children.length) households.push(current);
	return households;
}

/** The demo council's front-door staff and teams (src/demo/council.ts). */
export async function readActors(control: Control): Promise<FrontDoorActors> {
	const users = await control.query<{ id: string; email: string }>(
		"SELECT id, email FROM app_user WHERE email = ANY($1::text[])",
		[DEMO_USERS.map((u) => u.email)],
	);
	const byRole = (role: string) => {
		const email = DEMO_USERS.find((u) => u.role === role)?.email;
		const id = users.find((u) => u.email === email)?.id;
		if (!id) throw new Error(`The demo council has no ${role}: load it first.`);
		return id;
	};
	const teams = await control.query<{ id: string; kind: string }>("SELECT id, kind FROM team ORDER BY name");
	const team = (kind: string) => {
		const id = teams.find((t) => t.kind === kind)?.id;
		if (!id) throw new Error(`The demo council has no ${kind} team: load it first.`);
		return id;
	};
	const [assessmentManager] = await control.query<{ id: string }>(
		`SELECT u.id FROM app_user u JOIN user_role r ON r.user_id = u.id JOIN team t ON t.id = u.team_id
		  WHERE r.role = 'team-manager' AND t.kind = 'assessment' ORDER BY u.email LIMIT 1`,
	);
	if (!assessmentManager) throw new Error("The demo council has no assessment team manager: load it first.");
	return {
		contactOfficer: byRole("contact-officer"),
		manager: byRole("team-manager"),
		assessmentManager: assessmentManager.id,
		practitioner: byRole("practitioner"),
		earlyHelp: byRole("early-help"),
		frontDoorTeam: team("front-door"),
		earlyHelpTeam: team("early-help"),
		assessmentTeam: team("assessment"),
	};
}

const zeroRows = () => Object.fromEntries(FRONT_DOOR_ORDER.map((t) => [t, 0])) as Record<FrontDoorTable, number>;

function copyField(v: unknown): string {
	if (v === null || v === undefined) return "\\N";
	if (typeof v === "boolean") return v ? "t" : "f";
	return String(v).replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c] ?? c);
}

function copyText(table: FrontDoorTable, rows: readonly Record<string, unknown>[]): string {
	const columns = FRONT_DOOR_TABLES[table];
	let out = "";
	for (const row of rows) out += `${columns.map((c) => copyField(row[c])).join("\t")}\n`;
	return out;
}

export async function loadContacts(target: LoadTarget, options: ContactLoadOptions): Promise<ContactLoadResult> {
	if (target.kind === "postgres") {
		const client = new pg.Client({ connectionString: target.url });
		await client.connect();
		try {
			await client.query("SET synchronous_commit = off");
			if (options.withoutForeignKeyChecks) await client.query("SET session_replication_role = replica");
			const query = async <R>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[];
			return await load({ query }, options, async (batch) => {
				for (const table of FRONT_DOOR_ORDER) {
					if (batch[table].length === 0) continue;
					const sql = `COPY ${table} (${FRONT_DOOR_TABLES[table].join(", ")}) FROM STDIN`;
					await pipeline(Readable.from([copyText(table, batch[table])]), client.query(copyFrom(sql)));
				}
			});
		} finally {
			await client.end();
		}
	}
	return target.db.withOwner((owner) => load(owner, options, (batch) => insertBatch(owner, batch)));
}

async function load(
	control: Control & Partial<Pick<OwnerSession, "exec">>,
	options: ContactLoadOptions,
	write: (batch: FrontDoorBatch) => Promise<void>,
): Promise<ContactLoadResult> {
	const started = performance.now();
	const households = await readHouseholds(control);
	if (households.length === 0)
		throw new Error("There are no synthetic children to write contacts about: seed people first.");
	const actors = await readActors(control);
	const rows = zeroRows();
	const summary: GenerateSummary = { contacts: 0, children: 0, awaitingTriage: 0 };
	for (const batch of generateFrontDoor(households, actors, options, options.chunkContacts ?? 5_000, summary)) {
		await control.query("BEGIN");
		try {
			await write(batch);
			await control.query("COMMIT");
		} catch (error) {
			await control.query("ROLLBACK").catch(() => undefined);
			throw error;
		}
		for (const t of FRONT_DOOR_ORDER) rows[t] += batch[t].length;
		options.onProgress?.({
			contacts: summary.contacts,
			of: options.contacts,
			seconds: (performance.now() - started) / 1000,
		});
	}
	await control.query(`ANALYZE ${FRONT_DOOR_ORDER.join(", ")}`);
	return { rows, summary, seconds: (performance.now() - started) / 1000 };
}

const ROWS_PER_INSERT = 400;

async function insertBatch(owner: OwnerSession, batch: FrontDoorBatch) {
	for (const table of FRONT_DOOR_ORDER) {
		const columns = FRONT_DOOR_TABLES[table];
		const rows = batch[table];
		for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
			const slice = rows.slice(i, i + ROWS_PER_INSERT);
			const tuples = slice.map((_, r) => `(${columns.map((_c, c) => `$${r * columns.length + c + 1}`).join(", ")})`);
			await owner.query(
				`INSERT INTO ${table} (${columns.join(", ")}) VALUES ${tuples.join(", ")}`,
				slice.flatMap((row) => columns.map((c) => row[c] ?? null)),
			);
		}
	}
}
