// The map's legend: arc colours by mode (or gained and lost), site symbols, and the province ramp.
import { Fragment } from "preact";
import { perT, tonnes } from "../format.ts";
import { noCostFill, notInNetworkFill, type ProvinceShading } from "../map-scene.ts";
import {
  balanceStops,
  costStops,
  gainedColour,
  gradient,
  lostColour,
  modeColour,
  modeDash,
  switchColour,
} from "../scales.ts";
import type { HubKind } from "../state/hub-view.ts";
import { HubGlyph } from "./map-hub-layers.tsx";

const hubLegendNames: Record<HubKind, string> = {
  port: "transshipment port",
  riverPort: "river port",
  railHub: "rail hub",
};

export function Legend(props: {
  modes: string[];
  /** The kinds of hub on the map; none without hubs. */
  hubKinds: HubKind[];
  comparison: boolean;
  shading: ProvinceShading;
  maxTonnes: number;
  /** How many arcs of how many are drawn: "showing 12 of 35 flows". */
  shown: string;
  /** A comparison moves tonnes between modes (drawn as one double line). */
  switches: boolean;
  /** Some supply stays within one place (drawn as a ring). */
  local: boolean;
  /** Some province has no plant, smelter or port of the network (hatched). */
  notInNetwork: boolean;
}) {
  const { modes, comparison, shading } = props;
  return (
    <div class="legend">
      <div class="legend-group">
        <span class="legend-note legend-shown" data-testid="map-shown">
          {props.shown}
        </span>
      </div>
      <div class="legend-group">
        {comparison ? (
          <>
            <LegendLine colour={gainedColour} label="gained in b" />
            <LegendLine colour={lostColour} dash="5 3" label="lost in b" />
            {props.switches && (
              <span class="legend-line">
                <svg width="28" height="10" aria-hidden="true">
                  <line x1="1" y1="5" x2="27" y2="5" stroke={switchColour} stroke-width="5" />
                  <line x1="1" y1="5" x2="27" y2="5" stroke="#fff" stroke-width="1.6" />
                </svg>
                moved to another mode (same sites)
              </span>
            )}
            <span class="legend-note">arrowheads: direction of travel</span>
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
          {props.maxTonnes > 0
            ? `width: ${comparison ? "change in " : ""}tonnes, up to ${tonnes(props.maxTonnes)}`
            : "no flows to draw"}
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
          {props.local && (
            <>
              <svg width="18" height="18" aria-hidden="true">
                <circle cx="9" cy="9" r="7" fill="none" stroke="#39424e" stroke-width="1.8" />
                <rect x="7" y="7" width="4" height="4" class="site plant" />
              </svg>
              ring: supplied within the same city, its tonnes beside it (no lane)
            </>
          )}
          {props.hubKinds.map((kind) => (
            <Fragment key={kind}>
              <svg width="18" height="18" viewBox="-9 -9 18 18" aria-hidden="true">
                <g class={`hub ${kind}`}>
                  <HubGlyph kind={kind} />
                </g>
              </svg>
              {hubLegendNames[kind]}
            </Fragment>
          ))}
        </span>
      </div>
      <div class="legend-group">
        {shading.byCost ? (
          <Ramp
            stops={costStops}
            left={perT(shading.minCost)}
            right={perT(shading.maxCost)}
            title="Marginal cost of the next tonne"
          />
        ) : shading.maxAbsNet === 0 && props.maxTonnes === 0 ? (
          <span class="legend-note">provinces: nothing shipped between them</span>
        ) : (
          <Ramp
            stops={balanceStops}
            left={`ships out ${tonnes(shading.maxAbsNet)}`}
            right={`takes in ${tonnes(shading.maxAbsNet)}`}
            title={comparison ? "Change in net inflow, b − a" : "Net inter-provincial flow"}
          />
        )}
        {shading.someWithoutCost && <Swatch fill={noCostFill} label="grey: no marginal cost" />}
        {props.notInNetwork && (
          <Swatch fill={notInNetworkFill} label="hatched: not in the network" />
        )}
      </div>
    </div>
  );
}

/** A province fill as a small square; the hatch pattern is the map's own. */
function Swatch(props: { fill: string; label: string }) {
  return (
    <span class="legend-line" data-swatch={props.label}>
      <svg width="14" height="14" aria-hidden="true">
        <rect x="0.5" y="0.5" width="13" height="13" fill={props.fill} stroke="#8a94a0" />
      </svg>
      {props.label}
    </span>
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
