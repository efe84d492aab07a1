import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { planSchema } from "../../models/allocation/plan-schema.ts";
import { main } from "../../src/entry/cli.ts";
import { loadFixture, networkFile } from "../support/fixtures.ts";
import { runMain } from "../support/io.ts";

const scratch = mkdtempSync(join(tmpdir(), "anodeflow-cli-economics-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

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
    // Ex-VAT (formulation.md, price basis), with the fitted north-west inbound margin: 3,400-3,999.
    expect(stdout).toMatch(/inner-mongolia-smelters +3,[4-9]\d\d\.\d/);
    expect(stdout).toContain("Plants whose capacity binds");
    expect(stdout).toMatch(/Unused lanes nearest to use \(10 of \d+;/);
  });

  it("puts the figures in the JSON plan, with at most --unused-lanes lanes", async () => {
    const { stdout } = await plan(
      "--network",
      networkFile("balanced.json", scratch),
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
    const { code, stdout } = await plan(
      "--network",
      networkFile("infeasible-demand.json", scratch),
    );
    expect(code).toBe(3);
    expect(stdout).toContain("Diagnosis:");
    expect(stdout).toContain(
      "Smelter s needs 80 t, but the plants that can reach it (a) can supply only 50 t: 30 t missing.",
    );
    expect(stdout).toContain("raise plant a's capacity by 30 t");
  });

  it("prints each warning right after the status line, before the cost table", async () => {
    const { code, stdout } = await plan(
      "--network",
      networkFile("shortfall-warnings.json", scratch),
    );
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    const { expected } = loadFixture("shortfall-warnings.json");
    const warned = Object.entries(expected.warnings ?? {});
    // Line 0 is the status; the warnings follow, largest first, each with its tonnes and unit.
    expect(lines[0]).toMatch(/: optimal/);
    warned
      .sort((a, b) => b[1] - a[1])
      .forEach(([subject, tonnes], i) => {
        expect(lines[1 + i]).toMatch(new RegExp(`^WARNING \\w+ ${subject}: .* ${tonnes} t `));
      });
    expect(stdout.lastIndexOf("WARNING")).toBeLessThan(stdout.indexOf("Cost part"));
  });

  it("names the quays and export markets of an infeasible export conflict with their tonnes", async () => {
    const file = "infeasible-market-limit.json";
    const { code, stdout } = await plan("--network", networkFile(file, scratch));
    expect(code).toBe(3);
    const { network } = loadFixture(file);
    const limitT = network.markets?.[0]?.tiers.at(-1)?.upToT;
    const minExportT = network.ports[0]?.minExportT;
    expect(stdout).toContain(
      `quays: q (minimum export ${minExportT} t, ${minExportT} t on to markets)`,
    );
    expect(stdout).toContain(`export markets: gulf (sells ${limitT} t of at most ${limitT} t)`);
    expect(stdout).toContain(
      `let export market gulf take ${(minExportT ?? 0) - (limitT ?? 0)} t more`,
    );
  });
});
