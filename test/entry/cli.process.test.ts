import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { networkFile } from "../support/fixtures.ts";

const scratch = mkdtempSync(join(tmpdir(), "anodeflow-cli-process-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

import { runScript } from "../support/io.ts";

// The one test that runs the CLI as a process: the others call its main in process (cli.test.ts).
describe("npm run plan as a process", () => {
  it("writes the plan to stdout and exits 3 when the network is infeasible", async () => {
    const network = networkFile("infeasible-demand.json", scratch);
    // `npm run plan`'s command: the compiled CLI (vitest's global setup builds it for the run).
    const { code, stdout } = await runScript("dist/node/src/entry/cli.js", ["--network", network]);
    expect(stdout).toContain('Plan for "infeasible-demand": infeasible');
    expect(code).toBe(3);
  });
});
