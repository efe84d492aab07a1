// The plan's totals: cost by part, output and utilisation, exports, shortfall and CO2.
import type { Plan } from "../api.ts";
import { cny, percent, perT, plain, tonnes } from "../format.ts";
import { co2ByScope } from "../state/plan-view.ts";

export function Totals({ plan, label }: { plan: Plan; label: string }) {
  const t = plan.totals;
  return (
    <section class="totals" aria-labelledby="totals-title">
      <h2 id="totals-title">Totals</h2>
      <p class="plan-label" data-testid="plan-label">
        {label}
      </p>
      {t === null ? (
        <p class="status-bad" data-testid="plan-status">
          The plan is {plan.status}
          {plan.message ? `: ${plan.message}` : ""}. It has no totals.
        </p>
      ) : (
        <>
          <dl class="figures">
            <Figure label="Total cost" value={cny(t.totalCost)} strong testId="total-cost" />
            <Figure label="Production" value={cny(t.productionCost)} />
            <Figure label="Transport" value={cny(t.transportCost)} testId="transport-cost" />
            <Figure label="Port handling" value={cny(t.handlingCost)} />
            {t.exportFreightCost ? (
              <Figure label="Export freight (port to market)" value={cny(t.exportFreightCost)} />
            ) : null}
            <Figure label="Carbon" value={cny(t.carbonCost)} />
            <Figure label="Shortfall penalty" value={cny(t.shortfallPenalty)} />
            <Figure label="Export revenue" value={cny(t.exportRevenue)} />
            {t.domesticRevenue ? (
              <Figure label="Domestic revenue" value={cny(t.domesticRevenue)} />
            ) : null}
          </dl>
          <dl class="figures">
            <Figure label="Output" value={tonnes(t.outputT)} />
            <Figure
              label="Utilisation"
              value={`${percent(t.utilization)} of ${tonnes(t.capacityT)}`}
            />
            <Figure label="High-efficiency share" value={percent(t.highEfficiencyShare)} />
            <Figure label="Delivered" value={`${tonnes(t.deliveredT)} of ${tonnes(t.demandT)}`} />
            <Figure label="Exports" value={tonnes(t.exportT)} />
            <Figure
              label="Shortfall"
              value={tonnes(t.shortfallT)}
              warn={t.shortfallT > 0}
              testId="shortfall"
            />
            {co2ByScope(t).map(({ scope, t: co2 }) => (
              <Figure key={scope} label={scope} value={`${plain(co2 / 1000, 1)} kt`} />
            ))}
            {typeof t.impliedCarbonPricePerT === "number" && (
              <Figure label="Implied carbon price" value={perT(t.impliedCarbonPricePerT)} />
            )}
          </dl>
          <p class="solver-note">
            Solved by {plan.solver.id} in {plain(plan.solver.ms, 0)} ms
          </p>
        </>
      )}
    </section>
  );
}

function Figure(props: {
  label: string;
  value: string;
  strong?: boolean;
  warn?: boolean;
  testId?: string;
}) {
  return (
    <div class={`figure${props.strong ? " strong" : ""}${props.warn ? " warn" : ""}`}>
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{props.value}</dd>
    </div>
  );
}
