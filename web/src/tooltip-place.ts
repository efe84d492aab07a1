// Where the map's tooltip goes so that all of it stays in sight.

/** Room kept between the tooltip and the edges of the map and the window, px. */
const margin = 4;

/**
 * The tooltip's corner, kept inside the map's box and the window: right of and below the point,
 * else left of or above it, else pressed against the edge.
 */
export function placeTooltip(
  at: { x: number; y: number },
  size: { width: number; height: number },
  /** The map's box relative to itself (width, height) and where it is in the window. */
  box: { width: number; height: number; left: number; top: number },
  window: { width: number; height: number },
): { left: number; top: number } {
  const offset = 14;
  // The room in the container's coordinates: the map's box cut by the window.
  const minX = Math.max(0, -box.left) + margin;
  const maxX = Math.min(box.width, window.width - box.left) - margin;
  const minY = Math.max(0, -box.top) + margin;
  const maxY = Math.min(box.height, window.height - box.top) - margin;
  const side = (point: number, size: number, min: number, max: number) => {
    if (point + offset + size <= max) return Math.max(min, point + offset);
    if (point - offset - size >= min) return point - offset - size;
    return Math.max(min, max - size);
  };
  return {
    left: side(at.x, size.width, minX, maxX),
    top: side(at.y, size.height, minY, maxY),
  };
}
