// Wiring of the sweep route.
import { createRouter } from "../shared/context.ts";
import * as handlers from "./sweeps.handlers.ts";
import * as routes from "./sweeps.routes.ts";

export const sweepsRouter = () =>
  createRouter().openapi(
    { ...routes.sweep, middleware: [...routes.sweep.middleware, handlers.refuseLargeSweepBody] },
    handlers.sweep,
  );
