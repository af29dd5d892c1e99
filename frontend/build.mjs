// Builds the partnership theme into var/frontend/ (ignored by git) for collectstatic to pick up.
// Third-party assets are never committed: they come from the pinned npm packages at set-up.
import { compile } from "sass";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { NodePackageImporter } from "sass";

const out = "var/frontend";
mkdirSync(`${out}/govuk`, { recursive: true });
mkdirSync(`${out}/axe`, { recursive: true });
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
cpSync("node_modules/axe-core/axe.min.js", `${out}/axe/axe.min.js`, { recursive: true });
console.log("front-end built into", out);
