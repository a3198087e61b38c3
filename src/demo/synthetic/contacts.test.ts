import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../../test/support/db.ts";
import { type Event, next, type Outcome, type State, type StrategyNextStep } from "../../domain/front-door/workflow.ts";
import { generateFrontDoor } from "./contacts.ts";
import { type ContactLoadResult, loadContacts, readActors, readHouseholds } from "./contacts-load.ts";
import { loadSynthetic } from "./load.ts";

// A small front-door history loaded through the Database handle (INSERTs as the owner; on
// PostgreSQL test runs, against PostgreSQL): every CHECK and foreign key holds because it
// loads; every child's events replay through the state machine to the stored state.
describe("a synthetic front-door history", () => {
	let t: TestDatabase;
	let result: ContactLoadResult;
	const today = new Date("2025-06-02T17:00:00Z");
	const options = { contacts: 400, years: 0.25, seed: 5, today, minAwaitingTriage: 60 };

	before(async () => {
		t = await createTestDatabase();
		await loadSynthetic({ kind: "pglite", db: t.db }, { people: 600, years: 8, seed: 5, today });
		result = await loadContacts({ kind: "pglite", db: t.db }, { ...options, chunkContacts: 150 });
	});
	after(() => t.close());

	const q = <R>(text: string, params?: unknown[]) => t.db.withOwner((o) => o.query<R>(text, params));

	it("writes contacts, children and every step's rows", async () => {
		const [{ contacts, children }] = await q<{ contacts: number; children: number }>(
			"SELECT (SELECT count(*)::int FROM contact) AS contacts, (SELECT count(*)::int FROM contact_child) AS children",
		);
		assert.equal(contacts, result.summary.contacts);
		assert.ok(contacts >= options.contacts * 0.95, `${contacts} contacts`);
		assert.equal(children, result.rows.contact_child);
		assert.ok(children > contacts, "some contacts are about more than one child");
		for (const table of ["triage", "triage_factor", "decision", "referral", "feedback", "transfer", "review"]) {
			assert.ok(result.rows[table as keyof typeof result.rows] > 0, `no ${table} rows`);
		}
		const [da] = await q<{ share: number; unassessed: number }>(
			`SELECT avg((kind = 'da-notification')::int)::float AS share,
			        count(*) FILTER (WHERE kind = 'da-notification' AND risk_tool IS NULL)::int AS unassessed FROM contact`,
		);
		assert.ok(da.share > 0.08 && da.share < 0.22, `DA share ${da.share}`);
		assert.ok(da.unassessed > 0);
	});

	it("triages follow what the contact says: a domestic-abuse notification never has domestic abuse ruled out", async () => {
		const [check] = await q<{ da: number; without: number; ruledOut: number; unexplained: number }>(
			`SELECT count(DISTINCT t.contact_child_id) FILTER (WHERE c.kind = 'da-notification')::int AS da,
			        count(DISTINCT t.contact_child_id) FILTER (WHERE c.kind = 'da-notification' AND NOT EXISTS (
			          SELECT 1 FROM triage_factor f WHERE f.contact_child_id = t.contact_child_id
			             AND f.risk_factor = 'domestic-abuse-parent' AND f.status = 'present'))::int AS without,
			        count(*) FILTER (WHERE c.kind = 'da-notification' AND f.risk_factor LIKE 'domestic-abuse-%'
			                           AND f.status = 'ruled-out')::int AS "ruledOut",
			        count(*) FILTER (WHERE f.status = 'ruled-out' AND array_length(regexp_split_to_array(btrim(f.reason), '\\s+'), 1) < 4)::int AS unexplained
			 FROM triage t JOIN contact_child cc ON cc.id = t.contact_child_id JOIN contact c ON c.id = cc.contact_id
			 LEFT JOIN triage_factor f ON f.contact_child_id = t.contact_child_id`,
		);
		assert.ok(check.da > 0);
		assert.equal(check.without, 0, "every notification's child has domestic abuse of the parent present");
		assert.equal(check.ruledOut, 0);
		assert.equal(check.unexplained, 0, "every factor ruled out says why in a sentence");
	});

	it("replays every child's history through the state machine to its stored state", async () => {
		const rows = await q<{
			id: string;
			state: string;
			version: number;
			events: { event: string; from: string | null; to: string; detail: Record<string, string> | null }[];
		}>(
			`SELECT cc.id, cc.state, cc.version,
			        json_agg(json_build_object('event', e.event, 'from', e.from_state, 'to', e.to_state, 'detail', e.detail) ORDER BY e.id) AS events
			 FROM contact_child cc JOIN contact_child_event e ON e.contact_child_id = cc.id GROUP BY cc.id`,
		);
		assert.equal(rows.length, result.rows.contact_child);
		for (const child of rows) {
			const [first, ...rest] = child.events;
			assert.equal(first.event, "recorded");
			let state = first.to as State;
			let moves = 0;
			let outcome: Outcome | undefined;
			let strategy: StrategyNextStep | undefined;
			for (const e of rest) {
				assert.equal(e.from, state, `${child.id}: ${e.event} from ${e.from} but the child was ${state}`);
				if (e.from === e.to && !["triage", "review", "decide", "sign-off"].includes(e.event)) continue;
				if (e.event === "decide") outcome = e.detail?.outcome as Outcome;
				if (e.event === "hold-strategy-discussion") strategy = e.detail?.nextStep as StrategyNextStep;
				const event = (
					e.event === "triage"
						? { type: "triage", immediateStrategyDiscussion: false }
						: e.event === "decide"
							? { type: "decide", outcome }
							: e.event === "sign-off"
								? { type: "sign-off", outcome, strategyNextStep: strategy }
								: e.event === "hold-strategy-discussion"
									? { type: e.event, nextStep: e.detail?.nextStep as StrategyNextStep, signedOff: true }
									: { type: e.event }
				) as Event;
				const step = next(state, event);
				assert.ok(step.ok, `${child.id}: ${e.event} refused in ${state}`);
				assert.equal(step.to, e.to, `${child.id}: ${e.event} went to ${e.to}, the machine says ${step.to}`);
				state = step.to;
				moves++;
			}
			assert.equal(child.state, state, `${child.id} is stored as ${child.state} but its history ends in ${state}`);
			assert.equal(child.version, 1 + moves);
		}
	});

	it("leaves older children closed and the newest open, with the front door's queue filled", async () => {
		const states = await q<{ state: string; n: number; newest: string }>(
			"SELECT state, count(*)::int AS n, max(received_at)::text AS newest FROM contact_child GROUP BY state",
		);
		const by = new Map(states.map((s) => [s.state, s.n]));
		for (const s of ["awaiting-triage", "enquiries", "awaiting-decision", "awaiting-sign-off", "closed"]) {
			assert.ok((by.get(s) ?? 0) > 0, `no child ${s}`);
		}
		const [{ old }] = await q<{ old: number }>(
			`SELECT count(*)::int AS old FROM contact_child WHERE state <> 'closed' AND received_at < $1::timestamptz - interval '5 days'`,
			[today.toISOString()],
		);
		assert.equal(old, 0);
		const [{ waiting }] = await q<{ waiting: number }>(
			`SELECT count(*)::int AS waiting FROM contact_child cc JOIN team t ON t.id = cc.team_id
			 WHERE cc.state = 'awaiting-triage' AND t.kind = 'front-door'`,
		);
		assert.ok(waiting >= options.minAwaitingTriage);
		const [{ open }] = await q<{ open: number }>(
			`SELECT count(*)::int AS open FROM contact c WHERE (c.closed_at IS NULL) <> EXISTS (
			   SELECT 1 FROM contact_child cc WHERE cc.contact_id = c.id AND cc.state <> 'closed')`,
		);
		assert.equal(open, 0, "a contact is closed exactly when all its children are");
	});

	it("flags a referral as a re-referral exactly when the child's previous one was within 12 months", async () => {
		const [check] = await q<{ referrals: number; rereferrals: number; wrong: number; unsigned: number }>(
			`SELECT count(*)::int AS referrals, count(*) FILTER (WHERE r.re_referral)::int AS rereferrals,
			        count(*) FILTER (WHERE r.re_referral IS DISTINCT FROM coalesce(prev.referral_date >= r.referral_date - interval '12 months', false)
			                           OR r.previous_referral_id IS DISTINCT FROM prev.id)::int AS wrong,
			        0 AS unsigned
			 FROM referral r LEFT JOIN LATERAL (
			   SELECT p.id, p.referral_date FROM referral p
			   WHERE p.person_id = r.person_id AND p.referral_date < r.referral_date ORDER BY p.referral_date DESC LIMIT 1) prev ON true`,
		);
		assert.ok(check.referrals > 0);
		assert.ok(check.rereferrals > 0, "some children come back within a year");
		assert.equal(check.wrong, 0);
		const [outcomes] = await q<{ mismatched: number; self: number }>(
			`SELECT count(*) FILTER (WHERE (r.id IS NOT NULL) <> (d.outcome IN ('assessment', 'strategy-discussion')))::int AS mismatched,
			        count(*) FILTER (WHERE d.signed_off_by = d.decided_by)::int AS self
			 FROM decision d LEFT JOIN referral r ON r.contact_child_id = d.contact_child_id`,
		);
		assert.equal(outcomes.mismatched, 0);
		assert.equal(outcomes.self, 0);
	});

	it("answers transfers as the receiving team, and steps down from strategy discussions with a tier and agreement", async () => {
		const households = await t.db.withOwner((o) => readHouseholds(o));
		const actors = await t.db.withOwner((o) => readActors(o));
		// More contacts than are loaded, so the rarer routes (a strategy discussion deciding early help) occur.
		const batches = [...generateFrontDoor(households, actors, { ...options, contacts: 3_000 }, 1_000)];
		const discussions = batches.flatMap((b) => b.strategy_discussion);
		const steppedDown = discussions.filter((d) => d.next_step === "early-help");
		assert.ok(steppedDown.length > 0, "some strategy discussions step down to early help");
		for (const d of steppedDown) {
			assert.ok(d.early_help_tier);
			assert.equal(d.family_agreed, true);
		}
		const [answeredByOthers] = await q<{ n: number }>(
			`SELECT count(*)::int AS n FROM transfer x JOIN app_user u ON u.id = x.responded_by
			  WHERE u.team_id IS DISTINCT FROM x.to_team_id`,
		);
		assert.equal(answeredByOthers.n, 0);
	});

	it("gives the same history for the same seed", async () => {
		const households = await q<never>("SELECT 1").then(() => t.db.withOwner((o) => readHouseholds(o)));
		const actors = await t.db.withOwner((o) => readActors(o));
		const first = [...generateFrontDoor(households, actors, { ...options, contacts: 50 }, 1_000)];
		const second = [...generateFrontDoor(households, actors, { ...options, contacts: 50 }, 1_000)];
		assert.deepEqual(first, second);
		assert.ok(first[0].contact.length > 0);
	});
});
