// The rules of the code's shape (docs/modules.md): a feature reaches another only through
// its entry point (index.ts), features do not import each other in a cycle, and the
// platform and the pure domain code do not reach into features at all.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, test } from "node:test";

const ROOT = join(import.meta.dirname, "..");
const SRC = join(ROOT, "src");

interface Edge {
	from: string;
	to: string;
	typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
	});
}

// `import … from "./x.ts"`, `import type …`, `export … from`, and `import("./x.ts")`.
const IMPORT =
	/(?:^|\n)\s*(import|export)\s+(type\s+)?[^;"]*?from\s+"(\.[^"]+)"|import\(\s*"(\.[^"]+)"\s*\)|(?:^|\n)\s*import\s+"(\.[^"]+)"/g;

function importsOf(file: string): Edge[] {
	const text = readFileSync(file, "utf8");
	const edges: Edge[] = [];
	for (const m of text.matchAll(IMPORT)) {
		const spec = m[3] ?? m[4] ?? m[5];
		edges.push({
			from: relative(ROOT, file),
			to: relative(ROOT, normalize(join(dirname(file), spec))),
			typeOnly: Boolean(m[2]),
		});
	}
	return edges;
}

/** "src/modules/front-door/triage/routes.ts" → "front-door"; null outside a feature. */
function featureOf(path: string): string | null {
	return /^src\/modules\/([^/]+)\//.exec(path)?.[1] ?? null;
}

const edges = sourceFiles(SRC).flatMap(importsOf);

describe("architecture", () => {
	test("the import reader finds the imports it should", () => {
		// Guards the reader: a regex that matched nothing would let every rule below pass.
		const server = edges.filter((e) => e.from === "src/server.ts").map((e) => e.to);
		assert.ok(server.includes("src/modules/index.ts"));
		const frontDoor = edges.filter((e) => e.from === "src/modules/front-door/index.ts");
		assert.ok(frontDoor.some((e) => e.to === "src/modules/front-door/triage/service.ts"));
		assert.ok(edges.some((e) => e.typeOnly));
	});

	test("a feature reaches another only through its entry point", () => {
		const deep = edges.filter((e) => {
			const from = featureOf(e.from);
			const to = featureOf(e.to);
			return from !== null && to !== null && from !== to && e.to !== `src/modules/${to}/index.ts`;
		});
		assert.deepEqual(
			deep.map((e) => `${e.from} → ${e.to}`),
			[],
			"import the feature's index.ts, which says what it offers",
		);
	});

	test("the platform, the database layer and the domain do not reach into features", () => {
		const upward = edges.filter((e) => /^src\/(platform|db|domain)\//.test(e.from) && e.to.startsWith("src/modules/"));
		assert.deepEqual(
			upward.map((e) => `${e.from} → ${e.to}`),
			[],
		);
		// The domain is pure: it knows nothing of the platform, the database or HTTP.
		const impure = edges.filter((e) => e.from.startsWith("src/domain/") && /^src\/(platform|db|modules)\//.test(e.to));
		assert.deepEqual(
			impure.map((e) => `${e.from} → ${e.to}`),
			[],
		);
	});

	test("features do not import each other in a cycle, nor a feature's steps", () => {
		assert.deepEqual(cyclesIn(featureOf), [], "between features");
		assert.deepEqual(cyclesIn(stepOf), [], "between the steps of a feature");
	});
});

/** "src/modules/front-door/triage/routes.ts" → "front-door/triage"; a file at a feature's top is the feature. */
function stepOf(path: string): string | null {
	const parts = path.split("/");
	if (parts[0] !== "src" || parts[1] !== "modules" || parts.length < 4) return null;
	return parts.length > 4 && parts[3] !== "views" ? `${parts[2]}/${parts[3]}` : parts[2];
}

/** The runtime import cycles between the units `unitOf` groups files into. */
function cyclesIn(unitOf: (path: string) => string | null): string[] {
	const graph = new Map<string, Set<string>>();
	for (const e of edges) {
		const from = unitOf(e.from);
		const to = unitOf(e.to);
		if (!from || !to || from === to || e.typeOnly) continue;
		graph.set(from, (graph.get(from) ?? new Set()).add(to));
	}
	const cycles: string[] = [];
	const state = new Map<string, "visiting" | "done">();
	const walk = (node: string, path: string[]) => {
		if (state.get(node) === "done") return;
		if (state.get(node) === "visiting") {
			cycles.push([...path.slice(path.indexOf(node)), node].join(" → "));
			return;
		}
		state.set(node, "visiting");
		for (const next of graph.get(node) ?? []) walk(next, [...path, node]);
		state.set(node, "done");
	};
	for (const node of graph.keys()) walk(node, []);
	return cycles;
}
