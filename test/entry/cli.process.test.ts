import { spawn } from "node:child_process";
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

  it("ends quietly with its exit code when the reader closes the pipe early", async () => {
    // The default dataset's plan as JSON (~140 KB) is more than a pipe holds, and `head` closes
    // its end after 10 bytes; with pipefail the pipeline's status is the CLI's.
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
      (resolve) => {
        const child = spawn(
          "bash",
          [
            "-c",
            `set -o pipefail; "${process.execPath}" dist/node/src/entry/cli.js --json | head -c 10 > /dev/null`,
          ],
          { stdio: ["ignore", "ignore", "pipe"] },
        );
        let err = "";
        child.stderr.on("data", (chunk) => {
          err += chunk;
        });
        child.on("close", (status) => resolve({ code: status, stderr: err }));
      },
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
