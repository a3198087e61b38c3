import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
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

/** Runs axe on the page (WCAG 2.2 AA and everything before it) and saves a screenshot. */
export async function checkPage(page: Page, name: string): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
	const summary = results.violations.map(
		(v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
	);
	await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
	assert.deepEqual(summary, [], `accessibility violations on ${name} (${page.url()})`);
}
