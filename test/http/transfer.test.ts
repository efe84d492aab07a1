// GET /v1/export and POST /v1/import: a move between two databases (and two organisations) that
// keeps every content hash, idempotent, strict, and all-or-nothing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { MiddlewareHandler } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { networkSchema } from "../../models/allocation/network.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import type { AppEnv } from "../../src/http/shared/types.ts";
import * as transferRoutes from "../../src/http/transfer/transfer.routes.ts";
import * as usageRoutes from "../../src/http/usage/usage.routes.ts";
import { catalogueOwnerId } from "../../src/storage/organisations.ts";
import type { Role } from "../../src/storage/records.ts";
import { createRepositories } from "../../src/storage/repositories.ts";
import type { Bundle } from "../../src/storage/transfer.ts";
import {
  createBaseline,
  createTestApp,
  fixture,
  jsonRequest,
  pointers,
  readAs,
  readProblem,
  testLimits,
} from "./support/test-app.ts";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const opened: TestApp[] = [];
afterEach(() => {
  for (const t of opened.splice(0)) t.close();
});

/** Callers name their organisation and role in headers, so one database holds several. */
const asHeader: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("organisationId", c.req.header("x-test-org") ?? "org_default");
  c.set("role", (c.req.header("x-test-role") as Role | undefined) ?? "planner");
  c.set("keyId", "test");
  await next();
};

async function app(options: { catalogue?: boolean; plansQuota?: number } = {}) {
  const t = await createTestApp({
    identify: asHeader,
    limits: {
      ...testLimits,
      quotas: { ...testLimits.quotas, plans: options.plansQuota ?? testLimits.quotas.plans },
    },
  });
  opened.push(t);
  if (options.catalogue !== false) {
    // A small shared catalogue dataset, as npm start seeds china-2024 on every install.
    const { datasets } = createRepositories({
      db: t.db,
      newId: (prefix) => `${prefix}_shared`,
      clock: () => new Date("2024-12-01T00:00:00.000Z"),
    });
    await datasets.create(catalogueOwnerId, {
      name: "shared two plants",
      slug: "shared-two-plants",
      // The repository stores a validated network, defaults filled in.
      network: networkSchema.parse({ ...twoPlants, name: "shared two plants" }),
    });
  }
  return t;
}

const twoPlants = fixture("two-plants.json");

const as = (t: TestApp, org = "org_default", role: Role = "planner") => ({
  get: (path: string) =>
    t.app.request(path, { headers: { "x-test-org": org, "x-test-role": role } }),
  post: (path: string, body: unknown) => {
    const init = jsonRequest("POST", body);
    return t.app.request(path, {
      ...init,
      headers: { ...init.headers, "x-test-org": org, "x-test-role": role },
    });
  },
  request: (path: string, init: RequestInit = {}) =>
    t.app.request(path, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), "x-test-org": org },
    }),
});

/** An organisation's own dataset with two scenarios and a plan each, and a plan of the catalogue's. */
async function populate(t: TestApp, org = "org_default") {
  const caller = as(t, org);
  const { dataset, scenario } = await createBaseline(caller, twoPlants);
  const closed = await caller.post("/v1/scenarios", {
    datasetId: dataset.id,
    name: "a>x rail closed",
    description: "what the rail closure costs",
    changes: [{ kind: "closeLane", from: "a", to: "x", mode: "rail" }],
  });
  const closedScenario = (await closed.json()) as { id: string };
  const onShared = (await (
    await caller.post("/v1/scenarios", {
      datasetId: "shared-two-plants",
      name: "on the catalogue's",
    })
  ).json()) as { id: string };
  const plans = [];
  for (const id of [scenario.id, closedScenario.id, onShared.id]) {
    plans.push(
      await readAs(await caller.post(`/v1/scenarios/${id}/plans`, {}), planRoutes.create, 201),
    );
  }
  return { dataset, plans };
}

const exportOf = async (t: TestApp, org = "org_default", query = "") =>
  readAs(
    await as(t, org).get(`/v1/export${query}`),
    transferRoutes.exportOrganisation,
    200,
  ) as Promise<Bundle>;

const importInto = (t: TestApp, bundle: unknown, org = "org_default") =>
  as(t, org).post("/v1/import", bundle);

const hashes = (bundle: Bundle) => ({
  datasets: bundle.datasets.map((d) => d.contentHash).sort(),
  scenarios: bundle.scenarios.map((s) => s.contentHash).sort(),
  plans: bundle.plans.map((p) => p.contentHash).sort(),
});

const usageOf = async (t: TestApp, org = "org_default") =>
  readAs(await as(t, org).get("/v1/usage"), usageRoutes.get, 200);

describe("GET /v1/export", () => {
  it("lists the organisation's datasets, scenarios and plans with hashes; the catalogue's by slug", async () => {
    const t = await app();
    const { dataset, plans } = await populate(t);
    const bundle = await exportOf(t);
    expect(bundle).toMatchObject({ format: "anodeflow-export", version: 1 });
    expect(bundle.datasets.map((d) => [d.slug, d.shared, d.network !== undefined])).toEqual([
      [dataset.slug, false, true],
      ["shared-two-plants", true, false],
    ]);
    expect(bundle.datasets[0]?.contentHash).toBe(dataset.contentHash);
    expect(bundle.scenarios).toHaveLength(3);
    expect(bundle.plans.map((p) => p.id)).toEqual(plans.map((p) => p.id));
    // Scenarios name datasets, plans scenarios, by content hash.
    expect(bundle.scenarios.map((s) => s.dataset)).toEqual([
      dataset.contentHash,
      dataset.contentHash,
      bundle.datasets[1]?.contentHash,
    ]);
    expect(bundle.plans.map((p) => p.scenario)).toEqual(bundle.scenarios.map((s) => s.contentHash));
    // Plans as stored, flows included: two-plants' optimum 2520, closing a>x rail +320.
    expect(bundle.plans.map((p) => p.plan.objective?.value)).toEqual([2520, 2840, 2520]);
    expect(bundle.plans[0]?.plan.flows).toEqual(plans[0]?.plan.flows);
    const copied = await exportOf(t, "org_default", "?includeShared=true");
    expect(copied.datasets[1]?.network?.name).toBe("shared two plants");
    expect(hashes(copied)).toEqual(hashes(bundle));
  });

  it("is empty for an organisation with nothing stored, and refused to a viewer", async () => {
    const t = await app();
    const bundle = await exportOf(t, "org_empty");
    expect([bundle.datasets, bundle.scenarios, bundle.plans]).toEqual([[], [], []]);
    await readProblem(
      await as(t, "org_default", "viewer").get("/v1/export"),
      transferRoutes.exportOrganisation,
      "forbidden",
    );
  });
});

describe("POST /v1/import", () => {
  it("moves everything to another database: new ids, same hashes, the plans read back equal", async () => {
    const source = await app();
    await populate(source);
    const bundle = await exportOf(source);
    const target = await app();
    const summary = await readAs(
      await importInto(target, bundle),
      transferRoutes.importBundle,
      200,
    );
    expect(summary.created).toEqual({ datasets: 1, scenarios: 3, plans: 3 });
    expect(summary.reused).toEqual({ datasets: 1, scenarios: 0, plans: 0 });
    expect(summary.datasets.map((d) => d.status)).toEqual(["created", "shared"]);
    expect(summary.plans.map((p) => p.sourceId)).toEqual(bundle.plans.map((p) => p.id));
    const again = await exportOf(target);
    expect(hashes(again)).toEqual(hashes(bundle));
    expect(again.datasets.map((d) => d.slug)).toEqual(bundle.datasets.map((d) => d.slug));
    // Every plan reads back as it was, flows included, under its new id.
    for (const [i, mapped] of summary.plans.entries()) {
      const read = await readAs(
        await as(target).get(`/v1/plans/${mapped.id}`),
        planRoutes.get,
        200,
      );
      expect(read.plan).toEqual(bundle.plans[i]?.plan);
      expect(read.createdAt).toBe(bundle.plans[i]?.createdAt);
      expect(read.provenance).toEqual(bundle.plans[i]?.provenance);
    }
  });

  it("is idempotent: the same bundle again stores nothing and answers the same ids", async () => {
    const source = await app();
    await populate(source);
    const bundle = await exportOf(source);
    const target = await app();
    const first = await readAs(await importInto(target, bundle), transferRoutes.importBundle, 200);
    const usage = await usageOf(target);
    const second = await readAs(await importInto(target, bundle), transferRoutes.importBundle, 200);
    expect(second.created).toEqual({ datasets: 0, scenarios: 0, plans: 0 });
    expect(second.reused).toEqual({ datasets: 2, scenarios: 3, plans: 3 });
    expect(second.plans.map((p) => p.id)).toEqual(first.plans.map((p) => p.id));
    expect(second.scenarios.map((s) => s.id)).toEqual(first.scenarios.map((s) => s.id));
    expect(await usageOf(target)).toEqual(usage);
    // Back to the source: everything is there already.
    const back = await readAs(
      await importInto(source, await exportOf(target)),
      transferRoutes.importBundle,
      200,
    );
    expect(back.created).toEqual({ datasets: 0, scenarios: 0, plans: 0 });
  });

  it("moves to a second organisation of the same database, its slugs its own", async () => {
    const t = await app();
    await populate(t);
    const bundle = await exportOf(t);
    const summary = await readAs(
      await importInto(t, bundle, "org_other"),
      transferRoutes.importBundle,
      200,
    );
    expect(summary.created).toEqual({ datasets: 1, scenarios: 3, plans: 3 });
    expect(hashes(await exportOf(t, "org_other"))).toEqual(hashes(bundle));
    // The first organisation's data is untouched.
    expect(hashes(await exportOf(t))).toEqual(hashes(bundle));
  });

  it("copies a catalogue dataset the target lacks only when the export brought its network", async () => {
    const source = await app();
    await populate(source);
    const target = await app({ catalogue: false });
    const bundle = await exportOf(source);
    const refused = await readProblem(
      await importInto(target, bundle),
      transferRoutes.importBundle,
      "unknown_reference",
    );
    // The plan of that scenario has nothing to refer to either.
    expect(pointers(refused)).toEqual([
      "/datasets/1/slug",
      "/scenarios/2/dataset",
      "/plans/2/scenario",
    ]);
    expect((await usageOf(target)).datasets.used).toBe(0);
    const copied = await exportOf(source, "org_default", "?includeShared=true");
    const summary = await readAs(
      await importInto(target, copied),
      transferRoutes.importBundle,
      200,
    );
    expect(summary.datasets.map((d) => [d.status, d.slug])).toEqual([
      ["created", "two-plants"],
      ["created", "shared-two-plants"],
    ]);
    const again = await exportOf(target);
    expect(again.datasets.every((d) => !d.shared)).toBe(true);
    expect(hashes(again)).toEqual(hashes(bundle));
  });

  it("refuses an item whose content does not match its hash, naming each, and stores nothing", async () => {
    const source = await app();
    await populate(source);
    const bundle = await exportOf(source);
    const target = await app();
    const tampered = structuredClone(bundle);
    const plan = tampered.plans[1]?.plan;
    if (plan?.totals === null || plan === undefined) throw new Error("plan 1 has no totals");
    plan.totals.totalCost -= 100;
    const scenario = tampered.scenarios[0];
    if (scenario === undefined) throw new Error("no scenario");
    scenario.name = "renamed on the way";
    const network = tampered.datasets[0]?.network;
    if (network === undefined) throw new Error("no network");
    network.plants[0] = { ...network.plants[0], capacityT: 1 } as never;
    const problem = await readProblem(
      await importInto(target, tampered),
      transferRoutes.importBundle,
      "content_hash_mismatch",
    );
    expect(pointers(problem)).toEqual([
      "/datasets/0/contentHash",
      "/scenarios/0/contentHash",
      "/plans/1/contentHash",
    ]);
    expect(await usageOf(target)).toMatchObject({
      datasets: { used: 0 },
      scenarios: { used: 0 },
      plans: { used: 0 },
    });
  });

  it("is strict: unknown fields at any depth are 422 unknown_field naming each", async () => {
    const source = await app();
    await populate(source);
    const bundle = structuredClone(await exportOf(source)) as Bundle & Record<string, unknown>;
    const target = await app();
    const top = await readProblem(
      await importInto(target, { ...bundle, organisation: "x" }),
      transferRoutes.importBundle,
      "unknown_field",
    );
    expect(pointers(top)).toEqual(["/organisation"]);
    const deep = structuredClone(bundle);
    Object.assign(deep.plans[0]?.plan.flows[0] ?? {}, { tonnez: 1 });
    Object.assign(deep.plans[2]?.provenance ?? {}, { note: "x" });
    Object.assign(deep.scenarios[1] ?? {}, { datasetId: "ds_1" });
    const problem = await readProblem(
      await importInto(target, deep),
      transferRoutes.importBundle,
      "unknown_field",
    );
    expect(pointers(problem)).toEqual(["/scenarios/1/datasetId"]);
    delete (deep.scenarios[1] as Record<string, unknown> | undefined)?.datasetId;
    const inPlans = await readProblem(
      await importInto(target, deep),
      transferRoutes.importBundle,
      "unknown_field",
    );
    expect(pointers(inPlans)).toEqual(["/plans/0/plan/flows/0/tonnez", "/plans/2/provenance/note"]);
    const wrongVersion = await readProblem(
      await importInto(target, { ...bundle, version: 2 }),
      transferRoutes.importBundle,
      "validation_failed",
    );
    expect(pointers(wrongVersion)).toEqual(["/version"]);
    expect((await usageOf(target)).plans.used).toBe(0);
  });

  it("refuses references to items neither the bundle nor the organisation has", async () => {
    const source = await app();
    await populate(source);
    const bundle = await exportOf(source);
    const target = await app();
    // Only the plans: their scenarios are not in the target yet.
    const problem = await readProblem(
      await importInto(target, { ...bundle, datasets: [], scenarios: [] }),
      transferRoutes.importBundle,
      "unknown_reference",
    );
    expect(pointers(problem)).toEqual([
      "/plans/0/scenario",
      "/plans/1/scenario",
      "/plans/2/scenario",
    ]);
    // In two parts: the second refers to what the first stored.
    const first = await readAs(
      await importInto(target, { ...bundle, plans: [] }),
      transferRoutes.importBundle,
      200,
    );
    expect(first.created).toEqual({ datasets: 1, scenarios: 3, plans: 0 });
    const second = await readAs(
      await importInto(target, { ...bundle, datasets: [], scenarios: [] }),
      transferRoutes.importBundle,
      200,
    );
    expect(second.created).toEqual({ datasets: 0, scenarios: 0, plans: 3 });
    expect(hashes(await exportOf(target))).toEqual(hashes(bundle));
  });

  it("holds the quotas: past one, 403 quota_exceeded and nothing stored", async () => {
    const source = await app();
    await populate(source);
    const target = await app({ plansQuota: 2 });
    const problem = await readProblem(
      await importInto(target, await exportOf(source)),
      transferRoutes.importBundle,
      "quota_exceeded",
    );
    expect(problem.quota).toEqual({ name: "plans", limit: 2, used: 0, requested: 3 });
    expect(await usageOf(target)).toMatchObject({ datasets: { used: 0 }, scenarios: { used: 0 } });
  });

  it.skipIf(process.env.WRITE_TRANSFER_BUNDLE !== "1")("writes the committed bundle", async () => {
    const t = await app();
    await populate(t);
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      join(import.meta.dirname, "fixtures", "transfer-bundle.json"),
      `${JSON.stringify(await exportOf(t, "org_default", "?includeShared=true"), null, 2)}\n`,
    );
  });

  it("imports the committed bundle the workers suite imports, with the hashes it lists", async () => {
    const bundle = JSON.parse(
      readFileSync(join(import.meta.dirname, "fixtures", "transfer-bundle.json"), "utf8"),
    ) as Bundle;
    const target = await app({ catalogue: false });
    const summary = await readAs(
      await importInto(target, bundle),
      transferRoutes.importBundle,
      200,
    );
    expect(summary.created).toEqual({
      datasets: bundle.datasets.length,
      scenarios: bundle.scenarios.length,
      plans: bundle.plans.length,
    });
    expect(hashes(await exportOf(target))).toEqual(hashes(bundle));
  });
});
