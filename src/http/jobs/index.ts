// Wiring of the job routes.
import { createRouter } from "../shared/context.ts";
import * as handlers from "./jobs.handlers.ts";
import * as routes from "./jobs.routes.ts";

export const jobsRouter = () =>
  createRouter().openapi(routes.get, handlers.get).openapi(routes.cancel, handlers.cancel);
