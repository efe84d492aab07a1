// Two plans compared flow by flow: how warm and cold solves of one program are held to each other.
import type { Plan } from "../../models/allocation/plan-schema.ts";

/** Tonnes by lane (from>to:mode). */
export const tonnesByLane = (plan: Plan): Map<string, number> =>
  new Map(plan.flows.map((f) => [`${f.from}>${f.to}:${f.mode}`, f.tonnes]));

/** The largest difference in tonnes on any lane of either plan, t. */
export function largestFlowDifference(a: Plan, b: Plan): number {
  const x = tonnesByLane(a);
  const y = tonnesByLane(b);
  let worst = 0;
  for (const lane of new Set([...x.keys(), ...y.keys()]))
    worst = Math.max(worst, Math.abs((x.get(lane) ?? 0) - (y.get(lane) ?? 0)));
  return worst;
}
