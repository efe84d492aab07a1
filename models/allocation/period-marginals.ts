// Marginal cost of each smelter's demand in each period, read off the residual network of the time-expanded program.
import type { LpResult } from "../lp.ts";
import { supplyMarginal } from "../network-flow/marginals.ts";
import { type FlowArcs, residualNetwork } from "../network-flow/residual.ts";
import { type PeriodicModel, periodicSideRows } from "./periods.ts";
import { groundPaths } from "./sensitivity.ts";

type Optimal = Extract<LpResult, { status: "optimal" }>;

/**
 * The expanded program as a flow: node 0 the ground and node i + 1 for row i; a column runs from
 * the row where it has -1 (else the ground) to the row where it has +1 (else the ground). The
 * phantom columns (shortfall, export shortfall) count as uncapped, as in sensitivity.ts: their
 * bounds move with the quantity they make up. Potentials are the rows' duals in cost form.
 */
function expandedResidual(model: PeriodicModel, result: Optimal, rowDuals: readonly number[]) {
  const side = periodicSideRows(model);
  const { lp, annual } = model;
  const sign = lp.sense === "max" ? -1 : 1;
  const m = lp.columns.length;
  const arcs: FlowArcs = {
    nodeCount: lp.rows.length + 1,
    from: new Int32Array(m),
    to: new Int32Array(m),
    cost: new Float64Array(m),
    flow: Float64Array.from(result.columnValues),
    lower: Float64Array.from(lp.columns, (c) => c.lower),
    upper: Float64Array.from(lp.columns, (c) => c.upper),
  };
  lp.columns.forEach((c, j) => {
    arcs.cost[j] = sign * c.cost;
  });
  // A node row makes a column's tail or head; a side row is no node but prices the columns it
  // counts at its dual: c_j - y_i a_ij, y_i in cost form (the Lagrangian, as sensitivity.ts).
  lp.rows.forEach((row, i) => {
    if (side.has(i)) {
      const y = sign * (rowDuals[i] ?? 0);
      for (const { column, coef } of row.terms)
        arcs.cost[column] = (arcs.cost[column] as number) - y * coef;
    } else
      for (const { column, coef } of row.terms) (coef > 0 ? arcs.to : arcs.from)[column] = i + 1;
  });
  const scale = { tonnes: 1, cost: 1 };
  lp.columns.forEach((c, j) => {
    scale.cost = Math.max(scale.cost, Math.abs(arcs.cost[j] as number), Math.abs(c.cost));
    for (const x of [c.lower, c.upper, result.columnValues[j] ?? 0])
      if (Number.isFinite(x)) scale.tonnes = Math.max(scale.tonnes, Math.abs(x));
  });
  for (const columns of model.column) {
    for (const phantom of [annual.shortfallColumn, annual.exportShortfallColumn])
      for (const j of phantom) if (j >= 0) arcs.upper[columns[j] as number] = Infinity;
  }
  const pi = new Float64Array(arcs.nodeCount);
  rowDuals.forEach((dual, i) => {
    if (!side.has(i)) pi[i + 1] = sign * dual;
  });
  return residualNetwork(arcs, pi, scale);
}

/**
 * Per period, per smelter: the cost (cost form, CNY/t) of one more tonne of that period's demand,
 * the next-tonne slope as for the annual plan; Infinity where it is infeasible. Side rows (the
 * CO2 cap, contracts, each period's corridor rows) are held at their duals: the figures hold at
 * those prices (formulation.md, "Duals and marginal costs"). Undefined without duals.
 */
export function periodSmelterMarginals(
  model: PeriodicModel,
  result: Optimal,
): Float64Array[] | undefined {
  if (!result.duals) return undefined;
  const r = expandedResidual(model, result, result.duals.rowDuals);
  const paths = groundPaths(r);
  const rowIndex = new Map(model.annual.lp.rows.map((row, i) => [row.name, i]));
  const smelterRows = model.network.smelters.map((s) => rowIndex.get(`smelter:${s.id}`) ?? -1);
  return model.row.map((rows) =>
    Float64Array.from(smelterRows, (i) => {
      const row = model.lp.rows[rows[i] as number];
      if (!row) return Number.NaN;
      return supplyMarginal(r, (rows[i] as number) + 1, row.upper, paths, { ranges: false }).next;
    }),
  );
}
