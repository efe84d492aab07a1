// A worker-thread task's result whose buffers go to the main thread moved rather than copied: piscina's transfer protocol behind one function.
import { move, transferableSymbol, valueSymbol } from "piscina";

/**
 * `value` as a task's result, with `buffers` (which it holds) transferred: the main thread gets
 * `value` with the buffers in place and copies nothing, and they are gone from this thread. Typed
 * as `value`, which is what the main thread receives once piscina unwraps it.
 */
export function moved<T>(value: T, buffers: readonly ArrayBuffer[]): T {
  // piscina moves an object that names its value and transfer list, once marked by move().
  const transferable = { [transferableSymbol]: [...buffers], [valueSymbol]: value };
  return move(transferable as never) as unknown as T;
}
