// The map's SVG layers: arrowheads per mode, provinces, arcs and sites; each element names its target.
import { provinceShapes } from "../geo.ts";
import type { Arc, Site } from "../map-model.ts";
import { type MapTarget, type Point, targetId } from "../map-target.ts";
import { arcWidth, gainedColour, lostColour, modeColour, modeDash, siteRadius } from "../scales.ts";
import { RouteArc } from "./map-hub-layers.tsx";

export type { Point } from "../map-target.ts";

export function ArrowMarkers({ modes }: { modes: string[] }) {
  return (
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
  );
}

export function ProvinceLayer(props: {
  fill: (name: string) => string;
  active: string | null;
  point: Point;
}) {
  return (
    <g class="provinces">
      {provinceShapes.map((shape) => {
        const target: MapTarget = { kind: "province", name: shape.name };
        return (
          <path
            key={shape.id}
            d={shape.d}
            fill={props.fill(shape.name)}
            data-target={targetId(target)}
            class={props.active === shape.name ? "province active" : "province"}
            {...props.point(target)}
          />
        );
      })}
    </g>
  );
}

export function ArcLayer(props: {
  arcs: Arc[];
  modes: string[];
  comparison: boolean;
  active: Arc | undefined;
  point: Point;
}) {
  const { arcs, modes, comparison, active } = props;
  const maxTonnes = maxArcTonnes(arcs);
  return (
    <g class={active ? "arcs dimmed" : "arcs"}>
      {arcs.map((arc) => {
        const target: MapTarget = { kind: "arc", key: arc.key };
        const colour = comparison
          ? arc.tonnes > 0
            ? gainedColour
            : lostColour
          : modeColour(arc.mode, modes);
        const width = arcWidth(arc.tonnes, maxTonnes);
        if (arc.legs.length > 0) {
          return (
            <RouteArc
              key={arc.key}
              arc={arc}
              modes={modes}
              comparison={comparison}
              active={active?.key === arc.key}
              width={width}
              point={props.point}
            />
          );
        }
        return (
          <path
            key={arc.key}
            d={arc.d}
            class={active?.key === arc.key ? "arc active" : "arc"}
            data-target={targetId(target)}
            data-mode={arc.mode}
            stroke={colour}
            // A loop (supply within one site) stays thin: it marks local supply, not a route.
            stroke-width={arc.loop ? Math.min(2.5, width) : width}
            stroke-dasharray={
              comparison ? (arc.tonnes < 0 ? "5 3" : undefined) : modeDash(arc.mode, modes)
            }
            marker-end={comparison ? undefined : `url(#arrow-${arc.mode})`}
            {...props.point(target)}
          />
        );
      })}
    </g>
  );
}

export const maxArcTonnes = (arcs: readonly Arc[]) =>
  Math.max(0, ...arcs.map((arc) => Math.abs(arc.tonnes)));

export function SiteLayer(props: { sites: Site[]; active: string | null; point: Point }) {
  const maxSiteT = Math.max(0, ...props.sites.map((site) => site.sizeT));
  return (
    <g class="sites">
      {props.sites.map((site) => {
        const [x, y] = site.at;
        const r = siteRadius(site.sizeT, maxSiteT);
        const target: MapTarget = { kind: "site", key: site.key };
        const common = {
          class: `site ${site.kind}${props.active === site.key ? " active" : ""}`,
          "data-target": targetId(target),
          ...props.point(target),
        };
        if (site.kind === "plant") {
          return (
            <rect key={site.key} x={x - r} y={y - r} width={2 * r} height={2 * r} {...common} />
          );
        }
        if (site.kind === "port") {
          const s = r * 1.3;
          return (
            <path
              key={site.key}
              d={`M${x},${y - s}L${x + s},${y}L${x},${y + s}L${x - s},${y}z`}
              {...common}
            />
          );
        }
        return <circle key={site.key} cx={x} cy={y} r={r} {...common} />;
      })}
    </g>
  );
}
