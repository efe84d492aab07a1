// A sweep as terminal text: the pieces of the total-cost curve and their breakpoints.
import type { Network } from "../../models/allocation/network.ts";
import type { SweepPiece, SweepResult } from "../solve/sweep.ts";
import { fixed, kt, mcny, textTable } from "./text-table.ts";

/** Parameter values to six significant digits: breakpoints can sit 1e-4 apart. */
const value = (x: number) => Number(x.toPrecision(6)).toString();

const largestMove = (piece: SweepPiece) => {
  const move = piece.plan.movedAtFrom[0];
  return move ? `${move.arc} ${kt(move.tonnesBefore)} -> ${kt(move.tonnesAfter)}` : "";
};

export function sweepToText(network: Network, sweep: SweepResult): string {
  if (sweep.status === "invalid")
    return `${sweep.issues.map((i) => `${i.pointer}: ${i.message}`).join("\n")}\n`;
  if (sweep.status !== "optimal")
    return `Sweep of "${network.name}" stopped at ${value(sweep.at)}: ${sweep.status} (${sweep.message})\n`;
  const { parameter, pieces } = sweep;
  const shape =
    sweep.moves === "costs"
      ? "it moves costs, so the curve is concave"
      : sweep.moves === "bounds"
        ? "it moves bounds, so the curve is convex"
        : "it moves nothing in the program";
  const lines = [
    `Sweep of "${network.name}": change ${parameter.change} field ${parameter.field} from ${value(parameter.from)} to ${value(parameter.to)} (${shape}); ${pieces.length} pieces, ${sweep.breakpoints.length} breakpoints, ${sweep.solves} solves in ${fixed(sweep.ms / 1000, 2)} s.`,
    "",
    "Total cost by piece (M CNY; slope: M CNY per unit of the field; flows: lanes used by the piece's plan):",
    textTable(pieces, [
      { header: "From", value: (p) => value(p.from) },
      { header: "To", value: (p) => value(p.to) },
      { header: "Cost at from", value: (p) => mcny(p.totalCostAtFrom) },
      { header: "Cost at to", value: (p) => mcny(p.totalCostAtTo) },
      { header: "Slope", value: (p) => mcny(p.slope) },
      { header: "Flows", value: (p) => String(p.plan.flowCount) },
      { header: "Largest move at from (kt)", value: largestMove, align: "left" },
    ]),
  ];
  return `${lines.join("\n")}\n`;
}
