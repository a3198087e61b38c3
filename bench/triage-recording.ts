import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Config } from "../src/config.ts";
import { openDatabase } from "../src/db/engine.ts";
import { answerEvery, type TriageInput } from "../src/domain/front-door/triage.ts";
import { AccessLog } from "../src/platform/access-log.ts";
import { Tasks } from "../src/platform/tasks.ts";
import { buildApp } from "../src/server.ts";
import { databaseUrl, type Log } from "./dataset.ts";
import type { Sample } from "./measure.ts";

// What tasks cost the step that opens most of them (issue 14: "creating tasks adds ≤ 10%
// to the p95 of recording a triage"). Recording a triage changes the council's data, so
// it runs on a copy of the bench database made for the purpose and dropped afterwards.
// Two apps share the copy: one as built, one whose tasks go nowhere. Triages are
// recorded one at a time through the triage service (validation and the transaction,
// not the page around it, which would only dilute the difference), in pairs on children
// waiting for triage, each pair's order swapped from the last so neither side always
// runs on a warmer cache.

export const TRIAGE_RECORDING = "triage-recording";
export const TRIAGE_RECORDING_NO_TASKS = "triage-recording-no-tasks";

/** Tasks that cost nothing: a move opens and closes none, and nothing is written. */
class TasksGoNowhere extends Tasks {
	override async open(): Promise<void> {}
	override async done(): Promise<number> {
		return 0;
	}
	override async cancel(): Promise<number> {
		return 0;
	}
	override async sync(): Promise<void> {}
}

export async function measureTriageRecording(options: {
	adminUrl: string;
	source: string;
	config: Config;
	pairs: number;
	warmupPairs: number;
	log: Log;
}): Promise<Record<"on" | "off", Sample>> {
	const { adminUrl, source, log } = options;
	const scratch = `${source}_scratch`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	try {
		log(`${TRIAGE_RECORDING}: copying ${source} to ${scratch}`);
		await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
		await admin.query(`CREATE DATABASE ${scratch} TEMPLATE ${source}`);
		const url = databaseUrl(adminUrl, scratch);
		const db = await openDatabase({ kind: "postgres", url });
		const config = options.config;
		const now = () => new Date();
		const apps = {
			on: await buildApp({ config, db }),
			off: await buildApp({ config, db, tasks: new TasksGoNowhere(db.kysely, new AccessLog(db.kysely), now) }),
		};
		try {
			const k = db.kysely;
			const manager = await k
				.selectFrom("app_user")
				.select(["id", "team_id"])
				.where("email", "=", "team.manager@demo.example")
				.executeTakeFirstOrThrow();
			const worker = await k
				.selectFrom("app_user")
				.select("id")
				.where("email", "=", "practitioner@demo.example")
				.executeTakeFirstOrThrow();
			const wanted = 2 * (options.pairs + options.warmupPairs);
			const children = await k
				.selectFrom("contact_child")
				.select(["id", "version"])
				.where("team_id", "=", manager.team_id)
				.where("state", "=", "awaiting-triage")
				.orderBy("received_at")
				.limit(wanted)
				.execute();
			if (children.length < wanted) {
				throw new Error(`only ${children.length} children wait for triage, not the ${wanted} this needs`);
			}
			const framework = await apps.on.services.settings.thresholdFramework();
			const input: TriageInput = {
				thresholdLevel: framework.levels[framework.levels.length - 1].id,
				rag: "amber",
				recommendation: "assessment",
				immediateStrategyDiscussion: false,
				rationale: "Unexplained bruising and hunger reported by the school this week.",
				// Every factor answered, as a triage must: what the school's report speaks to present
				// or not known, the rest ruled out.
				factors: answerEvery(
					(await apps.on.services.triage.factorList()).factors,
					[
						{ code: "neglect", status: "present", reason: null },
						{ code: "physical-abuse-adult", status: "not-known", reason: null },
					],
					{ status: "ruled-out", reason: "No police call-outs; school knows of nothing else." },
				),
				noFactorsIdentified: false,
				nextSteps: [
					{ action: "Check with the GP and health visitor", urgency: "same-day", allocatedTo: worker.id },
					{ action: "Ask the school for attendance and concerns", urgency: "one-working-day", allocatedTo: worker.id },
				],
			};
			const started = new Date();
			const latencies: Record<"on" | "off", number[]> = { on: [], off: [] };
			const seconds = { on: 0, off: 0 };
			log(
				`${TRIAGE_RECORDING}: ${options.pairs} triages each way after ${options.warmupPairs} warm-up pairs, one at a time`,
			);
			for (let pair = 0; pair < options.pairs + options.warmupPairs; pair++) {
				const order = pair % 2 === 0 ? (["on", "off"] as const) : (["off", "on"] as const);
				for (const [i, side] of order.entries()) {
					const child = children[2 * pair + i];
					const t0 = performance.now();
					await apps[side].services.triage.record(child.id, input, child.version, {
						userId: manager.id,
						role: "team-manager",
						requestId: randomUUID(),
					});
					const ms = performance.now() - t0;
					if (pair >= options.warmupPairs) {
						latencies[side].push(ms);
						seconds[side] += ms / 1000;
					}
				}
			}
			// The app as built opens each child's next steps and its next state's task; the other, none.
			const opened = await k
				.selectFrom("task")
				.select(k.fn.countAll<string>().as("n"))
				.where("created_by", "=", manager.id)
				.where("created_at", ">=", started)
				.executeTakeFirstOrThrow();
			const triages = options.pairs + options.warmupPairs;
			if (Number(opened.n) < 3 * triages) {
				throw new Error(`${triages} triages with tasks opened ${opened.n} tasks, not ${3 * triages} or more`);
			}
			log(`${TRIAGE_RECORDING}: ${opened.n} tasks opened by ${triages} triages with tasks`);
			return {
				on: { latenciesMs: latencies.on, seconds: seconds.on },
				off: { latenciesMs: latencies.off, seconds: seconds.off },
			};
		} finally {
			await apps.on.close();
			await apps.off.close();
			await db.close();
		}
	} finally {
		await admin.query(`DROP DATABASE IF EXISTS ${scratch}`).catch(() => undefined);
		await admin.end();
	}
}
