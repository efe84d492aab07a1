// `npm run transfer` as a process between two real Node servers, each over its own temp-file
// database: a move over HTTP and through a file, idempotent, with the hashes checked on both sides.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../http/support/server.ts";
import { runScript } from "../support/io.ts";

const scratch = mkdtempSync(join(tmpdir(), "anodeflow-transfer-process-"));
const twoPlants = JSON.parse(
  readFileSync(join(import.meta.dirname, "..", "http", "fixtures", "two-plants.json"), "utf8"),
);
let source: RunningServer;
let target: RunningServer;

const call = async (server: RunningServer, path: string, body?: unknown) => {
  const response = await fetch(`${server.base}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: {
      authorization: `Bearer ${server.loginKey}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return JSON.parse(text);
};

const hashes = (bundle: { [k in "datasets" | "scenarios" | "plans"]: { contentHash: string }[] }) =>
  ["datasets", "scenarios", "plans"].map((kind) =>
    bundle[kind as "datasets"].map((item) => item.contentHash).sort(),
  );

const transfer = (args: string[]) => runScript("dist/node/src/entry/transfer.js", args);

beforeAll(async () => {
  [source, target] = await Promise.all([
    startServer({ databasePath: join(scratch, "source.db") }),
    startServer({ databasePath: join(scratch, "target.db") }),
  ]);
  // An own dataset with a plan, and a scenario on the seeded catalogue's china-2024.
  const dataset = await call(source, "/v1/datasets", { network: twoPlants });
  const scenario = await call(source, "/v1/scenarios", { datasetId: dataset.id, name: "base" });
  await call(source, `/v1/scenarios/${scenario.id}/plans`, {});
  await call(source, "/v1/scenarios", {
    datasetId: "china-2024",
    name: "rail +15 %",
    changes: [{ kind: "scaleModeCost", mode: "rail", factor: 1.15 }],
  });
});

afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
  rmSync(scratch, { recursive: true, force: true });
});

describe("npm run transfer as a process", () => {
  it("moves an organisation between two Node servers and checks every hash on the target", async () => {
    const file = join(scratch, "bundle.json");
    const run = await transfer([
      "--from",
      source.base,
      "--from-key",
      source.loginKey ?? "",
      "--to",
      target.base,
      "--to-key",
      target.loginKey ?? "",
      "--out",
      file,
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "read 2 dataset(s), 2 scenario(s), 1 plan(s) from http://127.0.0.1:",
    );
    expect(run.stdout).toContain("all 5 content hashes match");
    expect(run.stdout).toContain("shared datasets named by slug, not copied: china-2024");
    // china-2024 is the target's own catalogue dataset (seeded from the same file): reused.
    expect(run.stdout).toContain(
      "created 1 dataset(s), 2 scenario(s), 1 plan(s); reused 1 dataset(s), 0 scenario(s), 0 plan(s)",
    );
    expect(run.stdout).toContain("holds all 5 content hashes");
    const moved = await call(target, "/v1/export");
    expect(hashes(moved)).toEqual(hashes(await call(source, "/v1/export")));

    // Again, from the file: nothing new.
    const again = await transfer([
      "--in",
      file,
      "--to",
      target.base,
      "--to-key",
      target.loginKey ?? "",
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("created 0 dataset(s), 0 scenario(s), 0 plan(s)");
  });

  it("refuses a damaged file before sending it (exit 3) and a wrong key with the server's problem (exit 1)", async () => {
    const file = join(scratch, "damaged.json");
    const bundle = await call(source, "/v1/export");
    bundle.scenarios[0].name = "renamed";
    writeFileSync(file, JSON.stringify(bundle));
    const damaged = await transfer([
      "--in",
      file,
      "--to",
      target.base,
      "--to-key",
      target.loginKey ?? "",
    ]);
    expect(damaged.code).toBe(3);
    expect(damaged.stderr).toContain("/scenarios/0/contentHash");
    const wrongKey = await transfer([
      "--from",
      source.base,
      "--from-key",
      "afk_nope",
      "--out",
      file,
    ]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain("401 invalid_api_key");
  });
});
