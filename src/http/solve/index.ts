// Wiring of the solve route.
import { createRouter } from "../shared/context.ts";
import * as handlers from "./solve.handlers.ts";
import * as routes from "./solve.routes.ts";

export const solveRouter = () =>
  createRouter()
    // Large bodies leave the event loop before the route's own validator would parse them.
    .openapi(
      { ...routes.solve, middleware: [...routes.solve.middleware, handlers.offloadLargeSolve] },
      handlers.solve,
    );
