// A test reporter that prints the ten slowest test files when the run ends, so a file
// that creeps towards the suite's budget (docs/testing.md) is seen before it matters.
import { relative } from "node:path";

export default async function* slowestFiles(source) {
	const perFile = new Map();
	for await (const event of source) {
		if (event.type !== "test:pass" && event.type !== "test:fail") continue;
		const { file, nesting, details } = event.data;
		if (!file || nesting !== 0) continue;
		perFile.set(file, (perFile.get(file) ?? 0) + (details.duration_ms ?? 0));
	}
	const slowest = [...perFile].sort((a, b) => b[1] - a[1]).slice(0, 10);
	yield "\nSlowest test files:\n";
	for (const [file, ms] of slowest) yield `${(ms / 1000).toFixed(1).padStart(7)} s  ${relative(process.cwd(), file)}\n`;
}
