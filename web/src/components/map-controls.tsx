// Controls of the map: the filters above it (mode, province, top N) and the zoom buttons on it.
import type { ArcFilter } from "../map-filter.ts";
import type { MapZoom } from "../map-zoom.ts";
import { maxZoom } from "../map-zoom.ts";

const topChoices = [5, 10, 20, 50];

export function MapFilters(props: {
  filter: ArcFilter;
  modes: string[];
  provinces: string[];
  onChange: (filter: ArcFilter) => void;
}) {
  const { filter, onChange } = props;
  return (
    <div class="map-filters" data-testid="map-filters">
      <label>
        Flows by mode{" "}
        <select
          value={filter.mode ?? ""}
          onChange={(e) => onChange({ ...filter, mode: e.currentTarget.value || null })}
        >
          <option value="">all</option>
          {props.modes.map((mode) => (
            <option key={mode} value={mode}>
              {mode}
            </option>
          ))}
        </select>
      </label>
      <label>
        Flows of province{" "}
        <select
          value={filter.province ?? ""}
          onChange={(e) => onChange({ ...filter, province: e.currentTarget.value || null })}
        >
          <option value="">all</option>
          {props.provinces.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Largest flows{" "}
        <select
          value={filter.top === null ? "" : String(filter.top)}
          onChange={(e) =>
            onChange({
              ...filter,
              top: e.currentTarget.value ? Number(e.currentTarget.value) : null,
            })
          }
        >
          <option value="">all</option>
          {topChoices.map((n) => (
            <option key={n} value={String(n)}>
              {n}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

export function ZoomButtons(props: {
  zoom: MapZoom;
  onZoomIn: () => void;
  onZoomOut: () => void;
  onReset: () => void;
}) {
  const { k } = props.zoom;
  return (
    <div class="zoom-buttons">
      <button type="button" aria-label="Zoom in" disabled={k >= maxZoom} onClick={props.onZoomIn}>
        +
      </button>
      <button type="button" aria-label="Zoom out" disabled={k <= 1} onClick={props.onZoomOut}>
        −
      </button>
      <button
        type="button"
        aria-label="Reset zoom"
        disabled={k === 1 && props.zoom.x === 0 && props.zoom.y === 0}
        onClick={props.onReset}
      >
        ⟲
      </button>
    </div>
  );
}
