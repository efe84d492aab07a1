// Contracts and lots as the page reads them: the Logistics tab's contract rows, a destination's
// binding contracts for its tooltip, the solver line of a MILP (gap, time limit, fixed-LP duals),
// and the comparison's cost lines.
import type { Comparison, Plan } from "../api.ts";
import { perT, plain, tonnes } from "../format.ts";
import { showsHubs } from "./hub-view.ts";

export type PlanContract = NonNullable<Plan["contracts"]>[number];

/** Whether the page shows the Logistics tab: the plan has hubs, corridors or contracts. */
export const showsLogistics = (plan: Plan | null | undefined): boolean =>
  showsHubs(plan) || (plan?.contracts?.length ?? 0) > 0;

/** A contract's row: tonnes and bounds as the plan gives them, its binding side in words. */
export interface ContractRow extends PlanContract {
  bindingLabel: string;
}

const bindingWords = { min: "at its minimum", max: "at its maximum" } as const;

export const contractRows = (plan: Plan): ContractRow[] =>
  (plan.contracts ?? []).map((contract) => ({
    ...contract,
    bindingLabel: contract.binding === null ? "no" : bindingWords[contract.binding],
  }));

/**
 * The tooltip lines of a smelter's or port's binding contracts: "Contract bx" with its tonnes, the
 * bound it sits at and what one more tonne of that bound costs. None where no contract binds there.
 */
export function bindingContractRows(
  plan: Plan | null | undefined,
  destination: string,
): [string, string][] {
  return (plan?.contracts ?? [])
    .filter((contract) => contract.to === destination && contract.binding !== null)
    .map((contract) => {
      const value =
        contract.marginalValuePerT === null ? "" : `, ${perT(contract.marginalValuePerT)}`;
      const side = contract.binding === "max" ? "maximum" : "minimum";
      return [`Contract ${contract.id}`, `${tonnes(contract.tonnes)} at its ${side}${value}`];
    });
}

/** Whether any flow ships in lots (the Flows tab then shows the lot size and count). */
export const shipsInLots = (plan: Plan): boolean =>
  plan.flows.some((flow) => typeof flow.lotT === "number");

/**
 * The status line under the totals: the backend and its time; for lots (a MILP) the gap it proved
 * and whether its time limit stopped it, and that the marginal figures are the fixed LP's.
 */
export function solverLine(plan: Plan): string {
  const { solver } = plan;
  const parts = [`Solved by ${solver.id} in ${plain(solver.ms, 0)} ms`];
  if (solver.mipStatus === "timeLimit") {
    const gap =
      typeof solver.mipGap === "number"
        ? `, at most ${gapPercent(solver.mipGap)} from the optimum`
        : "";
    parts.push(`MILP stopped by its time limit: the best plan with whole lots found${gap}`);
  } else if (typeof solver.mipGap === "number") {
    parts.push(`MILP optimal, gap ${gapPercent(solver.mipGap)}`);
  }
  if (plan.sensitivity?.dualsFrom === "fixedLp") parts.push("duals from the LP with lots fixed");
  return parts.join(" · ");
}

const gapPercent = (gap: number) => `${plain(gap * 100, 2)} %`;

type TotalsKey = keyof Comparison["totals"];

/** The comparison's CNY lines in the order the totals list them, with the page's names. */
const cnyLines: [TotalsKey, string][] = [
  ["totalCost", "Total cost"],
  ["productionCost", "Production"],
  ["transportCost", "Transport"],
  ["handlingCost", "Port handling"],
  ["exportFreightCost", "Export freight"],
  ["surchargeCost", "Surcharges"],
  ["hubHandlingCost", "Hub handling"],
  ["holdingCost", "Holding (closing stocks)"],
  ["carbonCost", "Carbon"],
  ["shortfallPenalty", "Shortfall penalty"],
  ["exportRevenue", "Export revenue"],
  ["domesticRevenue", "Domestic revenue"],
  ["margin", "Margin"],
];

/** Revenue and margin are better higher; every cost is better lower. */
export const higherIsBetter = new Set<TotalsKey>(["exportRevenue", "domesticRevenue", "margin"]);

/**
 * Every CNY line of the totals that either plan has (an optional part, e.g. hub handling, only
 * where a plan carries it), each in CNY per year.
 */
export const comparedCostLines = (comparison: Comparison): [TotalsKey, string][] =>
  cnyLines.filter(([key]) => {
    const entry = comparison.totals[key];
    return entry !== undefined && (entry.a !== null || entry.b !== null);
  });
