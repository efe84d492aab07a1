import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runScript } from "../support/io.ts";

const scratch = mkdtempSync(join(tmpdir(), "anodeflow-keys-process-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The one test that runs the key tool as a process, compiled as `npm run keys` runs it: the others
// call its main in process (keys.test.ts).
describe("npm run keys as a process", () => {
  it("creates a key on the database DATABASE_URL names, prints it and exits 0", async () => {
    const { code, stdout } = await runScript(
      "dist/node/src/entry/keys.js",
      ["create", "--org", "smoke", "--role", "viewer"],
      { DATABASE_URL: `file:${join(scratch, "keys.db")}` },
    );
    expect(stdout).toMatch(/^created organisation smoke \(org_/);
    expect(stdout).toMatch(/\nafk_[0-9a-z]{16}_[0-9a-z]{40}\n$/);
    expect(code).toBe(0);
  });
});
