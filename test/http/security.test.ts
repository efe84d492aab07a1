import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseNetwork } from "../../models/allocation/network.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as keyRoutes from "../../src/http/keys/keys.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import type { Problem } from "../../src/http/shared/problems.ts";
import { randomId } from "../../src/storage/ids.ts";
import { catalogueOwnerId } from "../../src/storage/organisations.ts";
import type { Role } from "../../src/storage/records.ts";
import { createRepositories } from "../../src/storage/repositories.ts";
import { createTestApp, fixture, readAs, readProblem } from "./support/test-app.ts";

// API keys on (identify left to createApp's default), real random keys.
let t: Awaited<ReturnType<typeof createTestApp>>;
let repositories: ReturnType<typeof createRepositories>;
const keys = {} as Record<"adminA" | "plannerA" | "viewerA" | "adminB" | "plannerB", string>;
let a: { datasetId: string; scenarioId: string; planId: string; keyId: string };
let catalogueId: string;
let document: {
  paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
};

const network = fixture("two-plants.json");

function call(key: string | undefined, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  return t.app.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

beforeAll(async () => {
  t = await createTestApp({ identify: undefined });
  repositories = createRepositories({ db: t.db, newId: randomId, clock: () => new Date() });
  const alpha = (await repositories.organisations.ensure("alpha")).organisation.id;
  const beta = (await repositories.organisations.ensure("beta")).organisation.id;
  const make = async (organisationId: string, role: Role) =>
    (await repositories.apiKeys.create(organisationId, { role })).token;
  keys.adminA = await make(alpha, "admin");
  keys.plannerA = await make(alpha, "planner");
  keys.viewerA = await make(alpha, "viewer");
  keys.adminB = await make(beta, "admin");
  keys.plannerB = await make(beta, "planner");
  const parsed = parseNetwork(network);
  if (!parsed.ok) throw new Error("two-plants.json is not a network");
  catalogueId = (
    await repositories.datasets.create(catalogueOwnerId, {
      name: "catalogue",
      network: parsed.network,
    })
  ).dataset.id;

  const dataset = await readAs(
    await call(keys.plannerA, "POST", "/v1/datasets", { network }),
    datasetRoutes.create,
    201,
  );
  const scenario = await readAs(
    await call(keys.plannerA, "POST", "/v1/scenarios", { datasetId: dataset.id, name: "a" }),
    scenarioRoutes.create,
    201,
  );
  const plan = await readAs(
    await call(keys.plannerA, "POST", `/v1/scenarios/${scenario.id}/plans`, {}),
    planRoutes.create,
    201,
  );
  const listed = await readAs(await call(keys.adminA, "GET", "/v1/keys"), keyRoutes.list, 200);
  const viewerKeyId = listed.items.find((k) => k.role === "viewer")?.id ?? "";
  a = { datasetId: dataset.id, scenarioId: scenario.id, planId: plan.id, keyId: viewerKeyId };
  document = await (await t.app.request("/openapi.json")).json();
});
afterAll(() => t.close());

/** Every /v1 operation in the document with the role it names and a concrete path. */
function operations() {
  return Object.entries(document.paths).flatMap(([template, item]) =>
    Object.entries(item)
      .filter(() => template.startsWith("/v1/"))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        template,
        path: template.replaceAll(/{\w+}/g, "xx_0000"),
        role: op.security?.[0]?.apiKey?.[0] as Role,
      })),
  );
}

const ranks: Role[] = ["viewer", "planner", "admin"];
const keyOf: Record<Role, () => string> = {
  viewer: () => keys.viewerA,
  planner: () => keys.plannerA,
  admin: () => keys.adminA,
};

async function counts() {
  const rows = await t.client.execute(
    "SELECT (SELECT count(*) FROM datasets) AS d, (SELECT count(*) FROM scenarios) AS s, (SELECT count(*) FROM plans) AS p, (SELECT count(*) FROM api_keys) AS k",
  );
  return rows.rows[0];
}

describe("missing, wrong and revoked keys", () => {
  it("answers every /v1 operation without a key with 401 missing_api_key and a Bearer challenge", async () => {
    const all = operations();
    expect(all.length).toBeGreaterThan(10);
    for (const op of all) {
      const response = await call(
        undefined,
        op.method,
        op.path,
        op.method === "GET" ? undefined : {},
      );
      expect(response.status, `${op.method} ${op.template}`).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="anodeflow"');
      await readProblem(response, undefined, "missing_api_key");
    }
  });

  it("answers malformed, unknown and wrong-secret keys with 401 invalid_api_key, all alike", async () => {
    const valid = keys.viewerA;
    const [, id, secret] = /^afk_([0-9a-z]+)_([0-9a-z]+)$/.exec(valid) ?? [];
    const otherSecret = [...(secret ?? "")].reverse().join("");
    const headers = [
      "Bearer",
      "Bearer ",
      "Basic dXNlcjpwYXNz",
      `Token ${valid}`,
      `Bearer ${valid}x`,
      `Bearer ${valid.slice(0, -1)}`,
      `Bearer ${valid.toUpperCase()}`,
      `Bearer afk_${id}_${otherSecret}`,
      `Bearer afk_zzzzzzzzzzzzzzzz_${secret}`,
      `Bearer ${valid} ${valid}`,
      `Bearer ${"a".repeat(8000)}`,
      `Bearer afk_${id}_${secret?.slice(0, 39)}%`,
      `Bearer ${valid.replace("afk_", "ak_")}`,
    ];
    const details = new Set<string>();
    for (const authorization of headers) {
      const response = await t.app.request("/v1/datasets", { headers: { authorization } });
      const problem = await readProblem(response, undefined, "invalid_api_key");
      expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
      details.add(problem.detail);
    }
    // Nothing tells a near miss from a wild guess.
    expect(details.size).toBe(1);
  });

  it("takes the scheme name in any case, as RFC 9110 says", async () => {
    const response = await t.app.request("/v1/datasets", {
      headers: { authorization: `bearer ${keys.viewerA}` },
    });
    expect(response.status).toBe(200);
  });

  it("stops accepting a key the moment an admin revokes it", async () => {
    const created = await readAs(
      await call(keys.adminA, "POST", "/v1/keys", { role: "viewer", name: "short-lived" }),
      keyRoutes.create,
      201,
    );
    expect((await call(created.key, "GET", "/v1/plans")).status).toBe(200);
    const revoked = await readAs(
      await call(keys.adminA, "DELETE", `/v1/keys/${created.id}`),
      keyRoutes.revoke,
      200,
    );
    expect(revoked.revokedAt).not.toBeNull();
    await readProblem(
      await call(created.key, "GET", "/v1/plans"),
      planRoutes.list,
      "invalid_api_key",
    );
    // Revoking again changes nothing.
    const again = await readAs(
      await call(keys.adminA, "DELETE", `/v1/keys/${created.id}`),
      keyRoutes.revoke,
      200,
    );
    expect(again.revokedAt).toBe(revoked.revokedAt);
  });

  it("stops accepting a key revoked from the shell, by id", async () => {
    const { key, token } = await repositories.apiKeys.create(
      (await repositories.organisations.ensure("alpha")).organisation.id,
      { role: "planner" },
    );
    expect((await call(token, "GET", "/v1/datasets")).status).toBe(200);
    await repositories.apiKeys.revoke(undefined, key.id);
    expect((await call(token, "GET", "/v1/datasets")).status).toBe(401);
  });

  it("keeps only a hash: no table holds a key's secret, and listing shows none", async () => {
    const secrets = Object.values(keys).map((key) => key.split("_").at(-1) ?? "");
    const tables = await t.client.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    );
    for (const { name } of tables.rows) {
      const rows = await t.client.execute(`SELECT * FROM "${String(name)}"`);
      const text = JSON.stringify(rows.rows);
      for (const secret of secrets) expect(text, String(name)).not.toContain(secret);
    }
    const listed = await (await call(keys.adminA, "GET", "/v1/keys")).text();
    for (const secret of secrets) expect(listed).not.toContain(secret);
    expect(listed).not.toContain("secretHash");
  });
});

describe("roles", () => {
  it("lets each operation through for its role and above, and refuses the roles below with 403", async () => {
    for (const op of operations()) {
      const needed = ranks.indexOf(op.role);
      expect(needed, `${op.method} ${op.template} names no role`).toBeGreaterThanOrEqual(0);
      for (const role of ranks) {
        const body = op.method === "GET" || op.method === "DELETE" ? undefined : {};
        const response = await call(keyOf[role](), op.method, op.path, body);
        const where = `${role} ${op.method} ${op.template}`;
        if (ranks.indexOf(role) < needed) {
          expect(response.status, where).toBe(403);
          await readProblem(response, undefined, "forbidden");
        } else {
          expect([401, 403], where).not.toContain(response.status);
        }
      }
    }
  });

  it("refuses a viewer every write with valid bodies, and stores nothing", async () => {
    const before = await counts();
    const writes: [string, unknown][] = [
      ["/v1/datasets", { network: { ...network, name: "viewer's" } }],
      ["/v1/scenarios", { datasetId: a.datasetId, name: "viewer's" }],
      [`/v1/scenarios/${a.scenarioId}/plans`, {}],
      ["/v1/solve", { network }],
      ["/v1/keys", { role: "admin" }],
    ];
    for (const [path, body] of writes) {
      await readProblem(await call(keys.viewerA, "POST", path, body), undefined, "forbidden");
    }
    await readProblem(
      await call(keys.viewerA, "DELETE", `/v1/keys/${a.keyId}`),
      keyRoutes.revoke,
      "forbidden",
    );
    await readProblem(
      await call(keys.plannerA, "POST", "/v1/keys", { role: "admin" }),
      keyRoutes.create,
      "forbidden",
    );
    expect(await counts()).toEqual(before);
  });
});

describe("another organisation's ids", () => {
  /** A problem without what names the request: status, code and title must match. */
  const shape = (problem: Problem) => ({
    status: problem.status,
    code: problem.code,
    title: problem.title,
  });

  it("answer every read exactly like ids that were never issued", async () => {
    const reads = [
      ["/v1/datasets/", a.datasetId, "ds_0000000000000000", "No dataset "],
      ["/v1/scenarios/", a.scenarioId, "sc_0000000000000000", "No scenario "],
      ["/v1/plans/", a.planId, "pl_0000000000000000", "No plan "],
    ] as const;
    for (const [prefix, theirs, never, detail] of reads) {
      const foreign = await readProblem(
        await call(keys.plannerB, "GET", `${prefix}${theirs}`),
        undefined,
        "not_found",
      );
      const missing = await readProblem(
        await call(keys.plannerB, "GET", `${prefix}${never}`),
        undefined,
        "not_found",
      );
      expect(shape(foreign)).toEqual(shape(missing));
      expect(foreign.detail).toBe(`${detail}${theirs}`);
      expect(missing.detail).toBe(`${detail}${never}`);
    }
    for (const suffix of ["/flows.csv", "/regions", `/compare/${a.planId}`]) {
      const response = await call(keys.plannerB, "GET", `/v1/plans/${a.planId}${suffix}`);
      await readProblem(response, undefined, "not_found");
    }
  });

  it("leave them out of every list, filters included", async () => {
    for (const path of [
      "/v1/datasets?limit=100",
      "/v1/scenarios?limit=100",
      "/v1/plans?limit=100",
      `/v1/plans?scenarioId=${a.scenarioId}`,
      `/v1/plans?datasetId=${a.datasetId}`,
      `/v1/scenarios?datasetId=${a.datasetId}`,
      "/v1/keys",
    ]) {
      const text = await (await call(keys.adminB, "GET", path)).text();
      for (const id of Object.values(a)) expect(text, path).not.toContain(id);
    }
  });

  it("cannot be written through: scenarios, plans, solves, comparisons and key revocations", async () => {
    const before = await counts();
    const scenario = await readProblem(
      await call(keys.plannerB, "POST", "/v1/scenarios", { datasetId: a.datasetId, name: "b" }),
      scenarioRoutes.create,
      "unknown_reference",
    );
    expect(scenario.detail).toBe(`No dataset ${a.datasetId}`);
    await readProblem(
      await call(keys.plannerB, "POST", `/v1/scenarios/${a.scenarioId}/plans`, {}),
      planRoutes.create,
      "not_found",
    );
    await readProblem(
      await call(keys.plannerB, "POST", "/v1/solve", { datasetId: a.datasetId }),
      undefined,
      "unknown_reference",
    );
    await readProblem(
      await call(keys.plannerB, "POST", "/v1/plans/compare", { planIds: [a.planId, a.planId] }),
      undefined,
      "unknown_reference",
    );
    await readProblem(
      await call(keys.adminB, "DELETE", `/v1/keys/${a.keyId}`),
      keyRoutes.revoke,
      "not_found",
    );
    expect((await call(keys.viewerA, "GET", "/v1/plans")).status).toBe(200);
    expect(await counts()).toEqual(before);
  });
});

describe("the shared catalogue", () => {
  it("is read and planned by every organisation, and written by none", async () => {
    for (const key of [keys.viewerA, keys.plannerB]) {
      const dataset = await readAs(
        await call(key, "GET", `/v1/datasets/${catalogueId}`),
        datasetRoutes.get,
        200,
      );
      expect(dataset.shared).toBe(true);
    }
    const scenario = await readAs(
      await call(keys.plannerB, "POST", "/v1/scenarios", { datasetId: catalogueId, name: "b" }),
      scenarioRoutes.create,
      201,
    );
    await readAs(
      await call(keys.plannerB, "POST", `/v1/scenarios/${scenario.id}/plans`, {}),
      planRoutes.create,
      201,
    );
    // Another organisation's scenario on the same shared dataset stays private.
    await readProblem(
      await call(keys.viewerA, "GET", `/v1/scenarios/${scenario.id}`),
      scenarioRoutes.get,
      "not_found",
    );
    // Posting the catalogue's content stores the organisation's own copy.
    const copy = await readAs(
      await call(keys.plannerB, "POST", "/v1/datasets", { network }),
      datasetRoutes.create,
      201,
    );
    expect(copy.id).not.toBe(catalogueId);
    expect(copy.shared).toBe(false);
  });
});

describe("public paths", () => {
  it("serve /healthz, /openapi.json and /docs without a key", async () => {
    for (const path of ["/healthz", "/openapi.json", "/docs"]) {
      expect((await t.app.request(path)).status, path).toBe(200);
    }
  });
});
