// Runs the shared contract suite against every registered backend.
import { describe, expect, it } from "vitest";
import { isNetworkProgram } from "../../models/lp.ts";
import { createWarmNetworkSimplex } from "../../src/solvers/network-simplex/index.ts";
import { solvers } from "../../src/solvers/registry.ts";
import { contractCases, describeSolverContract } from "./contract.ts";

describe("the contract cases", () => {
  it.each(contractCases)("$name: is a network program exactly when marked so", (c) => {
    expect(isNetworkProgram(c.lp)).toBe(c.network);
  });
});

for (const solver of solvers) describeSolverContract(solver);

// The warm network simplex (one instance across the cases, so most start from another case's
// basis or cold when the shape differs) answers as the cold one does.
describe("started warm", () => describeSolverContract(createWarmNetworkSimplex()));
