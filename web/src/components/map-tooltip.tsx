// The map's tooltip: a description placed at the pointer, or beside the element a key or row chose.
import type { RefObject } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import type { Description } from "../map-describe.ts";
import { placeTooltip } from "../tooltip-place.ts";

interface Props {
  description: Description | null;
  container: RefObject<HTMLDivElement | null>;
  /** The pointer within the map, when the pointer chose the target. */
  pointer: { x: number; y: number } | null;
  /** The `data-target` of the element to sit beside otherwise. */
  anchorId: string | null;
}

/** Where the tooltip goes: at the pointer, or for keyboard and table focus, beside the element. */
function anchor(props: Props): { x: number; y: number } | null {
  if (props.pointer) return props.pointer;
  const box = props.container.current;
  if (!box || props.anchorId === null) return null;
  const element = box.querySelector(`[data-target="${CSS.escape(props.anchorId)}"]`);
  if (!element) return null;
  const a = element.getBoundingClientRect();
  const b = box.getBoundingClientRect();
  return { x: a.left + a.width / 2 - b.left, y: a.top + a.height / 2 - b.top };
}

export function Tooltip(props: Props) {
  const { description } = props;
  const at = description ? anchor(props) : null;
  const self = useRef<HTMLDivElement>(null);
  // Measured after drawing: its size depends on its words.
  useLayoutEffect(() => {
    const tip = self.current;
    const box = props.container.current;
    if (!tip || !box || !at) return;
    const rect = box.getBoundingClientRect();
    const { left, top } = placeTooltip(
      at,
      { width: tip.offsetWidth, height: tip.offsetHeight },
      { width: box.clientWidth, height: box.clientHeight, left: rect.left, top: rect.top },
      { width: document.documentElement.clientWidth, height: window.innerHeight },
    );
    tip.style.left = `${Math.round(left)}px`;
    tip.style.top = `${Math.round(top)}px`;
  });
  return (
    <div
      ref={self}
      id="map-tooltip"
      class="tooltip"
      role="status"
      hidden={description === null}
      style={at ? { left: `${at.x + 14}px`, top: `${at.y + 14}px` } : { left: "8px", top: "8px" }}
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
  );
}
