// What each kind of job does, as one function of its task: the same code runs a job in the
// process that took the request (Node) and on a queue consumer (Workers).
import { batchJob } from "../batches/batches.handlers.ts";
import { datasetJob } from "../datasets/datasets.handlers.ts";
import { planJob } from "../plans/plans.handlers.ts";
import type { RunJobTask } from "../shared/types.ts";
import { sweepJob } from "../sweeps/sweeps.handlers.ts";

export const runJobTask: RunJobTask = async (services, organisationId, task, job) => {
  switch (task.kind) {
    case "plan":
      return planJob(services, organisationId, task);
    case "batch":
      return batchJob(services, organisationId, task, job);
    case "sweep":
      return sweepJob(services, organisationId, task, job.signal);
    case "dataset":
      return datasetJob(services, organisationId, task);
  }
};
