import type { MiddlewareHandler } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseNetwork } from "../../models/allocation/network.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import type { AppEnv } from "../../src/http/shared/types.ts";
import * as solveRoutes from "../../src/http/solve/solve.routes.ts";
import { createSolvePool, type SolvePool } from "../../src/solve/pool.ts";
import { randomId } from "../../src/storage/ids.ts";
import { catalogueOwnerId } from "../../src/storage/organisations.ts";
import { createRepositories } from "../../src/storage/repositories.ts";
import { freeSlug, slugify } from "../../src/storage/slugs.ts";
import {
  createTestApp,
  fixture,
  pointers,
  readAs,
  readProblem,
  testLimits,
} from "./support/test-app.ts";

// Two organisations, chosen per request by a test header; both planners.
const asOrganisation: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("organisationId", c.req.header("x-test-organisation") ?? "org_a");
  c.set("role", (c.req.header("x-test-role") as "viewer" | undefined) ?? "planner");
  c.set("keyId", "test");
  await next();
};

let t: Awaited<ReturnType<typeof createTestApp>>;
let shared: { id: string; slug: string };
const network = fixture("two-plants.json");

function call(method: string, path: string, body?: unknown, organisation = "org_a") {
  return t.app.request(path, {
    method,
    headers: {
      "x-test-organisation": organisation,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The same network under another name: new content, so a new dataset. */
const variant = (name: string) => ({ ...network, name });

beforeAll(async () => {
  t = await createTestApp({ identify: asOrganisation });
  const repositories = createRepositories({ db: t.db, newId: randomId, clock: () => new Date() });
  const parsed = parseNetwork(variant("China 2024 (provinces, paper's 0.45 t/t)"));
  if (!parsed.ok) throw new Error("two-plants.json is not a network");
  const { dataset } = await repositories.datasets.create(catalogueOwnerId, {
    name: parsed.network.name,
    slug: "china-2024",
    network: parsed.network,
  });
  shared = dataset;
});
afterAll(() => t.close());

describe("slugs", () => {
  it("are made from names: lower case, hyphens, accents dropped, -2 when taken", () => {
    expect(slugify("China 2024 (provinces, paper's 0.45 t/t)")).toBe(
      "china-2024-provinces-paper-s-0-45-t-t",
    );
    expect(slugify("Zürich — Ürümqi")).toBe("zurich-urumqi");
    expect(slugify("中国 2024")).toBe("2024");
    expect(slugify("中国")).toBe("dataset");
    expect(slugify("x".repeat(100))).toHaveLength(64);
    expect(freeSlug("a", new Set(["a", "a-2"]))).toBe("a-3");
    expect(freeSlug("x".repeat(64), new Set(["x".repeat(64)]))).toBe(`${"x".repeat(62)}-2`);
  });
});

describe("POST /v1/datasets with a slug", () => {
  it("stores the slug asked for, and GET /v1/datasets/{slug} finds the dataset", async () => {
    const created = await readAs(
      await call("POST", "/v1/datasets", { slug: "two-plants", network: variant("slug a") }),
      datasetRoutes.create,
      201,
    );
    expect(created.slug).toBe("two-plants");
    const read = await readAs(await call("GET", "/v1/datasets/two-plants"), datasetRoutes.get, 200);
    expect(read.id).toBe(created.id);
    expect(read.network.name).toBe("slug a");
  });

  it("gives a dataset without one its name's slug, with -2 when that is taken", async () => {
    const first = await readAs(
      await call("POST", "/v1/datasets", { name: "Yunnan 2025", network: variant("y1") }),
      datasetRoutes.create,
      201,
    );
    const second = await readAs(
      await call("POST", "/v1/datasets", { name: "Yunnan 2025", network: variant("y2") }),
      datasetRoutes.create,
      201,
    );
    expect([first.slug, second.slug]).toEqual(["yunnan-2025", "yunnan-2025-2"]);
    // A name past 64 characters: cut to make room for the suffix.
    const long = "A very long dataset name that goes on and on past sixty-four characters";
    const slugs = [];
    for (const i of [1, 2, 3]) {
      const dataset = await readAs(
        await call("POST", "/v1/datasets", { name: long, network: variant(`long ${i}`) }),
        datasetRoutes.create,
        201,
      );
      slugs.push(dataset.slug);
    }
    const base = slugify(long);
    expect(base).toHaveLength(64);
    expect(slugs).toEqual([base, `${base.slice(0, 62)}-2`, `${base.slice(0, 62)}-3`]);
  });

  it("is 409 slug_taken for a slug of the organisation or the shared catalogue, and stores nothing", async () => {
    await call("POST", "/v1/datasets", { slug: "mine", network: variant("taken 1") });
    for (const slug of ["mine", "china-2024"]) {
      const problem = await readProblem(
        await call("POST", "/v1/datasets", { slug, network: variant(`taken ${slug}`) }),
        datasetRoutes.create,
        "slug_taken",
      );
      expect(problem.status).toBe(409);
      expect(pointers(problem)).toEqual(["/slug"]);
    }
    const listed = await readAs(
      await call("GET", "/v1/datasets?limit=100"),
      datasetRoutes.list,
      200,
    );
    expect(listed.items.map((d) => d.name).filter((n) => n.startsWith("taken"))).toEqual([
      "taken 1",
    ]);
  });

  it("lets another organisation use a slug this one has", async () => {
    const other = await readAs(
      await call("POST", "/v1/datasets", { slug: "mine", network: variant("theirs") }, "org_b"),
      datasetRoutes.create,
      201,
    );
    expect(other.slug).toBe("mine");
    const ours = await readAs(await call("GET", "/v1/datasets/mine"), datasetRoutes.get, 200);
    expect(ours.id).not.toBe(other.id);
    expect(ours.network.name).toBe("taken 1");
  });

  it("keeps the first slug when the same content comes again with another (200)", async () => {
    const first = await readAs(
      await call("POST", "/v1/datasets", { slug: "first", network: variant("again") }),
      datasetRoutes.create,
      201,
    );
    const again = await readAs(
      await call("POST", "/v1/datasets", { slug: "second", network: variant("again") }),
      datasetRoutes.create,
      200,
    );
    expect(again).toEqual(first);
  });

  it("is 422 for a slug that is not lower-case letters, digits and single hyphens", async () => {
    for (const slug of [
      "Upper",
      "under_score",
      "-lead",
      "trail-",
      "two--hyphens",
      "",
      "x".repeat(65),
    ]) {
      const problem = await readProblem(
        await call("POST", "/v1/datasets", { slug, network: variant(`bad ${slug}`) }),
        datasetRoutes.create,
        "validation_failed",
      );
      expect([...new Set(pointers(problem))]).toEqual(["/slug"]);
    }
  });
});

describe("a slug wherever a dataset id is", () => {
  it("solves, bases a scenario (stored by id) and filters scenarios and plans", async () => {
    const byId = await readAs(
      await call("POST", "/v1/solve", { datasetId: shared.id }),
      solveRoutes.solve,
      200,
    );
    const bySlug = await readAs(
      await call("POST", "/v1/solve", { datasetId: "china-2024" }),
      solveRoutes.solve,
      200,
    );
    expect(bySlug.objective?.value).toBe(byId.objective?.value);

    const scenario = await readAs(
      await call("POST", "/v1/scenarios", { datasetId: "china-2024", name: "on the slug" }),
      scenarioRoutes.create,
      201,
    );
    expect(scenario.datasetId).toBe(shared.id);
    const plan = await readAs(
      await call("POST", `/v1/scenarios/${scenario.id}/plans`, {}),
      planRoutes.create,
      201,
    );
    expect(plan.datasetId).toBe(shared.id);

    const scenarios = await readAs(
      await call("GET", "/v1/scenarios?datasetId=china-2024"),
      scenarioRoutes.list,
      200,
    );
    expect(scenarios.items.map((s) => s.id)).toEqual([scenario.id]);
    const plans = await readAs(
      await call("GET", "/v1/plans?datasetId=china-2024"),
      planRoutes.list,
      200,
    );
    expect(plans.items.map((p) => p.id)).toEqual([plan.id]);
  });

  it("is 422 unknown_reference for a slug nobody has, pointing at datasetId", async () => {
    const problem = await readProblem(
      await call("POST", "/v1/solve", { datasetId: "no-such-dataset" }),
      solveRoutes.solve,
      "unknown_reference",
    );
    expect(pointers(problem)).toEqual(["/datasetId"]);
  });

  it("is 404 for another organisation's slug", async () => {
    await call("POST", "/v1/datasets", { slug: "private", network: variant("p") }, "org_b");
    await readProblem(await call("GET", "/v1/datasets/private"), datasetRoutes.get, "not_found");
  });
});

describe("GET /v1/datasets filters", () => {
  it("finds the shared default by ?slug= and a stored network by ?contentHash=", async () => {
    const bySlug = await readAs(
      await call("GET", "/v1/datasets?slug=china-2024"),
      datasetRoutes.list,
      200,
    );
    expect(bySlug.items.map((d) => [d.id, d.shared])).toEqual([[shared.id, true]]);
    const created = await readAs(
      await call("POST", "/v1/datasets", { network: variant("hash me") }),
      datasetRoutes.create,
      201,
    );
    const byHash = await readAs(
      await call("GET", `/v1/datasets?contentHash=${encodeURIComponent(created.contentHash)}`),
      datasetRoutes.list,
      200,
    );
    expect(byHash.items.map((d) => d.id)).toEqual([created.id]);
    const both = await readAs(
      await call(
        "GET",
        `/v1/datasets?slug=china-2024&contentHash=${encodeURIComponent(created.contentHash)}`,
      ),
      datasetRoutes.list,
      200,
    );
    expect(both.items).toEqual([]);
  });

  it("is 400 invalid_parameter for a slug filter that is no slug", async () => {
    const problem = await readProblem(
      await call("GET", "/v1/datasets?slug=Not_A_Slug"),
      datasetRoutes.list,
      "invalid_parameter",
    );
    expect(pointers(problem)).toEqual(["slug"]);
  });
});

describe("uploads parsed and stored on a worker thread", () => {
  let pool: SolvePool;
  let offloaded: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    pool = createSolvePool({ threads: 1 });
    offloaded = await createTestApp((url) => ({
      offload: pool.runModule,
      offloadDatabase: { url, authToken: undefined },
      limits: { ...testLimits, offloadBodyBytes: 0 },
    }));
  });
  afterAll(async () => {
    offloaded.close();
    await pool.close();
  });

  it("keep the slug asked for, and a taken one is the same 409 as on the main thread", async () => {
    const post = (body: unknown) =>
      offloaded.app.request("/v1/datasets", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const created = await readAs(
      await post({ slug: "on-a-worker", network: variant("w1") }),
      datasetRoutes.create,
      201,
    );
    expect(created.slug).toBe("on-a-worker");
    const problem = await readProblem(
      await post({ slug: "on-a-worker", network: variant("w2") }),
      datasetRoutes.create,
      "slug_taken",
    );
    expect(pointers(problem)).toEqual(["/slug"]);
    const named = await readAs(
      await post({ name: "Worker Net", network: variant("w3") }),
      datasetRoutes.create,
      201,
    );
    expect(named.slug).toBe("worker-net");
  });
});
