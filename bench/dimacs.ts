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

/**
 * Reads what writeDimacsMinCostFlow writes (and LEMON reads): the same problem, a capacity below
 * its arc's lower bound read back as Infinity, nodes from 0 again. Lines other than `c`, `p`,
 * `n` and `a`, or an arc or node out of range, throw.
 */
export function readDimacsMinCostFlow(text: string): MinCostFlowProblem {
  let problem: MinCostFlowProblem | undefined;
  let arc = 0;
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    const line = text.slice(at, end);
    at = end + 1;
    const kind = line.charCodeAt(0);
    if (line === "" || kind === 99 /* c */) continue;
    const fields = line.split(" ");
    if (kind === 112 /* p */) {
      const nodeCount = Number(fields[2]);
      const arcs = Number(fields[3]);
      problem = {
        nodeCount,
        supply: new Float64Array(nodeCount),
        source: new Int32Array(arcs),
        target: new Int32Array(arcs),
        lower: new Float64Array(arcs),
        upper: new Float64Array(arcs),
        cost: new Float64Array(arcs),
      };
      continue;
    }
    if (!problem) throw new Error(`DIMACS: "${line}" before the problem line`);
    if (kind === 110 /* n */) {
      const v = Number(fields[1]) - 1;
      if (!(v >= 0 && v < problem.nodeCount)) throw new Error(`DIMACS: no node in "${line}"`);
      problem.supply[v] = Number(fields[2]);
    } else if (kind === 97 /* a */) {
      if (arc >= problem.source.length) throw new Error(`DIMACS: more arcs than the problem line`);
      const low = Number(fields[3]);
      const capacity = Number(fields[4]);
      problem.source[arc] = Number(fields[1]) - 1;
      problem.target[arc] = Number(fields[2]) - 1;
      problem.lower[arc] = low;
      problem.upper[arc] = capacity < low ? Infinity : capacity;
      problem.cost[arc] = Number(fields[5]);
      arc++;
    } else {
      throw new Error(`DIMACS: cannot read "${line.slice(0, 40)}"`);
    }
  }
  if (!problem || arc !== problem.source.length)
    throw new Error(`DIMACS: ${arc} arcs for the problem line's ${problem?.source.length}`);
  return problem;
}
