// A plan as tables with the unit in every numeric header: the sheets of the plan workbook and the flows CSV's version 2.
import type { Cell, Table } from "./network-tables.ts";
import type { Plan } from "./plan-schema.ts";

/**
 * The unit of a plan field by its name, as the plan format's descriptions give them. Money is
 * CNY ex-VAT; tonnes are per year in annual tables and per period in period tables. Undefined: a
 * field whose unit the table must not guess (a test holds every numeric column to have one).
 */
export function planFieldUnit(field: string): string | undefined {
  const leaf = field.slice(field.lastIndexOf(".") + 1);
  const exact: Record<string, string> = {
    impliedCarbonPricePerT: "CNY/t CO2e",
    utilization: "share 0-1",
    highEfficiencyShare: "share 0-1",
    weight: "share of the year",
    ms: "ms",
    mipGap: "relative",
    lotCount: "lots",
    value: "CNY ex-VAT",
    tonnes: "t",
    margin: "CNY ex-VAT",
    revenue: "CNY ex-VAT",
    cost: "CNY ex-VAT",
    unusedLaneCount: "lanes",
  };
  if (exact[leaf] !== undefined) return exact[leaf];
  if (/^co2.*T$/.test(leaf)) return "t CO2e";
  if (/PerT$/.test(leaf)) return "CNY/t ex-VAT";
  if (/(Cost|Revenue|Penalty)$/.test(leaf)) return "CNY ex-VAT";
  if (/Km$/.test(leaf) || leaf === "km") return "km";
  if (/T$/.test(leaf)) return "t";
  return undefined;
}

/** A column header: the JSON field, then its unit in brackets where it has one. */
export const planHeader = (field: string) => {
  const unit = planFieldUnit(field);
  return unit === undefined ? field : `${field} (${unit})`;
};

type Row = Record<string, unknown>;

/** Scalar leaves of a row as dotted fields; lists of text joined by "; ", lists of objects left out. */
function flatten(row: Row, prefix = "", into: Map<string, Cell> = new Map()) {
  for (const [key, value] of Object.entries(row)) {
    const field = prefix + key;
    if (value === undefined) continue;
    if (value === null || typeof value !== "object") into.set(field, value as Cell);
    else if (Array.isArray(value)) {
      if (value.every((v) => typeof v === "string")) into.set(field, value.join("; "));
    } else flatten(value as Row, `${field}.`, into);
  }
  return into;
}

/** One row per object, a column per scalar field any of them has, in first-seen order. */
export function rowsTable(name: string, rows: readonly object[], first: readonly string[] = []) {
  const flat = rows.map((row) => flatten(row as Row));
  const fields = [...first];
  const seen = new Set(fields);
  for (const row of flat)
    for (const field of row.keys())
      if (!seen.has(field)) {
        seen.add(field);
        fields.push(field);
      }
  return {
    name,
    header: fields.map(planHeader),
    rows: flat.map((row) => fields.map((field) => row.get(field) ?? null)),
  };
}

/** The summary sheet: field | value | unit for the status, objective, totals and solver. */
function summaryTable(plan: Plan): Table {
  const rows: Cell[][] = [
    ["network", plan.network, null],
    ["status", plan.status, null],
  ];
  if (plan.message !== undefined) rows.push(["message", plan.message, null]);
  const add = (prefix: string, value: object | null | undefined) => {
    if (value === null || value === undefined) return;
    for (const [field, cell] of flatten(value as Row, prefix))
      rows.push([field, cell, planFieldUnit(field) ?? null]);
  };
  add("objective.", plan.objective);
  add("totals.", plan.totals);
  add("solver.", plan.solver);
  if (plan.sensitivity !== undefined) add("sensitivity.", plan.sensitivity);
  if (plan.unusedLaneCount !== undefined)
    rows.push(["unusedLaneCount", plan.unusedLaneCount, "lanes"]);
  for (const note of plan.notes ?? []) rows.push(["note", note, null]);
  if (plan.diagnosis?.summary !== undefined) rows.push(["diagnosis", plan.diagnosis.summary, null]);
  return { name: "summary", header: ["field", "value (in the row's unit)", "unit"], rows };
}

/** Marginal costs of smelters, plants (capacity value) and ports in one table, with their ranges. */
function marginalCostsTable(plan: Plan): Table {
  const rows = [
    ...plan.smelters.map((s) => ({
      kind: "smelter",
      id: s.id,
      province: s.province,
      figure: "marginalCostPerT",
      valuePerT: s.marginalCostPerT ?? null,
      surchargePerT: s.marginalSurchargePerT,
      ...s.marginal,
    })),
    ...plan.plants.map((p) => ({
      kind: "plant",
      id: p.id,
      province: p.province,
      figure: "capacityValuePerT",
      valuePerT: p.capacityValuePerT ?? null,
      ...p.capacityValue,
    })),
    ...plan.ports.map((p) => ({
      kind: "port",
      id: p.id,
      province: p.province,
      figure: "marginalCostPerT",
      valuePerT: p.marginalCostPerT ?? null,
      ...p.marginal,
    })),
  ];
  return rowsTable("marginalCosts", rows, ["kind", "id", "province", "figure", "valuePerT"]);
}

/** The flows sheet; the flows CSV's version 2 is this table. */
export const flowsSheet = (plan: Plan): Table =>
  rowsTable("flows", plan.flows, [
    "from",
    "to",
    "mode",
    "tonnes",
    "distanceKm",
    "costPerT",
    "cost",
    "co2T",
  ]);

/**
 * The plan as sheets: summary, warnings, flows, provinces, plants, smelters, ports, marginal costs,
 * then those the plan has: markets, contracts, surcharges, hubs, corridors, periods (one row per
 * period, and per period and node for flows, output, deliveries, exports, stocks, hubs and corridors), unused lanes.
 */
export function planToTables(plan: Plan): Table[] {
  const tables: Table[] = [summaryTable(plan)];
  const add = (name: string, rows: readonly object[] | undefined, first: string[] = []) => {
    if (rows !== undefined) tables.push(rowsTable(name, rows, first));
  };
  add("warnings", plan.warnings, ["code", "subject", "tonnes", "message"]);
  tables.push(flowsSheet(plan));
  add("provinces", plan.provinces);
  add("plants", plan.plants);
  add("smelters", plan.smelters);
  add("ports", plan.ports, ["id", "province", "exportT", "minExportT", "maxExportT", "shortfallT"]);
  tables.push(marginalCostsTable(plan));
  add("markets", plan.markets);
  add(
    "marketTiers",
    plan.markets?.flatMap((m) => m.tiers.map((tier) => ({ market: m.id, ...tier }))),
  );
  if (plan.markets !== undefined)
    add(
      "portMarkets",
      plan.ports.flatMap((p) => (p.markets ?? []).map((m) => ({ port: p.id, ...m }))),
      ["port", "market", "tonnes", "freightPerT", "pricePerT", "netbackPerT"],
    );
  add("contracts", plan.contracts);
  add("surcharges", plan.surcharges);
  add("hubs", plan.hubs);
  add("corridors", plan.corridors);
  if (plan.periods !== undefined) {
    add(
      "periods",
      plan.periods.map((p) => {
        const { flows, plants, smelters, ports, inventories, hubs, corridors, ...rest } = p;
        return rest;
      }),
    );
    const perPeriod = (
      part: "flows" | "plants" | "smelters" | "ports" | "inventories" | "hubs" | "corridors",
    ) =>
      plan.periods?.flatMap(
        (p) =>
          ((p as Row)[part] as object[] | undefined)?.map((row) => ({ period: p.id, ...row })) ??
          [],
      );
    add("periodFlows", perPeriod("flows"));
    add("periodPlants", perPeriod("plants"));
    add("periodSmelters", perPeriod("smelters"));
    add("periodPorts", perPeriod("ports"), [
      "period",
      "id",
      "receivedT",
      "exportT",
      "shortfallT",
      "minExportT",
      "maxExportT",
    ]);
    add("periodStocks", perPeriod("inventories"), [
      "period",
      "id",
      "kind",
      "openingT",
      "closingT",
      "capacityT",
      "holdingCost",
    ]);
    if (plan.hubs !== undefined) add("periodHubs", perPeriod("hubs"));
    if (plan.corridors !== undefined) add("periodCorridors", perPeriod("corridors"));
  }
  add("unusedLanes", plan.unusedLanes, ["from", "to", "mode", "reducedCostPerT"]);
  return tables;
}
