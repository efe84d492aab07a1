// networkToTables / tablesToNetwork: every dataset and fixture back equal through tables and CSV; bad cells reported all at once with sheet, row, column and pointer.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Network, parseNetwork } from "../../../models/allocation/network.ts";
import {
  networkSheetNames,
  networkToTables,
  type Table,
  tablesToNetwork,
} from "../../../models/allocation/network-tables.ts";
import { csvToTable, parseCsv, tableToCsv } from "../../../models/csv.ts";
import { fixtureFiles, loadFixture } from "../../support/fixtures.ts";

const datasets = [
  "data/china-2024/network.json",
  "data/china-2024/calibrated.json",
  "data/china-2024/network-monthly.json",
  "data/china-2024/network-lots.json",
  "data/china-2024-cities/network.json",
  "data/china-2024-cities/network-monthly.json",
];

function readDataset(file: string): Network {
  const parsed = parseNetwork(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.ok) throw new Error(`${file} is invalid`);
  return parsed.network;
}

function back(tables: readonly Table[]): Network {
  const result = tablesToNetwork(tables);
  if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 5)));
  return result.network;
}

const table = (tables: readonly Table[], name: string) => {
  const found = tables.find((t) => t.name === name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
};

describe("networkToTables and tablesToNetwork", () => {
  it.each(datasets)("%s comes back equal through tables and through CSV files", (file) => {
    const network = readDataset(file);
    const tables = networkToTables(network);
    expect(back(tables)).toEqual(network);
    const csv = tables.map((t) => csvToTable(t.name, tableToCsv(t)));
    expect(back(csv)).toEqual(network);
  });

  it.each(fixtureFiles)("fixture %s comes back equal through tables", (file) => {
    const { network } = loadFixture(file);
    expect(back(networkToTables(network))).toEqual(network);
  });

  it("writes one sheet per list the network has, periods, hubs and contracts included", () => {
    const monthly = networkToTables(readDataset("data/china-2024/network-monthly.json"));
    const names = monthly.map((t) => t.name);
    for (const name of ["settings", "plants", "periods", "hubs", "legs", "corridors", "contracts"])
      expect(names).toContain(name);
    // Sheets keep the workbook's order.
    expect(names).toEqual(networkSheetNames.filter((n) => names.includes(n)));
    const plants = table(monthly, "plants");
    expect(plants.header).toContain("capacityProfile.2024-01 (multiplier)");
    expect(plants.header).toContain("productionCostPerT (CNY/t ex-VAT)");
    expect(plants.header).toContain("lat (deg N)");
    // A field whose name carries its unit keeps its name alone.
    expect(plants.header).toContain("capacityT");
  });

  it("reads the headers with or without their units", () => {
    const network = readDataset("data/china-2024/network.json");
    const tables = networkToTables(network).map((t) => ({
      ...t,
      header: t.header.map((h) => h.replace(/ \(.*\)$/, "")),
    }));
    expect(back(tables)).toEqual(network);
  });

  it("answers three bad cells with three problems, each with sheet, row, column, cell and pointer", () => {
    const tables = networkToTables(readDataset("data/china-2024/network.json"));
    const plants = table(tables, "plants");
    const capacity = plants.header.indexOf("capacityT");
    (plants.rows[3] as unknown[])[capacity] = "lots";
    const smelters = table(tables, "smelters");
    const lat = smelters.header.indexOf("lat (deg N)");
    (smelters.rows[0] as unknown[])[lat] = 200;
    const lanes = table(tables, "modes");
    const cost = lanes.header.indexOf("costPerTKm (CNY/t-km ex-VAT)");
    (lanes.rows[1] as unknown[])[cost] = -1;
    const result = tablesToNetwork(tables);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(({ message, ...where }) => where)).toEqual([
      { sheet: "plants", row: 5, column: "capacityT", cell: "F5", pointer: "/plants/3/capacityT" },
      { sheet: "modes", row: 3, column: "costPerTKm", cell: "C3", pointer: "/modes/1/costPerTKm" },
      { sheet: "smelters", row: 2, column: "lat", cell: "D2", pointer: "/smelters/0/lat" },
    ]);
    expect(result.issues[0]?.message).toBe('"lots" is not a number');
  });

  it("names unknown sheets, columns and settings, and references the schema refuses", () => {
    const tables = networkToTables(readDataset("data/china-2024/network.json"));
    const lanes: Table = {
      name: "lanes",
      header: ["from", "to", "mode", "speedKmh"],
      rows: [["nowhere", "nobody", "rail", 3]],
    };
    const settings = table(tables, "settings");
    settings.rows.push(["options.colour", "blue", null]);
    const result = tablesToNetwork([...tables, lanes, { name: "notes", header: [], rows: [] }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const where = result.issues.map((i) => `${i.sheet}!${i.cell ?? i.row ?? ""} ${i.pointer}`);
    expect(where).toEqual(
      expect.arrayContaining([
        "notes! ",
        expect.stringMatching(/^settings!A\d+ $/),
        "lanes!D1 ",
        "lanes!A2 /lanes/0/from",
        "lanes!B2 /lanes/0/to",
      ]),
    );
  });

  it("keeps an empty list apart from an absent one (a header-only sheet)", () => {
    const network = { ...readDataset("data/china-2024/network.json"), lanes: [] };
    const tables = networkToTables(network);
    expect(table(tables, "lanes").rows).toEqual([]);
    expect(back(tables).lanes).toEqual([]);
  });
});

describe("parseCsv", () => {
  it("reads quoted fields with commas, quotes and line breaks, and a BOM", () => {
    expect(parseCsv('\uFEFFa,"b,1","say ""hi""",\r\n"x\r\ny",2,,3\n').map((r) => r.fields)).toEqual(
      [
        ["a", "b,1", 'say "hi"', ""],
        ["x\r\ny", "2", "", "3"],
      ],
    );
  });

  it("refuses a quote left open", () => {
    expect(() => parseCsv('a,"b\r\n')).toThrow(/not closed/);
  });
});
