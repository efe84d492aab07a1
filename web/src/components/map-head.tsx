// Above the map: its heading, the Plan/Comparison toggle, Copy link, how provinces are shaded and,
// for a plan with periods, the period shown.
import { linkUrl } from "../deep-link.ts";
import type { Shading } from "../map-scene.ts";
import type { PlanPeriod } from "../state/period-view.ts";
import type { Planner } from "../state/planner.ts";
import { type PlannerState, showingComparison } from "../state/planner-state.ts";
import { CopyLink } from "./copy-link.tsx";
import { PeriodControl } from "./period-control.tsx";

export function MapHead(props: { state: PlannerState; planner: Planner; hasMarginal: boolean }) {
  const { state, planner, hasMarginal } = props;
  const comparing = showingComparison(state);
  const periods: readonly PlanPeriod[] = state.shown?.plan.periods ?? [];
  return (
    <div class="map-head">
      <h2>
        {comparing
          ? "Comparison: flows gained and lost"
          : state.period
            ? `Flow map, ${state.period} (tonnes in the period)`
            : "Flow map"}
      </h2>
      {state.comparison && (
        <fieldset class="toggle">
          <legend class="visually-hidden">The map shows</legend>
          <button
            type="button"
            aria-pressed={state.view === "plan"}
            onClick={() => planner.showView("plan")}
          >
            Plan
          </button>
          <button
            type="button"
            aria-pressed={state.view === "compare"}
            onClick={() => planner.showView("compare")}
          >
            Comparison
          </button>
        </fieldset>
      )}
      {state.link && <CopyLink url={linkUrl(window.location, state.link)} />}
      {!comparing && periods.length > 0 && (
        <PeriodControl periods={periods} period={state.period} onChoose={planner.choosePeriod} />
      )}
      {!comparing && (
        <label class="shade">
          Shade provinces by{" "}
          <select
            value={hasMarginal ? state.shadeBy : "balance"}
            onChange={(e) => planner.chooseShading(e.currentTarget.value as Shading)}
          >
            <option value="balance">surplus / deficit</option>
            <option value="marginal" disabled={!hasMarginal}>
              marginal cost{hasMarginal ? "" : " (not in this plan)"}
            </option>
          </select>
        </label>
      )}
    </div>
  );
}
