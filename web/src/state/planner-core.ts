// The planner's core: its state as a store, requests with progress and cancelling, the address bar
// and the saved list, which every action of planner.ts and planner-links.ts builds on.
import { type ApiClient, type Problem, ProblemError, type Scenario } from "../api.ts";
import { type DeepLink, formatFragment } from "../deep-link.ts";
import {
  initialState,
  type PlannerEvent,
  type PlannerState,
  plannerReducer,
} from "./planner-state.ts";

/** The address bar's fragment: read, and replaced without a reload or a history entry. */
export interface Address {
  hash(): string;
  replace(fragment: string): void;
}

/** What a planner is given: no DOM, so tests drive one without a browser. */
export interface PlannerDeps {
  api: ApiClient;
  address: Address;
  now: () => number;
}

export interface Core {
  api: ApiClient;
  state(): PlannerState;
  dispatch(event: PlannerEvent): void;
  subscribe(listener: (state: PlannerState) => void): () => void;
  /** Runs a request with progress and a cancel button; a failure becomes the problem shown. */
  task<T>(
    what: string,
    run: (signal: AbortSignal) => Promise<T>,
    fields?: string[],
    failed?: (problem: Problem) => void,
  ): Promise<T | undefined>;
  /** Abandons the request under way (and so the solve on the server). */
  cancel(): void;
  /** Puts the view in the address bar; a link that did not open is no longer the news. */
  setLink(link: DeepLink | null): void;
  /** Lists the dataset's saved plans; returns its scenarios by id (undefined when that failed). */
  refreshSaved(id: string, newest?: string): Promise<Map<string, Scenario> | undefined>;
  /** Counts the links opened: the first load's fallback must not cover a link opened meanwhile. */
  linksOpened: number;
}

export function asProblem(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  return { title: "Something went wrong", detail: String(error) };
}

export function createCore({ api, address, now }: PlannerDeps): Core {
  let state = initialState();
  const listeners = new Set<(state: PlannerState) => void>();
  let controller: AbortController | null = null;
  const core: Core = {
    api,
    state: () => state,
    dispatch(event) {
      state = plannerReducer(state, event);
      for (const listener of listeners) listener(state);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async task(what, run, fields = [], failed) {
      controller?.abort();
      const current = new AbortController();
      controller = current;
      core.dispatch({ type: "taskStarted", what, at: now() });
      try {
        return await run(current.signal);
      } catch (error) {
        if (current.signal.aborted) core.dispatch({ type: "taskCancelled", what });
        else if (failed) failed(asProblem(error));
        else core.dispatch({ type: "failed", problem: asProblem(error), fields });
        return undefined;
      } finally {
        if (controller === current) {
          controller = null;
          core.dispatch({ type: "taskEnded" });
        }
      }
    },
    cancel: () => controller?.abort(),
    setLink(link) {
      core.dispatch({ type: "linked", link });
      const fragment = formatFragment(link);
      if (address.hash() !== fragment) address.replace(fragment);
    },
    async refreshSaved(id, newest) {
      try {
        const [plans, scenarios] = await Promise.all([api.plans(id), api.scenarios(id)]);
        core.dispatch({
          type: "savedListed",
          plans,
          scenarios,
          ...(newest === undefined ? {} : { newest }),
        });
        return state.scenarios;
      } catch (error) {
        core.dispatch({ type: "failed", problem: asProblem(error), fields: [] });
        return undefined;
      }
    },
    linksOpened: 0,
  };
  return core;
}
