// The Economics tab: every port with its limits, exports, netback and markets; marginal costs with
// the range over which each holds; the unused lanes nearest to use; and, for a stored plan, the
// regional view with the observed price spread (GET /v1/plans/{id}/regions). CNY ex-VAT.
import { useEffect } from "preact/hooks";
import type { Plan, PlanRegions, Problem } from "../api.ts";
import { plain } from "../format.ts";
import {
  type MarginalRow,
  marginalNote,
  marketsText,
  type PortRow,
  portRows,
  provinceMarginalRows,
  smelterMarginalRows,
  type UnusedLaneRow,
  unusedLaneRows,
  unusedLanesLine,
} from "../state/economics-view.ts";
import { ktColumn, percentColumn, perTColumn } from "./columns.ts";
import { type Column, DataTable } from "./data-table.tsx";

type RegionRow = PlanRegions["regions"][number];

/** How many unused lanes the tab lists: the nearest to use, which are the ones worth reading. */
export const unusedLanesShown = 100;

export function EconomicsTables(props: {
  plan: Plan;
  planId: string | undefined;
  nodeName: (id: string) => string;
  regions: { planId: string; view: PlanRegions | null; problem: Problem | null } | null;
  onLoadRegions: (planId: string) => void;
}) {
  const { plan, nodeName } = props;
  if (plan.status !== "optimal") {
    return (
      <p class="empty">The plan is {plan.status}: it has no ports, marginal costs or lanes.</p>
    );
  }
  return (
    <div class="economics" data-testid="economics">
      <PortsTable plan={plan} nodeName={nodeName} />
      <MarginalTables plan={plan} nodeName={nodeName} />
      <UnusedLanesTable plan={plan} nodeName={nodeName} />
      <RegionsView {...props} />
    </div>
  );
}

function PortsTable({ plan, nodeName }: { plan: Plan; nodeName: (id: string) => string }) {
  const rows = portRows(plan);
  const routes = plan.ports.some((p) => p.markets !== undefined);
  const columns: Column<PortRow>[] = [
    { key: "id", label: "Port", value: (p) => nodeName(p.id) },
    { key: "province", label: "Province", value: (p) => p.province },
    ktColumn("minExportT", "Minimum export, kt", (p) => p.minExportT),
    ktColumn("maxExportT", "Maximum export, kt", (p) => p.maxExportT),
    ktColumn("exportT", "Exported, kt", (p) => p.exportT),
    percentColumn("shareOfMax", "Of maximum, %", (p) => p.shareOfMax),
    ktColumn("shortfallT", "Below minimum, kt", (p) => p.shortfallT),
    perTColumn("netbackPerT", "Netback, CNY/t ex-VAT", (p) => p.netbackPerT),
    { key: "markets", label: "Markets sold to", value: (p) => marketsText(p, routes) },
  ];
  return (
    <section aria-labelledby="ports-title">
      <h3 id="ports-title">Ports: export limits, exports, netbacks and markets ({rows.length})</h3>
      <p class="table-note">
        Netback = market price − export freight − port handling, per tonne at the port gate.
      </p>
      <DataTable<PortRow>
        caption="Ports: export limits, tonnes exported, netback and markets"
        columns={columns}
        rows={rows}
        rowKey={(p) => p.id}
        initialSort={{ key: "exportT", descending: true }}
        csvName="ports.csv"
        empty="The network has no ports"
      />
    </section>
  );
}

/** "no limit" where a range is open, "–" where it was not computed, else kt. */
const rangeColumn = (
  key: string,
  label: string,
  of: (row: MarginalRow) => number | null | undefined,
): Column<MarginalRow> => ({
  key,
  label,
  // The CSV holds kt, "no limit" or nothing, as the cell reads.
  value: (row) => {
    const t = of(row);
    return t === undefined ? null : t === null ? "no limit" : t / 1e3;
  },
  show: (row) => {
    const t = of(row);
    return t === undefined ? "–" : t === null ? "no limit" : plain(t / 1e3, 1);
  },
  numeric: true,
});

function marginalColumns(first: Column<MarginalRow>[]): Column<MarginalRow>[] {
  return [
    ...first,
    perTColumn("marginalCostPerT", "Marginal cost, CNY/t", (r) => r.marginalCostPerT),
    perTColumn("previousTonnePerT", "Last tonne, CNY/t", (r) => r.previousTonnePerT),
    rangeColumn("moreT", "Holds for more, kt", (r) => r.moreT),
    rangeColumn("fewerT", "Holds for fewer, kt", (r) => r.fewerT),
    {
      key: "degenerate",
      label: "Degenerate",
      value: (r) => (r.degenerate === null ? null : r.degenerate ? "yes" : "no"),
      show: (r) => (r.degenerate === null ? "–" : r.degenerate ? "yes" : "no"),
    },
  ];
}

function MarginalTables({ plan, nodeName }: { plan: Plan; nodeName: (id: string) => string }) {
  const note = marginalNote(plan);
  return (
    <section aria-labelledby="marginal-title">
      <h3 id="marginal-title">Marginal costs and the ranges over which they hold</h3>
      <p class="table-note">
        The cost of the next tonne of demand, CNY per tonne ex-VAT; it holds for the tonnes more
        (and fewer) shown, beyond which another supply sets the price. “Last tonne” is what the last
        tonne cost; it differs where the figure is degenerate.
      </p>
      {note && (
        <p class="table-note ranges-note" data-testid="ranges-note">
          Ranges not computed: {note}
        </p>
      )}
      <DataTable<MarginalRow>
        caption="Marginal cost by province, with the range over which it holds"
        columns={marginalColumns([
          { key: "province", label: "Province", value: (r) => r.province },
        ])}
        rows={provinceMarginalRows(plan)}
        rowKey={(r) => r.id}
        initialSort={{ key: "marginalCostPerT", descending: true }}
        csvName="marginal-provinces.csv"
        empty="No province has smelters"
      />
      <h4>By smelter</h4>
      <DataTable<MarginalRow>
        caption="Marginal cost by smelter, with the range over which it holds"
        columns={marginalColumns([
          { key: "id", label: "Smelter", value: (r) => nodeName(r.id) },
          { key: "province", label: "Province", value: (r) => r.province },
        ])}
        rows={smelterMarginalRows(plan)}
        rowKey={(r) => r.id}
        initialSort={{ key: "marginalCostPerT", descending: true }}
        csvName="marginal-smelters.csv"
      />
    </section>
  );
}

function UnusedLanesTable({ plan, nodeName }: { plan: Plan; nodeName: (id: string) => string }) {
  const rows = unusedLaneRows(plan, unusedLanesShown);
  return (
    <section aria-labelledby="unused-title">
      <h3 id="unused-title">Unused lanes nearest to use</h3>
      <p class="table-note" data-testid="unused-line">
        {unusedLanesLine(plan, rows.length)}
      </p>
      {rows.length > 0 && (
        <DataTable<UnusedLaneRow>
          caption="Unused lanes, smallest reduced cost first"
          columns={[
            { key: "from", label: "From", value: (l) => nodeName(l.from) },
            { key: "to", label: "To", value: (l) => nodeName(l.to) },
            { key: "mode", label: "Mode", value: (l) => l.mode },
            {
              key: "reducedCostPerT",
              label: "Reduced cost, CNY/t",
              value: (l) => l.reducedCostPerT,
              show: (l) =>
                l.reducedCostPerT === null ? "never usable" : plain(l.reducedCostPerT, 0),
              numeric: true,
            },
          ]}
          rows={rows}
          rowKey={(l) => l.key}
          initialSort={{ key: "reducedCostPerT", descending: false }}
          csvName="unused-lanes.csv"
        />
      )}
    </section>
  );
}

const roleWords = { surplus: "surplus", deficit: "deficit", balanced: "balanced" } as const;

function RegionsView(props: {
  planId: string | undefined;
  regions: { planId: string; view: PlanRegions | null; problem: Problem | null } | null;
  onLoadRegions: (planId: string) => void;
}) {
  const { planId, regions, onLoadRegions } = props;
  const current = planId !== undefined && regions?.planId === planId ? regions : null;
  useEffect(() => {
    if (planId !== undefined && regions?.planId !== planId) onLoadRegions(planId);
  }, [planId, regions?.planId, onLoadRegions]);
  const columns: Column<RegionRow>[] = [
    { key: "province", label: "Province", value: (r) => r.province },
    { key: "role", label: "Role", value: (r) => roleWords[r.role] },
    ktColumn("capacityT", "Capacity, kt", (r) => r.capacityT),
    ktColumn("outputT", "Output, kt", (r) => r.outputT),
    percentColumn("utilization", "Utilisation, %", (r) => r.utilization),
    ktColumn("demandT", "Demand, kt", (r) => r.demandT),
    ktColumn("exportT", "Exports, kt", (r) => r.exportT),
    ktColumn("netOutflowT", "Net outflow, kt", (r) => r.netOutflowT),
    perTColumn("marginalCostPerT", "Marginal cost, CNY/t", (r) => r.marginalCostPerT),
  ];
  return (
    <section aria-labelledby="regions-title" data-testid="regions">
      <h3 id="regions-title">Regional view: surplus, deficit and the observed spread</h3>
      {planId === undefined ? (
        <p class="table-note">
          The regional view with the observed 2024 price spread is read from a stored plan: save the
          scenario (or show a saved one) to see it.
        </p>
      ) : current === null ? (
        <p class="table-note">Loading the regional view…</p>
      ) : current.view === null ? (
        <p class="table-note" role="alert">
          The regional view did not load: {current.problem?.detail ?? "no answer"}
        </p>
      ) : (
        <>
          <Calibration view={current.view} />
          <DataTable<RegionRow>
            caption="Provinces by net outflow: surplus first, largest deficit last"
            columns={columns}
            rows={current.view.regions}
            rowKey={(r) => r.province}
            initialSort={{ key: "netOutflowT", descending: true }}
            csvName="regions.csv"
            empty="The plan has no provinces"
          />
        </>
      )}
    </section>
  );
}

function Calibration({ view }: { view: PlanRegions }) {
  const c = view.calibration;
  if (c === null) {
    return (
      <p class="table-note" data-testid="calibration">
        No spread to set beside the observed one: the plan needs Shandong, a north-western province
        in deficit and marginal costs.
      </p>
    );
  }
  const perT = (v: number) => `${plain(v, 0)} CNY/t`;
  return (
    <div class="calibration" data-testid="calibration">
      <dl class="figures">
        <div class="figure">
          <dt>Modelled spread (north-west − {c.referenceProvince})</dt>
          <dd data-testid="modelled-spread">{perT(c.modelledSpreadPerT)}</dd>
        </div>
        <div class="figure">
          <dt>Observed 2024 spread, ex-VAT</dt>
          <dd data-testid="observed-spread">
            {plain(c.observedSpreadPerT.low, 0)}–{plain(c.observedSpreadPerT.high, 0)} CNY/t
          </dd>
        </div>
        <div class="figure">
          <dt>Against the observed band</dt>
          <dd>{c.verdict}</dd>
        </div>
      </dl>
      <p class="table-note">{c.note}</p>
    </div>
  );
}
