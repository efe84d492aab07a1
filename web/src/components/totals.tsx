// The plan's totals: cost by part, output and utilisation, exports, shortfall and CO2 by scope; for
// an infeasible plan, its diagnosis.
import type { Plan } from "../api.ts";
import { cny, percent, perT, plain, tonnes } from "../format.ts";
import type { RelaxedForm } from "../relaxation.ts";
import { solverLine } from "../state/contract-view.ts";
import { co2ByScope } from "../state/plan-view.ts";

/**
 * `period`: the period the map shows, when one is chosen; the totals stay the year's and say so.
 * `relaxed`: an infeasible plan's relaxation as the panel's changes, applied by `onRelax`.
 */
export function Totals({
  plan,
  label,
  period,
  relaxed,
  onRelax,
  busy,
}: {
  plan: Plan;
  label: string;
  period?: string;
  relaxed?: RelaxedForm | null;
  onRelax?: () => void;
  busy?: boolean;
}) {
  const t = plan.totals;
  return (
    <section class="totals" aria-labelledby="totals-title">
      <h2 id="totals-title">Totals{period ? " of the year" : ""}</h2>
      <p class="plan-label" data-testid="plan-label">
        {label}
      </p>
      {t === null ? (
        <p class="status-bad" data-testid="plan-status">
          The plan is {plan.status}
          {plan.message ? `: ${plan.message}` : ""}. It has no totals.
        </p>
      ) : null}
      {t === null && plan.diagnosis ? (
        <DiagnosisView
          diagnosis={plan.diagnosis}
          relaxed={relaxed ?? null}
          onRelax={onRelax}
          busy={busy ?? false}
        />
      ) : null}
      {t === null ? null : (
        <>
          <dl class="figures">
            <Figure label="Total cost" value={cny(t.totalCost)} strong testId="total-cost" />
            <Figure label="Production" value={cny(t.productionCost)} />
            <Figure label="Transport" value={cny(t.transportCost)} testId="transport-cost" />
            <Figure label="Port handling" value={cny(t.handlingCost)} />
            {t.exportFreightCost ? (
              <Figure label="Export freight (port to market)" value={cny(t.exportFreightCost)} />
            ) : null}
            {typeof t.surchargeCost === "number" && (
              <Figure label="Surcharges (fitted margins)" value={cny(t.surchargeCost)} />
            )}
            <Figure label="Carbon" value={cny(t.carbonCost)} />
            <Figure label="Shortfall penalty" value={cny(t.shortfallPenalty)} />
            {typeof t.holdingCost === "number" && (
              <Figure
                label="Holding (closing stocks)"
                value={cny(t.holdingCost)}
                testId="holding-cost"
              />
            )}
            {typeof t.hubHandlingCost === "number" && (
              <Figure
                label="Hub handling"
                value={cny(t.hubHandlingCost)}
                testId="hub-handling-cost"
              />
            )}
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
          <p
            class={`solver-note${plan.solver.mipStatus === "timeLimit" ? " warn" : ""}`}
            data-testid="solver-note"
          >
            {solverLine(plan)}
          </p>
        </>
      )}
    </section>
  );
}

/** Why no plan meets every hard limit, and the cheapest relaxation, in the diagnosis's words. */
function DiagnosisView({
  diagnosis,
  relaxed,
  onRelax,
  busy,
}: {
  diagnosis: NonNullable<Plan["diagnosis"]>;
  relaxed: RelaxedForm | null;
  onRelax: (() => void) | undefined;
  busy: boolean;
}) {
  const missing = diagnosis.missingT;
  return (
    <div class="diagnosis" data-testid="diagnosis">
      {missing !== null && missing > 0 ? (
        <p class="diagnosis-lead" data-testid="diagnosis-missing">
          {tonnes(missing)} of demand and limits cannot be met together.
        </p>
      ) : null}
      <h3>Why</h3>
      {diagnosis.conflicts.length === 0 ? <p>{diagnosis.summary}</p> : null}
      <ul>
        {diagnosis.conflicts.map((c) => (
          <li key={c.description}>{c.description}</li>
        ))}
      </ul>
      {diagnosis.relaxation && diagnosis.relaxation.changes.length > 0 ? (
        <>
          <h3>Cheapest relaxation</h3>
          <ul>
            {diagnosis.relaxation.changes.map((c) => (
              <li key={`${c.limit}:${c.id}@${c.period ?? ""}`}>{c.description}</li>
            ))}
          </ul>
          {relaxed?.ok && onRelax ? (
            <>
              <p class="relax-note">
                As scenario changes: {relaxed.labels.join(", ")}. The relaxed plan costs{" "}
                {cny(diagnosis.relaxation.costOfRelaxedPlan)}.
              </p>
              <button
                type="button"
                class="primary"
                data-testid="apply-relaxation"
                disabled={busy}
                onClick={onRelax}
              >
                Apply this relaxation and re-plan
              </button>
            </>
          ) : relaxed && !relaxed.ok ? (
            <p class="relax-note" data-testid="relaxation-by-hand">
              The panel has no change for {relaxed.unsupported.join("; ")}: change the network file,
              then add it again.
            </p>
          ) : null}
        </>
      ) : null}
    </div>
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
