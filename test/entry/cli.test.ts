import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { planSchema } from "../../models/allocation/plan-schema.ts";
import { main } from "../../src/entry/cli.ts";
import { progressBar } from "../../src/entry/io.ts";
import { networkFile } from "../support/fixtures.ts";
import { runMain } from "../support/io.ts";

const scratch = mkdtempSync(join(tmpdir(), "anodeflow-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const plan = (...args: string[]) => runMain(main, args);

const fixture = (name: string) => networkFile(name, scratch);

describe("npm run plan", () => {
  it("shows its phase on a terminal, cleared before the plan is written, and nothing on a pipe", async () => {
    const events: string[] = [];
    const code = await main(["--network", fixture("balanced.json"), "--json"], {
      stdout: () => events.push("<plan>"),
      stderr: () => {},
      // A terminal that shows progress at once, rather than after a second.
      progress: { draw: (line) => events.push(line), afterMs: 0 },
    });
    expect(code).toBe(0);
    expect(events[0]).toBe(`validating ${progressBar(0.25)}`);
    expect(events).toContain(`planning ${progressBar(0.5)}`);
    expect(events.at(-3)).toBe(`writing ${progressBar(0.75)}`);
    expect(events.slice(-2)).toEqual(["", "<plan>"]);
    const piped = await plan("--network", fixture("balanced.json"), "--json");
    expect(piped.stderr).toBe("");
  });

  it("prints each phase's milliseconds to stderr with --timings, the solve being the plan's own", async () => {
    const { code, stdout, stderr } = await plan(
      "--network",
      fixture("balanced.json"),
      "--json",
      "--timings",
    );
    expect(code).toBe(0);
    const { timings } = JSON.parse(stderr);
    const solved = JSON.parse(stdout);
    expect(Object.keys(timings).sort()).toEqual([
      "analysisMs",
      "buildAndInterpretMs",
      "buildMs",
      "cpuMs",
      "interpretMs",
      "parseMs",
      "planMs",
      "readMs",
      "serialiseMs",
      "solveMs",
      "validateMs",
      "writeMs",
    ]);
    expect(timings.solveMs).toBe(solved.solver.ms);
    expect(timings.buildAndInterpretMs + timings.solveMs).toBeCloseTo(timings.planMs, 6);
    // The plan's parts are inside it (the solve phase, not printed, holds the solver's own time).
    const parts = timings.buildMs + timings.solveMs + timings.analysisMs + timings.interpretMs;
    expect(parts).toBeLessThanOrEqual(timings.planMs + 1e-6);
    expect(timings.cpuMs).toBeGreaterThan(0);
  });

  it("prints a readable plan with the cost parts, flows and province balance", async () => {
    const { code, stdout } = await plan("--network", fixture("balanced.json"));
    expect(code).toBe(0);
    expect(stdout).toContain('Plan for "balanced": optimal');
    expect(stdout).toContain("utilisation 70.0 %");
    expect(stdout).toContain("Inter-provincial flows (1):");
    expect(stdout).toMatch(/a \(East\)\s+y \(West\)\s+rail/);
    expect(stdout).toContain("Province balance");
  });

  it("prints a period-by-period table with output, inflow by province, closing stock and marginal costs when the network has periods", async () => {
    const { code, stdout } = await plan("--network", fixture("periods-stock-build.json"));
    expect(code).toBe(0);
    expect(stdout).toContain("By period (2; tonnes in the period, kt):");
    expect(stdout).toMatch(
      /^p1\s+50\.0 %\s+1\.3\s+0\.8\s+0\.5\s+0\.8\s+0\.0\s+0\.0\s+0\.3\s+15\.0$/m,
    );
    expect(stdout).toMatch(/^West\s+0\.8\s+0\.2\s+1\.0$/m);
    expect(stdout).toMatch(/^x \(smelter, cap 0\.3\)\s+0\.3\s+0\.0$/m);
    expect(stdout).toMatch(/^West\s+250\s+300$/m);
    expect(stdout).toMatch(/^Holding stock\s+0\.0\s+15\.0$/m);
  });

  it("prints no period table for an annual network", async () => {
    const { stdout } = await plan("--network", fixture("balanced.json"));
    expect(stdout).not.toContain("By period");
  });

  it("prints the plan as JSON in the public plan format with --json", async () => {
    const { code, stdout } = await plan(
      "--network",
      fixture("lane-capacity.json"),
      "--json",
      "--solver",
      "highs",
    );
    expect(code).toBe(0);
    const parsed = planSchema.parse(JSON.parse(stdout));
    expect(parsed.objective?.value).toBeCloseTo(1250, 6);
    expect(parsed.solver.id).toBe("highs");
  });

  it("exits 3 and says so when the network is infeasible", async () => {
    const { code, stdout } = await plan("--network", fixture("infeasible-demand.json"));
    expect(code).toBe(3);
    expect(stdout).toContain("infeasible");
  });

  it("names the JSON pointer of each problem in a bad file, without a stack trace", async () => {
    const file = join(scratch, "bad.json");
    writeFileSync(
      file,
      JSON.stringify({ name: "bad", modes: [], plants: [{ id: "p" }], smelters: [] }),
    );
    const { code, stderr } = await plan("--network", file);
    expect(code).toBe(1);
    expect(stderr).toContain("/modes:");
    expect(stderr).toContain("/plants/0/capacityT:");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a file with an unknown field at any depth, naming each by its pointer", async () => {
    const file = join(scratch, "typo.json");
    const network = JSON.parse(readFileSync(fixture("balanced.json"), "utf8"));
    network.plants[1].capacityTT = network.plants[1].capacityT;
    network.option = { objective: "maxMargin" };
    writeFileSync(file, JSON.stringify(network));
    const { code, stderr } = await plan("--network", file);
    expect(code).toBe(1);
    expect(stderr).toContain('/plants/1/capacityTT: unknown field "capacityTT"');
    expect(stderr).toContain('/option: unknown field "option"');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("rejects a file that is not JSON, a missing file and an unknown solver", async () => {
    const file = join(scratch, "broken.json");
    writeFileSync(file, "{ not json");
    for (const args of [
      ["--network", file],
      ["--network", join(scratch, "missing.json")],
      ["--network", fixture("balanced.json"), "--solver", "cplex"],
      ["--bogus"],
    ]) {
      const { code, stderr } = await plan(...args);
      expect(code, args.join(" ")).toBe(1);
      expect(stderr).toMatch(/^error: /);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("skips the sensitivity analysis with --sensitivity off, the plan otherwise that of full", async () => {
    const args = ["--network", fixture("balanced.json"), "--json"];
    const [off, full] = await Promise.all([
      plan(...args, "--sensitivity", "off"),
      plan(...args, "--sensitivity", "full"),
    ]);
    expect(off.code).toBe(0);
    const [offPlan, fullPlan] = [off, full].map((r) => planSchema.parse(JSON.parse(r.stdout)));
    expect(offPlan?.sensitivity?.status).toBe("skipped");
    expect(fullPlan?.sensitivity?.status).toBe("exact");
    expect(offPlan?.objective).toEqual(fullPlan?.objective);
    expect(offPlan?.flows).toEqual(fullPlan?.flows);
    expect(offPlan?.smelters.map((s) => s.marginalCostPerT)).toEqual([null, null]);
    const text = await plan("--network", fixture("balanced.json"), "--sensitivity", "off");
    expect(text.stdout).toContain("Note: The sensitivity analysis was turned off");
    expect(text.stdout).not.toContain("Marginal cost by smelter");
  });

  it("lists --sensitivity in --help and rejects a value it does not know", async () => {
    const help = await plan("--help");
    expect(help.stdout).toMatch(/--sensitivity M\s+auto\|full\|off/);
    const { code, stderr } = await plan(
      "--network",
      fixture("balanced.json"),
      "--sensitivity",
      "some",
    );
    expect(code).toBe(1);
    expect(stderr).toContain("error: --sensitivity must be one of auto, full, off");
  });
});
