import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CONTRACT_ROWS,
  CORRIDOR_ROWS,
  contracts,
  corridorLegs,
  corridors,
  HUB_ROWS,
  hubs,
  LEG_ROWS,
  legs,
  modes,
  railRoute,
  withLogistics,
} from "../../data/china-2024/logistics.ts";
import { buildAllocationModel } from "../../models/allocation/build.ts";
import { modeSchema, type Network, networkSchema } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { solveNetwork } from "../../src/solve/solve.ts";

const file = new URL("../../data/china-2024/network.json", import.meta.url);
const network: Network = networkSchema.parse(JSON.parse(readFileSync(file, "utf8")));
const plantIds = new Set(network.plants.map((p) => p.id));
const smelterIds = new Set(network.smelters.map((s) => s.id));
const portIds = new Set(network.ports.map((p) => p.id));
const hubIds = new Set(hubs.map((h) => h.id));
const kindOf = new Map(hubs.map((h) => [h.id, h.kind]));

describe("data/china-2024/logistics.ts against network.json", () => {
  it("gives every hub a unique id no plant, smelter or port has, a place in China and a handling cost", () => {
    expect(hubIds.size).toBe(hubs.length);
    for (const h of hubs) {
      expect(plantIds.has(h.id) || smelterIds.has(h.id) || portIds.has(h.id), h.id).toBe(false);
      expect(h.lat, h.id).toBeGreaterThan(18);
      expect(h.lat, h.id).toBeLessThan(54);
      expect(h.lon, h.id).toBeGreaterThan(73);
      expect(h.lon, h.id).toBeLessThan(135);
      expect(h.handlingCostPerT, h.id).toBeGreaterThan(0);
      expect(h.handlingCostPerT, h.id).toBeLessThan(100);
    }
    // Coastal ports 30 CNY/t per end with 9 % VAT (brief 2 §3b), river ports 25.
    expect(hubs.find((h) => h.id === "hub-qingdao")?.handlingCostPerT).toBe(27.52);
    expect(hubs.find((h) => h.id === "hub-wuhan")?.handlingCostPerT).toBe(22.94);
  });

  it("defines coastal and river as modes of the network format, cheaper per t-km than rail", () => {
    const rail = network.modes.find((m) => m.id === "rail");
    for (const mode of modes) {
      expect(() => modeSchema.parse(mode), mode.id).not.toThrow();
      expect(network.modes.some((m) => m.id === mode.id)).toBe(false);
      expect(mode.costPerTKm).toBeLessThan(rail?.costPerTKm ?? 0);
    }
    // Qingdao -> Fangchenggang: 20 + 0.0209 x 2,630 = 75 CNY/t with VAT, the midpoint of 60-90.
    const coastal = modes.find((m) => m.id === "coastal");
    const seaKm =
      legs.find((l) => l.from === "hub-qingdao" && l.to === "hub-fangchenggang")?.km ?? 0;
    expect(seaKm).toBe(2_630);
    expect(((coastal?.fixedCostPerT ?? 0) + (coastal?.costPerTKm ?? 0) * seaKm) * 1.09).toBeCloseTo(
      75,
      0,
    );
  });

  it("runs every leg from a plant or hub to a hub, smelter or port, by a known mode", () => {
    const modeIds = new Set([...network.modes, ...modes].map((m) => m.id));
    const corridorIds = new Set(corridors.map((c) => c.id));
    for (const leg of legs) {
      const name = `${leg.from}>${leg.to}`;
      expect(plantIds.has(leg.from) || hubIds.has(leg.from), name).toBe(true);
      expect(hubIds.has(leg.to) || smelterIds.has(leg.to) || portIds.has(leg.to), name).toBe(true);
      expect(modeIds.has(leg.mode), name).toBe(true);
      expect(leg.km ?? -1, name).toBeGreaterThanOrEqual(0);
      expect(leg.km ?? Infinity, name).toBeLessThan(5_000);
      if (leg.corridor) expect(corridorIds.has(leg.corridor), name).toBe(true);
      if (leg.mode === "coastal")
        expect([kindOf.get(leg.from), kindOf.get(leg.to)]).toEqual(["port", "port"]);
      if (leg.mode === "river")
        expect([kindOf.get(leg.from), kindOf.get(leg.to)]).toEqual(["riverPort", "riverPort"]);
    }
    // Every hub is passed through: something arrives and something leaves.
    for (const id of hubIds) {
      expect(
        legs.some((l) => l.to === id),
        `into ${id}`,
      ).toBe(true);
      expect(
        legs.some((l) => l.from === id),
        `out of ${id}`,
      ).toBe(true);
    }
  });

  it("takes rail and road km and corridors from the dataset's land routes, as its lanes", () => {
    for (const row of LEG_ROWS) {
      if (row.mode !== "rail" && row.mode !== "road") continue;
      if (row.provenance.label !== "DERIVED") continue;
      const route = railRoute(network, row.from, row.to, row.mode);
      expect(route?.km, `${row.from}>${row.to}`).toBeCloseTo(row.km ?? Number.NaN, 1);
      expect(route?.corridors[0], `${row.from}>${row.to}`).toBe(row.corridor);
    }
    // The Shandong -> Beibu Gulf ports cross nothing; from there into Yunnan is the Nankun line.
    expect(railRoute(network, "hub-fangchenggang", "yunnan-smelters")?.corridors).toEqual([
      "nankun-west",
    ]);
    expect(railRoute(network, "henan-std", "yunnan-smelters")?.corridors).toEqual(["guikun-west"]);
    // A haul over two corridors lists them in the order it crosses them; its leg names the first.
    expect(railRoute(network, "xinjiang-he", "inner-mongolia-smelters")?.corridors).toEqual([
      "lanxin-east",
      "baolan-north",
    ]);
    expect(railRoute(network, "inner-mongolia-he", "xinjiang-smelters")?.corridors).toEqual([
      "baolan-south",
      "lanxin-west",
    ]);
    const haul = corridorLegs(network).find(
      (l) => l.from === "xinjiang-he" && l.to === "inner-mongolia-smelters",
    );
    expect(haul?.corridor).toBe("lanxin-east");
  });

  it("names contracts' plants and destinations that exist, with floors within the destination's demand", () => {
    const factor = network.anodePerTonneAluminium;
    for (const c of contracts) {
      for (const p of c.plants) expect(plantIds.has(p), `${c.id}: ${p}`).toBe(true);
      expect(smelterIds.has(c.to) || portIds.has(c.to), c.id).toBe(true);
      const smelter = network.smelters.find((s) => s.id === c.to);
      const demandT = smelter?.demandT ?? (smelter?.aluminiumT ?? 0) * factor;
      expect(c.minT ?? 0, c.id).toBeGreaterThan(0);
      expect(c.minT ?? 0, c.id).toBeLessThanOrEqual(demandT);
      if (c.maxT !== undefined) expect(c.minT ?? 0).toBeLessThanOrEqual(c.maxT);
    }
  });

  it("labels every hub, leg, corridor capacity and contract with its basis", () => {
    for (const row of [...HUB_ROWS, ...LEG_ROWS, ...CONTRACT_ROWS]) {
      expect(["Sourced", "DERIVED", "ESTIMATE"]).toContain(row.provenance.label);
      expect(row.provenance.basis.length).toBeGreaterThan(20);
    }
    // One 3,000 t train a day is 1.095 Mt/yr; westbound Lanxin two.
    expect(CORRIDOR_ROWS.find((c) => c.id === "guikun-west")?.capacityT).toBe(1_095_000);
    expect(CORRIDOR_ROWS.find((c) => c.id === "lanxin-west")?.capacityT).toBe(2_190_000);
  });

  describe("in the default annual plan", () => {
    let plan: Plan;
    let routed: Plan;
    const extended = withLogistics(network);
    beforeAll(async () => {
      plan = await solveNetwork(network, { solver: "network-simplex" });
      routed = await solveNetwork(networkSchema.parse(extended), { solver: "highs" });
    });

    it("adds the fields and modes to the network and leaves the rest as it was", () => {
      const { hubs: h, legs: l, corridors: c, contracts: k, modes: m, ...rest } = extended;
      const { modes: before, ...unchanged } = network;
      expect(rest).toEqual(unchanged);
      expect(m.map((x) => x.id)).toEqual([...before.map((x) => x.id), "coastal", "river"]);
      // Ships and barges imply no plant-to-destination lanes (else 55 direct ones, 73,328 M CNY).
      expect(m.filter((x) => x.impliedLanes === false).map((x) => x.id)).toEqual([
        "coastal",
        "river",
      ]);
      expect([h.length, c.length, k.length, l.length]).toEqual([
        hubs.length,
        corridors.length,
        contracts.length,
        legs.length,
      ]);
      expect(withLogistics(extended).modes).toHaveLength(m.length);
    });

    it("counts every rail lane over a corridor's links in its row, a haul over two corridors in both", () => {
      const model = buildAllocationModel(networkSchema.parse(extended));
      const lane = model.lanes.findIndex(
        (x) =>
          network.plants[x.plant]?.id === "xinjiang-he" &&
          x.destination.kind === "smelter" &&
          network.smelters[x.destination.index]?.id === "inner-mongolia-smelters" &&
          network.modes[x.mode]?.id === "rail",
      );
      const ids = (model.laneCorridor[lane] ?? []).map((c) => extended.corridors[c]?.id);
      expect(ids.sort()).toEqual(["baolan-north", "lanxin-east"]);
      // Road lanes over the same links do not count (the corridors are rail only).
      for (const corridor of corridors) {
        const row = model.lp.rows[model.corridorRow[corridors.indexOf(corridor)] as number];
        expect(row?.terms.length, corridor.id).toBeGreaterThan(0);
        for (const t of row?.terms ?? [])
          expect(model.lp.columns[t.column]?.name, corridor.id).toMatch(/:rail$/);
      }
    });

    it("costs what the plain network costs, with no corridor over a third of its capacity", () => {
      expect(routed.status).toBe("optimal");
      // Measured: 74,672.4 M CNY both ways; no route through a hub (all-rail is cheaper).
      expect(
        Math.abs((routed.totals?.totalCost ?? 0) - (plan.totals?.totalCost ?? 0)),
      ).toBeLessThan(1e3);
      const used = new Map(routed.corridors?.map((c) => [c.id, c.usedT]));
      for (const c of routed.corridors ?? []) expect(c.usedT, c.id).toBeLessThan(c.capacityT / 3);
      // lanxin-east 257.5 kt (Xinjiang out), baolan-north 340 kt, guikun-west 320 kt (Yunnan in).
      expect(used.get("baolan-north")).toBeCloseTo(340_000, -3);
      expect(used.get("guikun-west")).toBeCloseTo(320_000, -3);
      expect(used.get("lanxin-east")).toBeCloseTo(257_500, -3);
    });

    it("already meets every contract floor, so the contracts hold without binding", () => {
      for (const c of contracts) {
        const sentT = plan.flows
          .filter((f) => c.plants.includes(f.from) && f.to === c.to)
          .reduce((sum, f) => sum + f.tonnes, 0);
        expect(sentT, c.id).toBeGreaterThanOrEqual(c.minT ?? 0);
      }
    });
  });
});
