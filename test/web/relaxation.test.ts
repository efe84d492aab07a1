// An infeasible scenario's cheapest relaxation written as the panel's changes: applied, the plan is
// feasible and costs what the diagnosis said the relaxed plan costs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseNetwork } from "../../models/allocation/network.ts";
import { applyChanges } from "../../models/allocation/scenario.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import type { Network } from "../../web/src/api.ts";
import { relaxedForm } from "../../web/src/relaxation.ts";
import { emptyForm, formToChanges, type ScenarioForm } from "../../web/src/scenario-form.ts";

const parsed = parseNetwork(
  JSON.parse(readFileSync(join(import.meta.dirname, "../../data/china-2024/network.json"), "utf8")),
);
if (!parsed.ok) throw new Error("the provincial dataset does not parse");
const network = parsed.network as Network;

async function solveForm(form: ScenarioForm) {
  const changed = applyChanges(network, formToChanges(form, network).changes);
  if (!changed.ok) throw new Error(JSON.stringify(changed.issues));
  return solveNetwork(changed.network, { solver: "highs" });
}

describe("an infeasible plan's relaxation as the panel's changes", () => {
  it("Yunnan at 500 %: the plant capacity raised as the diagnosis says makes the plan feasible at the relaxed plan's cost", async () => {
    // Yunnan's 2.52 Mt at five times: 10.08 Mt more, and the plants have 8.418 Mt to spare
    // over demand and minimum exports, so 1.662 Mt are missing.
    const form = { ...emptyForm(), provinces: [{ province: "Yunnan", demandPct: "500" }] };
    const infeasible = await solveForm(form);
    expect(infeasible.status).toBe("infeasible");
    const diagnosis = infeasible.diagnosis;
    expect(diagnosis?.missingT).toBeCloseTo(1_662_000, -1);
    const relaxation = diagnosis?.relaxation;
    if (!relaxation) throw new Error("no relaxation");
    const relaxed = relaxedForm(network, form, relaxation.changes);
    if (!relaxed.ok) throw new Error(relaxed.unsupported.join("; "));
    // The demand row stays; each plant relaxed gets its row at its capacity plus the tonnes, rounded up.
    expect(relaxed.form.provinces).toEqual(form.provinces);
    for (const change of relaxation.changes) {
      expect(change.limit).toBe("capacity");
      const plant = network.plants.find((p) => p.id === change.id);
      const row = relaxed.form.plants.find((p) => p.plantId === change.id);
      expect(Number(row?.capacityKt) * 1000).toBe(Math.ceil((plant?.capacityT ?? 0) + change.byT));
    }
    const fixed = await solveForm(relaxed.form);
    expect(fixed.status).toBe("optimal");
    // Rounded up by under a tonne a plant: the same plan within a few CNY of the diagnosis's cost.
    expect(
      Math.abs((fixed.totals?.totalCost ?? 0) - relaxation.costOfRelaxedPlan) /
        relaxation.costOfRelaxedPlan,
    ).toBeLessThan(1e-6);
  });

  it("writes port limits, a smelter's demand, the CO2 cap and a lane on top of the panel's changes", () => {
    const capped = { ...network, options: { ...network.options, co2CapT: 1_000_000 } } as Network;
    const form: ScenarioForm = {
      ...emptyForm(),
      ports: [{ portId: "port-qingdao", minKt: "900", maxKt: "", fobPerT: "" }],
    };
    const relaxed = relaxedForm(capped, form, [
      { limit: "minExport", id: "port-qingdao", byT: 100_000.4, description: "" },
      { limit: "maxExport", id: "port-rizhao", byT: 5_000, description: "" },
      { limit: "demand", id: "yunnan-smelters", byT: 20_000, description: "" },
      { limit: "co2Cap", id: "co2Cap", byT: 12.3, description: "" },
    ]);
    if (!relaxed.ok) throw new Error(relaxed.unsupported.join("; "));
    const rizhao = network.ports.find((p) => p.id === "port-rizhao");
    expect(relaxed.form.ports).toEqual([
      // From the panel's 900 kt, not the network's minimum; rounded down to a whole tonne.
      { portId: "port-qingdao", minKt: "799.999", maxKt: "", fobPerT: "" },
      {
        portId: "port-rizhao",
        minKt: "",
        maxKt: String(((rizhao?.maxExportT ?? 0) + 5000) / 1000),
        fobPerT: "",
      },
    ]);
    expect(relaxed.form.other).toEqual([
      { kind: "setSmelterDemand", smelterId: "yunnan-smelters", demandT: 2_500_000 },
    ]);
    expect(relaxed.form.co2CapKt).toBe("1000.013");
    // The panel's own form is left as it was.
    expect(form.ports).toHaveLength(1);
  });

  it("offers no partial fix: a relaxation with a limit the panel cannot write is said in words", () => {
    const relaxed = relaxedForm(network, emptyForm(), [
      {
        limit: "capacity",
        id: "yunnan-he",
        byT: 10,
        description: "raise plant yunnan-he's capacity by 10 t",
      },
      {
        limit: "routeCapacity",
        id: "port-qingdao>asia",
        byT: 10,
        description: "raise the capacity of export route port-qingdao>asia by 10 t",
      },
    ]);
    expect(relaxed).toEqual({
      ok: false,
      unsupported: ["raise the capacity of export route port-qingdao>asia by 10 t"],
    });
  });
});
