import { fork } from "node:child_process";
import type { LoadReply, LoadRequest } from "./load.ts";

export interface LoadSettings {
	/** Concurrent keep-alive connections, each sending its next request when answered. */
	connections: number;
	warmupSeconds: number;
	durationSeconds: number;
}

export interface Figures {
	requests: number;
	seconds: number;
	medianMs: number;
	p95Ms: number;
	meanMs: number;
	maxMs: number;
	perSecond: number;
}

export class MeasurementFailed extends Error {}

/** One measured run's successful requests. */
export interface Sample {
	latenciesMs: number[];
	seconds: number;
}

/**
 * Loads one URL (or, given `paths`, that server with each path in turn) with autocannon:
 * a warm-up whose figures are thrown away (JIT, template cache, connection pool,
 * PostgreSQL's buffers), then the measured run. Any response other than 2xx voids the
 * measurement rather than averaging error pages in.
 */
export async function sample(
	url: string,
	headers: Record<string, string>,
	settings: LoadSettings,
	paths?: string[],
): Promise<Sample> {
	const reply = await inChild({ url, headers, paths, ...settings });
	const refused = Object.entries(reply.failures).map(([status, n]) => `${n} × ${status}`);
	if (refused.length || reply.errors || reply.timeouts) {
		const problems = [...refused, `${reply.errors} connection errors`, `${reply.timeouts} timeouts`];
		throw new MeasurementFailed(`${url}: ${problems.join(", ")}`);
	}
	if (reply.latenciesMs.length === 0) throw new MeasurementFailed(`${url}: no request completed`);
	return { latenciesMs: reply.latenciesMs, seconds: reply.seconds };
}

/** The figures of one or more measured runs of the same page, taken together. */
export function figuresOf(samples: Sample[]): Figures {
	const sorted = Float64Array.from(samples.flatMap((s) => s.latenciesMs)).sort();
	const seconds = samples.reduce((a, s) => a + s.seconds, 0);
	return {
		requests: sorted.length,
		seconds,
		medianMs: percentile(sorted, 50),
		p95Ms: percentile(sorted, 95),
		meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length,
		maxMs: sorted[sorted.length - 1],
		perSecond: sorted.length / seconds,
	};
}

export async function measure(
	url: string,
	headers: Record<string, string>,
	settings: LoadSettings,
	paths?: string[],
): Promise<Figures> {
	return figuresOf([await sample(url, headers, settings, paths)]);
}

/** Nearest-rank percentile of ascending samples. */
export function percentile(sorted: Float64Array, p: number): number {
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function inChild(request: LoadRequest): Promise<LoadReply> {
	return new Promise((resolve, reject) => {
		const child = fork(new URL("./load.ts", import.meta.url), { execArgv: ["--import", "tsx"], stdio: "inherit" });
		let answered = false;
		child.once("message", (message: { ok: true; reply: LoadReply } | { ok: false; error: string }) => {
			answered = true;
			if (message.ok) resolve(message.reply);
			else reject(new MeasurementFailed(message.error));
		});
		child.once("error", reject);
		child.once("exit", (code) => {
			if (!answered) reject(new MeasurementFailed(`the load generator exited with code ${code}`));
		});
		child.send(request);
	});
}
