import { describe, expect, it } from "vitest";
import type { Comparison } from "../../web/src/api.ts";
import { filterArcs, noFilter, shownSummary } from "../../web/src/map-filter.ts";
import { dashesAlong, southChinaSeaInset } from "../../web/src/map-inset.ts";
import { comparisonArcs, geography } from "../../web/src/map-model.ts";
import { mapScene } from "../../web/src/map-scene.ts";
import { pairModeSwitches } from "../../web/src/map-switch.ts";
import { network } from "./support/fakes.ts";

// Sites of the balanced fixture: plants a (East), b (West); smelters x (East), y (West).
const geo = geography(network);
const delta = (from: string, to: string, mode: string, a: number, b: number) => ({
  key: `${from}>${to}:${mode}`,
  from,
  to,
  mode,
  tonnes: { a, b, delta: b - a },
  change: a === 0 ? "added" : b === 0 ? "removed" : "changed",
});
// a>x moves 50 t from rail to road; a>y loses 20 t of rail and gains 30 t of road (20 moved, 10
// more); b>y loses 15 t of rail only.
const comparison = {
  flows: [
    delta("a", "x", "rail", 80, 30),
    delta("a", "x", "road", 0, 50),
    delta("a", "y", "rail", 20, 0),
    delta("a", "y", "road", 0, 30),
    delta("b", "y", "rail", 40, 25),
  ],
  provinces: [],
} as unknown as Comparison;

describe("a comparison's mode switches", () => {
  it("draws tonnes moved between modes on the same sites as one switch, and keeps what is left", () => {
    const arcs = mapScene(geo, null, comparison).arcs;
    const summary = arcs.map((arc) => [
      `${arc.from.nodes[0]?.id}>${arc.to.nodes[0]?.id}`,
      arc.switched ? `${arc.switched.fromMode}>${arc.switched.toMode}` : arc.mode,
      arc.tonnes,
    ]);
    expect(summary).toEqual([
      ["a>x", "rail>road", 50],
      ["a>y", "rail>road", 20],
      ["b>y", "rail", -15],
      ["a>y", "road", 10],
    ]);
    // The switch holds both flows, lost first; the 10 t left bows apart from the switch's curve.
    expect(arcs[0]?.flowKeys).toEqual(["a>x:rail", "a>x:road"]);
    const [, switchAy, , leftAy] = arcs;
    expect(switchAy?.d).not.toBe(leftAy?.d);
  });

  it("conserves each pair's net change, and pairs no mode with itself", () => {
    const before = comparisonArcs(comparison, geo);
    const net = (arcs: typeof before) => {
      const sum = new Map<string, number>();
      for (const arc of arcs) {
        const pair = `${arc.from.key}>${arc.to.key}`;
        // A switch moves tonnes: it adds nothing to the pair's net change.
        sum.set(pair, (sum.get(pair) ?? 0) + (arc.switched ? 0 : arc.tonnes));
      }
      return sum;
    };
    expect(Object.fromEntries(net(before))).toEqual(
      Object.fromEntries(net(pairModeSwitches(before))),
    );
    const [gain] = before.filter((arc) => arc.tonnes > 0 && !arc.switched);
    if (!gain) throw new Error("no gained arc");
    const sameMode = pairModeSwitches([gain, { ...gain, key: "lost", tonnes: -5 }]);
    expect(sameMode.some((arc) => arc.switched)).toBe(false);
  });
});

describe("the map's filters", () => {
  const arcs = mapScene(geo, null, comparison).arcs;
  it("filters by mode (a switch counts for both), by province and to the largest N", () => {
    expect(filterArcs(arcs, noFilter)).toEqual(arcs);
    expect(filterArcs(arcs, { ...noFilter, mode: "road" }).map((a) => a.tonnes)).toEqual([
      50, 20, 10,
    ]);
    expect(filterArcs(arcs, { ...noFilter, mode: "rail" }).map((a) => a.tonnes)).toEqual([
      50, 20, -15,
    ]);
    // West: smelter y and plant b; East: a and x.
    expect(filterArcs(arcs, { ...noFilter, province: "West" }).map((a) => a.tonnes)).toEqual([
      20, -15, 10,
    ]);
    expect(filterArcs(arcs, { ...noFilter, top: 2 }).map((a) => a.tonnes)).toEqual([50, 20]);
    expect(
      filterArcs(arcs, { mode: "road", province: "West", top: 1 }).map((a) => a.tonnes),
    ).toEqual([20]);
  });

  it("says how many are shown of how many", () => {
    expect(shownSummary(12, 35, false)).toBe("showing 12 of 35 flows");
    expect(shownSummary(35, 35, false)).toBe("35 flows");
    expect(shownSummary(4, 4, true)).toBe("4 changes");
    expect(shownSummary(1, 1, false)).toBe("1 flow");
  });
});

describe("the South China Sea inset", () => {
  it("spaces dashes evenly along a line, the first at its start and the last ending at its end", () => {
    // 10 units, 2 dashes each half their slot: slots of 10 / 1.5, dashes 3.33 long.
    const dashes = dashesAlong(
      [
        [0, 0],
        [4, 0],
        [10, 0],
      ],
      2,
      0.5,
    );
    expect(dashes.map(([a, b]) => [a[0], b[0]].map((v) => Math.round(v * 100) / 100))).toEqual([
      [0, 3.33],
      [6.67, 10],
    ]);
    expect(dashesAlong([[0, 0]], 3, 0.5)).toEqual([]);
  });

  it("holds ten dashes and the island groups, inside its frame", () => {
    const inset = southChinaSeaInset();
    expect(inset.line.match(/M/g)).toHaveLength(10);
    const [x, y, w, h] = inset.viewBox.split(" ").map(Number) as [number, number, number, number];
    for (const [px, py] of inset.islands) {
      expect(px).toBeGreaterThan(x);
      expect(px).toBeLessThan(x + w);
      expect(py).toBeGreaterThan(y);
      expect(py).toBeLessThan(y + h);
    }
    expect(inset.islands).toHaveLength(12);
  });
});
