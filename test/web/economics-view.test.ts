// The Economics tab's rows, the comparison's words and mode switches, closed lanes in the panel,
// the scenarios table's rows and the several-plans lines, on hand-made plans.
import { describe, expect, it } from "vitest";
import type { Comparison, Plan, Scenario } from "../../web/src/api.ts";
import { changeInWords } from "../../web/src/change-words.ts";
import { changesToForm, emptyForm, formToChanges } from "../../web/src/scenario-form.ts";
import { flowMoves, setLines, toneOf } from "../../web/src/state/compare-view.ts";
import {
  marginalNote,
  marketsText,
  portRows,
  provinceMarginalRows,
  unusedLaneRows,
  unusedLanesLine,
} from "../../web/src/state/economics-view.ts";
import type { SavedPlan } from "../../web/src/state/planner-state.ts";
import { scenarioRows } from "../../web/src/state/scenario-table.ts";
import { network } from "./support/fakes.ts";

const plan = {
  status: "optimal",
  markets: [{ id: "gulf", name: "Gulf" }],
  ports: [
    {
      id: "qd",
      province: "Shandong",
      exportT: 900_000,
      minExportT: 500_000,
      maxExportT: 1_200_000,
      shortfallT: 0,
      netbackPerT: 3900,
      markets: [
        { market: "gulf", tonnes: 900_000, freightPerT: 500, pricePerT: 4423, netbackPerT: 3900 },
      ],
    },
    {
      id: "tj",
      province: "Tianjin",
      exportT: 0,
      minExportT: 0,
      maxExportT: 0,
      shortfallT: 0,
      netbackPerT: null,
      markets: [],
    },
  ],
  provinces: [
    {
      province: "Shandong",
      demandT: 100,
      marginalCostPerT: 2500,
      marginal: { previousTonnePerT: 2500, degenerate: false, range: { moreT: null, fewerT: 40 } },
    },
    {
      province: "Gansu",
      demandT: 50,
      marginalCostPerT: 3100,
      marginal: { previousTonnePerT: 3000, degenerate: true, range: null },
    },
    { province: "Xinjiang", demandT: 0, marginalCostPerT: null },
  ],
  unusedLanes: [
    { from: "p1", to: "s1", mode: "road", reducedCostPerT: 12 },
    { from: "p1", to: "s2", mode: "rail", reducedCostPerT: null },
    { from: "p2", to: "s1", mode: "rail", reducedCostPerT: 3 },
  ],
  unusedLaneCount: 40,
  sensitivity: {
    status: "atImpliedCarbonPrice",
    note: "The CO2 cap binds ... ranges are not computed.",
  },
} as unknown as Plan;

describe("the Economics tab's rows", () => {
  it("lists every port with its limits, exports, share of its maximum, netback and markets by name", () => {
    const [qd, tj] = portRows(plan);
    expect(qd).toMatchObject({
      minExportT: 500_000,
      maxExportT: 1_200_000,
      exportT: 900_000,
      netbackPerT: 3900,
      markets: ["Gulf"],
    });
    expect(qd?.shareOfMax).toBeCloseTo(0.75, 12);
    expect(tj).toMatchObject({ shareOfMax: null, netbackPerT: null, markets: [] });
    expect(marketsText(tj as never, true)).toBe("none (no exports)");
    expect(marketsText({ ...(qd as object), markets: [] } as never, false)).toBe("FOB at the port");
  });

  it("gives marginal costs with their ranges: open (null), computed, or not computed (undefined); provinces without demand left out", () => {
    const rows = provinceMarginalRows(plan);
    expect(rows.map((r) => r.province)).toEqual(["Shandong", "Gansu"]);
    expect(rows[0]).toMatchObject({
      marginalCostPerT: 2500,
      moreT: null,
      fewerT: 40,
      degenerate: false,
    });
    expect(rows[1]).toMatchObject({
      marginalCostPerT: 3100,
      previousTonnePerT: 3000,
      moreT: undefined,
      fewerT: undefined,
      degenerate: true,
    });
    expect(marginalNote(plan)).toContain("ranges are not computed");
    expect(
      marginalNote({ ...plan, sensitivity: { status: "exact", note: "x" } } as Plan),
    ).toBeNull();
  });

  it("lists unused lanes smallest reduced cost first, never-usable last, at most the limit, and says of how many", () => {
    expect(unusedLaneRows(plan, 10).map((l) => l.reducedCostPerT)).toEqual([3, 12, null]);
    expect(unusedLaneRows(plan, 2).map((l) => l.key)).toEqual(["p2>s1:rail", "p1>s1:road"]);
    expect(unusedLanesLine(plan, 2)).toContain("the 2 nearest to use of 40");
  });
});

describe("the comparison as read", () => {
  const flow = (from: string, to: string, mode: string, change: string, a: number, b: number) => ({
    key: `${from}>${to}:${mode}`,
    from,
    to,
    mode,
    change,
    tonnes: { a, b, delta: b - a },
    costPerT: { a: null, b: null, delta: null },
    cost: { a: a * 10, b: b * 10, delta: (b - a) * 10 },
  });
  it("pairs a lane removed and one added between the same ends as one mode switch", () => {
    const flows = [
      flow("p1", "s1", "rail", "removed", 100, 0),
      flow("p2", "s2", "rail", "changed", 50, 80),
      flow("p1", "s1", "road", "added", 0, 90),
      flow("p3", "s3", "road", "added", 0, 10),
    ] as Comparison["flows"];
    const moves = flowMoves(flows);
    expect(moves.map((m) => [m.change, m.mode])).toEqual([
      ["mode switch", "rail → road"],
      ["changed", "rail"],
      ["added", "road"],
    ]);
    expect(moves[0]).toMatchObject({
      tonnes: { a: 100, b: 90, delta: -10 },
      cost: { delta: -100 },
      focusKey: "p1>s1:road",
    });
  });

  it("puts changes in words and shows margin without a tone", () => {
    const nameOf = (id: string) =>
      ({ qd: "Qingdao", p1: "Plant one", s1: "Smelter one" })[id] ?? id;
    expect(changeInWords({ kind: "scaleModeCost", mode: "rail", factor: 1.2 }, nameOf)).toBe(
      "rail cost x1.2",
    );
    expect(changeInWords({ kind: "closeLane", from: "p1", to: "s1", mode: "rail" }, nameOf)).toBe(
      "Plant one to Smelter one by rail closed",
    );
    expect(
      changeInWords(
        { kind: "setPortExport", portId: "qd", minExportT: 500_000, maxExportT: 900_000 },
        nameOf,
      ),
    ).toBe("Qingdao exports 500.0-900.0 kt");
    expect(changeInWords({ kind: "setCo2Cap", co2CapT: 120_000 }, nameOf)).toBe("CO2 cap 120.0 kt");
    expect(toneOf("margin", new Set(["margin"]))).toBeUndefined();
    expect(toneOf("totalCost", new Set(["margin"]))).toBe("lower");
  });
});

describe("closed lanes in the scenario panel", () => {
  it("become closeLane changes, with the destination as their field, and come back from a stored scenario", () => {
    const form = {
      ...emptyForm(),
      closedLanes: [
        { from: "a", to: "x", mode: "rail" },
        { from: "", to: "x", mode: "rail" },
      ],
    };
    const { changes, fields } = formToChanges(form, network);
    expect(changes).toEqual([{ kind: "closeLane", from: "a", to: "x", mode: "rail" }]);
    expect(fields).toEqual(["lane-0-to"]);
    expect(changesToForm(changes).closedLanes).toEqual([{ from: "a", to: "x", mode: "rail" }]);
    expect(changesToForm(changes).other).toEqual([]);
  });
});

describe("the scenarios table and the several-plans lines", () => {
  const saved = (id: string, scenarioId: string, totalCost: number) =>
    ({
      id,
      scenarioId,
      name: scenarioId,
      status: "optimal",
      label: id,
      createdAt: "",
      totals: {
        totalCost,
        productionCost: 0,
        transportCost: totalCost,
        carbonCost: 0,
        co2T: totalCost / 10,
        exportT: 0,
        shortfallT: 0,
      },
    }) as unknown as SavedPlan;
  it("lists each plan, then each scenario without a plan, with its plan count", () => {
    const scenarios = new Map(
      ["sc_1", "sc_2"].map((id) => [id, { id, name: `${id} name` } as unknown as Scenario]),
    );
    const rows = scenarioRows([saved("pl_2", "sc_1", 2), saved("pl_1", "sc_1", 1)], scenarios);
    expect(rows.map((r) => [r.key, r.planId, r.planCount, r.status])).toEqual([
      ["pl_2", "pl_2", 2, "optimal"],
      ["pl_1", "pl_1", 2, "optimal"],
      ["sc_2", null, 0, "not solved"],
    ]);
  });

  it("gives each measure per plan with its difference from the first", () => {
    const lines = setLines([saved("a", "a", 100e6), saved("b", "b", 130e6), saved("c", "c", 90e6)]);
    const total = lines.find((l) => l.key === "totalCost");
    expect(total?.values).toEqual([100, 130, 90]);
    expect(total?.deltas).toEqual([null, 30, -10]);
    // Transport CO2 of a tenth of the cost in tonnes: 10,000 / 13,000 / 9,000 kt.
    expect(lines.find((l) => l.key === "co2T")?.deltas).toEqual([null, 3000, -1000]);
    // A measure no plan has is left out.
    expect(lines.some((l) => l.key === "co2TotalT")).toBe(false);
  });
});
