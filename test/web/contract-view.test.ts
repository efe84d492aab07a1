// Contracts and lots on the page: the Logistics tab's contract rows, a smelter's binding contract in
// its tooltip, the Flows tab's lots, the MILP's status line, the Logistics tab in the reducer and the
// comparison's cost lines, on the contracts and hubs fixtures (hand-solved optima).
import { describe, expect, it } from "vitest";
import { comparePlans } from "../../models/allocation/compare.ts";
import { applyChanges } from "../../models/allocation/scenario.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import type { Plan } from "../../web/src/api.ts";
import { describe as describeTarget } from "../../web/src/map-describe.ts";
import { geography } from "../../web/src/map-model.ts";
import { mapScene } from "../../web/src/map-scene.ts";
import {
  bindingContractRows,
  comparedCostLines,
  contractRows,
  shipsInLots,
  showsLogistics,
  solverLine,
} from "../../web/src/state/contract-view.ts";
import {
  initialState,
  type PlannerEvent,
  type PlannerState,
  plannerReducer,
} from "../../web/src/state/planner-state.ts";
import { loadFixture } from "../support/fixtures.ts";

async function solved(file: string) {
  const { network } = loadFixture(file);
  const plan: Plan = await solveNetwork(network);
  return { network, plan };
}

const run = (events: PlannerEvent[], from: PlannerState = initialState()) =>
  events.reduce(plannerReducer, from);
const shown = (plan: Plan) => ({ plan, label: plan.network });

describe("contracts and lots on the page", () => {
  it("tabulates a contract held at its minimum and says so in its smelter's tooltip", async () => {
    // contract-min-binds: contract bx holds plant b's 30 t to smelter x at its minimum; one tonne
    // more of it costs 30 CNY/t (b's dearer production).
    const { network, plan } = await solved("contracts/contract-min-binds.json");
    expect(showsLogistics(plan)).toBe(true);
    expect(contractRows(plan)).toEqual([
      {
        id: "bx",
        plants: ["b"],
        to: "x",
        tonnes: 30,
        minT: 30,
        maxT: null,
        binding: "min",
        marginalValuePerT: 30,
        bindingLabel: "at its minimum",
      },
    ]);
    expect(bindingContractRows(plan, "x")).toEqual([
      ["Contract bx", "30 t at its minimum, 30 CNY/t"],
    ]);
    const slack = {
      ...plan,
      contracts: plan.contracts?.map((c) => ({ ...c, binding: null, marginalValuePerT: 0 })),
    };
    expect(bindingContractRows(slack, "x")).toEqual([]);
    expect(contractRows(slack)[0]?.bindingLabel).toBe("no");

    const geo = geography(network);
    const site = geo.sites.find((s) => s.nodes.some((node) => node.id === "x"));
    const said = describeTarget(mapScene(geo, plan, null), { kind: "site", key: site?.key ?? "" });
    expect(said?.rows).toContainEqual(["Contract bx", "30 t at its minimum, 30 CNY/t"]);
  });

  it("shows lots in the Flows tab and the MILP's gap, its time limit and fixed-LP duals in the status line", async () => {
    // lots-rounding: plant a's rail lane ships in 3,000 t lots: 2 of them (6,000 t), 1,000 t by road.
    const { plan } = await solved("contracts/lots-rounding.json");
    expect(shipsInLots(plan)).toBe(true);
    const rail = plan.flows.find((f) => f.mode === "rail");
    expect([rail?.lotT, rail?.lotCount]).toEqual([3000, 2]);
    expect(plan.solver.mipStatus).toBe("optimal");
    const line = solverLine(plan);
    expect(line).toMatch(
      /^Solved by highs in [\d,]+ ms · MILP optimal, gap 0\.00 % · duals from the LP with lots fixed$/,
    );
    const stopped = solverLine({
      ...plan,
      solver: { ...plan.solver, mipStatus: "timeLimit", mipGap: 0.0123 },
    });
    expect(stopped).toContain(
      "MILP stopped by its time limit: the best plan with whole lots found, at most 1.23 % from the optimum",
    );
    expect(stopped).not.toContain("optimal");

    const { plan: plain } = await solved("contracts/contract-min-binds.json");
    expect(shipsInLots(plain)).toBe(false);
    expect(solverLine(plain)).toMatch(/^Solved by highs in [\d,]+ ms$/);
  });

  it("keeps the Logistics tab for a plan with contracts only and leaves it for a plain one", async () => {
    const { plan: contracts } = await solved("contracts/contract-min-binds.json");
    const { plan: lots } = await solved("contracts/lots-rounding.json");
    expect(showsLogistics(lots)).toBe(false);
    const onLogistics = run([
      { type: "solved", shown: shown(contracts) },
      { type: "tabChosen", tab: "hubs" },
    ]);
    expect(run([{ type: "solved", shown: shown(contracts) }], onLogistics).tab).toBe("hubs");
    expect(run([{ type: "solved", shown: shown(lots) }], onLogistics).tab).toBe("flows");
  });

  it("compares every cost line of the totals either plan has", async () => {
    // hubs-corridor against its corridor widened by 10 %: hub handling 5,000 -> 5,500 CNY.
    const { network, plan: a } = await solved("hubs-corridor.json");
    const wider = applyChanges(network, [
      { kind: "scaleCorridorCapacity", corridor: "nw", factor: 1.1 },
    ]);
    if (!wider.ok) throw new Error("change refused");
    const b = await solveNetwork(wider.network);
    const lines = comparedCostLines(comparePlans({ plan: a }, { plan: b }));
    expect(lines.map(([key]) => key)).toContain("hubHandlingCost");
    expect(lines.map(([key]) => key)).not.toContain("holdingCost");
    expect(lines[0]).toEqual(["totalCost", "Total cost"]);
    const { plan: periodic } = await solved("periods-stock-build.json");
    const withHolding = comparedCostLines(comparePlans({ plan: periodic }, { plan: periodic }));
    expect(withHolding.map(([key]) => key)).toContain("holdingCost");
    expect(withHolding.map(([key]) => key)).not.toContain("hubHandlingCost");
  });
});
