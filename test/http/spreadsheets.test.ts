// Networks as workbooks and CSV files through /v1/datasets: the default dataset's workbook uploaded again gives the same content hash; bad cells all in one 422.
import { readFileSync } from "node:fs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { networkToTables } from "../../models/allocation/network-tables.ts";
import * as routes from "../../src/http/datasets/datasets.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import { createSolvePool, type SolvePool } from "../../src/solve/pool.ts";
import { tablesToXlsx, xlsxMediaType, xlsxToTables } from "../../src/workbook/xlsx.ts";
import {
  createBaseline,
  createTestApp,
  fixture,
  jsonRequest,
  readAs,
  readProblem,
  testLimits,
} from "./support/test-app.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  const mib16 = 16 * 1024 * 1024;
  t = await createTestApp({
    limits: {
      ...testLimits,
      nodes: 20_000,
      lanes: 1_000_000,
      bodyBytes: mib16,
      offloadBodyBytes: mib16,
      workbookUnpackedBytes: 2 * mib16,
    },
  });
});
afterAll(() => t.close());

/** A real workbook with one more part: `bytes` zeros, which deflate to about a thousandth. */
async function withZeros(workbook: Uint8Array, bytes: number): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(workbook);
  zip.file("xl/media/zeros.bin", new Uint8Array(bytes));
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

const dataset = (file: string) => JSON.parse(readFileSync(file, "utf8"));

async function postJson(network: unknown) {
  const response = await t.app.request("/v1/datasets", jsonRequest("POST", { network }));
  return readAs(response, routes.create, 201);
}

const postWorkbook = (bytes: Uint8Array, query = "") =>
  t.app.request(`/v1/datasets${query}`, {
    method: "POST",
    headers: { "content-type": xlsxMediaType },
    body: bytes as Uint8Array<ArrayBuffer>,
  });

async function download(path: string, init: RequestInit = {}, from = t) {
  const response = await from.app.request(path, init);
  expect(response.status).toBe(200);
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe("a network as a workbook", () => {
  it.each(["data/china-2024/network.json", "data/china-2024/network-monthly.json"])(
    "%s downloaded as a workbook and uploaded again has the same content hash",
    async (file) => {
      const stored = await postJson(dataset(file));
      const { response, bytes } = await download(`/v1/datasets/${stored.id}?format=xlsx`);
      expect(response.headers.get("content-type")).toBe(xlsxMediaType);
      expect(response.headers.get("content-disposition")).toContain(".xlsx");
      const again = await readAs(await postWorkbook(bytes), routes.create, 200);
      expect(again.id).toBe(stored.id);
      expect(again.contentHash).toBe(stored.contentHash);
    },
  );

  it("answers the workbook for an Accept that asks for it, and at /network.xlsx", async () => {
    const stored = await postJson({ ...dataset("data/china-2024/network.json"), name: "accept" });
    const byAccept = await download(`/v1/datasets/${stored.id}`, {
      headers: { accept: xlsxMediaType },
    });
    expect(byAccept.response.headers.get("content-type")).toBe(xlsxMediaType);
    const byPath = await download(`/v1/datasets/${stored.id}/network.xlsx`);
    const sheets = (await xlsxToTables(byPath.bytes)).map((s) => s.name);
    expect(sheets).toEqual((await xlsxToTables(byAccept.bytes)).map((s) => s.name));
    expect(sheets.slice(0, 5)).toEqual(["settings", "modes", "plants", "smelters", "ports"]);
    // JSON stays the default.
    const json = await t.app.request(`/v1/datasets/${stored.id}`, { headers: { accept: "*/*" } });
    expect(json.headers.get("content-type")).toContain("application/json");
  });

  it("stores a new workbook with 201, named by ?name= or its settings sheet", async () => {
    const network = { ...dataset("data/china-2024/network.json"), name: "from a workbook" };
    const tables = networkToTables(
      (await import("../../models/allocation/network.ts")).networkSchema.parse(network),
    );
    const created = await readAs(
      await postWorkbook(await tablesToXlsx(tables), "?name=Procurement%20upload"),
      routes.create,
      201,
    );
    expect(created.name).toBe("Procurement upload");
    expect(created.stats.plants).toBe(network.plants.length);
  });

  it("answers three bad cells in one 422 with three entries: sheet, row, column, cell, pointer", async () => {
    const network = (await import("../../models/allocation/network.ts")).networkSchema.parse(
      dataset("data/china-2024/network.json"),
    );
    const tables = networkToTables(network);
    const edit = (sheet: string, row: number, column: string, value: unknown) => {
      const table = tables.find((s) => s.name === sheet);
      const index = table?.header.findIndex((h) => h.split(" ")[0] === column) ?? -1;
      (table?.rows[row] as unknown[])[index] = value;
    };
    edit("plants", 3, "capacityT", "a lot");
    edit("smelters", 0, "lat", 200);
    edit("ports", 0, "maxExportT", "unlimited");
    const response = await postWorkbook(await tablesToXlsx(tables));
    expect(response.status).toBe(422);
    const problem = await readProblem(response, routes.create, "validation_failed");
    const entries = (problem.errors ?? []).map((e) => {
      const { message, ...where } = e as Record<string, unknown>;
      expect(message).toEqual(expect.any(String));
      return where;
    });
    expect(entries).toHaveLength(3);
    expect(entries).toEqual(
      expect.arrayContaining([
        {
          sheet: "plants",
          row: 5,
          column: "capacityT",
          cell: "F5",
          pointer: "/plants/3/capacityT",
        },
        { sheet: "smelters", row: 2, column: "lat", cell: "D2", pointer: "/smelters/0/lat" },
        {
          sheet: "ports",
          row: 2,
          column: "maxExportT",
          cell: "G2",
          pointer: "/ports/0/maxExportT",
        },
      ]),
    );
  });

  it("refuses with 413 a workbook whose parts declare more than the unpacked limit, read or not", async () => {
    const stored = await postJson(fixture("infeasible.json"));
    const { bytes } = await download(`/v1/datasets/${stored.id}?format=xlsx`);
    const bomb = await withZeros(bytes, 40 * 1024 * 1024);
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    const problem = await readProblem(await postWorkbook(bomb), routes.create, "limit_exceeded");
    expect(problem.errors?.[0]?.message).toMatch(/unpack to \d+ bytes, over the limit of 33554432/);
    // Under the limit the extra part is only ignored: the tables are what count.
    const small = await withZeros(bytes, 1024 * 1024);
    expect((await readAs(await postWorkbook(small), routes.create, 200)).id).toBe(stored.id);
  });

  it("answers bytes that are not a workbook with a 422 saying so", async () => {
    const response = await postWorkbook(new TextEncoder().encode("not a zip"));
    const problem = await readProblem(response, routes.create, "validation_failed");
    expect(problem.errors?.[0]?.message).toMatch(/not a readable \.xlsx workbook/);
  });
});

describe("a workbook read on a worker thread", () => {
  let pool: SolvePool;
  let offloaded: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    pool = createSolvePool({ threads: 1 });
    offloaded = await createTestApp({
      offload: pool.runModule,
      limits: { ...testLimits, bodyBytes: 4 * 1024 * 1024 },
    });
  });
  afterAll(async () => {
    offloaded.close();
    await pool.close();
  });
  const upload = (bytes: Uint8Array) =>
    offloaded.app.request("/v1/datasets", {
      method: "POST",
      headers: { "content-type": xlsxMediaType },
      body: bytes as Uint8Array<ArrayBuffer>,
    });

  it("gives the network the main thread would, and its problems the same way", async () => {
    const network = fixture("two-plants.json");
    const json = await offloaded.app.request("/v1/datasets", jsonRequest("POST", { network }));
    const inline = await readAs(json, routes.create, 201);
    const { bytes } = await download(`/v1/datasets/${inline.id}?format=xlsx`, {}, offloaded);
    // The same content hash: the same dataset, found again.
    const there = await readAs(await upload(bytes), routes.create, 200);
    expect(there.id).toBe(inline.id);
    const bad = await readProblem(
      await upload(new TextEncoder().encode("not a zip")),
      routes.create,
      "validation_failed",
    );
    expect(bad.errors?.[0]?.message).toMatch(/not a readable \.xlsx workbook/);
    const bomb = await withZeros(bytes, 8 * 1024 * 1024);
    await readProblem(await upload(bomb), routes.create, "limit_exceeded");
  });
});

describe("a network as CSV files", () => {
  it("round-trips the monthly dataset through ?format=csv&table= and a multipart upload", async () => {
    const stored = await postJson({
      ...dataset("data/china-2024/network-monthly.json"),
      name: "monthly as CSV",
    });
    const workbook = await xlsxToTables(
      (await download(`/v1/datasets/${stored.id}?format=xlsx`)).bytes,
    );
    const form = new FormData();
    for (const { name } of workbook) {
      const { response, bytes } = await download(
        `/v1/datasets/${stored.id}?format=csv&table=${name}`,
      );
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      form.append(name, new Blob([bytes], { type: "text/csv" }), `${name}.csv`);
    }
    const again = await readAs(
      await t.app.request("/v1/datasets", { method: "POST", body: form }),
      routes.create,
      200,
    );
    expect(again.contentHash).toBe(stored.contentHash);
  });

  it("names the tables when format=csv has none", async () => {
    const stored = await postJson({ ...dataset("data/china-2024/network.json"), name: "no table" });
    const response = await t.app.request(`/v1/datasets/${stored.id}?format=csv`);
    const problem = await readProblem(response, routes.get, "invalid_parameter");
    expect(JSON.stringify(problem.errors)).toContain("plants");
  });

  it("answers an unknown table's part with a 422 naming it", async () => {
    const form = new FormData();
    form.append("plantz", new Blob(["id\r\na\r\n"]), "plantz.csv");
    const response = await t.app.request("/v1/datasets", { method: "POST", body: form });
    const problem = await readProblem(response, routes.create, "validation_failed");
    expect(problem.errors?.some((e) => "sheet" in e && e.sheet === "plantz")).toBe(true);
  });
});

describe("a plan as a workbook", () => {
  it("answers /plan.xlsx, ?format=xlsx and the xlsx Accept; flows.csv?version=2 has units, version 1 stays", async () => {
    const { scenario } = await createBaseline(t.app, fixture("two-plants.json"));
    const stored = await readAs(
      await t.app.request(`/v1/scenarios/${scenario.id}/plans`, jsonRequest("POST", {})),
      planRoutes.create,
      201,
    );
    const byPath = await download(`/v1/plans/${stored.id}/plan.xlsx`);
    expect(byPath.response.headers.get("content-type")).toBe(xlsxMediaType);
    const byQuery = await download(`/v1/plans/${stored.id}?format=xlsx`);
    const byAccept = await download(`/v1/plans/${stored.id}`, {
      headers: { accept: xlsxMediaType },
    });
    for (const { bytes } of [byPath, byQuery, byAccept]) {
      const flows = (await xlsxToTables(bytes)).find((s) => s.name === "flows");
      expect(flows?.header[3]).toBe("tonnes (t)");
      expect(flows?.rows.map((r) => r[3])).toEqual(stored.plan.flows.map((f) => f.tonnes));
    }
    const v1 = await (await t.app.request(`/v1/plans/${stored.id}/flows.csv`)).text();
    expect(v1.split("\r\n")[0]).toBe("from,to,mode,tonnes,distance_km,cost_per_t,cost_cny,co2_t");
    const v2 = await (await t.app.request(`/v1/plans/${stored.id}/flows.csv?version=2`)).text();
    expect(v2.split("\r\n")[0]).toBe(
      "from,to,mode,tonnes (t),distanceKm (km),costPerT (CNY/t ex-VAT),cost (CNY ex-VAT),co2T (t CO2e)",
    );
  });
});
