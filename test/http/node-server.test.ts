import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, describe, expect, it } from "vitest";
import * as datasetRoutes from "../../src/http/datasets.routes.ts";
import * as planRoutes from "../../src/http/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios.routes.ts";
import { fixture, jsonRequest, readAs } from "./support/test-app.ts";

const root = join(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "anodeflow-server-"));
const databasePath = join(scratch, "nested", "anodeflow.db");
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Starts `npm start`'s command and resolves once it prints where it listens. */
async function start(port: number) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/entry/node.ts"], {
    cwd: root,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: `file:${databasePath}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.includes("/openapi.json")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  const stop = async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const code = await exited;
    running.delete(child);
    return code;
  };
  return { base: `http://127.0.0.1:${port}`, output: () => output, stop };
}

describe("the Node server", () => {
  it("keeps plans across a restart on the same database file", async () => {
    const port = await freePort();
    const first = await start(port);
    expect(first.output()).toContain(`http://127.0.0.1:${port}/docs`);
    expect(existsSync(databasePath)).toBe(true);

    const post = (path: string, body: unknown) =>
      fetch(`${first.base}${path}`, jsonRequest("POST", body));
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
      await fetch(`${first.base}/v1/datasets?limit=100`),
      datasetRoutes.list,
      200,
    );
    expect(await first.stop()).toBe(0);

    const second = await start(port);
    const read = await readAs(
      await fetch(`${second.base}/v1/plans/${plan.id}`),
      planRoutes.get,
      200,
    );
    expect(read).toEqual(plan);
    // The default dataset is seeded on the first start only.
    const datasetsAfter = await readAs(
      await fetch(`${second.base}/v1/datasets?limit=100`),
      datasetRoutes.list,
      200,
    );
    expect(datasetsAfter.items).toEqual(datasetsBefore.items);
    const docs = await fetch(`${second.base}/docs/assets/swagger-ui.css`);
    expect(docs.status).toBe(200);
    expect(await second.stop()).toBe(0);

    const client = createClient({ url: `file:${databasePath}` });
    const mode = await client.execute("PRAGMA journal_mode");
    expect(mode.rows[0]?.journal_mode).toBe("wal");
    client.close();
  });
});
