// The page's CSV downloads hold the unit their headers name: the comparison's flows and provinces (kt, M CNY), read back from the CSV against the comparison's JSON (tonnes, CNY).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { comparePlans } from "../../models/allocation/compare.ts";
import { networkSchema } from "../../models/allocation/network.ts";
import { applyChanges } from "../../models/allocation/scenario.ts";
import { parseCsv } from "../../models/csv.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import type { Comparison } from "../../web/src/api.ts";
import { comparisonColumns } from "../../web/src/components/compare-panel.tsx";
import type { Column } from "../../web/src/components/data-table.tsx";
import { toCsv } from "../../web/src/csv.ts";
import { type FlowMove, flowMoves } from "../../web/src/state/compare-view.ts";

/** What a header's unit multiplies its number by to give the JSON's tonnes or CNY. */
const unitFactor = (header: string) =>
  header.endsWith(", kt") ? 1e3 : header.endsWith(", M CNY") ? 1e6 : undefined;

/** The CSV the table's download button makes, read back: header, then rows of fields. */
function downloaded<Row>(columns: Column<Row>[], rows: Row[]) {
  const csv = toCsv(
    columns.map((c) => c.label),
    rows.map((row) => columns.map((c) => c.value(row))),
  );
  const [header, ...body] = parseCsv(csv).map((r) => r.fields);
  return { header: header ?? [], body };
}

describe("the comparison's CSV", () => {
  it("holds kt under kt and M CNY under M CNY (rail x1.2 on the default dataset)", async () => {
    const network = networkSchema.parse(
      JSON.parse(readFileSync("data/china-2024/network.json", "utf8")),
    );
    const changed = applyChanges(network, [{ kind: "scaleModeCost", mode: "rail", factor: 1.2 }]);
    if (!changed.ok) throw new Error("change refused");
    const a = await solveNetwork(network);
    const b = await solveNetwork(changed.network);
    const comparison = comparePlans({ plan: a }, { plan: b }) as unknown as Comparison;
    expect(comparison.flows.length).toBeGreaterThan(0);
    const { flowColumns, provinceColumns } = comparisonColumns((id) => id);
    const json: Record<string, (row: never) => number> = {
      a: (f: FlowMove) => f.tonnes.a,
      b: (f: FlowMove) => f.tonnes.b,
      delta: (f: FlowMove) => f.tonnes.delta,
      cost: (f: FlowMove) => f.cost.delta,
    };
    // The table's rows: each mode switch one row, its tonnes and cost from its two lanes.
    const moves = flowMoves(comparison.flows);
    const flows = downloaded(flowColumns, moves);
    let checked = 0;
    flowColumns.forEach((column, i) => {
      const factor = unitFactor(column.label);
      const of = json[column.key];
      if (!column.numeric) return;
      expect(factor, `${column.label} names no unit`).toBeDefined();
      moves.forEach((row, r) => {
        expect(Number(flows.body[r]?.[i]) * (factor as number)).toBeCloseTo(
          (of as (row: unknown) => number)(row),
          3,
        );
        checked++;
      });
    });
    expect(checked).toBe(moves.length * 4);
    const provinces = downloaded(provinceColumns, comparison.provinces);
    provinceColumns.forEach((column, i) => {
      if (!column.numeric) return;
      expect(unitFactor(column.label), column.label).toBe(1e3);
      comparison.provinces.forEach((row, r) => {
        const key = column.key as "outputT" | "receivedT" | "exportT" | "netInflowT";
        expect(Number(provinces.body[r]?.[i]) * 1e3).toBeCloseTo(row[key].delta, 3);
      });
    });
    expect(provinces.header[0]).toBe("Province");
  });
});
