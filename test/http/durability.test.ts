import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, describe, expect, it } from "vitest";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import { type RunningServer, startServer } from "./support/server.ts";
import { readAs } from "./support/test-app.ts";

const scratch = mkdtempSync(join(tmpdir(), "anodeflow-kill-"));
const databasePath = join(scratch, "anodeflow.db");
let server: RunningServer | undefined;
afterAll(() => {
  server?.child.kill("SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

// Plans acknowledged before the kill; the kill comes while this many more are in flight (under
// the default share of 4 solves per organisation, so none is refused).
const acknowledgedBeforeKill = 6;
const inFlight = 3;

describe("a server killed with SIGKILL while it writes plans", () => {
  it("leaves a database that passes integrity_check, with every acknowledged plan whole", async () => {
    server = await startServer({ databasePath });
    const { base, loginKey } = server;
    const headers = { authorization: `Bearer ${loginKey}`, "content-type": "application/json" };
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, { method: "POST", headers, body: JSON.stringify(body) });

    // The seeded China 2024 dataset: plans of a few hundred flow rows each.
    const datasets = await readAs(
      await fetch(`${base}/v1/datasets`, { headers }),
      datasetRoutes.list,
      200,
    );
    const seeded = datasets.items.find((d) => d.shared);
    expect(seeded).toBeDefined();
    const scenario = await readAs(
      await post("/v1/scenarios", { datasetId: seeded?.id, name: "rail +15 %" }),
      scenarioRoutes.create,
      201,
    );

    const acknowledged = new Map<string, number>();
    let killed = false;
    const writer = async () => {
      while (!killed) {
        let response: Response;
        try {
          response = await post(`/v1/scenarios/${scenario.id}/plans`, {});
        } catch {
          return; // the connection died with the server
        }
        if (response.status !== 201) throw new Error(`plan create answered ${response.status}`);
        // A server that dies mid-answer has not acknowledged the plan.
        const plan = await readAs(response, planRoutes.create, 201).catch(() => undefined);
        if (plan === undefined) return;
        acknowledged.set(plan.id, plan.plan.flows.length);
        if (acknowledged.size >= acknowledgedBeforeKill && !killed) {
          killed = true;
          server?.child.kill("SIGKILL");
        }
      }
    };
    const exited = new Promise((resolve) => server?.child.once("exit", resolve));
    await Promise.all(Array.from({ length: inFlight }, writer));
    await exited;
    expect(server.child.signalCode).toBe("SIGKILL");

    const client = createClient({ url: `file:${databasePath}` });
    try {
      const integrity = await client.execute("PRAGMA integrity_check");
      expect(integrity.rows.map((r) => r.integrity_check)).toEqual(["ok"]);
      for (const [id, flows] of acknowledged) {
        const plan = await client.execute({ sql: "SELECT id FROM plans WHERE id = ?", args: [id] });
        expect(plan.rows, id).toHaveLength(1);
        const stored = await client.execute({
          sql: "SELECT count(*) AS n FROM plan_flows WHERE plan_id = ?",
          args: [id],
        });
        expect(Number(stored.rows[0]?.n), id).toBe(flows);
        expect(flows).toBeGreaterThan(0);
      }
      // Every plan that made it to disk, acknowledged or not, has all its flows: none is torn.
      const perPlan = await client.execute(
        "SELECT p.id, (SELECT count(*) FROM plan_flows f WHERE f.plan_id = p.id) AS n FROM plans p",
      );
      const expected = [...acknowledged.values()][0];
      for (const row of perPlan.rows) expect(Number(row.n), String(row.id)).toBe(expected);
      const orphans = await client.execute(
        "SELECT count(*) AS n FROM plan_flows WHERE plan_id NOT IN (SELECT id FROM plans)",
      );
      expect(Number(orphans.rows[0]?.n)).toBe(0);
    } finally {
      client.close();
    }
  });
});
