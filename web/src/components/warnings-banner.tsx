// Above the plan view: each smelter and port the plan leaves short, with its tonnes, before any figure.
import type { Plan } from "../api.ts";
import { cny, tonnes } from "../format.ts";
import { type WarningLine, warningLines } from "../state/plan-view.ts";

/** "1 smelter and 3 ports short", "2 smelters short". */
function shortOf(lines: readonly WarningLine[]): string {
  const count = (code: WarningLine["code"], one: string, many: string) => {
    const n = lines.filter((line) => line.code === code).length;
    return n === 0 ? [] : [`${n} ${n === 1 ? one : many}`];
  };
  const who = [
    ...count("unmetDemand", "smelter", "smelters"),
    ...count("unmetMinimumExport", "port", "ports"),
  ];
  return `${who.join(" and ")} short`;
}

export function WarningsBanner(props: { plan: Plan; nameOf: (id: string) => string }) {
  const lines = warningLines(props.plan, props.nameOf);
  if (lines.length === 0) return null;
  const t = props.plan.totals;
  return (
    <section
      class="plan-warnings"
      role="alert"
      aria-labelledby="warnings-title"
      data-testid="plan-warnings"
    >
      <h2 id="warnings-title">
        Warning: the plan leaves {shortOf(lines)}
        {t ? ` (${tonnes(t.shortfallT)} in all)` : ""}
      </h2>
      <ul>
        {lines.map((line) => (
          <li key={line.key} data-subject={line.subject}>
            {line.text}
          </li>
        ))}
      </ul>
      <p class="warnings-note">
        The network allows shortfall and this plan uses it
        {t ? `, at a penalty of ${cny(t.shortfallPenalty)} counted in the total cost` : ""}: its
        figures are for the demand it serves, not all of it.
      </p>
    </section>
  );
}
