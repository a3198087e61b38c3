// GOV.UK Frontend's components (header menu, error summary focus, buttons) need its JS.
import { initAll } from "/static/govuk-frontend.min.js";

// Every button that sends a form ignores a second click within a second (GOV.UK's
// preventDoubleClick); the server also saves each page's form once (platform/once.ts).
for (const button of document.querySelectorAll("form .govuk-button")) {
	button.setAttribute("data-prevent-double-click", "true");
}

// The idle timeout warning (WCAG 2.2.1): two minutes before the session would end, a
// dialog offers more time. Signed out, the page stays as it is: a form sent then is kept
// for its owner to send after signing in again (platform/drafts.ts).
const dialog = document.getElementById("timeout-warning");
if (dialog && typeof dialog.showModal === "function") {
	const idleMs = Number(dialog.dataset.idleMs);
	const warnMs = Number(dialog.dataset.warnMs);
	const stay = dialog.querySelector("[data-timeout-stay]");
	const ended = dialog.querySelector(".app-timeout__ended");
	const text = dialog.querySelector("#timeout-text");
	let timers = [];
	const restart = () => {
		for (const t of timers) clearTimeout(t);
		timers = [
			setTimeout(() => {
				if (!dialog.open) dialog.showModal();
				stay.focus();
			}, warnMs),
			setTimeout(() => {
				text.hidden = true;
				stay.hidden = true;
				ended.hidden = false;
				ended.setAttribute("tabindex", "-1");
				ended.focus();
			}, idleMs),
		];
	};
	stay.addEventListener("click", async () => {
		const token = document.querySelector('input[name="_csrf"]')?.value ?? "";
		const res = await fetch("/session/keep-alive", {
			method: "POST",
			headers: { "content-type": "application/x-www-form-urlencoded" },
			body: new URLSearchParams({ _csrf: token }),
			credentials: "same-origin",
		});
		dialog.close();
		if (res.ok) restart();
	});
	// Closed with Escape: the same as choosing to stay.
	dialog.addEventListener("cancel", (event) => {
		event.preventDefault();
		stay.click();
	});
	restart();
}

initAll();
