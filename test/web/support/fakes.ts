// Stand-ins for the planner's unit tests: an API client that answers from tables kept in memory (and
// holds a solve until it is released or aborted), an address bar, and a clock that moves by hand.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type {
  ApiClient,
  Change,
  Comparison,
  Dataset,
  DatasetSummary,
  Network,
  Plan,
  PlanSummary,
  Scenario,
  StoredPlan,
} from "../../../web/src/api.ts";
import { ProblemError } from "../../../web/src/api.ts";
import type { Address } from "../../../web/src/state/planner.ts";

/** The two-plant fixture (test/fixtures/balanced.json) as the page's network (no ports). */
export const network = {
  ports: [],
  ...JSON.parse(
    readFileSync(join(import.meta.dirname, "..", "..", "fixtures", "balanced.json"), "utf8"),
  ),
} as Network;

/** A plan the planner only carries and shows: its totals and no rows. */
export const planCosting = (totalCost: number): Plan =>
  ({ status: "optimal", totals: { totalCost }, flows: [], provinces: [] }) as unknown as Plan;

const summary = (id: string, name: string, shared = true) =>
  ({ id, name, shared }) as unknown as DatasetSummary;

/** The answers the fake API gives; tests add plans and scenarios as the server would store them. */
export interface FakeServer {
  datasets: DatasetSummary[];
  scenarios: Scenario[];
  stored: StoredPlan[];
  /** Total cost of a solve of these changes. */
  costOf: (changes: Change[]) => number;
  calls: string[];
  /** Solves wait for release() while held; an abort rejects them as fetch does. */
  hold: boolean;
  release: () => void;
}

export function fakeServer(): { server: FakeServer; api: ApiClient } {
  const waiting: (() => void)[] = [];
  const server: FakeServer = {
    datasets: [summary("ds_old", "Old upload", false), summary("ds_1", "Balanced")],
    scenarios: [],
    stored: [],
    costOf: (changes) => 2520 * (1 + changes.length),
    calls: [],
    hold: false,
    release: () => {
      for (const go of waiting.splice(0)) go();
    },
  };
  const notFound = (what: string) =>
    new ProblemError({ title: "Not Found", status: 404, detail: `No ${what}` });
  const planOf = (id: string) => {
    const stored = server.stored.find((p) => p.id === id);
    if (!stored) throw notFound(`plan ${id}`);
    return stored;
  };
  const held = (signal: AbortSignal | undefined) =>
    new Promise<void>((resolve, reject) => {
      if (!server.hold) return resolve();
      waiting.push(resolve);
      signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
    });
  const api: ApiClient = {
    async datasets() {
      server.calls.push("datasets");
      return server.datasets;
    },
    async dataset(id) {
      server.calls.push(`dataset ${id}`);
      const found = server.datasets.find((d) => d.id === id);
      if (!found) throw notFound(`dataset ${id}`);
      return { ...found, network } as unknown as Dataset;
    },
    async createDataset() {
      throw new Error("not in these tests");
    },
    async sweep() {
      throw new Error("not in these tests");
    },
    async createDatasetFromWorkbook() {
      throw new Error("not in these tests");
    },
    async datasetFile() {
      throw new Error("not in these tests");
    },
    async solve(datasetId, changes, signal) {
      server.calls.push(`solve ${datasetId} ${JSON.stringify(changes)}`);
      await held(signal);
      return planCosting(server.costOf(changes));
    },
    async createScenario(datasetId, name, changes) {
      server.calls.push(`createScenario ${name}`);
      const scenario = { id: `sc_${server.scenarios.length + 1}`, datasetId, name, changes };
      server.scenarios.push(scenario as unknown as Scenario);
      return scenario as unknown as Scenario;
    },
    async scenarios(datasetId) {
      return server.scenarios.filter((s) => s.datasetId === datasetId);
    },
    async createPlan(scenarioId, signal) {
      await held(signal);
      return addPlan(server, scenarioId);
    },
    async plans(datasetId) {
      // Newest first, as the API lists them.
      return server.stored
        .filter((p) => p.datasetId === datasetId)
        .map((p) => ({ ...p, totals: p.plan.totals }) as unknown as PlanSummary)
        .reverse();
    },
    async plan(id) {
      server.calls.push(`plan ${id}`);
      return planOf(id);
    },
    async compare(a, b) {
      server.calls.push(`compare ${a} ${b}`);
      planOf(a);
      planOf(b);
      return { a: { planId: a }, b: { planId: b } } as unknown as Comparison;
    },
    async compareMany(planIds) {
      server.calls.push(`compareMany ${planIds.join(" ")}`);
      for (const id of planIds) planOf(id);
      const [baselineId = "", ...others] = planIds;
      return {
        baselineId,
        comparisons: others.map((planId) => ({
          planId,
          comparison: { a: { planId: baselineId }, b: { planId } } as unknown as Comparison,
        })),
      };
    },
    async renameScenario(scenarioId, name) {
      server.calls.push(`renameScenario ${scenarioId} ${name}`);
      const scenario = server.scenarios.find((s) => s.id === scenarioId);
      if (!scenario) throw notFound(`scenario ${scenarioId}`);
      scenario.name = name;
      return scenario;
    },
    async deleteScenario(scenarioId, cascade) {
      server.calls.push(`deleteScenario ${scenarioId}${cascade ? " cascade" : ""}`);
      const index = server.scenarios.findIndex((s) => s.id === scenarioId);
      if (index < 0) throw notFound(`scenario ${scenarioId}`);
      const plans = server.stored.filter((p) => p.scenarioId === scenarioId);
      if (plans.length > 0 && !cascade) {
        throw new ProblemError({
          title: "Conflict",
          status: 409,
          code: "in_use",
          detail: `The scenario ${scenarioId} is still referred to by ${plans.length} stored items (see referencedBy); delete them first, or send ?cascade=true to delete them with it`,
        });
      }
      server.stored = server.stored.filter((p) => p.scenarioId !== scenarioId);
      server.scenarios.splice(index, 1);
    },
    async deletePlan(planId) {
      server.calls.push(`deletePlan ${planId}`);
      planOf(planId);
      server.stored = server.stored.filter((p) => p.id !== planId);
    },
    async regions(planId) {
      server.calls.push(`regions ${planId}`);
      planOf(planId);
      return { planId, status: "optimal", network: "balanced", regions: [], calibration: null };
    },
  };
  return { server, api };
}

/** Stores a plan of a stored scenario, as POST /v1/scenarios/{id}/plans does. */
export function addPlan(server: FakeServer, scenarioId: string): StoredPlan {
  const scenario = server.scenarios.find((s) => s.id === scenarioId);
  if (!scenario) throw new Error(`no scenario ${scenarioId}`);
  const stored = {
    id: `pl_${server.stored.length + 1}`,
    scenarioId,
    datasetId: scenario.datasetId,
    plan: planCosting(server.costOf(scenario.changes)),
  } as unknown as StoredPlan;
  server.stored.push(stored);
  return stored;
}

/** Saves a scenario and its plan straight into the fake server, as a colleague would. */
export function savedByColleague(server: FakeServer, name: string, changes: Change[]): string {
  const id = `sc_${server.scenarios.length + 1}`;
  server.scenarios.push({ id, datasetId: "ds_1", name, changes } as unknown as Scenario);
  return addPlan(server, id).id;
}

/** An address bar: its fragment, and every replacement written to it. */
export function fakeAddress(hash = ""): Address & { written: string[] } {
  const address = {
    current: hash,
    written: [] as string[],
    hash: () => address.current,
    replace(fragment: string) {
      address.current = fragment;
      address.written.push(fragment);
    },
  };
  return address;
}
