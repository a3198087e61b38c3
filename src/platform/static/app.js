// GOV.UK Frontend's components (header menu, error summary focus, buttons) need its JS.
import { initAll } from "/static/govuk-frontend.min.js";

// Every button that sends a form ignores a second click within a second (GOV.UK's
// preventDoubleClick); the server also saves each page's form once (platform/once.ts).
for (const button of document.querySelectorAll("form .govuk-button")) {
	button.setAttribute("data-prevent-double-click", "true");
}

initAll();
