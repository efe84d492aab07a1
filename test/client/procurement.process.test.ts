// The example procurement script (client/examples/procurement.ts) as a user runs it, against the
// real server (`npm start`'s compiled entry) on a fresh database, with the key its first start prints.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnodeflowClient, expectData } from "../../client/index.ts";
import { parseNetwork } from "../../models/allocation/network.ts";
import { networkToTables } from "../../models/allocation/network-tables.ts";
import { tablesToXlsx } from "../../src/workbook/xlsx.ts";
import { type RunningServer, startServer } from "../http/support/server.ts";
import { runScript } from "../support/io.ts";

const scratch = mkdtempSync(join(tmpdir(), "anodeflow-client-"));
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ databasePath: join(scratch, "anodeflow.db") });
});
afterAll(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("client/examples/procurement.ts against a running server", () => {
  it("uploads a workbook, plans rail x1.2 as a job, and downloads one CSV row per flow of an optimal plan", async () => {
    const apiKey = server.loginKey;
    expect(apiKey).toMatch(/^afk_/);
    // The default network as a planner's workbook, one sheet per table.
    const parsed = parseNetwork(JSON.parse(readFileSync("data/china-2024/network.json", "utf8")));
    if (!parsed.ok) throw new Error("data/china-2024/network.json is not a valid network");
    const workbook = join(scratch, "china-2024.xlsx");
    writeFileSync(workbook, await tablesToXlsx(networkToTables(parsed.network)));
    const csvPath = join(scratch, "flows.csv");
    const run = await runScript("client/examples/procurement.ts", [workbook, "--out", csvPath], {
      ANODEFLOW_URL: server.base,
      ANODEFLOW_API_KEY: apiKey ?? "",
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^scenario sc_\w+ \(rail freight x1\.2\)$/m);
    const planId = /^plan +(pl_\w+): optimal$/m.exec(run.stdout)?.[1];
    expect(planId, run.stdout).toBeDefined();

    const client = createAnodeflowClient({ baseUrl: server.base, apiKey: apiKey ?? "" });
    const stored = await expectData(
      client.GET("/v1/plans/{id}", { params: { path: { id: planId ?? "" } } }),
    );
    expect(stored.status).toBe("optimal");
    const flows = stored.plan.flows;
    expect(flows.length).toBeGreaterThan(0);

    const lines = readFileSync(csvPath, "utf8").split("\r\n");
    expect(lines.at(-1)).toBe("");
    const rows = lines.slice(1, -1).map((line) => line.split(","));
    expect(rows).toHaveLength(flows.length);
    expect(rows.map(([from, to, mode, tonnes]) => [from, to, mode, Number(tonnes)])).toEqual(
      flows.map((flow) => [flow.from, flow.to, flow.mode, flow.tonnes]),
    );
    expect(run.stdout).toContain(
      `flows    ${flows.length} in the plan, ${flows.length} rows in the CSV`,
    );

    // The scenario it planned is the one it made: rail freight x1.2 on the uploaded network.
    const scenario = await expectData(
      client.GET("/v1/scenarios/{id}", { params: { path: { id: stored.scenarioId } } }),
    );
    expect(scenario.changes).toEqual([{ kind: "scaleModeCost", mode: "rail", factor: 1.2 }]);
  });
});
