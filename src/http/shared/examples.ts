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
  newWebhook: {
    url: "https://erp.example.com/anodeflow/events",
    events: ["job.succeeded", "job.failed", "plan.created"],
    description: "procurement ERP",
  },
};
