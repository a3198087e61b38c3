import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Database, OwnerSession } from "../../db/engine.ts";
import { type Batch, firstPersonId, generateCouncil, type SyntheticOptions, type TruthRow } from "./generate.ts";
import { copyStatement, copyText, insertStatement, LOAD_ORDER, TABLES, type TableKey, valuesOf } from "./tables.ts";

// Loads a synthetic council as the schema owner. PostgreSQL gets COPY over a few
// connections at once, each chunk of households in its own transaction (a household's
// rows never cross chunks, so every chunk satisfies its foreign keys alone); PGlite, one
// connection in this process, gets multi-row INSERTs. Nothing in the schema is dropped or
// disabled: the indexes and generated columns are built as the rows arrive.

/**
 * "postgres": a connection string with the owner's rights, for COPY on connections of our own.
 * "pglite": an open Database, loaded through withOwner (this path also works on a PostgreSQL
 * Database handle, which is how the integration test runs when DATABASE_URL is set).
 */
export type LoadTarget = { kind: "postgres"; url: string } | { kind: "pglite"; db: Database };

export interface LoadOptions extends Omit<SyntheticOptions, "firstPersonNumber"> {
	/** Writes which records are the same individual to this CSV file (for the bench). */
	truthPath?: string;
	/** People per chunk: one transaction each. */
	chunkPeople?: number;
	/** PostgreSQL only: chunks loading at once, each on its own connection. */
	connections?: number;
	onProgress?: (progress: LoadProgress) => void;
}

export interface LoadProgress {
	persons: number;
	of: number;
	seconds: number;
}

export interface LoadResult {
	rows: Record<TableKey, number>;
	/** Seconds to generate and load, ANALYZE excluded. */
	seconds: number;
	analyzeSeconds: number;
	firstPersonNumber: number;
}

export class AlreadyLoaded extends Error {}

const PGLITE_ROWS_PER_INSERT = 500;

export async function loadSynthetic(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
	return target.kind === "postgres" ? loadPostgres(target.url, options) : loadPglite(target.db, options);
}

/** What both engines do around the rows: refuse a seed loaded before, reserve person numbers. */
interface Control {
	query<R>(sql: string, params?: unknown[]): Promise<R[]>;
}

async function prepare(control: Control, options: LoadOptions): Promise<number> {
	const id = firstPersonId(options.seed);
	const [existing] = await control.query<{ la_person_id: string }>("SELECT la_person_id FROM person WHERE id = $1", [
		id,
	]);
	if (existing) {
		throw new AlreadyLoaded(
			`Seed ${options.seed} is already loaded here (person ${existing.la_person_id}); use another seed or a fresh database.`,
		);
	}
	if (options.people === 0) return 0;
	// One statement, so the block is ours even while the application creates people.
	const [row] = await control.query<{ last: string }>(
		"SELECT setval('person_number_seq', nextval('person_number_seq') + $1::bigint - 1)::text AS last",
		[options.people],
	);
	return Number(row.last) - options.people + 1;
}

/** Gathers households into chunks of about `size` people. */
function* chunks(batches: Iterable<Batch>, size: number): Generator<Batch> {
	let chunk = emptyBatch();
	for (const b of batches) {
		for (const key of [...LOAD_ORDER, "truth"] as const) {
			const into: object[] = chunk[key];
			for (const row of b[key]) into.push(row);
		}
		if (chunk.persons.length >= size) {
			yield chunk;
			chunk = emptyBatch();
		}
	}
	if (chunk.persons.length > 0) yield chunk;
}

const emptyBatch = (): Batch => ({
	persons: [],
	names: [],
	addresses: [],
	disabilities: [],
	relationships: [],
	truth: [],
});

const zeroCounts = (): Record<TableKey, number> => ({
	persons: 0,
	names: 0,
	addresses: 0,
	disabilities: 0,
	relationships: 0,
});

/** The answer key as CSV: person_id,la_person_id,individual_id,variation. */
class TruthFile {
	private constructor(private readonly out: WriteStream) {}

	static async open(path: string | undefined): Promise<TruthFile | undefined> {
		if (!path) return undefined;
		const file = new TruthFile(createWriteStream(path));
		await file.write("person_id,la_person_id,individual_id,variation,date_of_birth\n");
		return file;
	}

	async rows(rows: TruthRow[]): Promise<void> {
		let text = "";
		for (const r of rows)
			text += `${r.person_id},${r.la_person_id},${r.individual_id},${r.variation ?? ""},${r.date_of_birth ?? ""}\n`;
		await this.write(text);
	}

	private async write(text: string): Promise<void> {
		if (!this.out.write(text)) await once(this.out, "drain");
	}

	async close(): Promise<void> {
		this.out.end();
		await once(this.out, "finish");
	}
}

/** The search weighs names by how common they are (migration 0040): count the new people's. */
const REFRESH_NAME_FREQUENCIES = "SELECT refresh_person_name_frequency()";

// ---- PostgreSQL ---------------------------------------------------------------------------

async function loadPostgres(url: string, options: LoadOptions): Promise<LoadResult> {
	const started = performance.now();
	const control = new pg.Client({ connectionString: url });
	await control.connect();
	const workers: pg.Client[] = [];
	const truth = await TruthFile.open(options.truthPath);
	try {
		const query = async <R>(sql: string, params?: unknown[]) => (await control.query(sql, params)).rows as R[];
		const firstPersonNumber = await prepare({ query }, options);
		const count = Math.max(1, options.connections ?? 2);
		for (let i = 0; i < count; i++) {
			const client = new pg.Client({ connectionString: url });
			await client.connect();
			workers.push(client);
		}
		const rows = zeroCounts();
		const idle = [...workers];
		const running = new Set<Promise<void>>();
		let failure: unknown;
		let persons = 0;
		const council = generateCouncil({ ...options, firstPersonNumber });
		for (const chunk of chunks(council, options.chunkPeople ?? 5_000)) {
			while (idle.length === 0) await Promise.race(running);
			if (failure) break;
			await truth?.rows(chunk.truth);
			const client = idle.pop()!;
			const job = copyChunk(client, chunk)
				.then(() => {
					for (const key of LOAD_ORDER) rows[key] += chunk[key].length;
					persons += chunk.persons.length;
					options.onProgress?.({ persons, of: options.people, seconds: (performance.now() - started) / 1000 });
				})
				.catch((error: unknown) => {
					failure ??= error;
				})
				.finally(() => {
					idle.push(client);
					running.delete(job);
				});
			running.add(job);
		}
		await Promise.all(running);
		if (failure) throw failure;
		const seconds = (performance.now() - started) / 1000;
		const analyzeStarted = performance.now();
		await control.query(`ANALYZE ${LOAD_ORDER.map((k) => TABLES[k].name).join(", ")}`);
		await control.query(REFRESH_NAME_FREQUENCIES);
		return { rows, seconds, analyzeSeconds: (performance.now() - analyzeStarted) / 1000, firstPersonNumber };
	} finally {
		await truth?.close();
		await Promise.all([control, ...workers].map((c) => c.end().catch(() => undefined)));
	}
}

async function copyChunk(client: pg.Client, chunk: Batch): Promise<void> {
	await client.query("BEGIN");
	try {
		for (const key of LOAD_ORDER) {
			const rows: readonly object[] = chunk[key];
			if (rows.length === 0) continue;
			await pipeline(Readable.from([copyText(key, rows)]), client.query(copyFrom(copyStatement(key))));
		}
		await client.query("COMMIT");
	} catch (error) {
		await client.query("ROLLBACK").catch(() => undefined);
		throw error;
	}
}

// ---- PGlite -------------------------------------------------------------------------------

async function loadPglite(db: Database, options: LoadOptions): Promise<LoadResult> {
	const started = performance.now();
	const truth = await TruthFile.open(options.truthPath);
	try {
		return await db.withOwner(async (owner) => {
			const firstPersonNumber = await prepare(owner, options);
			const rows = zeroCounts();
			let persons = 0;
			const council = generateCouncil({ ...options, firstPersonNumber });
			for (const chunk of chunks(council, options.chunkPeople ?? 2_000)) {
				await insertChunk(owner, chunk);
				await truth?.rows(chunk.truth);
				for (const key of LOAD_ORDER) rows[key] += chunk[key].length;
				persons += chunk.persons.length;
				options.onProgress?.({ persons, of: options.people, seconds: (performance.now() - started) / 1000 });
			}
			const seconds = (performance.now() - started) / 1000;
			const analyzeStarted = performance.now();
			await owner.exec(`ANALYZE ${LOAD_ORDER.map((k) => TABLES[k].name).join(", ")}`);
			await owner.exec(REFRESH_NAME_FREQUENCIES);
			return { rows, seconds, analyzeSeconds: (performance.now() - analyzeStarted) / 1000, firstPersonNumber };
		});
	} finally {
		await truth?.close();
	}
}

async function insertChunk(owner: OwnerSession, chunk: Batch): Promise<void> {
	await owner.exec("BEGIN");
	try {
		for (const key of LOAD_ORDER) {
			const rows: readonly object[] = chunk[key];
			for (let i = 0; i < rows.length; i += PGLITE_ROWS_PER_INSERT) {
				const slice = rows.slice(i, i + PGLITE_ROWS_PER_INSERT);
				await owner.query(
					insertStatement(key, slice.length),
					slice.flatMap((row) => valuesOf(key, row)),
				);
			}
		}
		await owner.exec("COMMIT");
	} catch (error) {
		await owner.exec("ROLLBACK");
		throw error;
	}
}
