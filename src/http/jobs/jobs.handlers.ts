// Handlers of the job routes.
import { jobBody } from "../shared/jobs.ts";
import { ApiError } from "../shared/problems.ts";
import type { AppRouteHandler } from "../shared/types.ts";
import type * as routes from "./jobs.routes.ts";

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { id } = c.req.valid("param");
  const { services, organisationId } = c.var;
  const job = await services.repositories.jobs.get(organisationId, id);
  if (job === undefined) throw new ApiError("not_found", `No job ${id}`);
  return c.json(jobBody(job, services.runningJobs), 200);
};

export const cancel: AppRouteHandler<typeof routes.cancel> = async (c) => {
  const { id } = c.req.valid("param");
  const { services, organisationId } = c.var;
  const job = await services.repositories.jobs.get(organisationId, id);
  if (job === undefined) throw new ApiError("not_found", `No job ${id}`);
  services.runningJobs?.get(job.id)?.controller.abort();
  return c.json(jobBody(job, services.runningJobs), 202);
};
