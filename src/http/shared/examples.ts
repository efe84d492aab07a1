// Request body examples for the document, each accepted as it is (a test sends every one).
import type { NetworkInput } from "../../../models/allocation/network.ts";

/** The ids the examples name, as the document's path parameters name them too. */
export const exampleIds = {
  dataset: "ds_0f3k8x2m9q7r4t6v",
  scenario: "sc_4m9q7r0f3k8x2t6v",
  plan: "pl_7h2k9x4m3q8rv0tz",
  otherPlan: "pl_2c8m4q9x7k3rv0tz",
} as const;

/** Two plants, one smelter, one port, by rail: small enough to read, complete enough to solve. */
export const exampleNetwork: NetworkInput = {
  name: "Shandong to Inner Mongolia",
  modes: [{ id: "rail", fixedCostPerT: 20, costPerTKm: 0.12, co2KgPerTKm: 0.01 }],
  plants: [
    {
      id: "shandong",
      name: "Shandong plant",
      province: "Shandong",
      lat: 36.7,
      lon: 117.0,
      capacityT: 800_000,
      productionCostPerT: 3_300,
    },
    {
      id: "gansu",
      name: "Gansu plant",
      province: "Gansu",
      lat: 36.1,
      lon: 103.8,
      capacityT: 400_000,
      productionCostPerT: 3_450,
    },
  ],
  smelters: [
    {
      id: "baotou",
      name: "Baotou smelters",
      province: "Inner Mongolia",
      lat: 40.7,
      lon: 109.8,
      aluminiumT: 1_500_000,
    },
  ],
  ports: [
    {
      id: "qingdao",
      name: "Qingdao",
      province: "Shandong",
      lat: 36.1,
      lon: 120.4,
      minExportT: 50_000,
      maxExportT: 300_000,
      fobPricePerT: 4_000,
    },
  ],
};

const railUp = { kind: "scaleModeCost", mode: "rail", factor: 1.15 };

export const requestExamples = {
  solve: { network: exampleNetwork, changes: [railUp] },
  sweep: {
    network: exampleNetwork,
    changes: [{ ...railUp, factor: 1 }],
    parameter: { change: 0, field: "factor", from: 0.5, to: 2 },
  },
  newDataset: { name: "Shandong to Inner Mongolia", network: exampleNetwork },
  newScenario: { datasetId: exampleIds.dataset, name: "rail +15 %", changes: [railUp] },
  scenarioPatch: { name: "rail +15 %, from the 2024 tender" },
  newPlan: { options: { solver: "auto", sensitivity: "auto" } },
  newBatch: { scenarioIds: [exampleIds.scenario] },
  compare: { planIds: [exampleIds.plan, exampleIds.otherPlan] },
  newApiKey: { role: "viewer", name: "procurement ERP" },
  /** A bundle as GET /v1/export answers it, with true hashes (test/http/examples.test.ts sends it). */
  importBundle: {
    format: "anodeflow-export",
    version: 1,
    exportedAt: "2025-01-01T00:00:10.000Z",
    datasets: [
      {
        id: exampleIds.dataset,
        contentHash: "sha256:288ef51c492e07c51a42431fb1ec418afe600f9ce3f254f64933e57c6d32a6a5",
        name: "Shandong to Inner Mongolia",
        slug: "shandong-to-inner-mongolia",
        shared: false,
        createdAt: "2025-01-01T00:00:01.000Z",
        network: exampleNetwork,
      },
    ],
    scenarios: [
      {
        id: exampleIds.scenario,
        contentHash: "sha256:fe212b17dba6f19b1c31d9a58d7e4227b2ad3ab220a079e84b9cf22bc8e96696",
        dataset: "sha256:288ef51c492e07c51a42431fb1ec418afe600f9ce3f254f64933e57c6d32a6a5",
        name: "rail +15 %",
        description: null,
        changes: [railUp],
        createdAt: "2025-01-01T00:00:02.000Z",
      },
    ],
    plans: [],
  },
  newWebhook: {
    url: "https://erp.example.com/anodeflow/events",
    events: ["job.succeeded", "job.failed", "plan.created"],
    description: "procurement ERP",
  },
};
