// A sweep as terminal text: the pieces of the total-cost curve and their breakpoints.
import type { Network } from "../../models/allocation/network.ts";
import type { SweepGridResult, SweepPiece, SweepResult } from "../solve/sweep.ts";
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

type GridRow = Extract<SweepGridResult, { rows: unknown }>["rows"][number];

/** A two-parameter sweep: one line per grid value, its pieces' ends and breakpoints. */
export function sweepGridToText(
  network: Network,
  sweep: Extract<SweepGridResult, { rows: unknown }>,
): string {
  const { parameter, grid, rows } = sweep;
  const pieces = (row: GridRow) => (row.sweep.status === "optimal" ? row.sweep.pieces : []);
  const lines = [
    `Sweep of "${network.name}": change ${parameter.change} field ${parameter.field} from ${value(parameter.from)} to ${value(parameter.to)} at each of ${rows.length} values of change ${grid.change} field ${grid.field} (${value(grid.from)} to ${value(grid.to)}).`,
    "",
    "Total cost (M CNY) at the swept range's ends, and the breakpoints (first 6) at each grid value:",
    textTable(rows, [
      { header: grid.field, value: (r) => value(r.value) },
      { header: "Status", value: (r) => r.sweep.status, align: "left" },
      {
        header: "Cost at from",
        value: (r) => (pieces(r)[0] ? mcny(pieces(r)[0]?.totalCostAtFrom ?? 0) : "-"),
      },
      {
        header: "Cost at to",
        value: (r) => (pieces(r).at(-1) ? mcny(pieces(r).at(-1)?.totalCostAtTo ?? 0) : "-"),
      },
      { header: "Pieces", value: (r) => String(pieces(r).length) },
      {
        header: `Breakpoints in ${parameter.field}`,
        value: (r) =>
          pieces(r)
            .slice(1, 7)
            .map((p) => value(p.from))
            .join(" "),
        align: "left",
      },
    ]),
  ];
  return `${lines.join("\n")}\n`;
}
