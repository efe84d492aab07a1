// Three projects: `unit` runs in process and file-parallel; `processes` starts servers, child
// processes, worker threads and browsers, one file at a time after `unit`, with longer timeouts;
// `workers` runs the Worker entry inside workerd over a local D1 (@cloudflare/vitest-pool-workers).
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { offlineEnv } from "./src/entry/dev-worker.ts";

// The workers project starts wrangler's Miniflare: nothing of it may leave the machine.
Object.assign(process.env, offlineEnv);

/** Suites that run inside workerd: they import cloudflare:test, which only exists there. */
const workerSuites = ["test/**/*.workers.test.ts"];

/** Suites that start a server, a child process, worker threads or a browser. */
const processSuites = [
  "test/**/*.e2e.test.ts",
  "test/**/*.process.test.ts",
  "test/http/durability.test.ts",
  "test/http/node-server.test.ts",
  "test/solvers/pool.test.ts",
  "test/storage/migrations.test.ts",
];

export default defineConfig({
  test: {
    // Compiles the solve worker once for the run; the projects do not extend this config, so they
    // do not run it again.
    globalSetup: ["test/support/build.ts"],
    typecheck: { enabled: false },
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...processSuites, ...workerSuites],
          // A timeout only catches a hang: the fuzz suites take 6-12 s alone and over 30 s when the
          // machine is loaded (load 20 on 2 cores), so the limit is generous here too.
          testTimeout: 120_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: "processes",
          include: processSuites,
          // Generous, because a loaded machine slows a process start many times over; a hang still fails.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // expect.poll gives up after 1 s by default, too soon for a browser on a loaded machine.
          expect: { poll: { timeout: 30_000 } },
          fileParallelism: false,
          // After `unit`, so servers and browsers never compete with the parallel in-process files.
          sequence: { groupOrder: 1 },
        },
      },
      {
        // wrangler.toml's bindings (DB, ASSETS) and rules (HiGHS's Wasm compiled in), the entry
        // as `main` so SELF is the Worker itself; the page it inlines is built by test/support/build.ts.
        plugins: [
          cloudflareTest({
            main: "./src/entry/worker.ts",
            wrangler: { configPath: "./wrangler.toml" },
            remoteBindings: false,
          }),
        ],
        test: {
          name: "workers",
          include: workerSuites,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Last: workerd is one more heavy process on a shared machine.
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
