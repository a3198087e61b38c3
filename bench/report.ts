import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { SRC_DIR } from "../src/platform/render.ts";
import { BASELINE_TEMPLATE } from "./baselines.ts";
import type { Dataset } from "./dataset.ts";
import type { Figures, LoadSettings } from "./measure.ts";
import type { BaselineName } from "./measurements.ts";
import type { Accuracy, QueryOutcome } from "./people.ts";
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
	return results.map(targetLine).join("\n");
}

function targetLine(t: TargetResult): string {
	const verdict = t.met ? "met   " : "MISSED";
	if (t.kind === "latency") {
		const metric = t.metric === "p95Ms" ? "p95" : "median";
		return `${verdict} ${t.measurement}: ${metric} ${times(t.value)} ${t.against ?? `baseline-${t.baseline}`} (target ≤ ${t.maxRatio}×)`;
	}
	if (t.kind === "accuracy") {
		const metric = t.metric === "first" ? "first" : "in the top 5";
		return `${verdict} ${t.measurement}: intended individual ${metric} in ${percent(t.value)} of ${t.group} queries (target ≥ ${percent(t.minShare)})`;
	}
	return `${verdict} ${t.measurement}: ${t.ratioOf[0]} serves ${times(t.value)} the requests/s of ${t.ratioOf[1]} (target ≥ ${t.minRatio}×)`;
}

/** Accuracy per kind, a few misses of each kind and the slowest queries, to help tuning. */
export function accuracyReport(accuracy: Accuracy, examplesPerKind = 3): string {
	const header = ["queries", "n", "first", "first %", "top 5", "top 5 %", "median ms*", "p95 ms*"];
	const label = (group: string) =>
		group === "issue"
			? "issue's set (four kinds)"
			: group === "second-record"
				? "second records (reported, no target)"
				: `  ${group}`;
	const rows = accuracy.lines.map((l) => [
		label(l.group),
		String(l.queries),
		String(l.first),
		percent(l.firstShare),
		String(l.top5),
		percent(l.top5Share),
		l.medianMs.toFixed(0),
		l.p95Ms.toFixed(0),
	]);
	const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i].length)));
	const format = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
	const lines = [
		"Person search accuracy: where the intended individual (any of its records) came",
		format(header),
		widths.map((w) => "-".repeat(w)).join("  "),
		...rows.map(format),
		"* each query once, 4 at a time, in the accuracy pass: which kinds are slow (the target is the measured run above)",
	];
	const misses = accuracy.outcomes.filter((o) => o.rank !== 1);
	if (misses.length) {
		lines.push("", "Examples of misses (query → what came first):");
		const kinds = [...new Set(accuracy.outcomes.map((o) => o.kind))];
		for (const kind of kinds) {
			const ofKind = misses.filter((o) => o.kind === kind);
			if (ofKind.length === 0) continue;
			// The worst first (not listed at all), then the lowest ranks.
			const worst = [...ofKind].sort((a, b) => (b.rank ?? 99) - (a.rank ?? 99)).slice(0, examplesPerKind);
			lines.push(`  ${kind}: ${ofKind.length} not first`);
			for (const o of worst) lines.push(`    ${describeMiss(o)}`);
		}
	}
	const slowest = [...accuracy.outcomes].sort((a, b) => b.ms - a.ms).slice(0, 5);
	lines.push(
		"",
		"Slowest queries in the accuracy pass (4 at a time, whole requests):",
		...slowest.map((o) => `  ${o.ms.toFixed(0).padStart(6)} ms  [${o.kind}] "${o.text}" (${o.results} results)`),
	);
	return lines.join("\n");
}

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
	};
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `${document.at.replace(/[:.]/g, "-")}.json`);
	writeFileSync(file, `${JSON.stringify(document, null, "\t")}\n`);
	return file;
}
