import { exampleIds } from "../../../src/http/shared/examples.ts";
import type { NewId } from "../../../src/storage/ids.ts";

// The ids the examples name are the ones the app hands out first, as on a fresh install.
export const exampleNewId = (): NewId => {
  const queues: Record<string, string[]> = {
    ds: [exampleIds.dataset],
    sc: [exampleIds.scenario],
    pl: [exampleIds.plan, exampleIds.otherPlan],
  };
  let n = 0;
  return (prefix) => queues[prefix]?.shift() ?? `${prefix}_${String(++n).padStart(4, "0")}`;
};
