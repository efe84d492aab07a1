// Moving between deployments, inside workerd: a bundle Node exported (test/http/fixtures) imported
// into D1 through the Worker entry, and exported back with the same content hashes.
/// <reference types="@cloudflare/vitest-pool-workers/types" />
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as transferRoutes from "../../src/http/transfer/transfer.routes.ts";
import { createD1Db, type D1Binding } from "../../src/storage/db.ts";
import { randomId } from "../../src/storage/ids.ts";
import { migrate } from "../../src/storage/migrate.ts";
import { createRepositories } from "../../src/storage/repositories.ts";
import type { Bundle } from "../../src/storage/transfer.ts";
import bundleJson from "../http/fixtures/transfer-bundle.json";
import { jsonRequest, pointers, readAs, readProblem } from "../http/support/contract.ts";

// Node's export with ?includeShared=true: a Worker that was never seeded has no catalogue.
const bundle = bundleJson as unknown as Bundle;
let token: string;

const worker = (path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  return SELF.fetch(`https://anodeflow.test${path}`, { ...init, headers });
};

const hashes = (b: Bundle) => ({
  datasets: b.datasets.map((d) => d.contentHash).sort(),
  scenarios: b.scenarios.map((s) => s.contentHash).sort(),
  plans: b.plans.map((p) => p.contentHash).sort(),
});

beforeAll(async () => {
  // An organisation of its own, so the other workers suite's data never meets this one's.
  const db = createD1Db((env as { DB: D1Binding }).DB);
  await migrate(db, undefined, { wrangler: true });
  const repositories = createRepositories({ db, newId: randomId, clock: () => new Date() });
  const { organisation } = await repositories.organisations.ensure("transfer");
  token = (await repositories.apiKeys.create(organisation.id, { role: "planner" })).token;
});

describe("a Node bundle moved into D1", () => {
  it("imports everything, plans read back equal, and exports again with the same hashes", async () => {
    const summary = await readAs(
      await worker("/v1/import", jsonRequest("POST", bundle)),
      transferRoutes.importBundle,
      200,
    );
    expect(summary.created).toEqual({
      datasets: bundle.datasets.length,
      scenarios: bundle.scenarios.length,
      plans: bundle.plans.length,
    });
    for (const [i, mapped] of summary.plans.entries()) {
      const read = await readAs(await worker(`/v1/plans/${mapped.id}`), planRoutes.get, 200);
      expect(read.plan).toEqual(bundle.plans[i]?.plan);
    }
    const exported = (await readAs(
      await worker("/v1/export"),
      transferRoutes.exportOrganisation,
      200,
    )) as Bundle;
    expect(hashes(exported)).toEqual(hashes(bundle));

    // Again: nothing new in D1.
    const again = await readAs(
      await worker("/v1/import", jsonRequest("POST", bundle)),
      transferRoutes.importBundle,
      200,
    );
    expect(again.created).toEqual({ datasets: 0, scenarios: 0, plans: 0 });
    expect(again.plans.map((p) => p.id)).toEqual(summary.plans.map((p) => p.id));
  });

  it("refuses a damaged bundle with the item's pointer, storing nothing", async () => {
    const damaged = structuredClone(bundle);
    const plan = damaged.plans[0];
    if (plan === undefined) throw new Error("the bundle has no plan");
    plan.createdAt = "2030-01-01T00:00:00.000Z";
    const problem = await readProblem(
      await worker("/v1/import", jsonRequest("POST", damaged)),
      transferRoutes.importBundle,
      "content_hash_mismatch",
    );
    expect(pointers(problem)).toEqual(["/plans/0/contentHash"]);
  });
});
