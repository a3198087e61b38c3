import assert from "node:assert/strict";
import { test } from "node:test";
import { scopeOf, scopeSettingProblems } from "./scope.ts";

test("a user's scope is the widest their roles give, and every role opens every record unless scoped", () => {
	assert.equal(scopeOf(["practitioner"], {}, "t"), "all");
	assert.equal(scopeOf(["practitioner"], { practitioner: "allocated" }, "t"), "allocated");
	assert.equal(
		scopeOf(["practitioner", "early-help"], { practitioner: "allocated", "early-help": "team" }, "t"),
		"team",
	);
	assert.equal(
		scopeOf(["practitioner", "auditor"], { practitioner: "allocated" }, "t"),
		"all",
		"auditors are never scoped",
	);
});

test("a team scope without a team narrows to the user's own allocations", () => {
	assert.equal(scopeOf(["early-help"], { "early-help": "team" }, null), "allocated");
});

test("only the scopable roles, and only known scopes, may be set", () => {
	assert.deepEqual(scopeSettingProblems({ practitioner: "team" }), []);
	assert.deepEqual(scopeSettingProblems({ auditor: "team" }), ["auditor cannot be scoped"]);
	assert.deepEqual(scopeSettingProblems({ practitioner: "some" }), ["some is not a scope"]);
});
