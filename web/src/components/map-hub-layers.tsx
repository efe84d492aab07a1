// The map's hub layers: routes through hubs drawn leg by leg, and hub markers by kind (a port's
// anchor, a rail hub's track, a river port's waves), each naming its target as the other layers do.

import type { HubSite } from "../map-hubs.ts";
import type { Arc } from "../map-model.ts";
import { type MapTarget, type Point, targetId } from "../map-target.ts";
import { gainedColour, lostColour, modeColour, modeDash } from "../scales.ts";
import type { HubKind } from "../state/hub-view.ts";

/**
 * A route through hubs: one straight line per leg through the hubs' points, each in its mode's
 * colour and dash (in a comparison, gained or lost), the arrowhead on the last.
 */
export function RouteArc(props: {
  arc: Arc;
  modes: string[];
  comparison: boolean;
  active: boolean;
  width: number;
  point: Point;
}) {
  const { arc, modes, comparison } = props;
  const target: MapTarget = { kind: "arc", key: arc.key };
  const lost = comparison && arc.tonnes < 0;
  return (
    <g
      class={props.active ? "arc route active" : "arc route"}
      data-target={targetId(target)}
      data-via={arc.via.join(" ")}
      {...props.point(target)}
    >
      {arc.legs.map((leg, i) => (
        <path
          key={`${i}:${leg.mode}`}
          d={leg.d}
          class="route-leg"
          data-mode={leg.mode}
          stroke={comparison ? (lost ? lostColour : gainedColour) : modeColour(leg.mode, modes)}
          stroke-width={props.width}
          stroke-dasharray={
            comparison
              ? lost
                ? "5 3"
                : undefined
              : legDash(modeDash(leg.mode, modes), props.width)
          }
          marker-end={
            i < arc.legs.length - 1
              ? undefined
              : `url(#arrow-${comparison ? (lost ? "lost" : "gained") : leg.mode})`
          }
        />
      ))}
    </g>
  );
}

/**
 * A leg's dash widened by its stroke: round caps grow each dash by the width, so the gap grows by
 * as much and a thick coastal leg still reads dotted.
 */
function legDash(dash: string | undefined, width: number): string | undefined {
  if (dash === undefined) return undefined;
  const [on = 0, off = 0] = dash.split(" ").map(Number);
  return `${on} ${Math.round((off + width) * 10) / 10}`;
}

// Glyphs drawn on a 16 px badge centred on the hub: distinct in outline and mark, not colour alone.
const glyphs: Record<HubKind, string> = {
  // An anchor: ring, stock, shank and arms.
  port: "M0,-5.5a1.4,1.4 0 1,0 0.01,0M-3,-2.5H3M0,-4V4.5M-4.5,1Q-4,4.5 0,4.5Q4,4.5 4.5,1",
  // A track seen from above: two rails and three sleepers.
  railHub: "M-2.5,-5.5V5.5M2.5,-5.5V5.5M-4.5,-3H4.5M-4.5,0H4.5M-4.5,3H4.5",
  // Two waves.
  riverPort:
    "M-4.5,-1.5q1.1,-2 2.25,0t2.25,0t2.25,0t2.25,0M-4.5,2.5q1.1,-2 2.25,0t2.25,0t2.25,0t2.25,0",
};

/** A hub's marker at the origin: a white badge (round for ports, square for rail hubs) and its glyph. */
export function HubGlyph({ kind }: { kind: HubKind }) {
  return (
    <>
      {kind === "railHub" ? (
        <rect x="-7" y="-7" width="14" height="14" rx="2" class="hub-badge" />
      ) : (
        <circle r="7.5" class="hub-badge" />
      )}
      <path d={glyphs[kind]} class="hub-mark" />
    </>
  );
}

export function HubLayer(props: {
  hubs: HubSite[];
  active: string | null;
  point: Point;
  /** 1 / zoom: badges keep their size on the screen. */
  scale?: number;
}) {
  const scale = props.scale ?? 1;
  return (
    <g class="hubs">
      {props.hubs.map((hub) => {
        const target: MapTarget = { kind: "hub", key: hub.key };
        const [x, y] = hub.at;
        return (
          <g
            key={hub.key}
            class={`hub ${hub.kind}${props.active === hub.key ? " active" : ""}`}
            transform={`translate(${Math.round(x * 10) / 10},${Math.round(y * 10) / 10})${scale === 1 ? "" : ` scale(${Math.round(scale * 1000) / 1000})`}`}
            data-target={targetId(target)}
            data-hub={hub.id}
            {...props.point(target)}
          >
            <HubGlyph kind={hub.kind} />
          </g>
        );
      })}
    </g>
  );
}
