// The plan as a workbook and the flows CSV version 2: every numeric header carries its unit, and the numbers read back from the file equal the plan's JSON.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { networkSchema } from "../../models/allocation/network.ts";
import { networkToTables } from "../../models/allocation/network-tables.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { flowsSheet, planToTables } from "../../models/allocation/plan-workbook.ts";
import { csvToTable, tableToCsv } from "../../models/csv.ts";
import { main } from "../../src/entry/cli.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import { tablesToXlsx, xlsxToTables } from "../../src/workbook/xlsx.ts";
import { runMain } from "../support/io.ts";

const network = (file: string) => networkSchema.parse(JSON.parse(readFileSync(file, "utf8")));
const plans = new Map<string, Plan>();
const files = ["data/china-2024/network.json", "data/china-2024/network-monthly.json"];
beforeAll(async () => {
  for (const file of files) plans.set(file, await solveNetwork(network(file), {}));
});

const scratch = mkdtempSync(join(tmpdir(), "anodeflow-xlsx-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const sheet = (tables: { name: string }[], name: string) => {
  const found = tables.find((t) => t.name === name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found as ReturnType<typeof planToTables>[number];
};

describe("the plan workbook", () => {
  it.each(files)("%s: every numeric column's header carries its unit", async (file) => {
    const plan = plans.get(file) as Plan;
    const tables = await xlsxToTables(await tablesToXlsx(planToTables(plan)));
    const names = tables.map((t) => t.name);
    for (const name of [
      "summary",
      "flows",
      "provinces",
      "plants",
      "smelters",
      "ports",
      "marginalCosts",
    ])
      expect(names).toContain(name);
    if (file.includes("monthly"))
      for (const name of ["periods", "periodFlows", "hubs", "corridors", "contracts", "markets"])
        expect(names).toContain(name);
    for (const table of tables) {
      table.header.forEach((title, i) => {
        if (table.rows.some((row) => typeof row[i] === "number"))
          expect(title, `${table.name}: ${title}`).toMatch(/ \([^)]+\)$/);
      });
    }
    // The summary's numbers have their unit on their row.
    for (const row of sheet(tables, "summary").rows)
      if (typeof row[1] === "number") expect(row[2], String(row[0])).toEqual(expect.any(String));
  });

  it("flows sheet, read back from the file, holds the JSON's tonnes, km, CNY/t, CNY and t CO2e", async () => {
    const plan = plans.get(files[0] as string) as Plan;
    const tables = await xlsxToTables(await tablesToXlsx(planToTables(plan)));
    const flows = sheet(tables, "flows");
    expect(flows.header.slice(0, 8)).toEqual([
      "from",
      "to",
      "mode",
      "tonnes (t)",
      "distanceKm (km)",
      "costPerT (CNY/t ex-VAT)",
      "cost (CNY ex-VAT)",
      "co2T (t CO2e)",
    ]);
    expect(flows.rows).toHaveLength(plan.flows.length);
    plan.flows.forEach((flow, i) => {
      const row = flows.rows[i] ?? [];
      expect(row.slice(0, 8)).toEqual([
        flow.from,
        flow.to,
        flow.mode,
        flow.tonnes,
        flow.distanceKm,
        flow.costPerT,
        flow.cost,
        flow.co2T,
      ]);
    });
    const totals = sheet(tables, "summary").rows.find((r) => r[0] === "totals.transportCost");
    expect(totals?.[1]).toBe(plan.totals?.transportCost);
    expect(totals?.[2]).toBe("CNY ex-VAT");
  });

  it("flows CSV version 2 read back holds the JSON's numbers under the units its headers name", () => {
    const plan = plans.get(files[0] as string) as Plan;
    const table = csvToTable("flows", tableToCsv(flowsSheet(plan)));
    const column = (title: string) => table.header.indexOf(title);
    plan.flows.forEach((flow, i) => {
      const row = table.rows[i] ?? [];
      expect(Number(row[column("tonnes (t)")])).toBe(flow.tonnes);
      expect(Number(row[column("cost (CNY ex-VAT)")])).toBe(flow.cost);
      expect(Number(row[column("costPerT (CNY/t ex-VAT)")])).toBe(flow.costPerT);
    });
  });
});

describe("npm run plan with workbooks", () => {
  it("plans a network given as .xlsx as it plans the JSON, and writes the plan with --xlsx", async () => {
    const file = files[0] as string;
    const input = join(scratch, "network.xlsx");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(input, await tablesToXlsx(networkToTables(network(file))));
    const output = join(scratch, "plan.xlsx");
    const fromXlsx = await runMain(main, ["--network", input, "--json", "--xlsx", output]);
    expect(fromXlsx.code, fromXlsx.stderr).toBe(0);
    const fromJson = await runMain(main, ["--network", file, "--json"]);
    const strip = (text: string) => ({ ...JSON.parse(text), solver: null });
    expect(strip(fromXlsx.stdout)).toEqual(strip(fromJson.stdout));
    const written = await xlsxToTables(readFileSync(output));
    expect(sheet(written, "flows").rows).toHaveLength(JSON.parse(fromJson.stdout).flows.length);
  });

  it("names a workbook's bad cell by sheet, cell and pointer, exit code 1", async () => {
    const tables = networkToTables(network(files[0] as string));
    const plants = sheet(tables, "plants");
    (plants.rows[0] as unknown[])[plants.header.indexOf("capacityT")] = "plenty";
    const input = join(scratch, "bad.xlsx");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(input, await tablesToXlsx(tables));
    const run = await runMain(main, ["--network", input]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('plants!F2 (/plants/0/capacityT) "plenty" is not a number');
  });
});
