import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { SRC_DIR } from "../src/platform/render.ts";
import { BASELINE_TEMPLATE } from "./baselines.ts";
import type { Dataset } from "./dataset.ts";
import type { Figures, LoadSettings } from "./measure.ts";
import type { BaselineName } from "./measurements.ts";
import {
	type Accuracy,
	type AccuracyLine,
	lineOf,
	ONE_FAULT,
	type QueryOutcome,
	TWO_FAULTS_NO_POSTCODE,
	TWO_FAULTS_POSTCODE,
} from "./people.ts";
import type { TargetResult } from "./targets.ts";

export interface Row {
	name: string;
	figures: Figures | null;
	/** Why there are no figures. */
	failure?: string;
}

const ms = (v: number) => v.toFixed(2);
const times = (v: number) => `${v.toFixed(2)}×`;

/** The results as a fixed-width table, one line per page, ratios against each baseline. */
export function table(rows: Row[], baselines: Record<BaselineName, Figures>): string {
	const header = ["page", "median ms", "p95 ms", "req/s", "median/static", "p95/static", "median/pk", "p95/pk"];
	const lines = rows.map((r) => {
		const f = r.figures;
		if (!f) return [r.name, `failed: ${r.failure ?? "no figures"}`];
		return [
			r.name,
			ms(f.medianMs),
			ms(f.p95Ms),
			f.perSecond.toFixed(0),
			times(f.medianMs / baselines.static.medianMs),
			times(f.p95Ms / baselines.static.p95Ms),
			times(f.medianMs / baselines.pk.medianMs),
			times(f.p95Ms / baselines.pk.p95Ms),
		];
	});
	const complete = [header, ...lines.filter((l) => l.length === header.length)];
	const widths = header.map((_, i) => Math.max(...complete.map((l) => l[i].length)));
	const format = (l: string[]) =>
		l.length === header.length
			? l.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ")
			: `${l[0].padEnd(widths[0])}  ${l[1]}`;
	const rule = widths.map((w) => "-".repeat(w)).join("  ");
	return [format(header), rule, ...lines.map(format)].join("\n");
}

const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

export function targetLines(results: TargetResult[]): string {
	if (results.length === 0) return "No targets apply to the pages measured.";
	// A kind's median and p95 targets on one line, in the accuracy table's order: 28 lines, not 56.
	const byKind = new Map<string, TargetResult[]>();
	for (const t of results) {
		if (t.kind === "kind-latency") byKind.set(t.line ?? "", [...(byKind.get(t.line ?? "") ?? []), t]);
	}
	const kindLines = [...byKind].map(([line, ts]) => {
		const figures = ts.map((t) => {
			const metric = t.kind === "kind-latency" && t.metric === "p95Ms" ? "p95" : "median";
			const max = t.kind === "kind-latency" ? t.maxRatio : 0;
			return `${metric} ${times(t.value)}${t.met ? "" : " MISSED"} (≤ ${max}×)`;
		});
		const verdict = ts.every((t) => t.met) ? "met   " : "MISSED";
		return `${verdict} ${ts[0].measurement} [${line}]: ${figures.join(", ")} baseline-pk, in the accuracy pass`;
	});
	return [...results.filter((t) => t.kind !== "kind-latency").map(targetLine), ...kindLines].join("\n");
}

function targetLine(t: TargetResult): string {
	const verdict = t.met ? "met   " : "MISSED";
	if (t.kind === "latency") {
		const metric = t.metric === "p95Ms" ? "p95" : "median";
		return `${verdict} ${t.measurement}: ${metric} ${times(t.value)} ${t.against ?? `baseline-${t.baseline}`} (target ≤ ${t.maxRatio}×)`;
	}
	if (t.kind === "accuracy") {
		const metric = t.metric === "first" ? "first" : t.metric === "top5" ? "in the top 5" : "listed";
		return `${verdict} ${t.measurement}: intended individual ${metric} in ${percent(t.value)} of ${TARGET_GROUPS[t.group] ?? t.group} queries (target ≥ ${percent(t.minShare)})`;
	}
	if (t.kind === "kind-latency") {
		const metric = t.metric === "p95Ms" ? "p95" : "median";
		return `${verdict} ${t.measurement} [${t.line}]: ${metric} ${times(t.value)} baseline-${t.baseline} in the accuracy pass (target ≤ ${t.maxRatio}×)`;
	}
	return `${verdict} ${t.measurement}: ${t.ratioOf[0]} serves ${times(t.value)} the requests/s of ${t.ratioOf[1]} (target ≥ ${t.minRatio}×)`;
}

/** Accuracy per kind, a few misses of each kind and the slowest queries, to help tuning. */
export function accuracyReport(accuracy: Accuracy, examplesPerKind = 3): string {
	const header = [
		"queries",
		"n",
		"first %",
		"ceiling %",
		"top 5 %",
		"listed %",
		"median/pk*",
		"p95/pk*",
		"median ms*",
		"p95 ms*",
	];
	const label = (l: AccuracyLine) =>
		l.scope !== "group" && l.group !== "second-record" ? `  ${l.group}` : (GROUP_LABELS[l.group] ?? l.group);
	const ratio = (v: number | null) => (v === null ? "–" : times(v));
	const rows = accuracy.lines.map((l) => [
		label(l),
		String(l.queries),
		percent(l.firstShare),
		l.ceilingShare === null ? "–" : percent(l.ceilingShare),
		percent(l.top5Share),
		percent(l.listedShare),
		ratio(l.medianRatio),
		ratio(l.p95Ratio),
		l.medianMs.toFixed(0),
		l.p95Ms.toFixed(0),
	]);
	const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i].length)));
	const format = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
	const base = accuracy.baseline;
	const lines = [
		"Person search accuracy: where the intended individual (any of its records) came",
		format(header),
		widths.map((w) => "-".repeat(w)).join("  "),
		...rows.map(format),
		"listed: anywhere on the page, which lists only people scored above the cut-off",
		"ceiling: first places any search could have had: none where another individual's record agrees with the",
		"  query at least as well on every field and better on one; 1/(n+1) where n others are level on every field",
		"* each query once, 4 at a time, kinds interleaved, in the accuracy pass; /pk: over the primary-key page's " +
			(base ? `median ${ms(base.medianMs)} ms and p95 ${ms(base.p95Ms)} ms` : "figures") +
			" in the table above. Each query runs once here, where the measured run above goes round its queries",
		"  again and again, so a kind's ratio here is higher than there: compare issue 5's set here with people-search above",
	];
	const misses = accuracy.outcomes.filter((o) => o.rank !== 1);
	if (misses.length) {
		lines.push("", "Examples of misses (query → what came first):");
		// In the table's order: each kind, then its postcode variant.
		const kinds = accuracy.lines.filter((l) => l.scope === "kind").map((l) => l.group);
		if (misses.some((o) => o.kind === "second-record")) kinds.push("second-record");
		for (const kind of kinds) {
			const ofKind = misses.filter((o) => lineOf(o) === kind);
			if (ofKind.length === 0) continue;
			// The worst first (not listed at all), then the lowest ranks.
			const worst = [...ofKind].sort((a, b) => (b.rank ?? 99) - (a.rank ?? 99)).slice(0, examplesPerKind);
			const unlisted = ofKind.filter((o) => o.rank === null).length;
			lines.push(`  ${kind}: ${ofKind.length} not first${unlisted ? `, ${unlisted} not listed` : ""}`);
			for (const o of worst) lines.push(`    ${describeMiss(o)}`);
		}
	}
	const slowest = [...accuracy.outcomes].sort((a, b) => b.ms - a.ms).slice(0, 5);
	lines.push(
		"",
		"Slowest queries in the accuracy pass (4 at a time, whole requests):",
		...slowest.map((o) => `  ${o.ms.toFixed(0).padStart(6)} ms  [${lineOf(o)}] "${o.text}" (${o.results} results)`),
	);
	return lines.join("\n");
}

const TARGET_GROUPS: Record<string, string> = {
	issue: "issue 5's",
	[ONE_FAULT]: "issue 16's one-fault",
	[TWO_FAULTS_POSTCODE]: "issue 16's two-fault (with postcode)",
	[TWO_FAULTS_NO_POSTCODE]: "issue 16's two-fault (no postcode)",
};

const GROUP_LABELS: Record<string, string> = {
	issue: "issue 5's set (four kinds)",
	[ONE_FAULT]: "one fault (issue 16)",
	[TWO_FAULTS_POSTCODE]: "two faults, postcode (issue 16)",
	[TWO_FAULTS_NO_POSTCODE]: "two faults, no postcode (issue 16)",
	"second-record": "second records (reported, no target)",
};

function describeMiss(o: QueryOutcome): string {
	const where = o.rank === null ? `not in the ${o.results} results` : `at rank ${o.rank} of ${o.results}`;
	const note = o.note ? ` (${o.note})` : "";
	const first = o.first ? `${o.first.name}, ${o.first.dateOfBirth}: ${o.first.reasons || "no reasons"}` : "nothing";
	return `"${o.text}"${note}: intended ${where}; first: ${first}`;
}

function digestOf(path: string): string {
	return createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 12);
}

/** Writes the run to <dir>/<timestamp>.json and returns the file's path. */
export function writeResults(
	dir: string,
	results: {
		mode: string;
		settings: LoadSettings;
		loggingLoad: LoadSettings & { rounds: number };
		dataset: Dataset;
		postgres: string;
		rows: Row[];
		baselines: Record<BaselineName, Figures>;
		targets: TargetResult[];
		accuracy: Accuracy | null;
		/** The SSD import against COPY and the primary-key page during it (bench/ssd.ts). */
		ssdImport?: Record<string, unknown> | null;
		passed: boolean;
	},
): string {
	const { dataset, baselines } = results;
	const ratio = (f: Figures, b: Figures) => ({ median: f.medianMs / b.medianMs, p95: f.p95Ms / b.p95Ms });
	const document = {
		at: new Date().toISOString(),
		mode: results.mode,
		passed: results.passed,
		machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryBytes: totalmem(), node: process.version },
		postgres: results.postgres,
		dataset: {
			stamp: JSON.parse(dataset.stamp),
			reused: dataset.reused,
			buildSeconds: dataset.buildSeconds,
			// The queries are listed once, with their outcomes, under accuracy.
			facts: { ...dataset.facts, searchQueries: dataset.facts.searchQueries.length },
		},
		load: results.settings,
		loggingCostLoad: results.loggingLoad,
		// A different template digest means the baselines changed and ratios no longer compare;
		// a different layout digest explains a shift in every page's absolute figures.
		baselineTemplate: {
			path: BASELINE_TEMPLATE,
			digest: digestOf(join(SRC_DIR, BASELINE_TEMPLATE)),
			layoutDigest: digestOf(join(SRC_DIR, "platform/views/layout.njk")),
		},
		measurements: results.rows.map((r) => ({
			name: r.name,
			...(r.figures
				? {
						figures: r.figures,
						ratios: { static: ratio(r.figures, baselines.static), pk: ratio(r.figures, baselines.pk) },
					}
				: { failure: r.failure }),
		})),
		targets: results.targets,
		accuracy: results.accuracy,
		ssdImport: results.ssdImport ?? null,
	};
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `${document.at.replace(/[:.]/g, "-")}.json`);
	writeFileSync(file, `${JSON.stringify(document, null, "\t")}\n`);
	return file;
}
