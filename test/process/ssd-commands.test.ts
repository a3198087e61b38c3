// The SSD commands as an analyst runs them: a mistake is told in a line, with no stack
// trace, and the command fails. What they load and export is tested on both engines in
// src/modules/ssd/; here only the command's own handling, once (the PGlite pass).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { onPostgres } from "../support/db.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const dataDir = mkdtempSync(join(tmpdir(), "threshold-ssd-cli-"));

function run(script: string, args: string[]) {
	// The embedded database in a directory of its own, whichever engine the suite runs on.
	const { DATABASE_URL: _url, MIGRATION_DATABASE_URL: _owner, ...rest } = process.env;
	const env = { ...rest, DATA_DIR: dataDir, LOG_LEVEL: "silent" };
	const result = spawnSync(process.execPath, ["--import", "tsx", join("scripts", script), ...args], {
		cwd: ROOT,
		env,
		encoding: "utf8",
	});
	return { status: result.status, out: result.stdout, err: result.stderr };
}

const noStack = (text: string) => assert.doesNotMatch(text, /\n\s+at /, "no stack trace");

describe("npm run import:ssd and export:ssd", { skip: onPostgres() && "run on the PGlite pass" }, () => {
	after(() => rmSync(dataDir, { recursive: true, force: true }));

	test("a directory that is not there is named, before any database is opened", () => {
		const r = run("import-ssd.ts", ["/no/such/extract", "--source", "ll", "--as", "analyst@demo.example"]);
		assert.equal(r.status, 1);
		assert.equal(r.err, "There is no directory /no/such/extract\n");
		noStack(r.err);
	});

	test("missing arguments are named, with the usage", () => {
		const r = run("export-ssd.ts", ["--table", "ssd_person"]);
		assert.equal(r.status, 1);
		assert.match(r.err, /^Give --source, --as\.\nUsage: npm run export:ssd/);
	});

	test("a user the database does not know is refused in one line", () => {
		const r = run("export-ssd.ts", ["--table", "ssd_person", "--source", "ll", "--as", "nobody@demo.example"]);
		assert.equal(r.status, 1);
		assert.equal(r.err, "No user has the email address nobody@demo.example\n");
		assert.equal(r.out, "");
	});
});
