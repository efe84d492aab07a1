// Marginal cost of each smelter's demand in each period, read off the residual network of the time-expanded program.
import { columnCount, columnValues, type LpResult, termArrays } from "../lp.ts";
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
  const m = columnCount(lp);
  // The column arrays and term arrays when the program has them: no object per column or term.
  const values = columnValues(lp);
  const arcs: FlowArcs = {
    nodeCount: lp.rows.length + 1,
    from: new Int32Array(m),
    to: new Int32Array(m),
    cost: new Float64Array(m),
    flow: Float64Array.from(result.columnValues),
    lower: values.lower.slice(0, m),
    upper: values.upper.slice(0, m),
  };
  for (let j = 0; j < m; j++) arcs.cost[j] = sign * (values.cost[j] as number);
  // A node row makes a column's tail or head; a side row is no node but prices the columns it
  // counts at its dual: c_j - y_i a_ij, y_i in cost form (the Lagrangian, as sensitivity.ts).
  const terms = termArrays(lp);
  lp.rows.forEach((_, i) => {
    const start = terms.start[i] as number;
    const end = terms.start[i + 1] as number;
    if (side.has(i)) {
      const y = sign * (rowDuals[i] ?? 0);
      for (let p = start; p < end; p++) {
        const column = terms.column[p] as number;
        arcs.cost[column] = (arcs.cost[column] as number) - y * (terms.coef[p] as number);
      }
    } else
      for (let p = start; p < end; p++)
        ((terms.coef[p] as number) > 0 ? arcs.to : arcs.from)[terms.column[p] as number] = i + 1;
  });
  const scale = { tonnes: 1, cost: 1 };
  for (let j = 0; j < m; j++) {
    const cost = Math.abs(values.cost[j] as number);
    scale.cost = Math.max(scale.cost, Math.abs(arcs.cost[j] as number), cost);
    const lower = values.lower[j] as number;
    const upper = values.upper[j] as number;
    const x = result.columnValues[j] ?? 0;
    if (Number.isFinite(lower)) scale.tonnes = Math.max(scale.tonnes, Math.abs(lower));
    if (Number.isFinite(upper)) scale.tonnes = Math.max(scale.tonnes, Math.abs(upper));
    if (Number.isFinite(x)) scale.tonnes = Math.max(scale.tonnes, Math.abs(x));
  }
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
