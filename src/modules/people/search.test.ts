import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { createTestDatabase, type TestDatabase } from "../../../test/support/db.ts";
import type { MatchQuery } from "../../domain/people/match-score.ts";
import { canonicalGivenName, foldName } from "../../domain/people/names.ts";
import { findMatches, type Matches } from "./search.ts";

// Each candidate route on its own: a person only that route can bring in, among people the
// other routes would find, in a database that also holds the demo council.

const today = new Date("2026-12-07T12:00:00Z");

interface Someone {
	given: string;
	family: string;
	dob: string | null;
	postcode?: string;
	previousFamily?: string;
}

describe("person search: routes that cannot lose the right person", () => {
	let t: TestDatabase;
	const ids: Record<string, string> = {};
	const search = (q: MatchQuery): Promise<Matches> => findMatches(t.db.kysely, q, today);
	const rank = async (q: MatchQuery, key: string) => {
		const found = await search(q);
		const at = found.results.findIndex((r) => r.personId === ids[key]);
		return at < 0 ? null : at + 1;
	};

	async function add(key: string, p: Someone) {
		const db = t.db.kysely;
		const { id } = await db
			.insertInto("person")
			.values({ given_name: p.given, family_name: p.family, date_of_birth: p.dob })
			.returning("id")
			.executeTakeFirstOrThrow();
		const name = (kind: "current" | "previous", family: string) => ({
			person_id: id,
			kind,
			given_name: p.given,
			family_name: family,
			given_norm: foldName(p.given),
			family_norm: foldName(family),
			given_canonical: canonicalGivenName(foldName(p.given)),
		});
		await db.insertInto("person_name").values(name("current", p.family)).execute();
		if (p.previousFamily) await db.insertInto("person_name").values(name("previous", p.previousFamily)).execute();
		if (p.postcode) await db.insertInto("person_address").values({ person_id: id, postcode: p.postcode }).execute();
		ids[key] = id;
	}

	before(async () => {
		t = await createTestDatabase();
		// Thirty people born on one day, so the date route has strangers to read past.
		for (let i = 0; i < 30; i++)
			await add(`same-day-${i}`, { given: `Given${i}x`, family: `Family${i}q`, dob: "2016-05-09" });
		await add("imani", { given: "Imani", family: "Okonkwo-Blake", dob: "2016-05-09", postcode: "ME15 6RT" });
		await add("undated", { given: "Tobias", family: "Wethercroft", dob: null, postcode: "CT2 8JL" });
		await add("renamed", { given: "Saoirse", family: "Pennington", dob: "2013-11-21", previousFamily: "Mallory" });
		await add("lone", { given: "Zephyrine", family: "Ashdown", dob: "2010-01-30", postcode: "TN23 4QP" });
		for (let i = 0; i < 5; i++)
			await add(`ashdown-${i}`, { given: `Other${i}b`, family: "Ashdown", dob: `201${i}-06-01` });
		// A register of some size, so that a family of six is a rare name, as it would be.
		await t.db.withOwner(async (owner) => {
			await owner.query(
				`WITH p AS (
				   INSERT INTO person (given_name, family_name, date_of_birth)
				   SELECT 'Filler' || n, 'Register' || n, date '1990-01-01' + n FROM generate_series(1, 400) AS n
				   RETURNING id, given_name, family_name)
				 INSERT INTO person_name (person_id, kind, given_name, family_name, given_norm, family_norm, given_canonical)
				 SELECT id, 'current', given_name, family_name, lower(given_name), lower(family_name), lower(given_name) FROM p`,
			);
			await owner.query("SELECT refresh_person_name_frequency()");
		});
	});
	after(() => t?.close());

	test("the date of birth brings in everyone born that day whose names agree in any way, even both wrong", async () => {
		// Both names wrong, the date right: only the date route can find her.
		assert.equal(await rank({ given: "Amani", family: "Blake", dob: { year: 2016, month: 5, day: 9 } }, "imani"), 1);
		// Day and month swapped, the family name replaced.
		assert.equal(await rank({ given: "Imani", family: "Jones", dob: { year: 2016, month: 9, day: 5 } }, "imani"), 1);
	});

	test("a name's sound-alike on a date one key away finds her when the other name is wrong too", async () => {
		const q = { given: "Imani", family: "Harrington", dob: { year: 2016, month: 5, day: 19 } };
		assert.ok(((await rank(q, "imani")) ?? 99) <= 5);
		const byFamily = { given: "Precious", family: "Okonkwo-Blake", dob: { year: 2016, month: 8, day: 9 } };
		assert.ok(((await rank(byFamily, "imani")) ?? 99) <= 5);
	});

	test("a name's sound-alike with the year finds her when only a month and year are known", async () => {
		assert.ok(
			((await rank({ given: "Imani", family: "Harrington", dob: { year: 2016, month: 5 } }, "imani")) ?? 99) <= 5,
		);
	});

	test("a record with no date of birth is not dropped because the query has one", async () => {
		const found = await search({ given: "Tobias", family: "Wethercroft", dob: { year: 1988, month: 2, day: 14 } });
		assert.equal(found.results[0]?.personId, ids.undated);
		assert.ok(found.results[0]?.reasons.includes("same family name"));
	});

	test("the postcode brings in someone whose names and date are all wrong but one", async () => {
		const q = { given: "Toby", family: "Weathercraft", dob: { year: 1990, month: 1, day: 1 }, postcode: "CT2 8JL" };
		assert.equal(await rank(q, "undated"), 1);
	});

	test("a previous family name is found as the current one is", async () => {
		assert.equal(
			await rank({ given: "Saoirse", family: "Mallory", dob: { year: 2013, month: 11, day: 21 } }, "renamed"),
			1,
		);
	});

	test("a given name alone, a family name alone, a date alone and a postcode alone each search", async () => {
		assert.ok((await rank({ family: "Zephyrine" }, "lone")) !== null, "a given name typed alone");
		assert.ok((await rank({ family: "Ashdown" }, "lone")) !== null, "a family name alone");
		assert.ok((await rank({ dob: { year: 2010, month: 1, day: 30 } }, "lone")) !== null, "a date alone");
		assert.equal(await rank({ postcode: "TN23 4QP" }, "lone"), 1, "a postcode alone");
		const date = await search({ dob: { year: 2016, month: 5, day: 9 } });
		assert.equal(date.results.length, 20);
		assert.ok(date.found >= 31, "says how many more there are to narrow down");
	});

	test("the same search always lists the same people in the same order", async () => {
		const queries: MatchQuery[] = [
			{ family: "Ashdown" },
			{ dob: { year: 2016, month: 5, day: 9 } },
			{ given: "Given1x", family: "Family2q", dob: { year: 2016, month: 5, day: 9 } },
			{ family: "Smith" },
			{ given: "Oliver" },
		];
		for (const q of queries) {
			const first = (await search(q)).results.map((r) => r.personId);
			for (let i = 0; i < 3; i++) {
				// A fresh plan each time as well as a cached one: the order must not depend on it.
				if (i === 1) await sql`DISCARD PLANS`.execute(t.db.kysely).catch(() => undefined);
				assert.deepEqual(
					(await search(q)).results.map((r) => r.personId),
					first,
					JSON.stringify(q),
				);
			}
		}
	});

	test("people with equal weight are ordered by how many fields agree exactly, then by a stable key", async () => {
		const found = await search({ family: "Ashdown" });
		const ashdowns = found.results.filter((r) => r.familyName === "Ashdown");
		assert.equal(ashdowns.length, 6);
		const equal = ashdowns.filter((r) => r.score === ashdowns[0].score);
		const keys = equal.map((r) => r.personId);
		assert.deepEqual(keys, [...keys].sort());
	});
});
