// `npm run check:worker` and the like: wrangler with its arguments, run offline (see offlineEnv).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { offlineEnv } from "./dev-worker.ts";

const wrangler = createRequire(import.meta.url).resolve("wrangler/bin/wrangler.js");
const { status } = spawnSync(process.execPath, [wrangler, ...process.argv.slice(2)], {
  env: { ...process.env, ...offlineEnv },
  stdio: "inherit",
});
process.exit(status ?? 1);
