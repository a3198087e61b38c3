import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ALL_ROLES } from "../../src/platform/roles.ts";
import { type BrowserHarness, browserSkipReason, checkPage, signIn, startBrowserHarness } from "../support/browser.ts";

describe("every role signs in and visits each of its pages", { skip: browserSkipReason() }, () => {
	let h: BrowserHarness;
	before(async () => {
		h = await startBrowserHarness();
	});
	after(async () => h?.close());

	test("the sign-in page, with and without errors", async () => {
		const page = await h.newPage();
		await page.goto("/");
		assert.match(page.url(), /\/sign-in\?returnTo=%2F$/);
		await checkPage(page, "sign-in");
		await page.getByRole("button", { name: "Sign in" }).click();
		await page.locator(".govuk-error-summary").waitFor();
		assert.match((await page.locator(".govuk-error-summary").textContent()) ?? "", /Enter your email address/);
		await checkPage(page, "sign-in-errors");
		await page.close();
	});

	for (const role of ALL_ROLES) {
		test(role, async () => {
			const page = await h.newPage();
			await signIn(page, role);
			await checkPage(page, `${role}-home`);
			const links = await page
				.locator(".govuk-service-navigation__link")
				.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""));
			assert.ok(links.includes("/"), "navigation has Home");
			for (const href of links.filter((l) => l !== "/")) {
				const response = await page.goto(href);
				assert.equal(response?.status(), 200, `${role} ${href}`);
				await checkPage(page, `${role}${href.replaceAll("/", "-")}`);
			}
			await page.getByRole("button", { name: "Sign out" }).click();
			await page.waitForURL("**/signed-out");
			await checkPage(page, "signed-out");
			await page.close();
		});
	}
});
