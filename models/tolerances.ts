// Every numeric tolerance of the models and solvers, named once, with what it separates.

/**
 * Tonnes below which a flow is solver noise, not a shipment: a plan lists no such flow, and two
 * plans whose tonnes differ by less move nothing.
 */
export const flowToleranceT = 1e-6;

/** Any figure closer to 0 than this is printed as 0 (rounding left by the solve). */
export const zeroTolerance = 1e-9;

/** Freight rates (CNY per tonne) that differ by less than this are rounding, not a price change. */
export const costPerTToleranceCny = 1e-9;

/**
 * Residual network, relative to the largest bound or flow (tonnes): an arc within this share of
 * that scale from its bound has no residual capacity left.
 */
export const residualFlowTolerance = 1e-9;

/**
 * Residual network, relative to the largest arc cost (CNY per tonne): two path costs within this
 * share of that scale are equal, so ties and degenerate duals are recognised.
 */
export const residualCostTolerance = 1e-7;

/**
 * Sensitivity: the next and the previous tonne's slopes are called different (the dual is
 * degenerate) only beyond this many residual cost tolerances, so noise never reads as a kink.
 */
export const degeneracyToleranceFactor = 10;

/** Infeasibility diagnosis: an elastic (relaxation) column above this many tonnes is used. */
export const relaxationUsedT = 1e-6;

/**
 * Infeasibility diagnosis: an arc closer to a bound than this (tonnes, absolute floor) or this
 * share of the bound (relative) cannot move further that way.
 */
export const boundSlackT = 1e-7;
export const boundSlackRelative = 1e-9;

/** Relative tolerance of the feasibility check of a point returned by a backend. */
export const feasibilityTolerance = 1e-6;

/**
 * Network simplex: with inexact costs, a reduced cost counts as violating only beyond this share
 * of the Big-M cost (the magnitude that rounding in the potentials grows with).
 */
export const simplexCostTolerance = 1e-12;

/** Network simplex: with inexact flows, this share of the largest supply or bound is noise. */
export const simplexFlowTolerance = 1e-9;

/**
 * Network simplex: integral data below this magnitude stays exact through every pivot (well
 * inside 2^53), so a tolerance of one half separates 0 from any nonzero violation.
 */
export const exactIntegerLimit = 2 ** 50;
