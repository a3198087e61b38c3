import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, chromium, type Page } from "playwright-core";
import { DEMO_PASSWORD, DEMO_USERS } from "../../src/demo/council.ts";
import type { Role } from "../../src/platform/roles.ts";
import { createTestApp, type TestApp } from "./app.ts";
import { onPostgres } from "./db.ts";

export const SCREENSHOTS = join(process.cwd(), "test-results", "screenshots");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Browser journeys run on the PGlite pass only; the PostgreSQL pass says so instead of skipping silently. */
export const browserSkipReason = () =>
	onPostgres() ? "browser journeys run on the PGlite pass; this PostgreSQL pass leaves them to it" : false;

export interface BrowserHarness {
	t: TestApp;
	browser: Browser;
	baseUrl: string;
	newPage(): Promise<Page>;
	close(): Promise<void>;
}

export async function startBrowserHarness(): Promise<BrowserHarness> {
	const t = await createTestApp();
	await t.app.listen({ port: 0, host: "127.0.0.1" });
	const address = t.app.server.address();
	assert.ok(address && typeof address === "object");
	const baseUrl = `http://127.0.0.1:${address.port}`;
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
		args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
	});
	mkdirSync(SCREENSHOTS, { recursive: true });
	return {
		t,
		browser,
		baseUrl,
		async newPage() {
			const context = await browser.newContext({ baseURL: baseUrl });
			return context.newPage();
		},
		async close() {
			await browser.close();
			await t.close();
		},
	};
}

/** Signs in as the demo council's first user with the role. */
export async function signIn(page: Page, role: Role): Promise<void> {
	const user = DEMO_USERS.find((u) => u.role === role);
	assert.ok(user);
	await signInAs(page, user.email);
}

/** Signs in as a demo user picked by email, where a role has more than one. */
export async function signInAs(page: Page, email: string): Promise<void> {
	await page.goto("/sign-in");
	await page.getByLabel("Email address").fill(email);
	await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole("button", { name: "Sign in" }).click();
	await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/**
 * Runs axe on the page (WCAG 2.2 AA and everything before it), once for each shape of page
 * in a run, and saves a screenshot (except on CI, where nobody looks at them).
 */
export async function checkPage(page: Page, name: string): Promise<void> {
	if (!process.env.CI) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
	if (!(await firstOfItsShape(page, name))) return;
	// Legacy mode runs axe in the page itself. The default runs it in parts and finishes in a
	// blank page it opens and loads axe into again, for cross-origin frames, which our pages
	// never have: that costs about 40% more time for the same results.
	const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode().analyze();
	const summary = results.violations.map(
		(v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
	);
	assert.deepEqual(summary, [], `accessibility violations on ${name} (${page.url()})`);
}

// axe is most of a journey's time (about a second and a half a page), and most journeys
// pass through pages another journey has checked: the same child page, My work, the same
// form. A page's shape is its route and the kinds of element it holds (tag, classes, type,
// role, which attributes, and ids and references with their record ids taken out); its
// text and how many rows its tables have are not. Two pages of one shape differ only in
// data, which axe's rules do not judge differently, so the first of each shape is checked
// and the rest are not. A new field, error, panel or state is a new shape and is checked.
// scripts/test.sh gives every file of one run a shared directory (THRESHOLD_AXE_SEEN), in
// which the first file to meet a shape claims it by creating a file; a file run on its own
// checks each shape it meets once.
const seenInThisFile = new Set<string>();

// A string, not a function: tsx compiles functions with helpers the page does not have.
const SHAPE = `(() => {
	const anonymous = (v) => v
		.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ":id")
		.replace(/\\d+/g, "#");
	const referring = ["class", "type", "role", "id", "for", "aria-describedby", "aria-labelledby", "aria-controls"];
	const kinds = new Set();
	for (const el of document.querySelectorAll("*")) {
		const attributes = Array.from(el.attributes, (a) =>
			referring.includes(a.name) ? a.name + "=" + anonymous(a.value.split(/\\s+/).sort().join(" ")) : a.name,
		).sort();
		kinds.add(el.tagName + "[" + attributes.join(",") + "]");
	}
	return anonymous(location.pathname) + "\\n" + [...kinds].sort().join("\\n");
})()`;

async function firstOfItsShape(page: Page, name: string): Promise<boolean> {
	const shape = await page.evaluate<string>(SHAPE);
	const key = createHash("sha256").update(shape).digest("hex");
	if (seenInThisFile.has(key)) return false;
	seenInThisFile.add(key);
	const run = process.env.THRESHOLD_AXE_SEEN;
	if (!run) return true;
	try {
		writeFileSync(join(run, key), `${name}\n`, { flag: "wx" });
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
		throw error;
	}
}
