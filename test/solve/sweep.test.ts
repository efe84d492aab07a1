import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Change } from "../../models/allocation/change-schema.ts";
import { type Network, parseNetwork } from "../../models/allocation/network.ts";
import { applyChanges } from "../../models/allocation/scenario.ts";
import type { SweepParameter } from "../../models/allocation/sweep.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import { type SweepResult, sweepNetwork } from "../../src/solve/sweep.ts";

function dataset(path: string): Network {
  const parsed = parseNetwork(
    JSON.parse(readFileSync(join(import.meta.dirname, "../../data", path), "utf8")),
  );
  if (!parsed.ok) throw new Error(`invalid ${path}`);
  return parsed.network;
}

async function costAt(network: Network, changes: Change[], p: SweepParameter, value: number) {
  const swept = changes.map((c, i) =>
    i === p.change ? { ...c, [p.field]: value } : c,
  ) as Change[];
  const applied = applyChanges(network, swept);
  if (!applied.ok) throw new Error(applied.issues[0]?.message);
  const plan = await solveNetwork(applied.network, { sensitivity: "off" });
  return plan.objective?.value ?? Number.NaN;
}

type Swept = Extract<SweepResult, { status: "optimal" }>;

/**
 * The pieces tile the range and meet; and at every breakpoint, re-solves just either side land on
 * the two pieces' lines, whose slopes differ: the slope really changes there, and nowhere between.
 */
async function expectExactBreakpoints(
  network: Network,
  changes: Change[],
  sweep: Swept,
  shape: "concave" | "convex",
) {
  const { pieces, parameter } = sweep;
  expect(pieces[0]?.from).toBe(parameter.from);
  expect(pieces.at(-1)?.to).toBe(parameter.to);
  const relative = (x: number) => 1e-7 * Math.max(1, Math.abs(x));
  for (let k = 1; k < pieces.length; k++) {
    const [left, right] = [pieces[k - 1], pieces[k]] as [Swept["pieces"][0], Swept["pieces"][0]];
    expect(right.from).toBe(left.to);
    expect(Math.abs(right.totalCostAtFrom - left.totalCostAtTo)).toBeLessThan(
      relative(left.totalCostAtTo),
    );
    if (shape === "concave") expect(right.slope).toBeLessThan(left.slope);
    else expect(right.slope).toBeGreaterThan(left.slope);
    const b = right.from;
    const step = Math.min(1e-6, (left.to - left.from) / 4, (right.to - right.from) / 4);
    const below = await costAt(network, changes, parameter, b - step);
    const above = await costAt(network, changes, parameter, b + step);
    expect(Math.abs(below - (left.totalCostAtTo - left.slope * step))).toBeLessThan(
      relative(below),
    );
    expect(Math.abs(above - (right.totalCostAtFrom + right.slope * step))).toBeLessThan(
      relative(above),
    );
  }
}

describe("sweepNetwork", () => {
  it("gives the rail-tariff curve of the default dataset, x0.5 to x2.0, as concave pieces whose breakpoints re-solves confirm", async () => {
    const network = dataset("china-2024/network.json");
    const changes: Change[] = [{ kind: "scaleModeCost", mode: "rail", factor: 1 }];
    const parameter = { change: 0, field: "factor", from: 0.5, to: 2 };
    const sweep = await sweepNetwork(network, changes, parameter);
    if (sweep.status !== "optimal") throw new Error(JSON.stringify(sweep));
    expect(sweep.moves).toBe("costs");
    expect(sweep.breakpoints.length).toBeGreaterThan(10);
    expect(sweep.breakpoints).toHaveLength(sweep.pieces.length - 1);
    // At x1 the curve passes through the plain plan's cost.
    const one = sweep.pieces.find((p) => p.from <= 1 && p.to >= 1);
    const plain = (await solveNetwork(network, { sensitivity: "off" })).objective?.value ?? 0;
    expect(one && one.totalCostAtFrom + one.slope * (1 - one.from)).toBeCloseTo(plain, -1);
    // Each piece's plan, solved inside it, carries the year's tonnes, and at each breakpoint some
    // flow moves (the slope is the rail flow's cost, so a new slope is a new flow).
    const tonnes = (await solveNetwork(network, { sensitivity: "off" })).flows.reduce(
      (sum, f) => sum + f.tonnes,
      0,
    );
    sweep.pieces.forEach((piece, k) => {
      expect(piece.plan.at).toBeGreaterThanOrEqual(piece.from);
      expect(piece.plan.at).toBeLessThanOrEqual(piece.to);
      const carried = Object.values(piece.plan.tonnesByMode).reduce((sum, t) => sum + t, 0);
      expect(Math.abs(carried - tonnes)).toBeLessThan(1e-6 * tonnes);
      expect(piece.plan.movedAtFrom.length > 0).toBe(k > 0);
    });
    await expectExactBreakpoints(network, changes, sweep, "concave");
  }, 120_000);

  it("gives the cost of Yunnan's demand up to +30 % as convex pieces (a bounds parameter, priced by duals)", async () => {
    const network = dataset("china-2024/network.json");
    const changes: Change[] = [{ kind: "scaleDemand", province: "Yunnan", factor: 1 }];
    const parameter = { change: 0, field: "factor", from: 1, to: 1.3 };
    const sweep = await sweepNetwork(network, changes, parameter);
    if (sweep.status !== "optimal") throw new Error(JSON.stringify(sweep));
    expect(sweep.moves).toBe("bounds");
    expect(sweep.pieces.length).toBeGreaterThan(1);
    await expectExactBreakpoints(network, changes, sweep, "convex");
  }, 120_000);

  it("refuses a field that is not a number, a change that is not there, and a margin objective, naming each", async () => {
    const network = dataset("china-2024/network.json");
    const changes: Change[] = [{ kind: "scaleModeCost", mode: "rail", factor: 1 }];
    const field = await sweepNetwork(network, changes, {
      change: 0,
      field: "mode",
      from: 0,
      to: 1,
    });
    expect(field).toMatchObject({ status: "invalid", issues: [{ pointer: "/parameter/field" }] });
    const missing = await sweepNetwork(network, changes, {
      change: 1,
      field: "factor",
      from: 0,
      to: 1,
    });
    expect(missing).toMatchObject({
      status: "invalid",
      issues: [{ pointer: "/parameter/change" }],
    });
    const margin = await sweepNetwork(
      { ...network, options: { ...network.options, objective: "maxMargin" } },
      changes,
      { change: 0, field: "factor", from: 0.5, to: 2 },
    );
    expect(margin).toMatchObject({
      status: "invalid",
      issues: [{ pointer: "/network/options/objective" }],
    });
  });
});
