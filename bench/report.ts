import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { SRC_DIR } from "../src/platform/render.ts";
import { BASELINE_TEMPLATE } from "./baselines.ts";
import type { Dataset } from "./dataset.ts";
import type { Figures, LoadSettings } from "./measure.ts";
import type { BaselineName } from "./measurements.ts";
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

export function targetLines(results: TargetResult[]): string {
	if (results.length === 0) return "No targets apply to the pages measured.";
	return results
		.map((t) => {
			const metric = t.metric === "p95Ms" ? "p95" : "median";
			const verdict = t.met ? "met   " : "MISSED";
			return `${verdict} ${t.measurement}: ${metric} ${times(t.ratio)} baseline-${t.baseline} (target ≤ ${t.maxRatio}×)`;
		})
		.join("\n");
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
		dataset: Dataset;
		postgres: string;
		rows: Row[];
		baselines: Record<BaselineName, Figures>;
		targets: TargetResult[];
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
			facts: dataset.facts,
		},
		load: results.settings,
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
	};
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `${document.at.replace(/[:.]/g, "-")}.json`);
	writeFileSync(file, `${JSON.stringify(document, null, "\t")}\n`);
	return file;
}
