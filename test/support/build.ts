// vitest global setup: compiles the solve worker once per run, so pool tests never load a stale copy;
// bundles the CLI as `npm run build` does; builds the planner page the Worker entry inlines, for the workers project.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const root = fileURLToPath(new URL("../..", import.meta.url));
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
  const tsx = createRequire(import.meta.url).resolve("tsx/cli");
  // `npm run build`'s second step: the CLI as one bundled file, as `npm run plan` runs it.
  execFileSync(process.execPath, [tsx, "src/entry/build-cli.ts"], { cwd: root, stdio: "inherit" });
  execFileSync(process.execPath, [tsx, "web/build.ts"], { cwd: root, stdio: "inherit" });
}
