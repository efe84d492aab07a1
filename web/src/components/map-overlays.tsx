// Drawn over the map: the labels that fit, and the South China Sea inset in the lower right.
import { provinceShapes } from "../geo.ts";
import { insetProvinces, southChinaSeaInset } from "../map-inset.ts";
import type { PlacedLabel } from "../map-labels.ts";

export function LabelLayer(props: { labels: PlacedLabel[]; fontSize: number }) {
  return (
    <g class="labels" font-size={Math.round(props.fontSize * 100) / 100}>
      {props.labels.map((label) => (
        <text
          key={label.id}
          x={Math.round(label.x * 10) / 10}
          y={Math.round(label.y * 10) / 10}
          text-anchor={label.anchor}
          class={`label label-${label.kind}`}
          data-label={label.id}
        >
          {label.text}
        </text>
      ))}
    </g>
  );
}

const inset = southChinaSeaInset();
const insetShapes = provinceShapes.filter((shape) => insetProvinces.has(shape.name));

export function SouthChinaSeaInset() {
  return (
    <svg
      class="map-inset"
      viewBox={inset.viewBox}
      role="img"
      aria-label="Inset: the South China Sea islands"
      data-testid="map-inset"
    >
      {insetShapes.map((shape) => (
        <path key={shape.id} d={shape.d} class="inset-land" />
      ))}
      <path d={inset.line} class="inset-line" />
      {inset.islands.map(([x, y]) => (
        <circle key={`${x},${y}`} cx={x} cy={y} r="2.6" class="inset-island" />
      ))}
    </svg>
  );
}
