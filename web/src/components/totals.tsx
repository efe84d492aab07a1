// The plan's totals: cost by part, output and utilisation, exports, shortfall and CO2.
import type { Plan } from "../api.ts";
import { cny, percent, perT, plain, tonnes } from "../format.ts";

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
            {typeof t.surchargeCost === "number" && (
              <Figure label="Surcharges (fitted margins)" value={cny(t.surchargeCost)} />
            )}
            <Figure label="Carbon" value={cny(t.carbonCost)} />
            <Figure label="Shortfall penalty" value={cny(t.shortfallPenalty)} />
            <Figure label="Export revenue" value={cny(t.exportRevenue)} />
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
            <Figure label="Transport CO2" value={`${plain(t.co2T / 1000, 1)} kt`} />
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
