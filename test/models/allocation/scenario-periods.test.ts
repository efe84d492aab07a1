// Scenario changes for periodic networks: setSeasonality and setInventory on the stock-build fixture.
import { describe, expect, it } from "vitest";
import type { Network } from "../../../models/allocation/network.ts";
import type { Plan } from "../../../models/allocation/plan-schema.ts";
import { applyChanges, type Change, changeSchema } from "../../../models/allocation/scenario.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { loadFixture } from "../../support/fixtures.ts";
import { expectPlanInvariants } from "../../support/plan-invariants.ts";

// Two equal periods; cheap plant a (100 CNY/t, 800 t then 200 t), dear b (300 CNY/t, 500 t a
// period); smelter x needs 500 t a period and can stock 300 t at 50 CNY/t a period. Optimum 115,000.
const base = (): Network => loadFixture("periods-stock-build.json").network;

function changed(network: Network, changes: Change[]): Network {
  const result = applyChanges(network, changes);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.network;
}

async function plan(network: Network): Promise<Plan> {
  const solved = await solveNetwork(network, { solver: "network-simplex" });
  expect(solved.status).toBe("optimal");
  expectPlanInvariants(network, solved);
  return solved;
}

const value = (p: Plan) => p.objective?.value ?? Number.NaN;
const outputs = (p: Plan) => p.periods?.map((period) => period.plants.map((row) => row.outputT));
const closing = (p: Plan) => p.periods?.map((period) => period.inventories[0]?.closingT ?? 0);
const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThan(1e-6 * Math.max(1, Math.abs(expected)));

/** The issues of a change list that fails, or a failed expectation. */
function issuesOf(network: Network, changes: unknown[]) {
  const result = applyChanges(network, changes as Change[]);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.issues;
}

describe("setSeasonality", () => {
  it("a flat profile on the cheap plant lets it make 500 t a period, so no stock is built: 100 x 1,000 = 100,000 CNY", async () => {
    const flat = await plan(
      changed(base(), [{ kind: "setSeasonality", plantId: "a", profile: [1, 1] }]),
    );
    close(value(flat), 1000 * 100);
    expect(closing(flat)).toEqual([0, 0]);
    expect(outputs(flat)).toEqual([
      [500, 0],
      [500, 0],
    ]);
  });

  it("removing the plant's profile (null) plans as the flat profile does", async () => {
    const removed = changed(base(), [{ kind: "setSeasonality", plantId: "a", profile: null }]);
    expect(removed.plants[0]?.capacityProfile).toBeUndefined();
    close(value(await plan(removed)), 1000 * 100);
  });

  it("a province's smelters take the demand profile: West needing 800 t then 200 t from a flat plant a buys 300 t of b in period 1 (stock starts empty): 700 x 100 + 300 x 300 = 160,000 CNY", async () => {
    const network = changed(base(), [
      { kind: "setSeasonality", plantId: "a", profile: [1, 1] },
      { kind: "setSeasonality", province: "West", nodes: "smelters", profile: [1.6, 0.4] },
    ]);
    expect(network.smelters[0]?.demandProfile).toEqual([1.6, 0.4]);
    const shaped = await plan(network);
    close(value(shaped), 700 * 100 + 300 * 300);
    expect(outputs(shaped)).toEqual([
      [500, 300],
      [200, 0],
    ]);
  });

  it("is an issue at /changes/0/profile when the profile's length is not the network's periods", () => {
    const issues = issuesOf(base(), [
      { kind: "setSeasonality", smelterId: "x", profile: [1, 1, 1] },
    ]);
    expect(issues).toEqual([
      {
        pointer: "/changes/0/profile",
        message: "profile has 3 multipliers but the network has 2 periods",
      },
    ]);
  });

  it("is an issue at /changes/0/profile on a network without periods", () => {
    const { periods: _, ...annual } = base();
    const plain = { ...annual, plants: annual.plants.map(({ capacityProfile: _p, ...p }) => p) };
    const smelters = plain.smelters.map(({ inventory: _i, ...s }) => s);
    const issues = issuesOf({ ...plain, smelters }, [
      { kind: "setSeasonality", plantId: "a", profile: [1, 1] },
    ]);
    expect(issues.map((issue) => issue.pointer)).toEqual(["/changes/0/profile"]);
    expect(issues[0]?.message).toMatch(/no periods/);
  });

  it("names an unknown plant at /changes/0/plantId and an empty province at /changes/1/province", () => {
    const issues = issuesOf(base(), [
      { kind: "setSeasonality", plantId: "nope", profile: [1, 1] },
      { kind: "setSeasonality", province: "Mars", nodes: "plants", profile: [1, 1] },
    ]);
    expect(issues.map((issue) => issue.pointer)).toEqual([
      "/changes/0/plantId",
      "/changes/1/province",
    ]);
  });

  it.each([
    ["two targets", { plantId: "a", smelterId: "x" }, ""],
    ["no target", {}, ""],
    ["a province without nodes", { province: "West" }, "/nodes"],
    ["nodes without a province", { plantId: "a", nodes: "plants" }, "/nodes"],
    ["an unknown field", { plantId: "a", month: 1 }, ""],
  ])("rejects %s in its schema, pointing at the change%s", (_what, target, pointer) => {
    const parsed = changeSchema.safeParse({ kind: "setSeasonality", profile: [1, 1], ...target });
    expect(parsed.success).toBe(false);
    const paths = parsed.error?.issues.map((issue) =>
      `/${issue.path.join("/")}`.replace(/\/$/, ""),
    );
    expect(paths).toContain(pointer);
  });

  it("rejects a negative multiplier at profile/1", () => {
    const parsed = changeSchema.safeParse({
      kind: "setSeasonality",
      plantId: "a",
      profile: [1, -1],
    });
    expect(parsed.error?.issues.map((issue) => issue.path)).toEqual([["profile", 1]]);
  });
});

describe("setInventory", () => {
  it("removing the smelter's stock makes b fill period 2: 700 x 100 + 300 x 300 = 160,000 CNY", async () => {
    const network = changed(base(), [{ kind: "setInventory", smelterId: "x", inventory: null }]);
    expect(network.smelters[0]?.inventory).toBeUndefined();
    const noStock = await plan(network);
    close(value(noStock), 700 * 100 + 300 * 300);
    expect(outputs(noStock)).toEqual([
      [500, 0],
      [200, 300],
    ]);
  });

  it("a stock that starts the year at 300 t meets an 800 t first period from a flat plant a, refilled in period 2: 1,000 x 100 + 300 x 50 = 115,000 CNY", async () => {
    const full = { capacityT: 300, holdingCostPerTPerPeriod: 50, initialT: 300 };
    const stocked = await plan(
      changed(base(), [
        { kind: "setSeasonality", plantId: "a", profile: [1, 1] },
        { kind: "setSeasonality", smelterId: "x", profile: [1.6, 0.4] },
        { kind: "setInventory", smelterId: "x", inventory: full },
      ]),
    );
    close(value(stocked), 1000 * 100 + 300 * 50);
    expect(closing(stocked)).toEqual([0, 300]);
  });

  it("is an issue at /changes/0/inventory on a network without periods", () => {
    const { periods: _, ...annual } = base();
    const plants = annual.plants.map(({ capacityProfile: _p, ...p }) => p);
    const stock = { capacityT: 10, holdingCostPerTPerPeriod: 1, initialT: 0 };
    const issues = issuesOf({ ...annual, plants }, [
      { kind: "setInventory", plantId: "a", inventory: stock },
    ]);
    expect(issues.map((issue) => issue.pointer)).toEqual(["/changes/0/inventory"]);
  });

  it("rejects an initial stock above its capacity at inventory/initialT, and a missing target", () => {
    const over = { capacityT: 10, holdingCostPerTPerPeriod: 1, initialT: 11 };
    const parsed = changeSchema.safeParse({ kind: "setInventory", portId: "q", inventory: over });
    expect(parsed.error?.issues.map((issue) => issue.path)).toEqual([["inventory", "initialT"]]);
    const untargeted = changeSchema.safeParse({ kind: "setInventory", inventory: null });
    expect(untargeted.error?.issues[0]?.message).toBe(
      "give exactly one of plantId, smelterId, portId",
    );
  });
});
