// Loads the hand-solvable networks in test/fixtures, each with its optimum written down.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Network, parseNetwork } from "../../models/allocation/network.ts";

export interface FixtureExpectation {
  status: "optimal" | "infeasible" | "unbounded";
  objective?: number;
  /** Tonnes per flow key `from>to:mode`; flows not listed must be zero. */
  flows?: Record<string, number>;
  shortfallT?: number;
}

export interface Fixture {
  file: string;
  network: Network;
  expected: FixtureExpectation;
}

export const fixturesDir = join(import.meta.dirname, "..", "fixtures");

export function loadFixture(file: string): Fixture {
  const raw = JSON.parse(readFileSync(join(fixturesDir, file), "utf8"));
  const parsed = parseNetwork(raw);
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.issues)}`);
  return { file, network: parsed.network, expected: raw.expected };
}

export const fixtureFiles = readdirSync(fixturesDir)
  .filter((f) => f.endsWith(".json"))
  .sort();
