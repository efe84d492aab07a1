import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deriveLanes } from "../../models/allocation/build.ts";
import { parseNetwork } from "../../models/allocation/network.ts";
import { applyChanges } from "../../models/allocation/scenario.ts";
import { emptyForm, formToChanges, type ScenarioForm } from "../../web/src/scenario-form.ts";
import {
  applyEdit,
  datasetValue,
  type EditTarget,
  editedNetwork,
  editedValue,
  editKey,
  editOfPointer,
  filterRows,
  laneRows,
  pageOf,
  pendingEdits,
  removeEdit,
  sortRows,
} from "../../web/src/state/data-view.ts";

const parsed = parseNetwork(
  JSON.parse(readFileSync(join(import.meta.dirname, "../../data/china-2024/network.json"), "utf8")),
);
if (!parsed.ok) throw new Error("the provincial dataset does not parse");
const network = parsed.network;

/** The value, or a failed test where the fixture lacks it. */
function present<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("the dataset lacks a row these tests edit");
  return value;
}
const plant = present(network.plants[0]);
const smelter = present(network.smelters.find((s) => s.aluminiumT !== undefined));
const port = present(network.ports[0]);
const lane = present(laneRows(network)[5]);
const edits: [EditTarget, string][] = [
  [{ kind: "plantCapacity", plantId: plant.id }, "3000"],
  [{ kind: "smelterDemand", smelterId: smelter.id }, "1234.5"],
  [{ kind: "portMaxExport", portId: port.id }, "1500"],
  [{ kind: "laneCost", from: lane.from, to: lane.to, mode: lane.mode }, "80"],
  [{ kind: "laneClosed", from: lane.from, to: lane.to, mode: lane.mode }, "1"],
];
const edited = (form: ScenarioForm = emptyForm()) =>
  edits.reduce((f, [target, value]) => applyEdit(f, network, target, value), form);

describe("the Data tab's edits", () => {
  it("become the API's change kinds, in tonnes, each listed once with its change's index", () => {
    const form = edited();
    const { changes } = formToChanges(form, network);
    expect(changes).toEqual([
      { kind: "setPlantCapacity", plantId: plant.id, capacityT: 3_000_000 },
      { kind: "setPortExport", portId: port.id, maxExportT: 1_500_000 },
      { kind: "setSmelterDemand", smelterId: smelter.id, demandT: 1_234_500 },
      { kind: "setLaneCost", from: lane.from, to: lane.to, mode: lane.mode, costPerT: 80 },
      { kind: "closeLane", from: lane.from, to: lane.to, mode: lane.mode },
    ]);
    const pending = pendingEdits(form, network);
    expect(pending.map((e) => e.index)).toEqual([0, 1, 2, 3, 4]);
    expect(pending[0]?.label).toBe(`Capacity of ${plant.name}: 3,000 kt`);
    expect(pending[4]?.label).toMatch(/^Closed: .+ to .+ by (rail|road)$/);
    for (const [target, value] of edits) expect(editedValue(form, target)).toBe(value);
  });

  it("replace an earlier edit of the same cell, and go when set back to the dataset's value or blank", () => {
    const target: EditTarget = { kind: "plantCapacity", plantId: plant.id };
    let form = applyEdit(emptyForm(), network, target, "3000");
    form = applyEdit(form, network, target, "2500");
    expect(form.plants).toEqual([{ plantId: plant.id, capacityKt: "2500" }]);
    expect(applyEdit(form, network, target, String(plant.capacityT / 1000)).plants).toEqual([]);
    expect(applyEdit(form, network, target, " ").plants).toEqual([]);
    const demand: EditTarget = { kind: "smelterDemand", smelterId: smelter.id };
    const dataset = datasetValue(network, demand) ?? 0;
    expect(dataset).toBeCloseTo(
      ((smelter.aluminiumT ?? 0) * network.anodePerTonneAluminium) / 1000,
    );
    expect(applyEdit(emptyForm(), network, demand, String(dataset)).other).toEqual([]);
  });

  it("are removed one at a time; a port row keeps its minimum and price", () => {
    const form: ScenarioForm = {
      ...edited(),
      ports: [{ portId: port.id, minKt: "100", maxKt: "1500", fobPerT: "" }],
    };
    const keys = pendingEdits(form, network).map((e) => e.key);
    let left = form;
    for (const key of keys) left = removeEdit(left, key);
    expect(left.plants).toEqual([]);
    expect(left.other).toEqual([]);
    expect(left.ports).toEqual([{ portId: port.id, minKt: "100", maxKt: "", fobPerT: "" }]);
    expect(pendingEdits(left, network)).toEqual([]);
  });

  it("make the network the API makes of the same changes (Save as new dataset), lanes written out", () => {
    const form = edited();
    const mine = editedNetwork(network, form, "Edited");
    const check = parseNetwork(mine);
    expect(check.ok).toBe(true);
    const api = applyChanges(network, formToChanges(form, network).changes);
    if (!api.ok || !check.ok) throw new Error("the changes do not apply");
    expect(check.network.name).toBe("Edited");
    expect(check.network.plants).toEqual(api.network.plants);
    expect(check.network.smelters).toEqual(api.network.smelters);
    expect(check.network.ports).toEqual(api.network.ports);
    // The same lanes, km and freight as the model derives for the API's network.
    const key = (l: { from: string; to: string; mode: string }) => `${l.from}>${l.to}:${l.mode}`;
    const derived = (n: typeof network) =>
      new Map(
        deriveLanes(n).map((l) => [
          `${n.plants[l.plant]?.id}>${(l.destination.kind === "smelter" ? n.smelters : n.ports)[l.destination.index]?.id}:${n.modes[l.mode]?.id}`,
          [l.distanceKm, l.freightPerT, l.capacityT],
        ]),
      );
    const ours = derived(check.network);
    const theirs = derived(api.network);
    expect(ours.size).toBe(theirs.size);
    expect(ours.size).toBe(laneRows(network).length);
    for (const [k, v] of theirs) expect(ours.get(k)).toEqual(v);
    expect(ours.get(key(lane))).toEqual([lane.distanceKm, 80, 0]);
  });

  it("are named by a problem's pointer: /changes/{i} by the change, /network/{list}/{i} by the row", () => {
    const form = edited();
    expect(editOfPointer("/changes/2/demandT", form, network)).toBe(
      editKey({ kind: "smelterDemand", smelterId: smelter.id }),
    );
    expect(editOfPointer("/changes/9", form, network)).toBeUndefined();
    expect(editOfPointer("/network/plants/0/capacityT", form, network)).toBe(
      editKey({ kind: "plantCapacity", plantId: plant.id }),
    );
    expect(editOfPointer("/network/lanes/5/capacityT", form, network)).toBe(
      editKey({ kind: "laneClosed", from: lane.from, to: lane.to, mode: lane.mode }),
    );
    expect(editOfPointer("/network/lanes/5/costPerT", form, network)).toBe(
      editKey({ kind: "laneCost", from: lane.from, to: lane.to, mode: lane.mode }),
    );
    expect(editOfPointer("/name", form, network)).toBeUndefined();
  });
});

describe("the Data tab's tables", () => {
  const lanes = laneRows(network);
  const province = new Map(
    [...network.plants, ...network.smelters, ...network.ports].map((s) => [s.id, s.province]),
  );

  it("filter by text (any field, any case) and by province (either end of a lane)", () => {
    const yunnan = filterRows(
      lanes,
      "",
      (l) => [l.from, l.to],
      "Yunnan",
      (l) => [province.get(l.from) ?? "", province.get(l.to) ?? ""],
    );
    expect(yunnan.length).toBeGreaterThan(0);
    expect(yunnan.length).toBeLessThan(lanes.length);
    for (const l of yunnan) expect([province.get(l.from), province.get(l.to)]).toContain("Yunnan");
    const rail = filterRows(
      lanes,
      "RAIL",
      (l) => [l.mode],
      "",
      () => [],
    );
    expect(rail.length).toBe(lanes.filter((l) => l.mode === "rail").length);
  });

  it("sort numbers by size with missing values last, and page without losing a row", () => {
    const sorted = sortRows(lanes, (l) => l.freightPerT, true);
    for (let i = 1; i < sorted.length; i++)
      expect(present(sorted[i - 1]).freightPerT).toBeGreaterThanOrEqual(
        present(sorted[i]).freightPerT,
      );
    expect(sortRows([{ v: null }, { v: 2 }, { v: 1 }], (r) => r.v, false)).toEqual([
      { v: 1 },
      { v: 2 },
      { v: null },
    ]);
    const pages = pageOf(lanes, 0, 50).pages;
    expect(pages).toBe(Math.ceil(lanes.length / 50));
    const all = Array.from({ length: pages }, (_, p) => pageOf(lanes, p, 50).rows).flat();
    expect(all).toEqual(lanes);
    const last = pageOf(lanes, 10_000, 50);
    expect(last.page).toBe(pages - 1);
    expect(last.last).toBe(lanes.length);
    expect(pageOf([], 0, 50)).toMatchObject({ first: 0, last: 0, pages: 1 });
  });
});
