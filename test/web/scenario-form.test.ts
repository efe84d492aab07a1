import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseNetwork } from "../../models/allocation/network.ts";
import { changeSchema } from "../../models/allocation/scenario.ts";
import {
  changesToForm,
  emptyForm,
  fieldOfPointer,
  formToChanges,
} from "../../web/src/scenario-form.ts";

const parsed = parseNetwork(
  JSON.parse(readFileSync(join(import.meta.dirname, "../../data/china-2024/network.json"), "utf8")),
);
if (!parsed.ok) throw new Error("the provincial dataset does not parse");
const network = parsed.network;

describe("the scenario form", () => {
  it("writes the CO2 cap (kt) and the objective as the API's changes, and reads them back", () => {
    const form = { ...emptyForm(), co2CapKt: "13400", objective: "maxMargin" };
    const { changes, fields, labels } = formToChanges(form, network);
    expect(changes).toEqual([
      { kind: "setCo2Cap", co2CapT: 13_400_000 },
      { kind: "setObjective", objective: "maxMargin" },
    ]);
    expect(fields).toEqual(["co2-cap", "objective"]);
    expect(labels).toEqual(["CO2 cap 13400 kt", "most margin"]);
    expect(changesToForm(changes)).toEqual(form);
    // A cap removed has no field: kept as it is among the other changes.
    expect(changesToForm([{ kind: "setCo2Cap", co2CapT: null }]).other).toEqual([
      { kind: "setCo2Cap", co2CapT: null },
    ]);
  });

  it("makes no changes while every field is blank or 1", () => {
    const form = { ...emptyForm(), modeFactors: { rail: "1", road: "" } };
    expect(formToChanges(form, network).changes).toEqual([]);
  });

  it("turns each filled field into the typed change the API takes, in kt and percent", () => {
    const form = {
      ...emptyForm(),
      modeFactors: { rail: "1.15" },
      plants: [{ plantId: "henan-std", capacityKt: "1500" }],
      provinces: [{ province: "Yunnan", demandPct: "110" }],
      ports: [{ portId: "port-qingdao", minKt: "", maxKt: "900", fobPerT: "5200" }],
      anodeFactor: "0.476",
      carbonPricePerT: "80",
    };
    const { changes, fields } = formToChanges(form, network);
    expect(changes).toEqual([
      { kind: "scaleModeCost", mode: "rail", factor: 1.15 },
      { kind: "setPlantCapacity", plantId: "henan-std", capacityT: 1_500_000 },
      { kind: "scaleDemand", province: "Yunnan", factor: 1.1 },
      { kind: "setPortExport", portId: "port-qingdao", maxExportT: 900_000 },
      { kind: "setPortPrice", portId: "port-qingdao", fobPricePerT: 5200 },
      { kind: "setAnodeFactor", anodePerTonneAluminium: 0.476 },
      { kind: "setCarbonPrice", carbonPricePerT: 80 },
    ]);
    for (const change of changes) expect(changeSchema.safeParse(change).success).toBe(true);
    expect(fields).toEqual([
      "mode-rail",
      "plant-0-capacity",
      "province-0-demand",
      "port-0-max",
      "port-0-fob",
      "anode-factor",
      "carbon-price",
    ]);
  });

  it("reads a stored scenario's changes back into the same form, keeping kinds it has no field for", () => {
    const form = {
      ...emptyForm(),
      modeFactors: { road: "0.9" },
      plants: [{ plantId: "shandong-std", capacityKt: "4000" }],
      ports: [{ portId: "port-dalian", minKt: "10", maxKt: "60", fobPerT: "" }],
      carbonPricePerT: "50",
    };
    const { changes } = formToChanges(form, network);
    // A kind the panel has no control for (closing a hub) is kept as it is.
    const closeHub = { kind: "closeHub", hub: "tianjin-hub" };
    const back = changesToForm([...changes, closeHub as (typeof changes)[number]]);
    expect(back).toEqual({ ...form, other: [closeHub] });
    expect(formToChanges(back, network).changes).toEqual([...changes, closeHub]);
  });

  it("finds the field behind a problem's pointer into the changes", () => {
    const fields = ["mode-rail", "anode-factor"];
    expect(fieldOfPointer("/changes/1/anodePerTonneAluminium", fields)).toBe("anode-factor");
    expect(fieldOfPointer("/changes/0", fields)).toBe("mode-rail");
    expect(fieldOfPointer("/changes/7/factor", fields)).toBeUndefined();
    expect(fieldOfPointer("/datasetId", fields)).toBeUndefined();
  });
});
