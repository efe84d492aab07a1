// `npm run dev:worker`: the Worker under `wrangler dev` on 127.0.0.1 over a local D1 kept in .wrangler/state, offline.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createD1Db, type D1Binding } from "../storage/db.ts";
import { randomId } from "../storage/ids.ts";
import { migrate } from "../storage/migrate.ts";
import { createRepositories } from "../storage/repositories.ts";
import { createFirstKey, startBanner } from "./first-key.ts";
import { seed } from "./seed.ts";

/** Nothing leaves the machine: no usage metrics, no error reports, no request.cf lookup. */
export const offlineEnv = {
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_SEND_ERROR_REPORTS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
} as const;

// wrangler dev's own default, named so that the seeding below and the server share one database.
const persistTo = ".wrangler/state";
const host = "127.0.0.1";
const defaultPort = 8787;

/** `--port P` or `--port=P` among the arguments after `--`, else wrangler's default. */
export function portOf(args: readonly string[]): number {
  for (const [i, arg] of args.entries()) {
    const value = arg.startsWith("--port=") ? arg.slice("--port=".length) : undefined;
    const given = value ?? (arg === "--port" ? args[i + 1] : undefined);
    if (given !== undefined) {
      const port = Number(given);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) {
        throw new Error(`--port must be a port number, not ${given}`);
      }
      return port;
    }
  }
  return defaultPort;
}

/**
 * Before the server starts: the local D1 migrated (recorded for wrangler too), the shared datasets
 * seeded and the first admin key made, through wrangler's platform proxy over the same files
 * `wrangler dev` then serves. A Worker cannot read data/, so the seeding happens here, as npm
 * start does it, with the same code. Answers the first key's token on an empty database.
 */
async function prepareLocalDatabase(): Promise<string | undefined> {
  const { getPlatformProxy } = await import("wrangler");
  const proxy = await getPlatformProxy<{ DB?: D1Binding }>({
    persist: { path: `${persistTo}/v3` },
    remoteBindings: false,
  });
  try {
    if (proxy.env.DB === undefined) throw new Error("wrangler.toml binds no D1 database as DB");
    const db = createD1Db(proxy.env.DB);
    const applied = await migrate(db, undefined, { wrangler: true });
    if (applied > 0) console.log(`applied ${applied} migration(s) to the local D1 in ${persistTo}`);
    for (const dataset of await seed(db)) {
      console.log(`seeded dataset ${dataset} into the shared catalogue`);
    }
    return await createFirstKey(
      createRepositories({ db, newId: randomId, clock: () => new Date() }),
    );
  } finally {
    await proxy.dispose();
  }
}

async function main(): Promise<void> {
  Object.assign(process.env, offlineEnv);
  const args = process.argv.slice(2);
  const port = portOf(args);
  const firstKey = await prepareLocalDatabase();
  const wrangler = createRequire(import.meta.url).resolve("wrangler/bin/wrangler.js");
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const child = spawn(
    process.execPath,
    [
      wrangler,
      "dev",
      "--ip",
      host,
      "--persist-to",
      persistTo,
      ...(args.some((a) => a === "--port" || a.startsWith("--port=")) ? [] : ["--port", `${port}`]),
      ...args,
    ],
    { cwd: root, env: { ...process.env, ...offlineEnv }, stdio: ["inherit", "pipe", "inherit"] },
  );
  // wrangler's own output passes through; once it is ready, the same banner as npm start's.
  let announced = false;
  createInterface({ input: child.stdout }).on("line", (line) => {
    console.log(line);
    if (!announced && /Ready on http/.test(line)) {
      announced = true;
      const base = `http://${host}:${port}`;
      console.log(
        startBanner(base, `local D1 in ${persistTo}`, firstKey, "POST /v1/keys").join("\n"),
      );
    }
  });
  // The handlers the in-process wrangler (the platform proxy) left would exit this process and
  // orphan the server: replaced by ones that stop wrangler and wait for it.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
