// Builds the partnership theme into var/frontend/ (ignored by git) for collectstatic to pick up.
// Third-party assets are never committed: they come from the pinned npm packages at set-up.
import { compile } from "sass";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { NodePackageImporter } from "sass";

const out = "var/frontend";
// axe-core is a test tool: it goes beside the static files, never among them (collectstatic would ship it).
const testTools = "var/test-tools";
mkdirSync(`${out}/govuk`, { recursive: true });
rmSync(`${out}/axe`, { recursive: true, force: true }); // left by builds before it moved
mkdirSync(`${testTools}/axe`, { recursive: true });
const result = compile("frontend/app.scss", {
  style: "compressed",
  importers: [new NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(`${out}/govuk/app.css`, result.css);
for (const f of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
  cpSync(`node_modules/govuk-frontend/dist/govuk/${f}`, `${out}/govuk/${f}`);
}
cpSync("node_modules/govuk-frontend/dist/govuk/assets", `${out}/govuk/assets`, { recursive: true });
cpSync("node_modules/axe-core/axe.min.js", `${testTools}/axe/axe.min.js`);
console.log("front-end built into", out, "(axe-core for the browser tests into", testTools + ")");
