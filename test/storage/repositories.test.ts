import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseNetwork } from "../../models/allocation/network.ts";
import type { Plan, PlanFlow } from "../../models/allocation/plan-schema.ts";
import { canonicalJson, contentHash } from "../../src/storage/content-hash.ts";
import { createDb, type Db } from "../../src/storage/db.ts";
import type { NewId } from "../../src/storage/ids.ts";
import { migrate } from "../../src/storage/migrate.ts";
import { decodeCursor, encodeCursor } from "../../src/storage/pagination.ts";
import type { Provenance } from "../../src/storage/records.ts";
import { createRepositories, type Repositories } from "../../src/storage/repositories.ts";

const dir = mkdtempSync(join(tmpdir(), "anodeflow-storage-"));
const client = createClient({ url: `file:${join(dir, "test.db")}` });
let db: Db;
let repos: Repositories;
let n = 0;
const newId: NewId = (prefix) => `${prefix}_${String(++n).padStart(4, "0")}`;
// A clock that stands still: every row has the same createdAt, so ids must break the ties.
const clock = () => new Date("2025-03-01T00:00:00Z");

beforeAll(async () => {
  db = createDb(client);
  await migrate(db);
  repos = createRepositories({ db, newId, clock });
});
afterAll(() => {
  client.close();
  rmSync(dir, { recursive: true, force: true });
});

const parsed = parseNetwork(
  JSON.parse(
    readFileSync(join(import.meta.dirname, "..", "http", "fixtures", "two-plants.json"), "utf8"),
  ),
);
if (!parsed.ok) throw new Error("fixture does not parse");
const network = parsed.network;

const provenance: Provenance = {
  inputHash: "sha256:input",
  datasetHash: "sha256:dataset",
  solver: { id: "test", version: "1" },
  options: { solver: "auto", timeLimitMs: 1000, objective: "minCost" },
  timings: { prepareMs: 0, solveMs: 1, solverMs: 1 },
};

function planWithFlows(count: number): Plan {
  const flows: PlanFlow[] = Array.from({ length: count }, (_, i) => ({
    from: `p${i}`,
    to: "x",
    mode: "rail",
    tonnes: i + 1,
    distanceKm: 10,
    costPerT: 2,
    cost: 2 * (i + 1),
    co2T: 0.1,
  }));
  return {
    format: "anodeflow.plan/v1",
    network: "synthetic",
    status: "optimal",
    objective: { sense: "min", kind: "minCost", value: 42 },
    totals: null,
    flows,
    plants: [],
    smelters: [],
    ports: [],
    provinces: [],
    solver: { id: "test", version: "1", ms: 1 },
  };
}

async function scenarioFor(organisationId: string) {
  const { dataset } = await repos.datasets.create(organisationId, { name: "n", network });
  const scenario = await repos.scenarios.create(organisationId, {
    datasetId: dataset.id,
    name: "s",
    changes: [],
  });
  return { datasetId: dataset.id, scenarioId: scenario.id };
}

describe("content hashes", () => {
  it("do not depend on key order at any depth", async () => {
    const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } };
    const b = { a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(await contentHash(a)).toBe(await contentHash(b));
    expect(await contentHash({ a: [1, 2] })).not.toBe(await contentHash({ a: [2, 1] }));
  });
});

describe("datasets", () => {
  it("are stored once per organisation and content", async () => {
    const first = await repos.datasets.create("org_a", { name: "first", network });
    const again = await repos.datasets.create("org_a", { name: "second", network });
    const elsewhere = await repos.datasets.create("org_b", { name: "first", network });
    expect(first.created).toBe(true);
    expect(again).toEqual({ dataset: first.dataset, created: false });
    expect(elsewhere.created).toBe(true);
    expect(elsewhere.dataset.id).not.toBe(first.dataset.id);
  });

  it("are invisible to other organisations", async () => {
    const { dataset } = await repos.datasets.create("org_c", { name: "mine", network });
    expect(await repos.datasets.get("org_c", dataset.id)).toEqual(dataset);
    expect(await repos.datasets.get("org_d", dataset.id)).toBeUndefined();
  });
});

describe("plans", () => {
  it("keep every flow in order, across the chunks they are written in", async () => {
    const ids = await scenarioFor("org_flows");
    const plan = planWithFlows(1203);
    const stored = await repos.plans.create("org_flows", { ...ids, plan, provenance });
    const read = await repos.plans.get("org_flows", stored.id);
    expect(read?.plan).toEqual(plan);
    expect(read?.provenance).toEqual(provenance);
  });

  it("are written with their flows in one transaction: a failing flow stores neither", async () => {
    const ids = await scenarioFor("org_atomic");
    const plan = planWithFlows(700);
    // The 601st flow (in the second chunk) breaks NOT NULL, after the plan row went in.
    (plan.flows[600] as { tonnes: number | null }).tonnes = null;
    await expect(repos.plans.create("org_atomic", { ...ids, plan, provenance })).rejects.toThrow();
    const page = await repos.plans.list("org_atomic", {}, { limit: 10 });
    expect(page.items).toEqual([]);
    const flows = await client.execute(
      "SELECT count(*) AS n FROM plan_flows WHERE plan_id NOT IN (SELECT id FROM plans)",
    );
    expect(flows.rows[0]?.n).toBe(0);
  });

  it("page through rows with one timestamp without losing or repeating any", async () => {
    const ids = await scenarioFor("org_pages");
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push(
        (await repos.plans.create("org_pages", { ...ids, plan: planWithFlows(1), provenance })).id,
      );
    }
    const seen: string[] = [];
    let after = undefined as ReturnType<typeof decodeCursor>;
    for (;;) {
      const page = await repos.plans.list("org_pages", {}, { limit: 2, after });
      seen.push(...page.items.map((p) => p.id));
      if (page.nextCursor === null) break;
      after = decodeCursor(page.nextCursor);
    }
    expect(seen).toEqual([...made].reverse());
  });
});

describe("cursors", () => {
  it("round-trip and reject what they did not make", () => {
    const cursor = { createdAt: new Date("2025-03-01T00:00:00Z"), id: "pl_0042" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    for (const forged of ["", "!!", btoa("12:../etc"), btoa("x:pl_1")]) {
      expect(decodeCursor(forged)).toBeUndefined();
    }
  });
});

describe("jobs", () => {
  it("end once: a finish after an end changes nothing, and a restart fails the jobs left running", async () => {
    const done = await repos.jobs.create("org_jobs", "batch", { phase: "running" });
    await repos.jobs.finish(done.id, {
      status: "succeeded",
      progress: { phase: "done" },
      result: { n: 1 },
    });
    await repos.jobs.finish(done.id, { status: "cancelled", progress: { phase: "done" } });
    expect(await repos.jobs.get("org_jobs", done.id)).toMatchObject({
      status: "succeeded",
      result: { n: 1 },
    });
    const left = await repos.jobs.create("org_jobs", "sweep", { phase: "running" });
    const problem = { status: 503, code: "job_interrupted", detail: "the server stopped" };
    expect((await repos.jobs.failUnfinished(problem)).length).toBeGreaterThanOrEqual(1);
    expect(await repos.jobs.get("org_jobs", left.id)).toMatchObject({ status: "failed", problem });
    expect(await repos.jobs.get("org_other", left.id)).toBeUndefined();
  });
});
