// GOV.UK Frontend's components (header menu, error summary focus, buttons) need its JS.
import { initAll } from "/static/govuk-frontend.min.js";

initAll();
