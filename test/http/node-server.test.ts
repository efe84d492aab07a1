import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, describe, expect, it } from "vitest";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as keyRoutes from "../../src/http/keys/keys.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import * as sweepRoutes from "../../src/http/sweeps/sweeps.routes.ts";
import { type RunningServer, startServer } from "./support/server.ts";
import { fixture, readAs } from "./support/test-app.ts";

const scratch = mkdtempSync(join(tmpdir(), "anodeflow-server-"));
const databasePath = join(scratch, "nested", "anodeflow.db");
const running = new Set<RunningServer>();
afterAll(() => {
  for (const server of running) server.child.kill("SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

async function start() {
  const server = await startServer({ databasePath });
  running.add(server);
  return server;
}

describe("the Node server", () => {
  it("keeps plans across a restart on the same database file", async () => {
    const first = await start();
    expect(first.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.output()).toContain(`${first.base}/docs`);
    expect(existsSync(databasePath)).toBe(true);
    // The first start on an empty database prints a login URL with an admin key, once.
    expect(first.output()).toContain(`${first.base}/#key=afk_`);
    const key = first.loginKey ?? "";
    const headers = { authorization: `Bearer ${key}` };
    const get = (base: string, path: string) => fetch(`${base}${path}`, { headers });

    const post = (path: string, body: unknown) =>
      fetch(`${first.base}${path}`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await fetch(`${first.base}/v1/plans`)).status).toBe(401);
    const dataset = await readAs(
      await post("/v1/datasets", { network: fixture("two-plants.json") }),
      datasetRoutes.create,
      201,
    );
    const scenario = await readAs(
      await post("/v1/scenarios", {
        datasetId: dataset.id,
        name: "rail +15 %",
        changes: [{ kind: "scaleModeCost", mode: "rail", factor: 1.15 }],
      }),
      scenarioRoutes.create,
      201,
    );
    const plan = await readAs(
      await post(`/v1/scenarios/${scenario.id}/plans`, {}),
      planRoutes.create,
      201,
    );
    const datasetsBefore = await readAs(
      await get(first.base, "/v1/datasets?limit=100"),
      datasetRoutes.list,
      200,
    );
    // The four default datasets are in the shared catalogue, the provincial 0.45 one oldest.
    const shared = datasetsBefore.items.filter((d) => d.shared);
    expect(shared.map((d) => d.name).reverse()).toEqual([
      "China 2024 (provinces, paper's 0.45 t/t)",
      expect.stringContaining("0.476"),
      expect.stringContaining("cities"),
      expect.stringMatching(/cities.*0\.476/),
    ]);
    expect(shared.map((d) => d.slug).reverse()).toEqual([
      "china-2024",
      "china-2024-calibrated",
      "china-2024-cities",
      "china-2024-cities-calibrated",
    ]);
    // A sweep runs on the pool's threads (the compiled sweep worker): the default dataset's rail
    // tariff x0.5-x2.0, with the breakpoints the in-process sweep finds (test/solve/sweep.test.ts).
    const swept = await readAs(
      await post("/v1/sweeps", {
        datasetId: "china-2024",
        changes: [{ kind: "scaleModeCost", mode: "rail", factor: 1 }],
        parameter: { change: 0, field: "factor", from: 0.5, to: 2 },
      }),
      sweepRoutes.sweep,
      200,
    );
    expect(swept.status).toBe("optimal");
    expect(swept.breakpoints?.length).toBeGreaterThan(10);
    expect(await first.stop()).toBe(0);
    running.delete(first);

    const second = await start();
    expect(second.loginKey).toBeUndefined();
    const read = await readAs(await get(second.base, `/v1/plans/${plan.id}`), planRoutes.get, 200);
    expect(read).toEqual(plan);
    // The default dataset is seeded on the first start only.
    const datasetsAfter = await readAs(
      await get(second.base, "/v1/datasets?limit=100"),
      datasetRoutes.list,
      200,
    );
    expect(datasetsAfter.items).toEqual(datasetsBefore.items);
    const docs = await fetch(`${second.base}/docs/assets/swagger-ui.css`);
    expect(docs.status).toBe(200);
    expect(await second.stop()).toBe(0);
    running.delete(second);

    const client = createClient({ url: `file:${databasePath}` });
    const mode = await client.execute("PRAGMA journal_mode");
    expect(mode.rows[0]?.journal_mode).toBe("wal");
    client.close();
  });

  it("with AUTH=off on a fresh database mints a key for the default organisation, which works once keys are checked", async () => {
    const path = join(scratch, "open", "anodeflow.db");
    const open = await startServer({ databasePath: path, env: { AUTH: "off" } });
    running.add(open);
    expect(open.loginKey).toBeUndefined();
    const created = await readAs(
      await fetch(`${open.base}/v1/keys`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ role: "admin", name: "made with AUTH=off" }),
      }),
      keyRoutes.create,
      201,
    );
    expect(await open.stop()).toBe(0);
    running.delete(open);

    const checked = await startServer({ databasePath: path, env: { AUTH: "keys" } });
    running.add(checked);
    // The key is the default organisation's: it lists itself among that organisation's keys.
    const listed = await readAs(
      await fetch(`${checked.base}/v1/keys`, {
        headers: { authorization: `Bearer ${created.key}` },
      }),
      keyRoutes.list,
      200,
    );
    expect(listed.items.map((key) => key.id)).toContain(created.id);
    expect(await checked.stop()).toBe(0);
    running.delete(checked);
  });
});
