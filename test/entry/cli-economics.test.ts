import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planSchema } from "../../models/allocation/plan-schema.ts";
import { main } from "../../src/entry/cli.ts";
import { fixturesDir } from "../support/fixtures.ts";
import { runMain } from "../support/io.ts";

const plan = (...args: string[]) => runMain(main, args);

describe("npm run plan: the economics", () => {
  it("prints the regional mismatch with the calibration line, marginal costs and unused lanes for the default dataset", async () => {
    const { code, stdout } = await plan();
    expect(code).toBe(0);
    expect(stdout).toContain("Province balance and regional mismatch, surplus first");
    const table = stdout.slice(stdout.indexOf("regional mismatch"));
    // Henan and Shandong head the table; Inner Mongolia closes it.
    const order = ["Henan", "Shandong", "Yunnan", "Inner Mongolia"].map((p) =>
      table.indexOf(`\n${p} `),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(stdout).toMatch(
      /Calibration: .* minus Shandong: \d+ CNY\/t .*observed 2024 delivered-price spread 398-726 CNY\/t ex-VAT/,
    );
    expect(stdout).toContain("Marginal cost by smelter (CNY/t: the cost of the NEXT tonne");
    // Ex-VAT (formulation.md, price basis): about 3,500 CNY/t.
    expect(stdout).toMatch(/inner-mongolia-smelters +3,[45]\d\d\.\d/);
    expect(stdout).toContain("Plants whose capacity binds");
    expect(stdout).toMatch(/Unused lanes nearest to use \(10 of \d+;/);
  });

  it("puts the figures in the JSON plan, with at most --unused-lanes lanes", async () => {
    const { stdout } = await plan(
      "--network",
      join(fixturesDir, "balanced.json"),
      "--json",
      "--unused-lanes",
      "0",
    );
    const parsed = planSchema.parse(JSON.parse(stdout));
    expect(parsed.smelters[0]?.marginalCostPerT).toBeCloseTo(21, 9);
    expect(parsed.unusedLanes).toEqual([]);
    expect(parsed.unusedLaneCount).toBe(1);
  });

  it("explains an infeasible network instead of printing a bare status", async () => {
    const { code, stdout } = await plan("--network", join(fixturesDir, "infeasible-demand.json"));
    expect(code).toBe(3);
    expect(stdout).toContain("Diagnosis:");
    expect(stdout).toContain(
      "Smelter s needs 80 t, but the plants that can reach it (a) can supply only 50 t: 30 t missing.",
    );
    expect(stdout).toContain("raise plant a's capacity by 30 t");
  });
});
