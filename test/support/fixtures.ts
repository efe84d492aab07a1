// Loads the hand-solvable networks in test/fixtures, each with its optimum written down.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Network, parseNetwork } from "../../models/allocation/network.ts";

export interface FixtureExpectation {
  status: "optimal" | "infeasible" | "unbounded";
  objective?: number;
  /** Tonnes per flow key `from>to:mode`; flows not listed must be zero. */
  flows?: Record<string, number>;
  shortfallT?: number;
  /** Tonnes sold per market id. */
  markets?: Record<string, number>;
  /** netbackPerT per port or plant id, CNY/t. */
  netbacks?: Record<string, number>;
  /** Tonnes per warning subject (smelter or port id); absent subjects must not be warned about. */
  warnings?: Record<string, number>;
  /** totals.co2ProductionT, t CO2. */
  co2ProductionT?: number;
}

export interface Fixture {
  file: string;
  network: Network;
  expected: FixtureExpectation;
}

export const fixturesDir = join(import.meta.dirname, "..", "fixtures");

export function loadFixture(file: string): Fixture {
  const raw = JSON.parse(readFileSync(join(fixturesDir, file), "utf8"));
  // The written-down answer sits beside the network; the network format is strict.
  const { expected: _, stable: __, ...network } = raw;
  const parsed = parseNetwork(network);
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.issues)}`);
  return { file, network: parsed.network, expected: raw.expected };
}

/**
 * The fixture's network alone, written to `dir`, for what reads a network file (the CLI): the
 * format is strict, so the written-down answer beside it would be an unknown field.
 */
export function networkFile(file: string, dir: string): string {
  const {
    expected: _,
    stable: __,
    ...network
  } = JSON.parse(readFileSync(join(fixturesDir, file), "utf8"));
  const path = join(dir, file.replaceAll("/", "-"));
  writeFileSync(path, JSON.stringify(network));
  return path;
}

export const fixtureFiles = readdirSync(fixturesDir)
  .filter((f) => f.endsWith(".json"))
  .sort();
