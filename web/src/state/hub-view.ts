// A plan with hubs as the page reads it: each flow's route leg by leg and in words, and the hub and
// corridor rows of the Hubs tab (the year's, or a period's through period-view.ts).
import type { Plan } from "../api.ts";

export type PlanHub = NonNullable<Plan["hubs"]>[number];
export type PlanCorridor = NonNullable<Plan["corridors"]>[number];
export type HubKind = PlanHub["kind"];

export const hubKindNames: Record<HubKind, string> = {
  port: "Port",
  railHub: "Rail hub",
  riverPort: "River port",
};

/** One leg of a route: plant or hub to hub, smelter or port, by one mode. */
export interface RouteStep {
  from: string;
  to: string;
  mode: string;
}

interface Routed {
  from: string;
  to: string;
  mode: string;
  route?: readonly RouteStep[] | undefined;
}

/** Whether the page shows hubs: the plan has hubs or corridors (a plan without reads as before). */
export const showsHubs = (plan: Plan | null | undefined): boolean =>
  (plan?.hubs?.length ?? 0) + (plan?.corridors?.length ?? 0) > 0;

/**
 * A flow's legs: the plan's `route` where it has one, else read from its mode, which names the hub
 * after each leg but the last (`coastal@f+rail`; ids hold no '@', '+' or space), as a comparison's
 * flows carry no route. A direct lane is one leg, and so is a leg straight from plant to
 * destination (`rail leg`).
 */
export function routeSteps(flow: Routed): RouteStep[] {
  if (flow.route && flow.route.length > 0)
    return flow.route.map(({ from, to, mode }) => ({ from, to, mode }));
  const parts = flow.mode.split("+");
  let at = flow.from;
  return parts.map((part, i) => {
    const [leg = part, hub] = part.split("@");
    const mode = leg.replace(/ leg$/, "");
    const to = i < parts.length - 1 && hub !== undefined ? hub : flow.to;
    const step = { from: at, to, mode };
    at = to;
    return step;
  });
}

/** The mode a flow is drawn in: a one-leg flow's (a lane and a leg by rail join), else its route's label. */
export function drawnMode(flow: Routed): string {
  const steps = routeSteps(flow);
  return steps.length === 1 ? (steps[0]?.mode ?? flow.mode) : flow.mode;
}

/** The hubs a flow passes through, in order; none for a direct lane. */
export const viaHubs = (flow: Routed): string[] =>
  routeSteps(flow)
    .slice(0, -1)
    .map((step) => step.to);

/**
 * The route in words, each leg's mode with the hub it reaches: "coastal → Fangchenggang → rail"; a
 * flow of one leg by its mode as the plan names it ("rail", or "rail leg" beside the rail lane).
 */
export function routeLabel(flow: Routed, hubName: (id: string) => string): string {
  const steps = routeSteps(flow);
  if (steps.length === 1) return flow.mode;
  return steps
    .map((step, i) => (i < steps.length - 1 ? `${step.mode} → ${hubName(step.to)}` : step.mode))
    .join(" → ");
}

/** Each hub's name by id, for route labels; the id where the plan has no such hub. */
export function hubNamer(plan: Pick<Plan, "hubs">): (id: string) => string {
  const names = new Map((plan.hubs ?? []).map((hub) => [hub.id, hub.name]));
  return (id) => names.get(id) ?? id;
}

/** Used over capacity, 0..1; null without a capacity (unlimited) or with none at all. */
const share = (usedT: number, capacityT: number | null) =>
  capacityT === null || capacityT <= 0 ? null : usedT / capacityT;

/** A hub's row of the Hubs tab: tonnes (in the year or the period), CNY and CNY/t. */
export interface HubRow extends PlanHub {
  utilisation: number | null;
}

export const hubRows = (plan: Plan): HubRow[] =>
  (plan.hubs ?? []).map((hub) => ({ ...hub, utilisation: share(hub.throughputT, hub.capacityT) }));

export interface CorridorRow extends PlanCorridor {
  utilisation: number | null;
}

export const corridorRows = (plan: Plan): CorridorRow[] =>
  (plan.corridors ?? []).map((c) => ({ ...c, utilisation: share(c.usedT, c.capacityT) }));
