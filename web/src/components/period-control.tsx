// Above the map, for a plan with periods: which period the map and tables show, or the year.
// Native radio buttons: one tab stop, arrow keys move between periods, each labelled with its id.
import type { PlanPeriod } from "../state/period-view.ts";

export function PeriodControl(props: {
  periods: readonly PlanPeriod[];
  period: string | null;
  onChoose: (period: string | null) => void;
}) {
  const options: [string | null, string][] = [
    [null, "Year"],
    ...props.periods.map((p): [string, string] => [p.id, p.id]),
  ];
  return (
    <fieldset class="periods" data-testid="period-control">
      <legend>Period</legend>
      {options.map(([id, label]) => (
        <label key={label} class={props.period === id ? "chosen" : undefined}>
          <input
            type="radio"
            class="visually-hidden"
            name="period"
            value={id ?? ""}
            checked={props.period === id}
            onChange={() => props.onChoose(id)}
          />
          {label}
        </label>
      ))}
    </fieldset>
  );
}
