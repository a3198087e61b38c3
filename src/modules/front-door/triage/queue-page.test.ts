import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTestApp, type TestApp } from "../../../../test/support/app.ts";
import type { TriageService } from "./service.ts";

// What the triage queue shows for what the service answers: a stand-in service, so a
// page of sixty children needs no sixty contacts recorded first.
type Queue = Awaited<ReturnType<TriageService["queue"]>>;

const row = (i: number): Queue["rows"][number] => ({
	id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
	person_id: `10000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
	rag: i === 0 ? "red" : null,
	received_at: new Date("2026-11-23T09:00:00Z"),
	out_of_hours: i === 1,
	source: "2A",
	decision_due_at: new Date("2026-11-24T09:00:00Z"),
	reference: `C-${1000 + i}`,
	kind: "contact",
	contact_id: "20000000-0000-4000-8000-000000000000",
	given_name: `Child${i}`,
	family_name: "Example",
	la_person_id: `P${i}`,
	date_of_birth: "2015-01-01",
	waitingHours: i,
	decisionOverdue: i === 0,
});

describe("the triage queue page, from its service's answer", () => {
	let t: TestApp;
	let asked: unknown;
	before(async () => {
		const triage = {
			async queue(filter: unknown): Promise<Queue> {
				asked = filter;
				return { total: 61, rows: Array.from({ length: 50 }, (_, i) => row(i)) };
			},
		} as unknown as TriageService;
		const matching = { waitingCount: async () => 1 };
		t = await createTestApp({ services: { triage, matching } as never });
	});
	after(async () => t.close());

	test("overdue decisions, the children waiting to be matched and the next page are shown", async () => {
		const manager = await t.as("team-manager");
		const res = await manager.get("/triage?team=all&page=1");
		assert.equal(res.statusCode, 200);
		assert.match(res.body, /Child0 Example/);
		assert.equal((res.body.match(/Decision overdue/g) ?? []).length, 1);
		assert.match(res.body, /1 child waiting to be matched/);
		assert.match(res.body, /page=2/);
		assert.equal((asked as { teamId: unknown }).teamId, null, "all teams were asked for");
	});
});
