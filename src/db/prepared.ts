import { createHash, randomUUID } from "node:crypto";
import type { Compilable, CompiledQuery, Kysely, RawBuilder } from "kysely";
import type pg from "pg";

// A few reads run on nearly every request (a child's page is opened all day). Their SQL is
// long, so PostgreSQL spends longer planning it than running it. Marked here, they run as
// named prepared statements: parsed once per connection, and after five runs PostgreSQL
// keeps a generic plan, so later runs skip planning. The mark is a trailing comment, so
// PGlite (one connection, nothing to keep) runs the same text unchanged.
const MARK = "\n/* prepared */";

/** The query compiled and marked to run as a prepared statement on PostgreSQL. */
export function prepared<R>(query: Compilable<R>): CompiledQuery<R> {
	const compiled = query.compile();
	return { ...compiled, sql: `${compiled.sql}${MARK}` };
}

/** Raw SQL compiled and marked as `prepared` marks a built query. */
export function preparedSql<R, D>(db: Kysely<D>, query: RawBuilder<R>): CompiledQuery<R> {
	return prepared({ compile: () => query.compile(db) });
}

/**
 * A marked query whose only argument is one id, built and compiled on first use and then
 * reused with each id: building a long query costs as much again as running it.
 */
export function preparedWith<R>(build: (id: string) => Compilable<R>): (id: string) => CompiledQuery<R> {
	// A stand-in no real argument can equal, swapped for the id wherever the query uses it.
	const standIn = randomUUID();
	let compiled: CompiledQuery<R> | undefined;
	return (id) => {
		compiled ??= prepared(build(standIn));
		return { ...compiled, parameters: compiled.parameters.map((p) => (p === standIn ? id : p)) };
	};
}

/** Makes a pg client run marked SQL as a named statement; other SQL goes through as it came. */
export function preparingMarkedQueries(client: pg.PoolClient): void {
	const query = client.query.bind(client) as (...args: unknown[]) => unknown;
	(client as { query: unknown }).query = (text: unknown, values?: unknown, callback?: unknown) => {
		if (typeof text === "string" && text.endsWith(MARK) && typeof callback !== "function") {
			// The name is the text's digest: the same text is the same statement on every connection.
			const name = `q_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
			return query({ name, text, values });
		}
		return query(text, values, callback);
	};
}
