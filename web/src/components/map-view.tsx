// The map: provinces shaded, sites, flows as arcs (or a comparison's gains, losses and mode
// switches), labels that fit, filters, zoom and pan, the South China Sea inset, with tooltips.
import type { RefObject } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Comparison, Plan } from "../api.ts";
import { tonnes } from "../format.ts";
import { mapHeight, mapWidth, type Point, provinceShapes } from "../geo.ts";
import { describe, mapLabel } from "../map-describe.ts";
import { type ArcFilter, arcProvinces, filterArcs, noFilter, shownSummary } from "../map-filter.ts";
import { labelCandidates, placeLabels } from "../map-labels.ts";
import type { Arc, Geography } from "../map-model.ts";
import {
  arcOf,
  type MapScene,
  mapScene,
  provinceShading,
  type Shading,
  stepTarget,
} from "../map-scene.ts";
import { type MapTarget, type Point as PointHandlers, targetId } from "../map-target.ts";
import {
  homeZoom,
  type MapZoom,
  panBy,
  pinch,
  showPoint,
  viewBoxOf,
  visibleBox,
  zoomAt,
  zoomCentre,
  zoomKey,
  zoomStep,
} from "../map-zoom.ts";
import type { HubKind } from "../state/hub-view.ts";
import { MapFilters, ZoomButtons } from "./map-controls.tsx";
import { HubLayer } from "./map-hub-layers.tsx";
import { ArcLayer, ArrowMarkers, maxArcTonnes, ProvinceLayer, SiteLayer } from "./map-layers.tsx";
import { Legend } from "./map-legend.tsx";
import { LabelLayer, SouthChinaSeaInset } from "./map-overlays.tsx";
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

/** Labels' size on the screen, whatever the zoom. */
const labelFontPx = 11;

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
  const point: PointHandlers = (target) => ({
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

/** Screen pixels per map unit at zoom 1: the SVG keeps its aspect, so the smaller of the two. */
function usePixelsPerUnit(svg: RefObject<SVGSVGElement | null>): number {
  const [scale, setScale] = useState(1);
  useEffect(() => {
    const element = svg.current;
    if (!element) return;
    const measure = () => {
      const { width, height } = element.getBoundingClientRect();
      if (width > 0 && height > 0) setScale(Math.min(width / mapWidth, height / mapHeight));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [svg]);
  return scale;
}

/**
 * Zoom and pan by wheel, drag and pinch (pointer events), in map units through the SVG's screen
 * matrix; the view lives in a ref too, so events in one frame build on each other.
 */
function useZoom(svg: RefObject<SVGSVGElement | null>) {
  const [zoom, setZoomState] = useState<MapZoom>(homeZoom);
  const current = useRef(zoom);
  const pointers = useRef(new Map<number, Point>());
  const dragged = useRef(false);
  const setZoom = (next: MapZoom) => {
    current.current = next;
    setZoomState(next);
  };
  const toMap = (clientX: number, clientY: number): Point => {
    const element = svg.current;
    const matrix = element?.getScreenCTM();
    if (!element || !matrix) return [clientX, clientY];
    const p = new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
    return [p.x, p.y];
  };
  const handlers = {
    onWheel(event: WheelEvent) {
      const factor = event.deltaY < 0 ? zoomStep ** 0.5 : zoomStep ** -0.5;
      const next = zoomAt(current.current, factor, toMap(event.clientX, event.clientY));
      // At the limits the page scrolls as usual.
      if (next.k === current.current.k) return;
      event.preventDefault();
      setZoom(next);
    },
    onPointerDown(event: PointerEvent) {
      if (event.pointerType === "mouse" && event.button !== 0) return;
      pointers.current.set(event.pointerId, [event.clientX, event.clientY]);
      dragged.current = false;
    },
    onPointerMove(event: PointerEvent) {
      const last = pointers.current.get(event.pointerId);
      if (last === undefined) return;
      const now: Point = [event.clientX, event.clientY];
      const others = [...pointers.current.entries()].filter(([id]) => id !== event.pointerId);
      const [other] = others;
      if (others.length === 1 && other) {
        const fixed = other[1];
        setZoom(
          pinch(
            current.current,
            [toMap(...fixed), toMap(...last)],
            [toMap(...fixed), toMap(...now)],
          ),
        );
      } else if (others.length === 0) {
        // A click wobbles a pixel or two: a drag starts beyond that.
        if (!dragged.current && Math.hypot(now[0] - last[0], now[1] - last[1]) < 3) return;
        dragged.current = true;
        const [x0, y0] = toMap(...last);
        const [x1, y1] = toMap(...now);
        setZoom(panBy(current.current, x0 - x1, y0 - y1));
      }
      pointers.current.set(event.pointerId, now);
    },
    onPointerUp(event: PointerEvent) {
      pointers.current.delete(event.pointerId);
    },
    onPointerCancel(event: PointerEvent) {
      pointers.current.delete(event.pointerId);
    },
  };
  return { zoom, setZoom, handlers, current };
}

/** Tonnes of the drawn arcs through each site, to pick the sites worth naming. */
function throughput(arcs: readonly Arc[]): Map<string, number> {
  const sum = new Map<string, number>();
  for (const arc of arcs) {
    for (const site of arc.loop ? [arc.to] : [arc.from, arc.to]) {
      sum.set(site.key, (sum.get(site.key) ?? 0) + Math.abs(arc.tonnes));
    }
  }
  return sum;
}

/** Local supply (rings) summed by site, with the text of its label. */
function localSupply(arcs: readonly Arc[], comparison: boolean) {
  const bySite = new Map<string, { key: string; at: Point; t: number }>();
  for (const arc of arcs.filter((a) => a.loop)) {
    const item = bySite.get(arc.to.key) ?? { key: arc.to.key, at: arc.to.at, t: 0 };
    item.t += arc.tonnes;
    bySite.set(arc.to.key, item);
  }
  return [...bySite.values()].map((item) => ({
    key: item.key,
    at: item.at,
    text: `${comparison && item.t > 0 ? "+" : ""}${tonnes(item.t)} local`,
  }));
}

/** Where a target is on the map, for keys that walk to it out of view. */
function targetPoint(scene: MapScene, target: MapTarget | null): Point | undefined {
  const arc = arcOf(scene, target);
  if (arc) return [(arc.from.at[0] + arc.to.at[0]) / 2, (arc.from.at[1] + arc.to.at[1]) / 2];
  if (target?.kind === "province")
    return provinceShapes.find((shape) => shape.name === target.name)?.centre;
  if (target?.kind === "site") return scene.geo.sites.find((s) => s.key === target.key)?.at;
  return undefined;
}

export function MapView(props: Props) {
  const { geo, modes, plan, comparison, highlight, onHighlight } = props;
  const container = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const { pointer, setPointer, point } = usePointer(container, onHighlight);
  const { zoom, setZoom, handlers } = useZoom(svg);
  const pixelsPerUnit = usePixelsPerUnit(svg);
  const [filter, setFilter] = useState<ArcFilter>(noFilter);

  const full = useMemo(() => mapScene(geo, plan, comparison), [geo, plan, comparison]);
  const scene = useMemo(
    (): MapScene => ({ ...full, arcs: filterArcs(full.arcs, filter) }),
    [full, filter],
  );
  const { arcs } = scene;
  const shading = provinceShading(scene, props.shading);
  const activeArc = arcOf(scene, highlight);
  const description = describe(scene, highlight);
  const isComparison = comparison !== null;

  const unitsPerPx = 1 / (pixelsPerUnit * zoom.k);
  const labels = useMemo(() => {
    const through = throughput(arcs);
    const candidates = labelCandidates(
      provinceShapes,
      geo.sites.map((site) => ({
        key: site.key,
        at: site.at,
        names: site.nodes.map((node) => node.name),
        throughputT: through.get(site.key) ?? 0,
      })),
      localSupply(arcs, isComparison),
      zoom.k,
    );
    return placeLabels(candidates, {
      unitsPerPx,
      zoom: zoom.k,
      visible: visibleBox(zoom),
      fontPx: labelFontPx,
    });
  }, [arcs, geo, zoom, unitsPerPx, isComparison]);

  // Keys on the focused map: + and - zoom, 0 resets, Shift+arrows pan; arrows walk the arcs
  // (left/right) and the provinces (up/down), bringing the one chosen into view; Escape lets go.
  function onKeyDown(event: KeyboardEvent) {
    const zoomed = zoomKey(zoom, event.key, event.shiftKey);
    if (zoomed !== undefined) {
      event.preventDefault();
      setZoom(zoomed);
      return;
    }
    const next = stepTarget(scene, highlight, event.key);
    if (next === undefined) return;
    event.preventDefault();
    setPointer(null);
    const at = targetPoint(scene, next);
    if (at) setZoom(showPoint(zoom, at));
    onHighlight(next);
  }

  const unmapped = [...scene.provinceRows.keys()].filter((name) => !mappedProvinces.has(name));
  const anchorTarget: MapTarget | null = activeArc
    ? { kind: "arc", key: activeArc.key }
    : highlight;
  const provinces = useMemo(() => arcProvinces(full.arcs), [full]);
  const someNotInNetwork = provinceShapes.some((shape) =>
    shading.fill(shape.name).startsWith("url("),
  );

  return (
    <div class="map-wrap" ref={container}>
      <MapFilters filter={filter} modes={modes} provinces={provinces} onChange={setFilter} />
      <div class={zoom.k > 1 ? "map-frame zoomed" : "map-frame"}>
        <svg
          ref={svg}
          class="map"
          viewBox={viewBoxOf(zoom)}
          data-zoom={Math.round(zoom.k * 100) / 100}
          role="img"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: one tab stop whose keys walk, zoom and pan the map
          tabIndex={0}
          aria-label={mapLabel(scene)}
          aria-describedby="map-tooltip"
          onKeyDown={onKeyDown}
          onBlur={() => onHighlight(null)}
          {...handlers}
        >
          <ArrowMarkers modes={modes} scale={1 / zoom.k} />
          <ProvinceLayer
            fill={shading.fill}
            active={highlight?.kind === "province" ? highlight.name : null}
            point={point}
          />
          <ArcLayer
            arcs={arcs}
            modes={modes}
            comparison={isComparison}
            active={activeArc}
            point={point}
            scale={1 / zoom.k}
          />
          <SiteLayer
            sites={geo.sites}
            active={highlight?.kind === "site" ? highlight.key : null}
            point={point}
            scale={1 / zoom.k}
          />
          {geo.hubs.length > 0 && (
            <HubLayer
              hubs={geo.hubs}
              active={highlight?.kind === "hub" ? highlight.key : null}
              point={point}
              scale={1 / zoom.k}
            />
          )}
          <LabelLayer labels={labels} fontSize={labelFontPx * unitsPerPx} />
        </svg>
        <SouthChinaSeaInset />
        <ZoomButtons
          zoom={zoom}
          onZoomIn={() => setZoom(zoomCentre(zoom, zoomStep))}
          onZoomOut={() => setZoom(zoomCentre(zoom, 1 / zoomStep))}
          onReset={() => setZoom(homeZoom)}
        />
      </div>
      <Tooltip
        description={description}
        container={container}
        pointer={pointer}
        anchorId={anchorTarget && targetId(anchorTarget)}
      />
      <Legend
        modes={modes}
        hubKinds={hubKindsOf(geo)}
        comparison={isComparison}
        shading={shading}
        maxTonnes={maxArcTonnes(arcs)}
        shown={shownSummary(arcs.length, full.arcs.length, isComparison)}
        switches={arcs.some((arc) => arc.switched)}
        local={arcs.some((arc) => arc.loop)}
        notInNetwork={someNotInNetwork}
      />
      {unmapped.length > 0 && (
        <p class="map-note">
          Not on the map (no outline): {unmapped.join(", ")}; see the province table.
        </p>
      )}
    </div>
  );
}
