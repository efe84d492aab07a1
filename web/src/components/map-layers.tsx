// The map's SVG layers: arrowheads per mode, provinces, arcs and sites; each element names its target.
import { provinceShapes } from "../geo.ts";
import type { Arc, Site } from "../map-model.ts";
import { type MapTarget, type Point, targetId } from "../map-target.ts";
import {
  arcWidth,
  changeColour,
  gainedColour,
  lostColour,
  modeColour,
  modeDash,
  siteRadius,
  switchColour,
} from "../scales.ts";
import { RouteArc } from "./map-hub-layers.tsx";

/** Arrowheads by mode (a plan) and by kind of change (a comparison), and the hatch of provinces
 * the network has nothing in. */
export function ArrowMarkers({ modes, scale }: { modes: string[]; scale: number }) {
  const heads: [string, string, number][] = [
    ...modes.map((mode): [string, string, number] => [mode, modeColour(mode, modes), 7]),
    ["gained", gainedColour, 9],
    ["lost", lostColour, 9],
    ["switch", switchColour, 10],
  ];
  return (
    <defs>
      {heads.map(([id, colour, size]) => (
        <marker
          key={id}
          id={`arrow-${id}`}
          viewBox="0 0 10 10"
          refX="8"
          refY="5"
          markerWidth={size * scale}
          markerHeight={size * scale}
          markerUnits="userSpaceOnUse"
          orient="auto"
        >
          <path d="M0,0L10,5L0,10z" fill={colour} />
        </marker>
      ))}
      <pattern
        id="not-in-network"
        width="6"
        height="6"
        patternUnits="userSpaceOnUse"
        patternTransform="rotate(45)"
      >
        <rect width="6" height="6" fill="#f4f5f7" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#aab2bd" stroke-width="2" />
      </pattern>
    </defs>
  );
}

/** Arrowhead of a comparison's arc: gained, lost, or moved between modes. */
const changeHead = (arc: Arc) =>
  `url(#arrow-${arc.switched ? "switch" : arc.tonnes > 0 ? "gained" : "lost"})`;

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
  /** Map units per unit of drawing: 1 / zoom, so that lines keep their width on the screen. */
  scale: number;
}) {
  const { arcs, modes, comparison, active, scale } = props;
  const maxTonnes = maxArcTonnes(arcs);
  const rings = localRings(arcs);
  return (
    <g class={active ? "arcs dimmed" : "arcs"}>
      {arcs.map((arc) => {
        const target: MapTarget = { kind: "arc", key: arc.key };
        const colour = comparison ? changeColour(arc) : modeColour(arc.mode, modes);
        const width = arcWidth(arc.tonnes, maxTonnes) * scale;
        const activeClass = active?.key === arc.key ? " active" : "";
        if (arc.loop) {
          // Supply within one place: a ring around the site, not a curl; its label gives tonnes.
          const [x, y] = arc.to.at;
          return (
            <circle
              key={arc.key}
              cx={x}
              cy={y}
              r={(rings.get(arc.key) ?? 11) * scale}
              stroke-width={2 * scale}
              class={`arc local${activeClass}`}
              data-target={targetId(target)}
              data-mode={arc.mode}
              stroke={colour}
              stroke-dasharray={
                comparison ? undefined : scaledDash(modeDash(arc.mode, modes), scale)
              }
              {...props.point(target)}
            />
          );
        }
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
        if (arc.switched) {
          // A mode switch: one double line (coloured casing, white core) with one arrowhead.
          return (
            <g
              key={arc.key}
              class={`arc switch${activeClass}`}
              data-target={targetId(target)}
              data-switch={`${arc.switched.fromMode}>${arc.switched.toMode}`}
              {...props.point(target)}
            >
              <path
                d={arc.d}
                stroke={colour}
                stroke-width={Math.max(3 * scale, width)}
                marker-end={changeHead(arc)}
              />
              <path d={arc.d} class="switch-core" stroke-width={Math.max(scale, width / 3)} />
            </g>
          );
        }
        return (
          <path
            key={arc.key}
            d={arc.d}
            class={`arc${activeClass}`}
            data-target={targetId(target)}
            data-mode={arc.mode}
            stroke={colour}
            stroke-width={width}
            stroke-dasharray={scaledDash(
              comparison ? (arc.tonnes < 0 ? "5 3" : undefined) : modeDash(arc.mode, modes),
              scale,
            )}
            marker-end={comparison ? changeHead(arc) : `url(#arrow-${arc.mode})`}
            {...props.point(target)}
          />
        );
      })}
    </g>
  );
}

/** Ring radius of each local supply arc: 9 to 15 by tonnes, a second ring at a site outside the first. */
function localRings(arcs: readonly Arc[]): Map<string, number> {
  const loops = arcs.filter((arc) => arc.loop);
  const maxT = Math.max(0, ...loops.map((arc) => Math.abs(arc.tonnes)));
  const perSite = new Map<string, number>();
  const radii = new Map<string, number>();
  for (const arc of loops) {
    const n = perSite.get(arc.to.key) ?? 0;
    perSite.set(arc.to.key, n + 1);
    radii.set(arc.key, 9 + 6 * Math.sqrt(Math.abs(arc.tonnes) / (maxT || 1)) + 4 * n);
  }
  return radii;
}

/** A dash pattern at the zoom's scale, so dashes keep their length on the screen. */
export const scaledDash = (dash: string | undefined, scale: number) =>
  dash === undefined
    ? undefined
    : dash
        .split(" ")
        .map((n) => Math.round(Number(n) * scale * 100) / 100)
        .join(" ");

export const maxArcTonnes = (arcs: readonly Arc[]) =>
  Math.max(0, ...arcs.map((arc) => Math.abs(arc.tonnes)));

export function SiteLayer(props: {
  sites: Site[];
  active: string | null;
  point: Point;
  /** 1 / zoom: symbols keep their size on the screen. */
  scale: number;
}) {
  const maxSiteT = Math.max(0, ...props.sites.map((site) => site.sizeT));
  return (
    <g class="sites">
      {props.sites.map((site) => {
        const [x, y] = site.at;
        const r = siteRadius(site.sizeT, maxSiteT) * props.scale;
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
