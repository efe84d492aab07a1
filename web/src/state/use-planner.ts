// The planner as a Preact hook: one planner per API client, bound to the window's address bar.
import { useEffect, useMemo, useState } from "preact/hooks";
import type { ApiClient } from "../api.ts";
import { type Address, createPlanner, type Planner } from "./planner.ts";
import type { PlannerState } from "./planner-state.ts";

const windowAddress: Address = {
  hash: () => window.location.hash,
  replace(fragment) {
    const { pathname, search } = window.location;
    window.history.replaceState(window.history.state, "", `${pathname}${search}${fragment}`);
  },
};

/** The planner's state, re-rendered on every change, and the planner whose actions change it. */
export function usePlanner(api: ApiClient): [PlannerState, Planner] {
  const planner = useMemo(
    () => createPlanner({ api, address: windowAddress, now: Date.now }),
    [api],
  );
  const [state, setState] = useState(planner.getState);
  useEffect(() => {
    const unsubscribe = planner.subscribe(setState);
    // Back, forward or an edited fragment open the view it names (a login link reloads: main.tsx).
    const onHashChange = () => void planner.followFragment(window.location.hash);
    window.addEventListener("hashchange", onHashChange);
    void planner.start(window.location.hash);
    return () => {
      unsubscribe();
      window.removeEventListener("hashchange", onHashChange);
    };
  }, [planner]);
  return [state, planner];
}
