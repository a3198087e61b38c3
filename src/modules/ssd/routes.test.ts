// The import pages in-process, on either engine: only analysts reach them (every other role
// is refused with 403), the form's errors, the upload limit, and an upload queued, run and
// shown. Expected text and figures are written by hand.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { type Client, countRows, createTestApp, type TestApp } from "../../../test/support/app.ts";
import { EXTRACT } from "../../../test/support/ssd-extract.ts";
import { MAX_UPLOAD_BYTES } from "./upload.ts";

/** A multipart body as a browser sends the import form. */
async function multipart(fields: Record<string, string>, files: Record<string, string | Uint8Array>) {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.append(k, v);
	for (const [name, content] of Object.entries(files))
		form.append("files", new Blob([typeof content === "string" ? content : new Uint8Array(content)]), name);
	const request = new Request("http://localhost/", { method: "POST", body: form });
	return {
		payload: Buffer.from(await request.arrayBuffer()),
		contentType: request.headers.get("content-type") ?? "",
	};
}

describe("SSD import pages", () => {
	let t: TestApp;
	let analyst: Client;
	const send = async (fields: Record<string, string>, files: Record<string, string | Uint8Array>) => {
		// The form as the browser has it: its CSRF token and cookie, and its once-only token.
		const page = await t.app.inject({ method: "GET", url: "/ssd/imports/new", headers: { cookie: analyst.cookie } });
		const token = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page.body)?.[1] ?? "";
		const cookies = [analyst.cookie, ...page.cookies.map((c) => `${c.name}=${c.value}`)].join("; ");
		const body = await multipart({ _csrf: token("_csrf"), _once: token("_once"), ...fields }, files);
		return t.app.inject({
			method: "POST",
			url: "/ssd/imports",
			headers: { cookie: cookies, "content-type": body.contentType },
			payload: body.payload,
		});
	};
	const errorSummary = (res: LightMyRequestResponse) =>
		[...res.body.matchAll(/<a href="#([\w-]+)">([^<]+)<\/a>/g)].map((m) => [
			m[1],
			m[2].trim().replaceAll("&#39;", "'"),
		]);

	before(async () => {
		t = await createTestApp();
		analyst = await t.as("analyst");
	});
	after(async () => t.close());

	test("only analysts reach the pages; the roles nearest them are refused with 403", async () => {
		// The permissions walk (src/platform/permissions.test.ts) checks every role against the
		// table; these are the roles that read figures or run the system, and so the likeliest
		// to be let in by mistake.
		for (const role of ["administrator", "senior-leader", "auditor", "team-manager"] as const) {
			const client = await t.as(role);
			for (const url of ["/ssd/imports", "/ssd/imports/new", "/ssd/imports/00000000-0000-4000-8000-000000000000"]) {
				assert.equal((await client.get(url)).statusCode, 403, `${role} GET ${url}`);
			}
			assert.equal((await client.post("/ssd/imports", { source: "x" })).statusCode, 403, `${role} POST`);
		}
		assert.equal((await analyst.get("/ssd/imports")).statusCode, 200);
		assert.equal((await analyst.get("/ssd/imports/new")).statusCode, 200);
	});

	test("the analyst's home page and navigation lead to the pages", async () => {
		const home = (await analyst.get("/")).body;
		assert.match(
			home,
			/<a class="govuk-link govuk-link--no-visited-state" href="\/ssd\/imports\/new">Import case history<\/a>/,
		);
		assert.match(home, /href="\/ssd\/imports"[^>]*>\s*Imports\s*</);
	});

	test("no source, a source with other characters or Threshold's own name, and no files: each said in the error summary, nothing queued", async () => {
		const before = await countRows(t, "extract_import_job");
		const empty = await send({ source: "" }, {});
		assert.equal(empty.statusCode, 400);
		assert.deepEqual(errorSummary(empty), [
			["source", "Enter the source: the case system the extract came from, such as liquidlogic"],
			["files", "Choose the extract's CSV files"],
		]);
		const odd = await send({ source: "liquid logic!" }, EXTRACT);
		assert.equal(odd.statusCode, 400);
		assert.deepEqual(errorSummary(odd), [
			["source", "The source must only include letters, numbers and hyphens, such as mosaic-2019"],
		]);
		assert.match(odd.body, /value="liquid logic!"/, "what was typed is kept");
		// The journey views' name for Threshold's own records (ADR 37).
		const ours = await send({ source: "Threshold" }, EXTRACT);
		assert.equal(ours.statusCode, 400);
		assert.deepEqual(errorSummary(ours), [
			[
				"source",
				"The source cannot be 'threshold', which names Threshold's own records: enter the case system the extract came from",
			],
		]);
		assert.equal(await countRows(t, "extract_import_job"), before);
	});

	test("an upload over 50 MB is refused on the form in words, not with a 500", async () => {
		const before = await countRows(t, "extract_import_job");
		const res = await send({ source: "big" }, { "ssd_person.csv": new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(65) });
		assert.equal(res.statusCode, 400);
		assert.deepEqual(errorSummary(res), [
			[
				"files",
				"The files must be 50 MB or less in all. Larger extracts are imported with npm run import:ssd (docs/ssd-csv.md)",
			],
		]);
		assert.equal(await countRows(t, "extract_import_job"), before);
	});

	test("an upload is queued, run in the background and shown with its counts; its problems download as CSV", async () => {
		const res = await send({ source: "liquidlogic", validOnly: "yes" }, EXTRACT);
		assert.equal(res.statusCode, 303);
		const location = String(res.headers.location);
		assert.match(location, /^\/ssd\/imports\/[0-9a-f-]{36}$/);
		const queued = (await analyst.get(location)).body;
		assert.match(queued, /Waiting to start/);
		assert.match(queued, /href="\/ssd\/imports\/[0-9a-f-]{36}"[^>]*>\s*Refresh/);

		assert.equal(await t.app.services.ssdImportRunner.runNext(), true);
		const loaded = (await analyst.get(location)).body.replace(/\s+/g, " ");
		assert.match(loaded, /People linked <\/dt> <dd class="govuk-summary-list__value"> Waiting to start/);
		assert.equal(await t.app.services.ssdImportRunner.runNext(), true, "then its people are linked");
		const done = (await analyst.get(location)).body;
		assert.match(done, /The extract was loaded: 15 rows\./);
		// No Threshold person is like the extract's three children: each is made a person.
		assert.match(
			done.replace(/\s+/g, " "),
			/People linked <\/dt> <dd class="govuk-summary-list__value"> Done <\/dd>.*New people made \(no likely match\) <\/dt> <dd class="govuk-summary-list__value"> 3 </,
		);
		assert.match(
			done,
			/<td class="govuk-table__cell">ssd_cin_episodes\.csv<\/td>\s*<td class="govuk-table__cell">ssd_cin_episodes<\/td>\s*<td[^>]*>3<\/td>\s*<td[^>]*>3<\/td>/,
		);
		const figures = (
			done
				.replace(/\s+/g, " ")
				.match(
					/<dt class="govuk-summary-list__key"> (Errors|Warnings) <\/dt> <dd class="govuk-summary-list__value"> (\d+) <\/dd>/g,
				) ?? []
		).map((m) =>
			m
				.replace(/<[^>]+>/g, "")
				.trim()
				.replace(/\s+/g, " "),
		);
		assert.deepEqual(figures, ["Errors 0", "Warnings 1"]);
		assert.match(done, /Load only the valid rows/);

		const csv = await analyst.get(`${location}/problems.csv`);
		assert.equal(csv.statusCode, 200);
		assert.match(String(csv.headers["content-type"]), /^text\/csv/);
		assert.match(
			String(csv.headers["content-disposition"]),
			/^attachment; filename="ssd-problems-liquidlogic-\d{8}T\d{6}\.csv"$/,
		);
		assert.equal(
			csv.body,
			"file,row,column,severity,reason\r\n" +
				// The reason holds a comma, so it is quoted.
				`ssd_cin_episodes.csv,3,cine_referral_worker_id,warning,"cine_referral_worker_id 'W9' is not in ssd_professionals.csv; the row is loaded, with the worker unknown"\r\n`,
		);

		const list = (await analyst.get("/ssd/imports")).body;
		assert.match(list, />liquidlogic<\/a><\/td>\s*<td class="govuk-table__cell">Ana Analyst<\/td>/);
		assert.match(list, /Loaded/);
	});

	test("an interrupted import says so plainly and offers to run it again, once", async () => {
		const res = await send({ source: "crashed" }, EXTRACT);
		const location = String(res.headers.location);
		const id = location.split("/").pop()!;
		// What a crash leaves, found at the next start.
		await t.testDb.db.kysely
			.updateTable("extract_import_job")
			.set({ state: "running", started_at: new Date(), updated_at: new Date(0) })
			.where("id", "=", id)
			.execute();
		await t.app.services.ssdImportRunner.interruptAbandoned(0);
		const page = (await analyst.get(location)).body;
		assert.match(
			page,
			/This import was interrupted\. The app stopped while this import was running\. Its transaction was rolled back, so nothing from it was loaded and the source keeps what it held before\./,
		);
		assert.match(page, /<button[^>]*>\s*Run it again\s*<\/button>/);

		const once = /name="_once" value="([^"]+)"/.exec(page)?.[1] ?? "";
		const rerun = await analyst.post(`${location}/rerun`, { _once: once });
		assert.equal(rerun.statusCode, 303);
		const again = String(rerun.headers.location);
		assert.notEqual(again, location);
		assert.match((await analyst.get(again)).body, /Waiting to start/);
		const old = (await analyst.get(location)).body;
		assert.match(old, new RegExp(`It was run again: <a class="govuk-link" href="${again}">see that import</a>`));
		assert.doesNotMatch(old, /Run it again/);
	});
});
