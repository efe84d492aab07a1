import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseNetwork } from "../../models/allocation/network.ts";
import { changeSchema } from "../../models/allocation/scenario.ts";
import {
  type ContractRow,
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
const monthlyParsed = parseNetwork(
  JSON.parse(
    readFileSync(join(import.meta.dirname, "../../data/china-2024/network-monthly.json"), "utf8"),
  ),
);
if (!monthlyParsed.ok) throw new Error("the monthly dataset does not parse");
const monthly = monthlyParsed.network;
const months = (monthly.periods ?? []).map(() => "1");

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
    // A kind the panel has no control for (a province's profile) is kept as it is.
    const kept = { kind: "setSeasonality", province: "Henan", nodes: "plants", profile: null };
    const back = changesToForm([...changes, kept as (typeof changes)[number]]);
    expect(back).toEqual({ ...form, other: [kept] });
    expect(formToChanges(back, network).changes).toEqual([...changes, kept]);
  });

  it("finds the field behind a problem's pointer into the changes", () => {
    const fields = ["mode-rail", "anode-factor"];
    expect(fieldOfPointer("/changes/1/anodePerTonneAluminium", fields)).toBe("anode-factor");
    expect(fieldOfPointer("/changes/0", fields)).toBe("mode-rail");
    expect(fieldOfPointer("/changes/7/factor", fields)).toBeUndefined();
    expect(fieldOfPointer("/datasetId", fields)).toBeUndefined();
  });
});

describe("the contract, seasonality, hub and corridor controls", () => {
  const contract: ContractRow = {
    contract: "",
    isNew: false,
    plants: [],
    to: "",
    minKt: "",
    maxKt: "",
  };
  const season = { target: "plant:henan-std", profile: [] as string[], remove: false };

  it("sets an existing contract's bounds in t, and adds a new contract", () => {
    const form = {
      ...emptyForm(),
      contracts: [
        { ...contract, contract: "sunstone-yunnan-aluminium", minKt: "500", maxKt: "800.5" },
        {
          ...contract,
          contract: "new-link",
          isNew: true,
          plants: ["henan-std"],
          to: "henan-smelters",
          maxKt: "300",
        },
      ],
    };
    const { changes, fields, labels, problems } = formToChanges(form, monthly);
    expect(changes).toEqual([
      {
        kind: "setContract",
        contract: "sunstone-yunnan-aluminium",
        minT: 500_000,
        maxT: 800_500,
      },
      {
        kind: "setContract",
        contract: "new-link",
        plants: ["henan-std"],
        to: "henan-smelters",
        maxT: 300_000,
      },
    ]);
    for (const change of changes) expect(changeSchema.safeParse(change).success).toBe(true);
    expect(fields).toEqual(["contract-0-min", "contract-1-id"]);
    expect(labels).toEqual([
      "contract sunstone-yunnan-aluminium 500-800.5 kt",
      "new contract new-link",
    ]);
    expect(problems).toEqual({});
    expect(changesToForm(changes)).toEqual(form);
  });

  it("says why a contract row stands for no change", () => {
    const problemsOf = (row: typeof contract) =>
      formToChanges({ ...emptyForm(), contracts: [row] }, monthly);
    const existing = { ...contract, contract: "sunstone-yunnan-aluminium" };
    expect(problemsOf({ ...existing, minKt: "900", maxKt: "800" })).toMatchObject({
      changes: [],
      problems: { "contract-0-min": "The contract's minimum exceeds its maximum." },
    });
    expect(problemsOf({ ...existing, maxKt: "-1" }).problems).toEqual({
      "contract-0-max": "The contract's maximum must be a number of kt, 0 or more.",
    });
    expect(problemsOf({ ...contract, contract: "nope", minKt: "1" }).problems).toEqual({
      "contract-0": "The network has no contract nope.",
    });
    const added = { ...contract, isNew: true, to: "henan-smelters", plants: ["henan-std"] };
    expect(problemsOf({ ...added, contract: "" }).problems).toEqual({
      "contract-0-id": "Give the new contract an id: letters, digits, '_', '.' or '-', at most 64.",
    });
    expect(problemsOf({ ...added, contract: "sunstone-yunnan-aluminium" }).problems).toEqual({
      "contract-0-id": "The network already has a contract sunstone-yunnan-aluminium.",
    });
    expect(problemsOf({ ...added, contract: "x", plants: [] }).problems).toEqual({
      "contract-0-plants": "Pick at least one plant for the new contract.",
    });
    expect(problemsOf({ ...added, contract: "x", to: "" }).problems).toEqual({
      "contract-0-to": "Pick the new contract's destination.",
    });
    // Blank bounds on an existing contract stand for nothing, and say nothing.
    expect(problemsOf(existing)).toMatchObject({ changes: [], problems: {} });
  });

  it("sets a plant's, smelter's or port's profile over the periods, or removes it", () => {
    const profile = months.map((_, i) => (i === 6 ? "0.8" : "1.1"));
    const form = {
      ...emptyForm(),
      seasons: [
        { ...season, profile },
        { target: "smelter:henan-smelters", profile: [], remove: true },
      ],
    };
    const { changes, fields, labels } = formToChanges(form, monthly);
    expect(changes).toEqual([
      { kind: "setSeasonality", plantId: "henan-std", profile: profile.map(Number) },
      { kind: "setSeasonality", smelterId: "henan-smelters", profile: null },
    ]);
    for (const change of changes) expect(changeSchema.safeParse(change).success).toBe(true);
    expect(fields).toEqual(["season-0-0", "season-1-remove"]);
    expect(labels).toEqual(["henan-std profile", "henan-smelters profile removed"]);
    expect(changesToForm(changes)).toEqual(form);
  });

  it("says which period's multiplier is missing or out of range", () => {
    const problemsOf = (profile: string[], on = monthly) =>
      formToChanges({ ...emptyForm(), seasons: [{ ...season, profile }] }, on);
    const missing = months.map((m, i) => (i === 2 ? "" : m));
    expect(problemsOf(missing)).toMatchObject({
      changes: [],
      problems: { "season-0-2": "Enter a multiplier for 2024-03." },
    });
    const big = months.map((m, i) => (i === 0 ? "101" : m));
    expect(problemsOf(big).problems).toEqual({
      "season-0-0": "The multiplier for 2024-01 must be a number from 0 to 100.",
    });
    expect(problemsOf(months, network).problems).toEqual({
      "season-0": "The dataset has no periods to set a profile over.",
    });
    expect(problemsOf([])).toMatchObject({ changes: [], problems: {} });
  });

  it("closes a hub and scales a corridor's capacity", () => {
    const form = {
      ...emptyForm(),
      closedHubs: ["hub-qingdao"],
      corridors: [{ corridor: "lanxin-east", factor: "1.5" }],
    };
    const { changes, fields } = formToChanges(form, monthly);
    expect(changes).toEqual([
      { kind: "closeHub", hub: "hub-qingdao" },
      { kind: "scaleCorridorCapacity", corridor: "lanxin-east", factor: 1.5 },
    ]);
    for (const change of changes) expect(changeSchema.safeParse(change).success).toBe(true);
    expect(fields).toEqual(["hub-0", "corridor-0-factor"]);
    expect(changesToForm(changes)).toEqual(form);
    const bad = { ...emptyForm(), corridors: [{ corridor: "lanxin-east", factor: "-2" }] };
    expect(formToChanges(bad, monthly)).toMatchObject({
      changes: [],
      problems: { "corridor-0-factor": "The capacity factor must be a number, 0 or more." },
    });
  });
});
