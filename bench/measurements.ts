import type { Role } from "../src/platform/roles.ts";
import { TRAY_PAGE } from "../src/platform/tasks.ts";
import { ROW_PATH, STATIC_PATH, STATIC_TITLE } from "./baselines.ts";
import type { DatasetFacts } from "./dataset.ts";
import { TEAM_WORKERS, TRIAGE_QUEUE_SQL_PATH, WORKER_TASKS } from "./front-door.ts";
import { measuredRunQueries } from "./people.ts";

/**
 * One page measured as whole HTTP requests. To measure a new page, add an entry to
 * MEASUREMENTS (and, if it has a target, a line in targets.ts); the dataset's facts
 * name the rows worth asking for.
 */
export interface Measurement {
	name: string;
	description: string;
	/** Signed in as the demo council's user with this role. */
	as: Role;
	path(facts: DatasetFacts): string;
	/**
	 * Several requests to measure together, each connection taking the next in turn (the
	 * person search's query set); `path` is then the one checked before measuring.
	 */
	paths?(facts: DatasetFacts): string[];
	/**
	 * Checked on one response before measuring, so that a fast error page or an empty
	 * result is never taken for a fast page. Returns what is wrong, or null.
	 */
	check(body: string, facts: DatasetFacts): string | null;
}

export type BaselineName = "static" | "pk";

const mustContain =
	(...texts: string[]) =>
	(body: string) => {
		const missing = texts.filter((t) => !body.includes(t));
		return missing.length ? `the page lacks ${missing.map((t) => JSON.stringify(t)).join(", ")}` : null;
	};

export const BASELINES: Record<BaselineName, Measurement> = {
	static: {
		name: "baseline-static",
		description: "A static page in the GOV.UK layout",
		as: "administrator",
		path: () => STATIC_PATH,
		check: mustContain(STATIC_TITLE),
	},
	pk: {
		name: "baseline-pk",
		description: "One row read by primary key, in the GOV.UK layout",
		as: "administrator",
		path: (facts) => `${ROW_PATH}/${facts.benchRowId}`,
		check: (body, facts) => mustContain(`Bench row ${facts.benchRowId}`)(body),
	},
};

// A full page of results with more to come: the search found the person's or user's rows.
const fullLogPage = mustContain("Most recent first", "Older entries");

export const PEOPLE_SEARCH = "people-search";
export const LOGGING_COST = "logging-cost";
export const TRIAGE_QUEUE = "triage-queue";
export const TRIAGE_QUEUE_SQL = "triage-queue-sql";

export const MEASUREMENTS: Measurement[] = [
	{
		name: PEOPLE_SEARCH,
		description:
			"Person search: issue 5's queries (exact, typo'd, nickname, partial date) and second records through the search box; issue 16's kinds are timed in the accuracy pass",
		as: "contact-officer",
		path: (facts) => facts.searchQueries[0].path,
		// Issue 5's set as before, so this run compares with earlier ones; issue 16's kinds (five
		// times as many queries) are timed kind by kind in the accuracy pass.
		paths: (facts) => measuredRunQueries(facts.searchQueries).map((q) => q.path),
		check: mustContain("best match first"),
	},
	{
		name: "access-log-by-person",
		description: "Access log: who viewed this child (newest 50 of thousands, over every month)",
		as: "administrator",
		path: (facts) => `/admin/access-log?personId=${facts.hotPersonId}`,
		check: fullLogPage,
	},
	{
		name: "access-log-by-user",
		description: "Access log: what this user did (a practitioner's newest 50)",
		as: "administrator",
		path: (facts) => `/admin/access-log?userId=${facts.userIds.practitioner}`,
		check: fullLogPage,
	},
	// Issue 6: the front door on a million contacts.
	{
		name: TRIAGE_QUEUE,
		description: "Triage queue: the front-door team's first page of 50 of its children waiting (500 or more)",
		as: "team-manager",
		path: (facts) => `/triage?team=${facts.frontDoor.frontDoorTeamId}`,
		check: (body, facts) => {
			const rows = body.split('href="/front-door/children/').length - 1;
			if (rows < 50) return `the page lists ${rows} children, not a full page of 50`;
			return facts.frontDoor.awaitingTriage < 500
				? `only ${facts.frontDoor.awaitingTriage} children are waiting for triage`
				: mustContain("Children waiting for triage")(body);
		},
	},
	{
		name: TRIAGE_QUEUE_SQL,
		description: "The triage queue's SQL (TriageService.queue) without rendering, as JSON",
		as: "team-manager",
		path: (facts) => `${TRIAGE_QUEUE_SQL_PATH}?team=${facts.frontDoor.frontDoorTeamId}`,
		check: (body) => {
			const rows = (JSON.parse(body) as { rows: unknown[] }).rows.length;
			return rows === 50 ? null : `the query returned ${rows} rows, not 50`;
		},
	},
	{
		name: "front-door-history",
		description: "A child's front-door page, the child at the 99th percentile of history length",
		as: "team-manager",
		path: (facts) => `/front-door/children/${facts.frontDoor.p99ChildId}`,
		check: mustContain("History"),
	},
	// Issue 14: work trays at council scale.
	{
		name: "my-work",
		description: `My work: a practitioner's home page, the first page of their ${WORKER_TASKS} or more open tasks`,
		as: "practitioner",
		path: () => "/",
		check: (body) => {
			const held = Number(/You have (\d+) tasks/.exec(body)?.[1] ?? 0);
			if (held < WORKER_TASKS) return `the practitioner holds ${held} open tasks, not ${WORKER_TASKS} or more`;
			const rows = body.split('href="/front-door/children/').length - 1;
			return rows < TRAY_PAGE ? `the page lists ${rows} tasks, not a full page of ${TRAY_PAGE}` : null;
		},
	},
	{
		name: "team-work",
		description: `A team manager's team page: the front-door team's open tasks by worker (${TEAM_WORKERS} workers)`,
		as: "team-manager",
		path: () => "/work/team",
		check: (body) => {
			const workers = body.split("Bench Worker").length - 1;
			return workers < TEAM_WORKERS ? `the page names ${workers} bench workers, not ${TEAM_WORKERS}` : null;
		},
	},
	// Its figures are shared for 30 s, so this measures the page as managers see it through
	// a morning; run.ts also times every figure recomputed from scratch.
	{
		name: "dashboard",
		description: "The front-door dashboard (issue 6, item 11)",
		as: "team-manager",
		path: () => "/dashboard",
		check: mustContain("Front door performance"),
	},
];

/**
 * What logging views costs: the record page (each request logs a view through the
 * buffered access log) loaded for longer, once with the real log and once, in an app
 * built again, with a log whose views go nowhere. Compared by throughput.
 */
export const RECORD_PAGE: Measurement = {
	name: "person-record",
	description: "A child's record page (one view logged per request)",
	as: "contact-officer",
	path: (facts) => `/people/${facts.hotPersonId}`,
	check: (body, facts) => mustContain(facts.hotPersonName.replace(/&/g, "&amp;").replace(/'/g, "&#39;"))(body),
};
