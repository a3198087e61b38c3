import assert from "node:assert/strict";
import { test } from "node:test";
import { councilOn, councilsOn } from "./councils.ts";

test("the councils in force are listed by name, each with a distinct three-digit DfE code", () => {
	const list = councilsOn("2026-12-07");
	assert.equal(list.length, 153);
	const names = list.map((c) => c.name);
	assert.deepEqual(
		names,
		[...names].sort((a, b) => a.localeCompare(b, "en-GB")),
	);
	assert.equal(new Set(list.map((c) => c.code)).size, list.length);
	for (const c of list) assert.match(c.code, /^\d{3}$/, c.name);
});

test("a council is found by its code on a day, and a code nobody holds is not", () => {
	assert.equal(councilOn("2026-12-07", "886")?.name, "Kent");
	assert.equal(councilOn("2026-12-07", "942")?.name, "Cumberland");
	assert.equal(councilOn("2026-12-07", "909"), undefined, "Cumbria's code ended in April 2023");
	assert.equal(councilOn("2026-12-07", "999"), undefined);
});
