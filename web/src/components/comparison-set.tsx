// Several saved plans compared at once (POST /v1/plans/compare): their measures side by side with
// each one's difference from the baseline (the first), what each changed against it in words, and
// the cost-by-part and CO2-against-cost charts of just these plans.
import type { ComparisonSet } from "../api.ts";
import { changesInWords } from "../change-words.ts";
import { planPoint } from "../charts.ts";
import { plain, signed } from "../format.ts";
import { setLines } from "../state/compare-view.ts";
import type { SavedPlan } from "../state/planner-state.ts";
import { Co2CostChart, CostByPartChart } from "./charts.tsx";

export function ComparisonSetView(props: {
  set: { planIds: string[]; set: ComparisonSet };
  saved: readonly SavedPlan[];
  nameOf: (id: string) => string;
}) {
  const plans = props.set.planIds.flatMap((id) => props.saved.filter((p) => p.id === id));
  const lines = setLines(plans);
  const withTotals = plans.flatMap((p) =>
    p.totals ? [{ key: p.id, label: p.name, totals: p.totals }] : [],
  );
  const changesOf = new Map(
    props.set.set.comparisons.map((c) => [c.planId, c.comparison.changes] as const),
  );
  return (
    <section class="comparison-set" data-testid="comparison-set" aria-labelledby="set-title">
      <h3 id="set-title">
        {plans.length} plans against the baseline, {plans[0]?.name ?? ""}
      </h3>
      <div class="table-wrap">
        <table class="compact">
          <caption class="visually-hidden">
            Measures per plan, each with its difference from the baseline
          </caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              {plans.map((p, i) => (
                <th key={p.id} scope="col" class="num">
                  {p.name}
                  {i === 0 ? " (baseline)" : ""}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.key} data-line={line.key}>
                <th scope="row">{line.label}</th>
                {line.values.map((value, i) => {
                  const delta = line.deltas[i];
                  return (
                    <td key={plans[i]?.id ?? i} class="num">
                      {value === null ? "–" : plain(value, line.digits)}
                      {delta !== null && delta !== undefined && (
                        <span class="set-delta">
                          {" "}
                          (
                          {signed(Math.abs(delta) < 1e-9 ? 0 : delta, (v) => plain(v, line.digits))}
                          )
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul class="set-changes">
        {plans.slice(1).map((p) => {
          const changes = changesOf.get(p.id);
          const only = changes ? changesInWords(changes.onlyB, props.nameOf) : "";
          const dropped = changes ? changesInWords(changes.onlyA, props.nameOf) : "";
          return (
            <li key={p.id}>
              <strong>{p.name}</strong>:{" "}
              {only === "" && dropped === "" ? "the baseline's changes" : only}
              {dropped === "" ? "" : `${only === "" ? "" : "; "}without ${dropped}`}
            </li>
          );
        })}
      </ul>
      {withTotals.length > 0 && (
        <div class="chart-grid">
          <CostByPartChart plans={withTotals} id="set-cost-parts" />
          <Co2CostChart
            id="set-co2-cost"
            points={withTotals.map((p) => planPoint(p.key, p.label, p.totals))}
          />
        </div>
      )}
    </section>
  );
}
