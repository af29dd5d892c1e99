// Starts GOV.UK Frontend components. Kept in a file so the CSP needs no inline script beyond the nonce'd js-enabled line.
import { initAll } from "/static/govuk/govuk-frontend.min.js";
import { initRevealFor, initRevealWhenAnswered } from "/static/app/reveal-when-answered.js";
initAll();
initRevealWhenAnswered();
initRevealFor();
