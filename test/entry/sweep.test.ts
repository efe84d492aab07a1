import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/entry/sweep.ts";
import { runMain } from "../support/io.ts";

const twoPlants = join(import.meta.dirname, "..", "http", "fixtures", "two-plants.json");
const rail = '{"kind":"scaleModeCost","mode":"rail","factor":1}';
const sweep = (...args: string[]) =>
  runMain(main, ["--network", twoPlants, "--change", rail, "--field", "factor", ...args]);

describe("npm run sweep", () => {
  it("prints the pieces of two-plants' rail curve and what moves at each breakpoint", async () => {
    const { code, stdout } = await sweep("--from", "0.5", "--to", "3");
    expect(code).toBe(0);
    expect(stdout).toContain("3 pieces, 2 breakpoints");
    expect(stdout).toMatch(/\n\s+1\.8\s+2\.5\s/);
    expect(stdout).toContain("a>x:rail 0.1 -> 0.0");
  });

  it("prints one line per grid value of a second parameter", async () => {
    const road = '{"kind":"scaleLaneCost","from":"a","to":"x","mode":"road","factor":1}';
    const { code, stdout } = await runMain(main, [
      "--network",
      twoPlants,
      // The swept field is on the last change; the grid's on the first.
      "--change",
      road,
      "--change",
      rail,
      "--field",
      "factor",
      "--from",
      "0.5",
      "--to",
      "3",
      "--grid-change",
      "0",
      "--grid-field",
      "factor",
      "--grid-from",
      "1",
      "--grid-to",
      "2",
      "--grid-steps",
      "1",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\n\s+1\s+optimal.*\s3\s+1\.8 2\.5\n/);
    expect(stdout).toMatch(/\n\s+2\s+optimal.*\s2\s+2\.5\n/);
  });

  it("draws a progress bar on a terminal and clears it, and nothing without one", async () => {
    const lines: string[] = [];
    let stdout = "";
    const code = await main(
      ["--network", twoPlants, "--change", rail, "--field", "factor", "--from", "0.5", "--to", "3"],
      {
        stdout: (text) => {
          stdout += text;
        },
        stderr: () => {},
        // A terminal that shows progress at once, rather than after a second.
        progress: { draw: (line) => lines.push(line), afterMs: 0 },
      },
    );
    expect(code).toBe(0);
    expect(lines.at(-2)).toMatch(/^sweeping \[#{30}\] 100 % \d+ solves$/);
    expect(lines.at(-1)).toBe("");
    expect(stdout).not.toContain("sweeping");
    const piped = await sweep("--from", "0.5", "--to", "3");
    expect(piped.stderr).toBe("");
  });

  it("exits 1 naming the problem: a field that is not a number, an empty range", async () => {
    const field = await runMain(main, [
      "--network",
      twoPlants,
      "--change",
      rail,
      "--field",
      "mode",
      "--from",
      "0",
      "--to",
      "1",
    ]);
    expect(field.code).toBe(1);
    expect(field.stderr).toContain(
      '/parameter/field: change 0 (scaleModeCost) has no numeric field "mode"',
    );
    const empty = await sweep("--from", "2", "--to", "1");
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("--to: to must be greater than from");
  });
});
