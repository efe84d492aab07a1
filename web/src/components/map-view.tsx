// The map: provinces shaded, sites, flows as arcs (or a comparison's gains and losses), with tooltips.
import { useMemo, useRef, useState } from "preact/hooks";
import type { Comparison, Plan } from "../api.ts";
import { cny, perT, plain, signed, tonnes } from "../format.ts";
import { mapHeight, mapWidth, provinceShapes } from "../geo.ts";
import {
  type Arc,
  comparisonArcs,
  flowKey,
  type Geography,
  type NodeKind,
  planArcs,
  type Site,
} from "../map-model.ts";
import {
  arcWidth,
  balanceColour,
  balanceStops,
  costColour,
  costStops,
  gainedColour,
  gradient,
  lostColour,
  modeColour,
  modeDash,
  siteRadius,
} from "../scales.ts";

export type Shading = "balance" | "marginal";

/** What is pointed at: `arc:KEY`, `flow:FLOWKEY` (an arc holding that flow), `province:NAME`, `site:KEY`. */
export type Target = string;

interface Props {
  geo: Geography;
  modes: string[];
  plan: Plan | null;
  comparison: Comparison | null;
  shading: Shading;
  highlight: Target | null;
  onHighlight: (target: Target | null) => void;
}

interface Description {
  title: string;
  rows: [string, string][];
}

const kindNames: Record<NodeKind, string> = {
  plant: "Plant",
  smelter: "Smelter",
  port: "Export port",
};

export function MapView(props: Props) {
  const { geo, modes, plan, comparison, shading, highlight, onHighlight } = props;
  const container = useRef<HTMLDivElement>(null);
  const [pointer, setPointer] = useState<{ x: number; y: number } | null>(null);

  const arcs = useMemo(
    () => (comparison ? comparisonArcs(comparison, geo) : plan ? planArcs(plan, geo) : []),
    [comparison, plan, geo],
  );
  const maxTonnes = Math.max(0, ...arcs.map((arc) => Math.abs(arc.tonnes)));
  const maxSiteT = Math.max(0, ...geo.sites.map((site) => site.sizeT));

  const provinceRows = useMemo(
    () => new Map((plan?.provinces ?? []).map((p) => [p.province, p])),
    [plan],
  );
  const provinceDeltas = useMemo(
    () => new Map((comparison?.provinces ?? []).map((p) => [p.province, p])),
    [comparison],
  );
  const flowsByKey = useMemo(
    () => new Map((plan?.flows ?? []).map((flow) => [flowKey(flow), flow])),
    [plan],
  );
  const flowDeltasByKey = useMemo(
    () => new Map((comparison?.flows ?? []).map((flow) => [flow.key, flow])),
    [comparison],
  );

  const costs = [...provinceRows.values()]
    .map((p) => p.marginalCostPerT)
    .filter((v): v is number => typeof v === "number");
  const byCost = shading === "marginal" && costs.length > 0 && comparison === null;
  const minCost = Math.min(...costs);
  const maxCost = Math.max(...costs);
  const maxAbsNet = Math.max(
    0,
    ...(comparison
      ? [...provinceDeltas.values()].map((p) => Math.abs(p.netInflowT.delta))
      : [...provinceRows.values()].map((p) => Math.abs(p.netInflowT))),
  );

  function provinceFill(name: string): string {
    if (comparison) {
      const delta = provinceDeltas.get(name);
      return balanceColour(delta?.netInflowT.delta ?? 0, maxAbsNet);
    }
    const row = provinceRows.get(name);
    if (row === undefined) return "#e9ecef";
    if (byCost) {
      return typeof row.marginalCostPerT === "number"
        ? costColour(row.marginalCostPerT, minCost, maxCost)
        : "#e9ecef";
    }
    return balanceColour(row.netInflowT, maxAbsNet);
  }

  const arcOf = (target: Target | null): Arc | undefined => {
    if (target?.startsWith("arc:")) return arcs.find((arc) => arc.key === target.slice(4));
    if (target?.startsWith("flow:")) {
      const key = target.slice(5);
      return arcs.find((arc) => arc.flowKeys.includes(key));
    }
    return undefined;
  };
  const activeArc = arcOf(highlight);
  const activeProvince = highlight?.startsWith("province:") ? highlight.slice(9) : null;
  const activeSite = highlight?.startsWith("site:") ? highlight.slice(5) : null;

  const nodeName = (id: string) => geo.nodeById.get(id)?.name ?? id;

  function describe(target: Target | null): Description | null {
    const arc = arcOf(target);
    if (arc) {
      if (comparison) {
        const rows = arc.flowKeys.flatMap((key): [string, string][] => {
          const flow = flowDeltasByKey.get(key);
          if (!flow) return [];
          return [
            [
              `${nodeName(flow.from)} (${flow.change})`,
              `${tonnes(flow.tonnes.a)} → ${tonnes(flow.tonnes.b)}`,
            ],
          ];
        });
        return {
          title: `${arc.tonnes > 0 ? "Gained" : "Lost"}: ${siteName(arc.from)} → ${siteName(arc.to)}, ${arc.mode}`,
          rows: [["Change in tonnes", signed(arc.tonnes, tonnes)], ...rows],
        };
      }
      const flows = arc.flowKeys.flatMap((key) => flowsByKey.get(key) ?? []);
      const cost = flows.reduce((sum, flow) => sum + flow.cost, 0);
      const co2 = flows.reduce((sum, flow) => sum + flow.co2T, 0);
      const first = flows[0];
      return {
        title: `${siteName(arc.from)} → ${siteName(arc.to)}, ${arc.mode}`,
        rows: [
          ["Tonnes", tonnes(arc.tonnes)],
          ...(first ? ([["Distance", `${plain(first.distanceKm)} km`]] as [string, string][]) : []),
          ...(first ? ([["Freight", perT(first.costPerT)]] as [string, string][]) : []),
          ["Freight cost", cny(cost)],
          ["CO2", `${plain(co2, 1)} t`],
          ...(flows.length > 1
            ? flows.map((flow): [string, string] => [nodeName(flow.from), tonnes(flow.tonnes)])
            : []),
        ],
      };
    }
    if (target?.startsWith("province:")) {
      const name = target.slice(9);
      if (comparison) {
        const delta = provinceDeltas.get(name);
        if (!delta) return { title: name, rows: [["Change", "none"]] };
        return {
          title: `${name} (b − a)`,
          rows: [
            ["Output", signed(delta.outputT.delta, tonnes)],
            ["Received", signed(delta.receivedT.delta, tonnes)],
            ["Exports", signed(delta.exportT.delta, tonnes)],
            ["Net inflow", signed(delta.netInflowT.delta, tonnes)],
          ],
        };
      }
      const row = provinceRows.get(name);
      if (!row) return { title: name, rows: [["In this network", "no plants, smelters or ports"]] };
      return {
        title: name,
        rows: [
          ["Capacity", tonnes(row.capacityT)],
          ["Output", tonnes(row.outputT)],
          ["Demand", tonnes(row.demandT)],
          ["Received", tonnes(row.receivedT)],
          ["Exports", tonnes(row.exportT)],
          [
            row.netInflowT < 0 ? "Ships out (surplus)" : "Takes in (deficit)",
            tonnes(Math.abs(row.netInflowT)),
          ],
          ...(typeof row.marginalCostPerT === "number"
            ? ([["Marginal cost", perT(row.marginalCostPerT)]] as [string, string][])
            : []),
        ],
      };
    }
    if (target?.startsWith("site:")) {
      const site = geo.sites.find((s) => s.key === target.slice(5));
      if (!site) return null;
      return {
        title: siteName(site),
        rows: site.nodes.flatMap((node) => nodeRows(node.id, node.kind)),
      };
    }
    return null;
  }

  function nodeRows(id: string, kind: NodeKind): [string, string][] {
    const name = nodeName(id);
    if (kind === "plant") {
      const p = plan?.plants.find((row) => row.id === id);
      return p
        ? [
            [
              name,
              `${tonnes(p.outputT)} of ${tonnes(p.capacityT)} (${Math.round(p.utilization * 100)} %)`,
            ],
          ]
        : [[name, ""]];
    }
    if (kind === "smelter") {
      const s = plan?.smelters.find((row) => row.id === id);
      if (!s) return [[name, ""]];
      const marginal =
        typeof s.marginalCostPerT === "number" ? `, next t ${perT(s.marginalCostPerT)}` : "";
      const short = s.shortfallT > 0 ? `, short ${tonnes(s.shortfallT)}` : "";
      return [[name, `${tonnes(s.receivedT)} of ${tonnes(s.demandT)}${short}${marginal}`]];
    }
    const port = plan?.ports.find((row) => row.id === id);
    return port
      ? [
          [
            name,
            `exports ${tonnes(port.exportT)} (${tonnes(port.minExportT)}–${tonnes(port.maxExportT)})`,
          ],
        ]
      : [[name, ""]];
  }

  function siteName(site: Site): string {
    const [first] = site.nodes;
    if (site.nodes.length === 1 && first) return first.name;
    return `${kindNames[site.kind]}s in ${first?.province ?? "?"} (${site.nodes.length})`;
  }

  const description = describe(highlight);

  // Where the tooltip goes: at the pointer, or for keyboard and table focus, beside the element.
  function anchor(): { x: number; y: number } | null {
    if (pointer) return pointer;
    const box = container.current;
    if (!box || !highlight) return null;
    const element = box.querySelector(`[data-target="${CSS.escape(targetKey())}"]`);
    if (!element) return null;
    const a = element.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    return { x: a.left + a.width / 2 - b.left, y: a.top + a.height / 2 - b.top };
  }
  const targetKey = () => (activeArc ? `arc:${activeArc.key}` : (highlight ?? ""));
  const at = description ? anchor() : null;

  const point = (target: Target) => ({
    onMouseEnter: (event: MouseEvent) => {
      move(event);
      onHighlight(target);
    },
    onMouseMove: move,
    onMouseLeave: () => {
      setPointer(null);
      onHighlight(null);
    },
  });
  function move(event: MouseEvent) {
    const box = container.current?.getBoundingClientRect();
    if (box) setPointer({ x: event.clientX - box.left, y: event.clientY - box.top });
  }

  // Arrow keys walk the arcs (left/right) and the provinces (up/down); Escape lets go.
  const provinceOrder = comparison
    ? [...provinceDeltas.keys()]
    : [...provinceRows.values()].sort((a, b) => a.netInflowT - b.netInflowT).map((p) => p.province);
  function onKeyDown(event: KeyboardEvent) {
    const step = (list: string[], current: string | null, by: number) => {
      if (list.length === 0) return null;
      const index = current === null ? -1 : list.indexOf(current);
      return list[(index + by + list.length) % list.length] ?? null;
    };
    let next: Target | null | undefined;
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      const key = step(
        arcs.map((arc) => arc.key),
        activeArc?.key ?? null,
        event.key === "ArrowRight" ? 1 : -1,
      );
      next = key === null ? null : `arc:${key}`;
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const name = step(provinceOrder, activeProvince, event.key === "ArrowDown" ? 1 : -1);
      next = name === null ? null : `province:${name}`;
    } else if (event.key === "Escape") next = null;
    if (next !== undefined) {
      event.preventDefault();
      setPointer(null);
      onHighlight(next);
    }
  }

  const shapesByName = new Set(provinceShapes.map((shape) => shape.name));
  const unmapped = [...provinceRows.keys()].filter((name) => !shapesByName.has(name));

  return (
    <div class="map-wrap" ref={container}>
      <svg
        class="map"
        viewBox={`0 0 ${mapWidth} ${mapHeight}`}
        role="img"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: one tab stop whose arrow keys walk the flows and provinces
        tabIndex={0}
        aria-label={
          comparison
            ? `Map of the flows gained and lost from plan a to plan b: ${arcs.length} arcs. Left and right arrows step through them, up and down through the provinces.`
            : `Map of the plan's flows: ${arcs.length} arcs between ${geo.sites.length} sites. Left and right arrows step through the flows, up and down through the provinces.`
        }
        aria-describedby="map-tooltip"
        onKeyDown={onKeyDown}
        onBlur={() => onHighlight(null)}
      >
        <defs>
          {modes.map((mode) => (
            <marker
              key={mode}
              id={`arrow-${mode}`}
              viewBox="0 0 10 10"
              refX="8"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              markerUnits="userSpaceOnUse"
              orient="auto"
            >
              <path d="M0,0L10,5L0,10z" fill={modeColour(mode, modes)} />
            </marker>
          ))}
        </defs>
        <g class="provinces">
          {provinceShapes.map((shape) => (
            <path
              key={shape.id}
              d={shape.d}
              fill={provinceFill(shape.name)}
              data-target={`province:${shape.name}`}
              class={activeProvince === shape.name ? "province active" : "province"}
              {...point(`province:${shape.name}`)}
            />
          ))}
        </g>
        <g class={activeArc ? "arcs dimmed" : "arcs"}>
          {arcs.map((arc) => {
            const colour = comparison
              ? arc.tonnes > 0
                ? gainedColour
                : lostColour
              : modeColour(arc.mode, modes);
            return (
              <path
                key={arc.key}
                d={arc.d}
                class={activeArc?.key === arc.key ? "arc active" : "arc"}
                data-target={`arc:${arc.key}`}
                data-mode={arc.mode}
                stroke={colour}
                // A loop (supply within one site) stays thin: it marks local supply, not a route.
                stroke-width={
                  arc.loop
                    ? Math.min(2.5, arcWidth(arc.tonnes, maxTonnes))
                    : arcWidth(arc.tonnes, maxTonnes)
                }
                stroke-dasharray={
                  comparison ? (arc.tonnes < 0 ? "5 3" : undefined) : modeDash(arc.mode, modes)
                }
                marker-end={comparison ? undefined : `url(#arrow-${arc.mode})`}
                {...point(`arc:${arc.key}`)}
              />
            );
          })}
        </g>
        <g class="sites">
          {geo.sites.map((site) => {
            const [x, y] = site.at;
            const r = siteRadius(site.sizeT, maxSiteT);
            const common = {
              class: `site ${site.kind}${activeSite === site.key ? " active" : ""}`,
              "data-target": `site:${site.key}`,
              ...point(`site:${site.key}`),
            };
            if (site.kind === "plant") {
              return (
                <rect key={site.key} x={x - r} y={y - r} width={2 * r} height={2 * r} {...common} />
              );
            }
            if (site.kind === "port") {
              return (
                <path
                  key={site.key}
                  d={`M${x},${y - r * 1.3}L${x + r * 1.3},${y}L${x},${y + r * 1.3}L${x - r * 1.3},${y}z`}
                  {...common}
                />
              );
            }
            return <circle key={site.key} cx={x} cy={y} r={r} {...common} />;
          })}
        </g>
      </svg>
      <div
        id="map-tooltip"
        class="tooltip"
        role="status"
        hidden={description === null}
        style={
          at
            ? {
                left: `${Math.min(at.x + 14, (container.current?.clientWidth ?? 800) - 290)}px`,
                top: `${at.y + 14}px`,
              }
            : { left: "8px", top: "8px" }
        }
      >
        {description && (
          <>
            <strong>{description.title}</strong>
            <dl>
              {description.rows.map(([label, value]) => (
                <div key={label} class="tooltip-row">
                  <dt>{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
      </div>
      <Legend
        modes={modes}
        comparison={comparison !== null}
        byCost={byCost}
        minCost={minCost}
        maxCost={maxCost}
        maxAbsNet={maxAbsNet}
        maxTonnes={maxTonnes}
      />
      {unmapped.length > 0 && (
        <p class="map-note">
          Not on the map (no outline): {unmapped.join(", ")}; see the province table.
        </p>
      )}
    </div>
  );
}

function Legend(props: {
  modes: string[];
  comparison: boolean;
  byCost: boolean;
  minCost: number;
  maxCost: number;
  maxAbsNet: number;
  maxTonnes: number;
}) {
  const { modes, comparison, byCost } = props;
  return (
    <div class="legend">
      <div class="legend-group">
        {comparison ? (
          <>
            <LegendLine colour={gainedColour} label="gained in b" />
            <LegendLine colour={lostColour} dash="5 3" label="lost in b" />
          </>
        ) : (
          modes.map((mode) => (
            <LegendLine
              key={mode}
              colour={modeColour(mode, modes)}
              dash={modeDash(mode, modes)}
              label={mode}
            />
          ))
        )}
        <span class="legend-note">
          width: {comparison ? "change in " : ""}tonnes, up to {tonnes(props.maxTonnes)}
        </span>
      </div>
      <div class="legend-group">
        <span class="legend-symbols">
          <svg width="14" height="14" aria-hidden="true">
            <rect x="3" y="3" width="8" height="8" class="site plant" />
          </svg>
          plant
          <svg width="14" height="14" aria-hidden="true">
            <circle cx="7" cy="7" r="4.5" class="site smelter" />
          </svg>
          smelter
          <svg width="14" height="14" aria-hidden="true">
            <path d="M7,1.5L12.5,7L7,12.5L1.5,7z" class="site port" />
          </svg>
          port
        </span>
      </div>
      <div class="legend-group">
        {byCost ? (
          <Ramp
            stops={costStops}
            left={perT(props.minCost)}
            right={perT(props.maxCost)}
            title="Marginal cost of the next tonne"
          />
        ) : (
          <Ramp
            stops={balanceStops}
            left={`ships out ${tonnes(props.maxAbsNet)}`}
            right={`takes in ${tonnes(props.maxAbsNet)}`}
            title={comparison ? "Change in net inflow, b − a" : "Net inter-provincial flow"}
          />
        )}
      </div>
    </div>
  );
}

function LegendLine(props: { colour: string; dash?: string | undefined; label: string }) {
  return (
    <span class="legend-line">
      <svg width="28" height="10" aria-hidden="true">
        <line
          x1="1"
          y1="5"
          x2="27"
          y2="5"
          stroke={props.colour}
          stroke-width="3"
          stroke-dasharray={props.dash}
        />
      </svg>
      {props.label}
    </span>
  );
}

function Ramp(props: { stops: string[]; left: string; right: string; title: string }) {
  return (
    <span class="ramp">
      <span class="ramp-title">{props.title}</span>
      <span class="ramp-scale">
        <span class="ramp-end">{props.left}</span>
        <span class="ramp-bar" style={{ background: gradient(props.stops) }} />
        <span class="ramp-end">{props.right}</span>
      </span>
    </span>
  );
}
