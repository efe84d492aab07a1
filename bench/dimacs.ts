// Writes a min-cost flow problem as a DIMACS "p min" file, the input of the C++ reference (bench/lemon).
import type { MinCostFlowProblem } from "../src/solvers/network-simplex/min-cost-flow.ts";

/**
 * The DIMACS min-cost flow format (as LEMON's readDimacsMin reads it): `c` comment lines, then
 * `p min <nodes> <arcs>`, an `n <id> <supply>` line for each node with a non-zero supply
 * (positive: injects), and `a <from> <to> <lower> <capacity> <cost>` for each arc in order; nodes
 * are numbered from 1, node v of the problem being v + 1. The format has no infinity: an infinite
 * capacity is written as `lower - 1` (-1 for a lower bound of 0), which LEMON reads as infinite
 * (a capacity below the lower bound). LEMON's network simplex is exact on integers only, so every
 * finite figure must be a safe integer and the supplies must balance; anything else throws.
 */
export function writeDimacsMinCostFlow(problem: MinCostFlowProblem, comment?: string): string {
  const { nodeCount, supply, source, target, lower, upper, cost } = problem;
  const integral = (what: string, value: number) => {
    if (!Number.isSafeInteger(value))
      throw new Error(`DIMACS: ${what} is ${value}, not an integer`);
    return value;
  };
  const lines: string[] = [];
  if (comment !== undefined) for (const line of comment.split("\n")) lines.push(`c ${line}`);
  lines.push(`p min ${nodeCount} ${source.length}`);
  let balance = 0;
  for (let v = 0; v < nodeCount; v++) {
    const s = integral(`the supply of node ${v}`, supply[v] as number);
    balance += s;
    if (s !== 0) lines.push(`n ${v + 1} ${s}`);
  }
  if (balance !== 0) throw new Error(`DIMACS: the supplies sum to ${balance}, not 0`);
  for (let a = 0; a < source.length; a++) {
    const low = integral(`the lower bound of arc ${a}`, lower[a] as number);
    const up = upper[a] as number;
    const capacity = up === Infinity ? low - 1 : integral(`the capacity of arc ${a}`, up);
    const c = integral(`the cost of arc ${a}`, cost[a] as number);
    lines.push(
      `a ${(source[a] as number) + 1} ${(target[a] as number) + 1} ${low} ${capacity} ${c}`,
    );
  }
  lines.push("");
  return lines.join("\n");
}
