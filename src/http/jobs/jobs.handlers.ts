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
  return c.json(jobBody(job, services.jobs), 200);
};

export const cancel: AppRouteHandler<typeof routes.cancel> = async (c) => {
  const { id } = c.req.valid("param");
  const { services, organisationId } = c.var;
  const job = await services.repositories.jobs.get(organisationId, id);
  if (job === undefined) throw new ApiError("not_found", `No job ${id}`);
  // A job the cancel ended in storage (Workers' queue) is read again to show its end.
  const ended = (await services.jobs?.cancel(services, organisationId, job)) ?? false;
  const now = ended ? ((await services.repositories.jobs.get(organisationId, id)) ?? job) : job;
  return c.json(jobBody(now, services.jobs), 202);
};
