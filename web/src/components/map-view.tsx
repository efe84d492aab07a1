// The map: provinces shaded, sites, flows as arcs (or a comparison's gains and losses), with tooltips.
import type { RefObject } from "preact";
import { useMemo, useRef, useState } from "preact/hooks";
import type { Comparison, Plan } from "../api.ts";
import { mapHeight, mapWidth, provinceShapes } from "../geo.ts";
import { describe, mapLabel } from "../map-describe.ts";
import type { Geography } from "../map-model.ts";
import { arcOf, mapScene, provinceShading, type Shading, stepTarget } from "../map-scene.ts";
import { type MapTarget, type Point, targetId } from "../map-target.ts";
import type { HubKind } from "../state/hub-view.ts";
import { HubLayer } from "./map-hub-layers.tsx";
import { ArcLayer, ArrowMarkers, maxArcTonnes, ProvinceLayer, SiteLayer } from "./map-layers.tsx";
import { Legend } from "./map-legend.tsx";
import { Tooltip } from "./map-tooltip.tsx";

interface Props {
  geo: Geography;
  modes: string[];
  plan: Plan | null;
  comparison: Comparison | null;
  shading: Shading;
  highlight: MapTarget | null;
  onHighlight: (target: MapTarget | null) => void;
}

/** The kinds of hub the network has, in the legend's order. */
const hubKindsOf = (geo: Geography): HubKind[] =>
  (["port", "riverPort", "railHub"] as const).filter((kind) =>
    geo.hubs.some((hub) => hub.kind === kind),
  );

const mappedProvinces = new Set(provinceShapes.map((shape) => shape.name));

/** Where the pointer is in the map, and the handlers that highlight what it is over. */
function usePointer(
  container: RefObject<HTMLDivElement | null>,
  onHighlight: (target: MapTarget | null) => void,
) {
  const [pointer, setPointer] = useState<{ x: number; y: number } | null>(null);
  function move(event: MouseEvent) {
    const box = container.current?.getBoundingClientRect();
    if (box) setPointer({ x: event.clientX - box.left, y: event.clientY - box.top });
  }
  const point: Point = (target) => ({
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
  return { pointer, setPointer, point };
}

export function MapView(props: Props) {
  const { geo, modes, plan, comparison, highlight, onHighlight } = props;
  const container = useRef<HTMLDivElement>(null);
  const { pointer, setPointer, point } = usePointer(container, onHighlight);

  const scene = useMemo(() => mapScene(geo, plan, comparison), [geo, plan, comparison]);
  const { arcs } = scene;
  const shading = provinceShading(scene, props.shading);
  const activeArc = arcOf(scene, highlight);
  const description = describe(scene, highlight);

  // Arrow keys walk the arcs (left/right) and the provinces (up/down); Escape lets go.
  function onKeyDown(event: KeyboardEvent) {
    const next = stepTarget(scene, highlight, event.key);
    if (next === undefined) return;
    event.preventDefault();
    setPointer(null);
    onHighlight(next);
  }

  const unmapped = [...scene.provinceRows.keys()].filter((name) => !mappedProvinces.has(name));
  const anchorTarget: MapTarget | null = activeArc
    ? { kind: "arc", key: activeArc.key }
    : highlight;

  return (
    <div class="map-wrap" ref={container}>
      <svg
        class="map"
        viewBox={`0 0 ${mapWidth} ${mapHeight}`}
        role="img"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: one tab stop whose arrow keys walk the flows and provinces
        tabIndex={0}
        aria-label={mapLabel(scene)}
        aria-describedby="map-tooltip"
        onKeyDown={onKeyDown}
        onBlur={() => onHighlight(null)}
      >
        <ArrowMarkers modes={modes} />
        <ProvinceLayer
          fill={shading.fill}
          active={highlight?.kind === "province" ? highlight.name : null}
          point={point}
        />
        <ArcLayer
          arcs={arcs}
          modes={modes}
          comparison={comparison !== null}
          active={activeArc}
          point={point}
        />
        <SiteLayer
          sites={geo.sites}
          active={highlight?.kind === "site" ? highlight.key : null}
          point={point}
        />
        {geo.hubs.length > 0 && (
          <HubLayer
            hubs={geo.hubs}
            active={highlight?.kind === "hub" ? highlight.key : null}
            point={point}
          />
        )}
      </svg>
      <Tooltip
        description={description}
        container={container}
        pointer={pointer}
        anchorId={anchorTarget && targetId(anchorTarget)}
      />
      <Legend
        modes={modes}
        hubKinds={hubKindsOf(geo)}
        comparison={comparison !== null}
        shading={shading}
        maxTonnes={maxArcTonnes(arcs)}
      />
      {unmapped.length > 0 && (
        <p class="map-note">
          Not on the map (no outline): {unmapped.join(", ")}; see the province table.
        </p>
      )}
    </div>
  );
}
